// Check my case: the code is checked for typos in the browser before any request is made, and
// only the lookup id derived from it is sent. The field groups the digits as typed and wraps onto a
// second line where one line cannot hold all 28 at a readable size (320 px phones).
import type { CaseStatus } from '../../../contract/domain.ts';
import { ApiError, isBusy } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { encryption, EncryptionUnavailable } from '../encryption.ts';
import { formatDay } from '../i18n/index.ts';
import type { Problem } from '../state.ts';
import { checkStatus } from '../submit.ts';
import { groupTyped } from '../code-grouping.ts';

const statusKeys = {
  new: 'status_new',
  acknowledged: 'status_acknowledged',
  in_review: 'status_in_review',
  inspection_planned: 'status_inspection_planned',
  referred: 'status_referred',
  closed: 'status_closed',
} as const satisfies Record<CaseStatus, string>;

function problemOf(error: unknown): Problem {
  if (error instanceof EncryptionUnavailable) return { key: error.reason === 'unsupported' ? 'errorNoCrypto' : 'errorLoad' };
  if (error instanceof ApiError) {
    if (error.kind === 'network') return { key: 'errorNetwork' };
    if (error.status === 404 && error.code === 'case.not_found') return { key: 'errorCodeUnknown' };
    if (isBusy(error)) return { key: 'errorBusy' };
    if (error.status >= 500) return { key: 'errorServer', values: { code: error.status } };
    return { key: 'errorRejected', values: { code: error.code || String(error.status) } };
  }
  return { key: 'errorUnexpected', values: { code: 'internal' } };
}

export function renderCheck(app: App): Child[] {
  const { t, state } = app;
  const { check } = state;

  function settle(problem: Problem | null, focusId: string): void {
    app.state.check.busy = false;
    app.state.check.error = problem;
    app.render();
    document.getElementById(focusId)?.focus();
    if (problem !== null) app.announce(app.text(problem), true);
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const current = app.state.check;
    if (current.busy) return;
    current.result = null;
    if (current.input.trim() === '') return settle({ key: 'errorRequired' }, 'case-code');
    current.busy = true;
    app.render();
    app.announce(app.t.checking);
    try {
      const crypto = await encryption();
      const normal = crypto.normalizeCaseCode(current.input);
      if (!normal.ok) {
        const digits = current.input.replace(/[^0-9]/g, '').length;
        const problem: Problem =
          normal.reason === 'characters'
            ? { key: 'errorCodeCharacters' }
            : normal.reason === 'length'
              ? { key: 'errorCodeLength', values: { count: digits } }
              : { key: 'errorCodeTypo' };
        return settle(problem, 'case-code');
      }
      current.result = await checkStatus(crypto, crypto.toBase64Url(crypto.deriveLookupId(normal.digits)));
      settle(null, 'check-result');
    } catch (error) {
      settle(problemOf(error), 'case-code');
    }
  }

  const problem = check.error;
  // No name attribute: even a native form submission could not put the code in a URL.
  const codeField = h('textarea', {
    id: 'case-code',
    rows: 2,
    class: 'code-input',
    inputmode: 'numeric',
    autocomplete: 'off',
    autocapitalize: 'off',
    autocorrect: 'off',
    spellcheck: 'false',
    translate: 'no',
    maxlength: 80,
    'aria-describedby': 'case-code-hint case-code-error',
    'aria-invalid': String(problem !== null && problem.key !== 'errorNetwork'),
    oninput: (event) => {
      const field = event.target as HTMLTextAreaElement;
      const grouped = groupTyped({ value: field.value, caret: field.selectionStart });
      if (grouped !== null && grouped.value !== field.value) {
        field.value = grouped.value;
        field.setSelectionRange(grouped.caret, grouped.caret);
      }
      app.state.check.input = field.value;
    },
    // One line of digits, however it wraps: Enter checks, as in a one-line field.
    onkeydown: (event) => {
      if ((event as KeyboardEvent).key !== 'Enter') return;
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    },
  });
  codeField.value = check.input;
  return [
    h('h1', { tabindex: -1 }, t.checkTitle),
    h(
      'form',
      { id: 'check-form', novalidate: true, autocomplete: 'off', onsubmit: (event) => void submit(event) },
      h('label', { for: 'case-code' }, t.code),
      h('p', { id: 'case-code-hint', class: 'hint' }, t.checkIntro),
      codeField,
      h('p', { id: 'case-code-error', class: 'error', hidden: problem === null }, problem && app.text(problem)),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', id: 'check-submit', class: 'primary', 'aria-disabled': check.busy ? 'true' : undefined }, t.check),
        h(
          'button',
          {
            type: 'button',
            id: 'check-back',
            class: 'secondary',
            onclick: () => {
              app.state.check = { input: '', busy: false, error: null, result: null };
              app.show('home');
            },
          },
          t.back,
        ),
      ),
      h('p', { class: 'status', hidden: !check.busy }, t.checking),
    ),
    check.result !== null &&
      h(
        'section',
        { id: 'check-result', class: 'result', tabindex: -1, 'aria-labelledby': 'check-result-title' },
        h('h2', { id: 'check-result-title' }, t.statusTitle),
        h('p', { class: 'status-text' }, t[statusKeys[check.result.status]]),
        h('p', {}, app.text({ key: 'receivedDay', values: { day: formatDay(check.result.receivedDay, state.language) } })),
      ),
  ];
}
