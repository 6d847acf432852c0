// The case code field groups the digits as they are typed, four by four as the code screen shows
// them (crypto's formatCaseCode), keeping the caret after the same digit. No DOM here.

export type Typed = { value: string; caret: number };

/**
 * Digits with the separators the check accepts (spaces, dashes, dots) or line breaks between them → digits in groups of four, and where the
 * caret goes. Anything else typed is left as it is, for the check to name (null).
 */
export function groupTyped({ value, caret }: Typed): Typed | null {
  if (!/^[0-9\s.\-\u2010-\u2015\u2212]*$/.test(value)) return null;
  const digits = value.replace(/[^0-9]/g, '');
  const digitsBefore = value.slice(0, caret).replace(/[^0-9]/g, '').length;
  const grouped = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  // After the n-th digit: n digits plus one space for each full group before it.
  const position = digitsBefore === 0 ? 0 : digitsBefore + Math.floor((digitsBefore - 1) / 4);
  return { value: grouped, caret: position };
}
