// Labels of clear case metadata from the same data the reporter page shows (virtual:catalog), and
// dates formatted by our own code (browsers often lack Kazakh locale data), in the organisation's
// time zone (time-zone.ts).
import { categories, groupAccident, industries, regions, severities } from 'virtual:catalog';
import type { Language } from '../shared/language.ts';
import { messages } from './i18n/index.ts';
import { inTimeZone } from './time-zone.ts';

export { categories, groupAccident, industries, regions, severities };

type Labelled = { readonly id: string; readonly kk: string; readonly ru: string; readonly en: string };

function labelOf(list: readonly Labelled[], id: string | null | undefined, language: Language): string {
  if (id === null || id === undefined || id === '') return '—';
  return list.find((entry) => entry.id === id)?.[language] ?? id;
}

export const regionLabel = (id: string | null | undefined, language: Language) => labelOf(regions, id, language);
export const industryLabel = (id: string | null | undefined, language: Language) => labelOf(industries, id, language);
export const categoryLabel = (id: string | null | undefined, language: Language) => labelOf(categories, id, language);
export const severityLabel = (id: string | null | undefined, language: Language) => labelOf(severities, id, language);

/** 'YYYY-MM-DD' → '25 November 2026' / '25 ноября 2026 г.' / '2026 ж. 25 қараша'. */
export function formatDay(day: string | null | undefined, language: Language): string {
  if (day === null || day === undefined) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  const t = messages[language];
  const month = match === null ? undefined : t.monthsInDate[Number(match[2]) - 1];
  if (match === null || month === undefined) return day;
  return t.date.replace('{d}', String(Number(match[3]))).replace('{month}', month).replace('{y}', match[1] ?? '');
}

/** A staff timestamp (ISO) → the day as above and the time in the organisation's time zone, e.g. '25 November 2026, 14:05'. */
export function formatTime(iso: string | null | undefined, language: Language): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { day, time } = inTimeZone(date);
  return `${formatDay(day, language)}, ${time}`;
}

/** Today in the organisation's time zone, 'YYYY-MM-DD' (the server's day: deadlines and received days). */
export function today(): string {
  return inTimeZone(new Date()).day;
}
