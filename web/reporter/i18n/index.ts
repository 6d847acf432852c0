import { en, type Messages } from './en.ts';
import { kk } from './kk.ts';
import { ru } from './ru.ts';
import { format, groupDigits, languages, pickLanguage, plural, type Language, type PluralForms } from '../../shared/language.ts';

export type { Language, PluralForms };
export { format, groupDigits, languages, pickLanguage, plural };
export type { Messages };

export const messages: Readonly<Record<Language, Messages>> = { kk, ru, en };

/** A message with its {placeholders} filled; one with plural forms takes the form for `values.count`. */
export function say(message: string | PluralForms, values: Record<string, string | number>, language: Language): string {
  const count = values.count;
  const template = typeof message === 'string' ? message : plural(language, typeof count === 'number' ? count : 0, message);
  return format(template, values, language);
}

/** 'YYYY-MM-DD' → '25 November 2025' / '25 ноября 2025 года' / '2025 жылғы 25 қараша'. */
export function formatDay(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = messages[language];
  const month = match === null ? undefined : t.monthsInDate[Number(match[2]) - 1];
  if (match === null || month === undefined) return day;
  return t.date.replace('{d}', String(Number(match[3]))).replace('{month}', month).replace('{y}', match[1] ?? '');
}
