// The fields of the report form, by what they ask: region and category first (who will read it is
// known from them, receivers.ts), the rest after. Typing never redraws the form (that would move the
// caret): counters and messages are updated in place, and every edit is kept for the tab (app.formEdited).
import { categories } from 'virtual:catalog';
import type { App } from '../../app.ts';
import { h } from '../../../shared/dom.ts';
import { say } from '../../i18n/index.ts';
import type { FormField, Problem } from '../../state.ts';
import { categoryOptions, industryOptions, option, regionOptions } from './options.ts';
import { receiversPanel, showReceivers } from './receivers.ts';
import { fieldError, limits, type TextField } from './validation.ts';

/** Labels, message slots and live revalidation, shared by every field of one drawing of the form. */
type FieldKit = ReturnType<typeof fieldKit>;

function fieldKit(app: App) {
  const { t, state } = app;
  const describedBy = (field: string, parts: ('hint' | 'count' | 'note')[]) => [...parts.map((part) => `${field}-${part}`), `${field}-error`].join(' ');
  const errorSlot = (field: FormField) => {
    const problem = state.formErrors[field];
    return h('p', { id: `${field}-error`, class: 'error', hidden: problem === undefined }, problem && app.text(problem));
  };
  const label = (field: string, text: string, required = false) =>
    h('label', { for: field }, text, required && h('span', { class: 'required' }, ` (${t.required})`));

  /** Shows or clears a field's message without redrawing. */
  function setError(field: FormField, problem: Problem | undefined): void {
    if (problem === undefined) delete state.formErrors[field];
    else state.formErrors[field] = problem;
    const slot = document.getElementById(`${field}-error`);
    if (slot !== null) {
      slot.textContent = problem === undefined ? '' : app.text(problem);
      slot.hidden = problem === undefined;
    }
    document.getElementById(field)?.setAttribute('aria-invalid', String(problem !== undefined));
  }

  /** After an edit: clear a message that no longer applies; flag over-long text at once. */
  function revalidate(field: FormField): void {
    const before = state.formErrors[field];
    const problem = fieldError(state.form, field, new Date());
    if (before !== undefined || problem?.key === 'errorTooLong') {
      setError(field, problem);
      if (problem?.key === 'errorTooLong' && before?.key !== 'errorTooLong') app.announce(app.text(problem));
    }
  }

  return { app, describedBy, errorSlot, label, setError, revalidate };
}

/** A required choice from one of the catalog's lists. */
function choiceField(kit: FieldKit, field: 'region' | 'industry' | 'category', text: string, options: Node[], hint?: string): HTMLElement {
  const { state } = kit.app;
  const problem = state.formErrors[field];
  const note = field === 'category' ? outOfScopeNote(kit) : null;
  return h(
    'div',
    { class: 'field' },
    kit.label(field, text, true),
    hint !== undefined && h('p', { id: `${field}-hint`, class: 'hint' }, hint),
    h(
      'select',
      {
        id: field,
        'aria-required': 'true',
        'aria-invalid': String(problem !== undefined),
        'aria-describedby': kit.describedBy(field, [...(hint !== undefined ? ['hint' as const] : []), ...(note ? ['note' as const] : [])]),
        onchange: (event) => {
          state.form[field] = (event.target as HTMLSelectElement).value;
          kit.revalidate(field);
          if (field === 'category') {
            const shown = categories.some((c) => c.id === state.form.category && !c.inScope);
            document.getElementById('category-note')?.toggleAttribute('hidden', !shown);
          }
          if (field !== 'industry') showReceivers(kit.app);
          kit.app.formEdited();
        },
      },
      options,
    ),
    note,
    kit.errorSlot(field),
  );
}

/** Said under the category list when the chosen category is not the inspectorate's to handle. */
function outOfScopeNote({ app }: FieldKit): HTMLElement {
  const shown = categories.some((c) => c.id === app.state.form.category && !c.inScope);
  return h('p', { id: 'category-note', class: 'note', hidden: !shown }, app.t.categoryOutOfScopeNote);
}

/** A text input or textarea with a counter of the characters left (or too many), in the language's plural forms. */
function textField(kit: FieldKit, field: TextField, labelText: string, options: { hint?: string; rows?: number; required?: boolean; autocomplete?: string } = {}): HTMLElement {
  const { t, state } = kit.app;
  const { form, language } = state;
  const problem = state.formErrors[field];
  const counter = () => {
    const left = limits[field] - state.form[field].length;
    return left >= 0 ? say(t.counter, { count: left }, language) : say(t.counterOver, { count: -left }, language);
  };
  const counterElement = h('p', { id: `${field}-count`, class: 'counter' }, counter());
  const attributes = {
    id: field,
    autocomplete: options.autocomplete ?? 'off',
    // Enhanced spell checking in Chrome and Edge sends the text to Google or Microsoft.
    spellcheck: 'false',
    'aria-required': options.required ? 'true' : undefined,
    'aria-invalid': String(problem !== undefined),
    'aria-describedby': kit.describedBy(field, options.hint !== undefined ? ['hint', 'count'] : ['count']),
    oninput: (event: Event) => {
      state.form[field] = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
      counterElement.textContent = counter();
      counterElement.classList.toggle('over', state.form[field].length > limits[field]);
      kit.revalidate(field);
      kit.app.formEdited();
    },
  };
  const control =
    options.rows === undefined
      ? h('input', { ...attributes, type: 'text', value: form[field] })
      : h('textarea', { ...attributes, rows: options.rows });
  if (control instanceof HTMLTextAreaElement) control.value = form[field];
  counterElement.classList.toggle('over', form[field].length > limits[field]);
  return h(
    'div',
    { class: 'field' },
    kit.label(field, labelText, options.required),
    options.hint !== undefined && h('p', { id: `${field}-hint`, class: 'hint' }, options.hint),
    control,
    counterElement,
    kit.errorSlot(field),
  );
}

/** The region and the kind of problem, both required, and who will read the report by them. */
function routingFields(kit: FieldKit): HTMLElement[] {
  const { t, state } = kit.app;
  const { form, language } = state;
  return [
    choiceField(kit, 'region', t.region, regionOptions(t, language, form.region)),
    choiceField(kit, 'category', t.category, categoryOptions(t, language, form.category)),
    receiversPanel(kit.app),
  ];
}

/** When it happened: year and month, the year alone, or neither (the report carries `YYYY-MM`, `YYYY` or nothing). */
function whenFieldset(kit: FieldKit, now: Date): HTMLElement {
  const { t, state } = kit.app;
  const { form } = state;
  const thisYear = now.getFullYear();
  const years = Array.from({ length: 10 }, (_, i) => String(thisYear - i));
  const dateSelect = (field: 'year' | 'month', labelText: string, options: Node[]) =>
    h(
      'div',
      { class: 'field' },
      kit.label(field, labelText),
      h(
        'select',
        {
          id: field,
          'aria-describedby': 'when-hint month-error',
          'aria-invalid': field === 'month' ? String(state.formErrors.month !== undefined) : undefined,
          onchange: (event) => {
            state.form[field] = (event.target as HTMLSelectElement).value;
            kit.revalidate('month');
            kit.app.formEdited();
          },
        },
        options,
      ),
    );
  return h(
    'fieldset',
    { class: 'when' },
    h('legend', {}, t.when),
    h('p', { id: 'when-hint', class: 'hint' }, t.whenHint),
    h(
      'div',
      { class: 'pair' },
      dateSelect('year', t.year, [option('', t.dontRemember, form.year), ...years.map((y) => option(y, y, form.year))]),
      dateSelect('month', t.month, [option('', t.dontRemember, form.month), ...t.months.map((name, i) => option(String(i + 1).padStart(2, '0'), name, form.month))]),
    ),
    kit.errorSlot('month'),
  );
}

/** The reporter's own words: the employer, where, what happened (required), who else knows. */
function narrativeFields(kit: FieldKit): HTMLElement[] {
  const { t } = kit.app;
  return [
    textField(kit, 'employer', t.employer, { hint: t.employerHint }),
    textField(kit, 'where', t.where, { hint: t.whereHint, rows: 2 }),
    textField(kit, 'what', t.what, { hint: t.whatHint, rows: 8, required: true }),
    textField(kit, 'who', t.who, { hint: t.whoHint, rows: 3 }),
  ];
}

/** Optional: whether and how the inspectorate may reach the reporter (name, a way to contact). */
function contactFieldset(kit: FieldKit): HTMLElement {
  const { t, state } = kit.app;
  const { form } = state;
  const contactFields = h(
    'div',
    { id: 'contact-fields', hidden: !form.wantsContact },
    textField(kit, 'name', t.contactName, { autocomplete: 'off' }),
    textField(kit, 'contact', t.contactWay, { autocomplete: 'off', required: true }),
  );
  return h(
    'fieldset',
    { class: 'contact' },
    h('legend', {}, t.contactTitle, h('span', { class: 'optional' }, ` (${t.optional})`)),
    h('p', { id: 'contact-explain' }, t.contactExplain),
    h(
      'div',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        id: 'wants-contact',
        checked: form.wantsContact,
        'aria-describedby': 'contact-explain',
        'aria-controls': 'contact-fields',
        onchange: (event) => {
          const checked = (event.target as HTMLInputElement).checked;
          state.form.wantsContact = checked;
          contactFields.hidden = !checked;
          if (!checked) {
            kit.setError('name', undefined);
            kit.setError('contact', undefined);
          }
          kit.app.formEdited();
        },
      }),
      h('label', { for: 'wants-contact' }, t.contactToggle),
    ),
    contactFields,
  );
}

/**
 * Every field of the form, in the order on screen (fieldOrder): `routing` (region, category, who
 * will read it) first; `rest` (the employer's industry, when, the worker's words, contact) is shown
 * only once someone can receive the report.
 */
export function reportFields(app: App, now: Date): { routing: HTMLElement[]; rest: HTMLElement[] } {
  const kit = fieldKit(app);
  const { t, state } = app;
  const industry = choiceField(kit, 'industry', t.industry, industryOptions(t, state.language, state.form.industry), t.industryHint);
  return { routing: routingFields(kit), rest: [industry, whenFieldset(kit, now), ...narrativeFields(kit), contactFieldset(kit)] };
}
