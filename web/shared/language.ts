// Language choice and number formatting shared by both web apps.

export type Language = 'kk' | 'ru' | 'en';
export const languages: readonly Language[] = ['kk', 'ru', 'en'];

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

/** The forms of a message with a count: `one` and `other` everywhere, also `few` and `many` in Russian. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Picks the form for `count` by Intl.PluralRules(language) and fills its {count} with the local number;
 * other placeholders are left for format(). kk and en need only one/other, ru also few/many.
 */
export function plural(language: Language, count: number, forms: PluralForms): string {
  const form = forms[new Intl.PluralRules(language).select(count)] ?? forms.other;
  return form.replaceAll('{count}', groupDigits(count, language));
}
