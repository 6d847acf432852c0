// The report form. Typing never redraws the form (that would move the caret); counters and
// messages are updated in place. Validation runs on submit, and live for over-long fields.
import { categories, industries, regions } from 'virtual:catalog';
import { ApiError } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { encryption, EncryptionUnavailable } from '../encryption.ts';
import { format, type Language, type Messages } from '../i18n/index.ts';
import { emptyForm, type FormField, type Problem, type ReportForm } from '../state.ts';
import { SubmitRefused, submitReport, type ReportInput } from '../submit.ts';
import { prepareWork } from '../work.ts';

const pinnedOrganisationKey = __QAUIPSIZ_ORG_KEY__;

const limits = { employer: 500, where: 500, what: 20_000, who: 2_000, name: 200, contact: 200 } as const;
type TextField = keyof typeof limits;

/** Where focus goes first when several fields are wrong: the order on screen. */
const fieldOrder: FormField[] = ['region', 'industry', 'category', 'year', 'month', 'employer', 'where', 'what', 'who', 'name', 'contact'];

function fieldError(form: ReportForm, field: FormField, now: Date): Problem | undefined {
  if (field === 'region' || field === 'industry' || field === 'category') return form[field] === '' ? { key: 'errorChoose' } : undefined;
  if (field === 'month') {
    if (form.year === '' && form.month !== '') return { key: 'errorMonthWithoutYear' };
    if (form.year !== '' && form.month === '') return { key: 'errorYearWithoutMonth' };
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    if (form.year !== '' && `${form.year}-${form.month}` > thisMonth) return { key: 'errorFuture' };
    return undefined;
  }
  if (field === 'year') return undefined;
  if ((field === 'name' || field === 'contact') && !form.wantsContact) return undefined;
  const value = form[field];
  if (value.length > limits[field]) return { key: 'errorTooLong', values: { count: value.length, max: limits[field] } };
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

function toInput(form: ReportForm, language: Language): ReportInput {
  return {
    region: form.region,
    industry: form.industry,
    category: form.category,
    content: {
      v: 1,
      language,
      happened: form.year !== '' && form.month !== '' ? `${form.year}-${form.month}` : '',
      employer: form.employer.trim(),
      where: form.where.trim(),
      what: form.what.trim(),
      who: form.who.trim(),
    },
    contact: form.wantsContact ? { name: form.name.trim(), contact: form.contact.trim() } : null,
  };
}

function problemOf(error: unknown): Problem {
  if (error instanceof EncryptionUnavailable) return { key: error.reason === 'unsupported' ? 'errorNoCrypto' : 'errorLoad' };
  if (error instanceof SubmitRefused) {
    return { key: error.reason === 'keys' ? 'errorKeys' : error.reason === 'org_key' ? 'errorOrgKey' : 'errorNoRecipients' };
  }
  if (error instanceof ApiError) {
    if (error.kind === 'network') return { key: 'errorNetwork' };
    if (error.code === 'routing.no_recipients') return { key: 'errorNoRecipients' };
    if (error.status === 429 || error.code === 'intake.busy') return { key: 'errorBusy' };
    if (error.status === 413) return { key: 'errorTooLarge' };
    if (error.status >= 500) return { key: 'errorServer', values: { code: error.status } };
    return { key: 'errorRejected', values: { code: error.code || String(error.status) } };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'envelope.too_large') return { key: 'errorTooLarge' };
  return { key: 'errorUnexpected', values: { code: typeof code === 'string' ? code : 'internal' } };
}

/** Sorting key: region names without the word for "region"/"city" in front (ru: "область Абай"). */
const sortName = (name: string) => name.replace(/^(?:область|город)\s+/i, '');

function option(value: string, text: string, selected: string): HTMLOptionElement {
  return h('option', { value, selected: value === selected }, text);
}

function regionOptions(t: Messages, language: Language, selected: string): Node[] {
  const collator = new Intl.Collator(language);
  const sorted = [...regions].sort((a, b) => collator.compare(sortName(a[language]), sortName(b[language])));
  const group = (label: string, city: boolean) =>
    h('optgroup', { label }, sorted.filter((r) => r.city === city).map((r) => option(r.id, r[language], selected)));
  return [option('', t.choose, selected), group(t.regionCities, true), group(t.regionRegions, false)];
}

function industryOptions(t: Messages, language: Language, selected: string): Node[] {
  const group = (label: string, highRisk: boolean) =>
    h('optgroup', { label }, industries.filter((i) => i.highRisk === highRisk).map((i) => option(i.id, i[language], selected)));
  return [option('', t.choose, selected), group(t.industryHighRisk, true), group(t.industryOther, false)];
}

function categoryOptions(t: Messages, language: Language, selected: string): Node[] {
  const parents: Node[] = [];
  const single: Node[] = [];
  const outOfScope: Node[] = [];
  for (const category of categories) {
    if (category.parent !== null) continue;
    const children = categories.filter((c) => c.parent === category.id);
    const name = category[language];
    if (!category.inScope) outOfScope.push(option(category.id, name, selected));
    else if (children.length === 0) single.push(option(category.id, name, selected));
    else {
      const unsure = option(category.id, format(t.categoryUnsure, { name }, language), selected);
      parents.push(h('optgroup', { label: name }, children.map((c) => option(c.id, c[language], selected)), unsure));
    }
  }
  return [
    option('', t.choose, selected),
    ...parents,
    h('optgroup', { label: t.categoryOther }, single),
    outOfScope.length > 0 && h('optgroup', { label: t.categoryOutOfScope }, outOfScope),
  ].filter((node): node is Node => node !== false);
}

export function renderReport(app: App): Child[] {
  const { t, state } = app;
  const { form, language } = state;
  const now = new Date();
  // Solve the submission's proof of work while the reporter writes, so sending does not wait for it.
  void encryption().then((crypto) => prepareWork(crypto, 'submit'), () => undefined);

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

  function select(field: 'region' | 'industry' | 'category', text: string, options: Node[], hint?: string): HTMLElement {
    const problem = state.formErrors[field];
    const note = field === 'category' ? outOfScopeNote() : null;
    return h(
      'div',
      { class: 'field' },
      label(field, text, true),
      hint !== undefined && h('p', { id: `${field}-hint`, class: 'hint' }, hint),
      h(
        'select',
        {
          id: field,
          'aria-required': 'true',
          'aria-invalid': String(problem !== undefined),
          'aria-describedby': describedBy(field, [...(hint !== undefined ? ['hint' as const] : []), ...(note ? ['note' as const] : [])]),
          onchange: (event) => {
            state.form[field] = (event.target as HTMLSelectElement).value;
            revalidate(field);
            if (field === 'category') {
              const shown = categories.some((c) => c.id === state.form.category && !c.inScope);
              document.getElementById('category-note')?.toggleAttribute('hidden', !shown);
            }
          },
        },
        options,
      ),
      note,
      errorSlot(field),
    );
  }

  function outOfScopeNote(): HTMLElement {
    const shown = categories.some((c) => c.id === form.category && !c.inScope);
    return h('p', { id: 'category-note', class: 'note', hidden: !shown }, t.categoryOutOfScopeNote);
  }

  function text(field: TextField, labelText: string, options: { hint?: string; rows?: number; required?: boolean; autocomplete?: string } = {}): HTMLElement {
    const problem = state.formErrors[field];
    const counter = () => format(t.counter, { count: state.form[field].length, max: limits[field] }, language);
    const counterElement = h('p', { id: `${field}-count`, class: 'counter' }, counter());
    const attributes = {
      id: field,
      autocomplete: options.autocomplete ?? 'off',
      // Enhanced spell checking in Chrome and Edge sends the text to Google or Microsoft.
      spellcheck: 'false',
      'aria-required': options.required ? 'true' : undefined,
      'aria-invalid': String(problem !== undefined),
      'aria-describedby': describedBy(field, options.hint !== undefined ? ['hint', 'count'] : ['count']),
      oninput: (event: Event) => {
        state.form[field] = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
        counterElement.textContent = counter();
        counterElement.classList.toggle('over', state.form[field].length > limits[field]);
        revalidate(field);
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
      label(field, labelText, options.required),
      options.hint !== undefined && h('p', { id: `${field}-hint`, class: 'hint' }, options.hint),
      control,
      counterElement,
      errorSlot(field),
    );
  }

  const thisYear = now.getFullYear();
  const years = Array.from({ length: 10 }, (_, i) => String(thisYear - i));
  const dateSelect = (field: 'year' | 'month', labelText: string, options: Node[]) =>
    h(
      'div',
      { class: 'field' },
      label(field, labelText),
      h(
        'select',
        {
          id: field,
          'aria-describedby': 'when-hint month-error',
          'aria-invalid': field === 'month' ? String(state.formErrors.month !== undefined) : undefined,
          onchange: (event) => {
            state.form[field] = (event.target as HTMLSelectElement).value;
            revalidate('month');
          },
        },
        options,
      ),
    );

  const contactFields = h(
    'div',
    { id: 'contact-fields', hidden: !form.wantsContact },
    text('name', t.contactName, { autocomplete: 'off' }),
    text('contact', t.contactWay, { autocomplete: 'off', required: true }),
  );

  const sending = state.stage !== null;
  const stageText = state.stage === null ? '' : t[state.stage];

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    if (state.stage !== null) return;
    state.formErrors = validate(state.form, new Date());
    state.submitError = null;
    const invalid = fieldOrder.filter((field) => state.formErrors[field] !== undefined);
    if (invalid.length > 0) {
      app.render();
      document.getElementById(invalid[0] ?? '')?.focus();
      app.announce(format(t.errorSummary, { count: invalid.length }, language), true);
      return;
    }
    if (state.encryptionBroken !== null) return fail(state.encryptionBroken);

    const setStage = (stage: 'preparing' | 'encrypting' | 'sending') => {
      app.state.stage = stage;
      const status = document.getElementById('send-status');
      if (status !== null) status.textContent = app.t[stage];
      app.announce(app.t[stage]);
    };
    setStage('preparing');
    app.render();
    try {
      const crypto = await encryption();
      const receipt = await submitReport({
        crypto,
        input: toInput(state.form, state.language),
        pinnedOrganisationKey,
        onStage: setStage,
        onOrganisationKey: (key) => {
          if (pinnedOrganisationKey === '') app.setFingerprint(crypto.keyFingerprint(key));
        },
      });
      // The report is in: from here on only the code matters; the text leaves memory.
      const after = app.state;
      after.stage = null;
      after.form = emptyForm();
      after.formErrors = {};
      after.submitError = null;
      after.receipt = receipt;
      after.codeConfirmed = false;
      after.codeConfirmMissing = false;
      app.show('code');
    } catch (error) {
      if (error instanceof EncryptionUnavailable && error.reason === 'unsupported') app.state.encryptionBroken = { key: 'errorNoCrypto' };
      fail(problemOf(error));
    }
  }

  function fail(problem: Problem): void {
    app.state.stage = null;
    app.state.submitError = problem;
    app.render();
    document.getElementById('send-error')?.focus();
    app.announce(app.text(problem), true);
  }

  return [
    h('h1', { tabindex: -1 }, t.reportTitle),
    h('p', {}, t.reportIntro),
    h(
      'form',
      { id: 'report-form', novalidate: true, autocomplete: 'off', onsubmit: (event) => void send(event) },
      select('region', t.region, regionOptions(t, language, form.region)),
      select('industry', t.industry, industryOptions(t, language, form.industry), t.industryHint),
      select('category', t.category, categoryOptions(t, language, form.category)),
      h(
        'fieldset',
        { class: 'when' },
        h('legend', {}, t.when),
        h('p', { id: 'when-hint', class: 'hint' }, t.whenHint),
        h(
          'div',
          { class: 'pair' },
          dateSelect('year', t.year, [option('', t.dontRemember, form.year), ...years.map((y) => option(y, y, form.year))]),
          dateSelect('month', t.month, [
            option('', t.dontRemember, form.month),
            ...t.months.map((name, i) => option(String(i + 1).padStart(2, '0'), name, form.month)),
          ]),
        ),
        errorSlot('month'),
      ),
      text('employer', t.employer, { hint: t.employerHint }),
      text('where', t.where, { hint: t.whereHint, rows: 2 }),
      text('what', t.what, { hint: t.whatHint, rows: 8, required: true }),
      text('who', t.who, { hint: t.whoHint, rows: 3 }),
      h(
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
                setError('name', undefined);
                setError('contact', undefined);
              }
            },
          }),
          h('label', { for: 'wants-contact' }, t.contactToggle),
        ),
        contactFields,
      ),
      state.submitError !== null && h('div', { id: 'send-error', class: 'alert', tabindex: -1 }, app.text(state.submitError)),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', id: 'send', class: 'primary', 'aria-disabled': sending ? 'true' : undefined, 'aria-describedby': 'send-status' }, t.send),
        h('button', { type: 'button', id: 'report-back', class: 'secondary', onclick: () => app.show('home') }, t.back),
      ),
      h('p', { id: 'send-status', class: 'status', hidden: !sending }, stageText),
    ),
  ];
}
