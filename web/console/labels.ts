// Labels of clear case metadata from the same data the reporter page shows (virtual:catalog), and
// dates formatted by our own code (browsers often lack Kazakh locale data).
import { categories, groupAccident, industries, regions, severities } from 'virtual:catalog';
import type { Language } from '../shared/language.ts';
import { messages } from './i18n/index.ts';

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

/** A staff timestamp (ISO) → the day as above and the local time, e.g. '25 November 2026, 14:05'. */
export function formatTime(iso: string | null | undefined, language: Language): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${formatDay(day, language)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Today in the browser's time zone, 'YYYY-MM-DD' (for overdue flags next to deadline days). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
