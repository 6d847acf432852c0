import { en, type Messages } from './en.ts';
import { kk } from './kk.ts';
import { ru } from './ru.ts';

export type Language = 'kk' | 'ru' | 'en';
export type { Messages };

export const languages: readonly Language[] = ['kk', 'ru', 'en'];
export const messages: Readonly<Record<Language, Messages>> = { kk, ru, en };

/** The first of the browser's languages we have, else Russian (Kazakh-locale browsers often say ru). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'kk' || primary === 'ru' || primary === 'en') return primary;
  }
  return 'ru';
}

/** 20000 → "20,000" (en) or "20 000" (kk, ru); not left to Intl, whose Kazakh data browsers often lack. */
export function groupDigits(value: number, language: Language): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, language === 'en' ? ',' : '\u00a0');
}

/** Fills {name} placeholders; numbers are grouped the local way. */
export function format(template: string, values: Record<string, string | number>, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? groupDigits(value, language) : value;
  });
}

/** 'YYYY-MM-DD' → '25 November 2025' / '25 ноября 2025 года' / '2025 жылғы 25 қараша'. */
export function formatDay(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = messages[language];
  const month = match === null ? undefined : t.monthsInDate[Number(match[2]) - 1];
  if (match === null || month === undefined) return day;
  return t.date.replace('{d}', String(Number(match[3]))).replace('{month}', month).replace('{y}', match[1] ?? '');
}
