// The report form: its fields (report/fields.ts, validated by report/validation.ts), of which only
// region and category are open until someone can receive the report (report/receivers.ts), and
// sending: validation on submit, then encryption and the POST (submit.ts) with each stage announced.
import { ApiError, isBusy } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { encryption, EncryptionUnavailable } from '../encryption.ts';
import { forgetDraft } from '../draft.ts';
import { say, type Language } from '../i18n/index.ts';
import { emptyForm, type Problem, type ReportForm } from '../state.ts';
import { SubmitRefused, submitReport, type ReportInput } from '../submit.ts';
import { Untrusted } from '../trust.ts';
import { prepareWork } from '../work.ts';
import { reportFields } from './report/fields.ts';
import { formIsOpen, restId } from './report/receivers.ts';
import { fieldOrder, validate } from './report/validation.ts';
import { formMustWait, keyBox } from './trust.ts';

export function renderReport(app: App): Child[] {
  const { t } = app;
  const title = h('h1', { id: 'report-title', tabindex: -1 }, t.reportTitle);
  // A page opened through a poster link (or built with the key) offers the form only once the
  // server's key is known to be that organisation's.
  if (formMustWait(app)) return [title, keyBox(app), h('div', { class: 'actions' }, backButton(app, 'report-back'))];
  // Solve the submission's proof of work while the reporter writes, so sending does not wait for it.
  void encryption().then((crypto) => prepareWork(crypto, 'submit'), () => undefined);
  const { routing, rest } = reportFields(app, new Date());
  return [
    title,
    keyBox(app),
    h('p', {}, t.reportIntro),
    h(
      'form',
      { id: 'report-form', novalidate: true, autocomplete: 'off', onsubmit: (event) => void send(app, event) },
      routing,
      h('div', { id: restId, hidden: !formIsOpen(app) }, rest, submitSection(app)),
      // While the rest is closed, Back is the way out (hidden by the stylesheet once the rest opens with its own).
      h('div', { class: 'actions closed-actions' }, backButton(app, 'report-back-closed')),
    ),
  ];
}

/** Why sending failed (if it did), Send and Back, and the stage of a report on its way. */
function submitSection(app: App): Child[] {
  const { t, state } = app;
  const sending = state.stage !== null;
  const stageText = state.stage === null ? '' : t[state.stage];
  return [
    state.submitError !== null && h('div', { id: 'send-error', class: 'alert', tabindex: -1 }, app.text(state.submitError)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', id: 'send', class: 'primary', 'aria-disabled': sending ? 'true' : undefined, 'aria-describedby': 'send-status' }, t.send),
      backButton(app, 'report-back'),
    ),
    h('p', { id: 'send-status', class: 'status', hidden: !sending }, stageText),
  ];
}

function backButton(app: App, id: string): HTMLElement {
  return h('button', { type: 'button', id, class: 'secondary', onclick: () => app.show('home') }, app.t.back);
}

async function send(app: App, event: Event): Promise<void> {
  const { t, state } = app;
  const { language } = state;
  event.preventDefault();
  if (state.stage !== null) return;
  state.formErrors = validate(state.form, new Date());
  state.submitError = null;
  const invalid = fieldOrder.filter((field) => state.formErrors[field] !== undefined);
  if (invalid.length > 0) {
    app.render();
    document.getElementById(invalid[0] ?? '')?.focus();
    app.announce(say(t.errorSummary, { count: invalid.length }, language), true);
    return;
  }
  if (state.encryptionBroken !== null) return fail(app, state.encryptionBroken);

  const setStage = (stage: 'preparing' | 'encrypting' | 'sending') => {
    app.state.stage = stage;
    const status = document.getElementById('send-status');
    if (status !== null) status.textContent = app.t[stage];
    app.announce(app.t[stage]);
  };
  setStage('preparing');
  app.render();
  // Unanchored, the reporter must have seen the organisation key's fingerprint before anything is
  // encrypted to it: if the check had not ended (or failed), it runs now and Send waits for a second press.
  if (state.trust.status !== 'checked') {
    await app.checkTrust();
    if (app.state.trust.status === 'refused') return;
    return fail(app, { key: app.state.trust.status === 'checked' ? 'errorCompareKey' : 'keyUnavailable' });
  }
  try {
    const crypto = await encryption();
    const receipt = await submitReport({ crypto, input: toInput(state.form, state.language), trust: app.trust, onStage: setStage });
    // The report is in: from here on only the code matters; the text leaves memory and the tab.
    forgetDraft();
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
    if (error instanceof Untrusted && error.reason !== 'bad_directory') {
      app.state.stage = null;
      return app.setTrust({ status: 'refused', source: app.trust.anchor.source, reason: error.reason });
    }
    if (error instanceof EncryptionUnavailable && error.reason === 'unsupported') app.state.encryptionBroken = { key: 'errorNoCrypto' };
    fail(app, problemOf(error));
  }
}

function fail(app: App, problem: Problem): void {
  app.state.stage = null;
  app.state.submitError = problem;
  app.render();
  document.getElementById('send-error')?.focus();
  app.announce(app.text(problem), true);
}

function toInput(form: ReportForm, language: Language): ReportInput {
  return {
    region: form.region,
    industry: form.industry,
    category: form.category,
    content: {
      v: 1,
      language,
      happened: form.month !== '' ? `${form.year}-${form.month}` : form.year,
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
  if (error instanceof SubmitRefused) return { key: ({ keys: 'errorKeys', no_recipients: 'errorNoRecipients', route_changed: 'errorRouteChanged' } as const)[error.reason] };
  // A directory that does not verify with the organisation key.
  if (error instanceof Untrusted) return { key: 'errorKeys' };
  if (error instanceof ApiError) {
    if (error.kind === 'network') return { key: 'errorNetwork' };
    if (error.code === 'routing.no_recipients') return { key: 'errorNoRecipients' };
    if (isBusy(error)) return { key: 'errorBusy' };
    // The form stays filled (only a receipt clears it): the reporter sends it again later.
    if (error.code === 'storage.full') return { key: 'errorStorage' };
    if (error.status === 413) return { key: 'errorTooLarge' };
    if (error.status >= 500) return { key: 'errorServer', values: { code: error.status } };
    return { key: 'errorRejected', values: { code: error.code || String(error.status) } };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'envelope.too_large') return { key: 'errorTooLarge' };
  return { key: 'errorUnexpected', values: { code: typeof code === 'string' ? code : 'internal' } };
}
