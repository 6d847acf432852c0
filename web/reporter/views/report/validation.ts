// What the report form accepts: length limits, "year and month, the year alone, or neither", a category chosen,
// something in "What happened", a way to reach the reporter if they want to be reached.
import type { FormField, Problem, ReportForm } from '../../state.ts';

export const limits = { employer: 500, where: 500, what: 20_000, who: 2_000, name: 200, contact: 200 } as const;
export type TextField = keyof typeof limits;

/** Where focus goes first when several fields are wrong: the order on screen. */
export const fieldOrder: FormField[] = ['region', 'category', 'industry', 'year', 'month', 'employer', 'where', 'what', 'who', 'name', 'contact'];

export function fieldError(form: ReportForm, field: FormField, now: Date): Problem | undefined {
  if (field === 'region' || field === 'industry' || field === 'category') return form[field] === '' ? { key: 'errorChoose' } : undefined;
  if (field === 'month') {
    if (form.year === '' && form.month !== '') return { key: 'errorMonthWithoutYear' };
    // A worker who remembers only the year gives the year.
    if (form.month === '') return undefined;
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    if (`${form.year}-${form.month}` > thisMonth) return { key: 'errorFuture' };
    return undefined;
  }
  if (field === 'year') return undefined;
  if ((field === 'name' || field === 'contact') && !form.wantsContact) return undefined;
  const value = form[field];
  // How far over is said by the field's counter, in the language's plural forms.
  if (value.length > limits[field]) return { key: 'errorTooLong' };
  if (field === 'what' && value.trim() === '') return { key: 'errorRequired' };
  if (field === 'contact' && value.trim() === '') return { key: 'errorContactMissing' };
  return undefined;
}

export function validate(form: ReportForm, now: Date): Partial<Record<FormField, Problem>> {
  const errors: Partial<Record<FormField, Problem>> = {};
  for (const field of fieldOrder) {
    const problem = fieldError(form, field, now);
    if (problem !== undefined) errors[field] = problem;
  }
  return errors;
}
