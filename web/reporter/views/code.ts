// The case code, shown once, with when to come back and why not to take a screenshot. Done works
// only after the reporter confirms writing it down.
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { formatDay } from '../i18n/index.ts';

export function renderCode(app: App): Child[] {
  const { t, state } = app;
  const receipt = state.receipt;
  if (receipt === null) return [h('h1', { tabindex: -1 }, t.homeTitle)];

  function done(): void {
    if (!app.state.codeConfirmed) {
      app.state.codeConfirmMissing = true;
      app.render();
      document.getElementById('code-confirm')?.focus();
      app.announce(t.codeConfirmMissing, true);
      return;
    }
    app.reset();
    app.show('home');
  }

  const groups = receipt.shown.split(' ');
  return [
    h('h1', { tabindex: -1 }, t.receivedTitle),
    h('p', {}, app.text({ key: 'receivedDay', values: { day: formatDay(receipt.receivedDay, state.language) } })),
    h('h2', { id: 'code-label' }, t.codeLabel),
    h(
      'div',
      { class: 'code-box' },
      h('p', { class: 'code', 'aria-hidden': 'true', translate: 'no' }, groups.map((group) => h('span', {}, group))),
      // Screen readers read the digits one by one, in groups, rather than as large numbers.
      h('p', { class: 'visually-hidden' }, groups.map((group) => group.split('').join(' ')).join(', ')),
    ),
    h('p', { class: 'warning', id: 'code-explain' }, t.codeExplain),
    h('p', { id: 'code-screenshot' }, t.codeScreenshot),
    h('p', { id: 'code-come-back' }, t.codeComeBack),
    h(
      'div',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        id: 'code-confirm',
        checked: state.codeConfirmed,
        'aria-describedby': 'code-confirm-error',
        'aria-invalid': String(state.codeConfirmMissing && !state.codeConfirmed),
        onchange: (event) => {
          app.state.codeConfirmed = (event.target as HTMLInputElement).checked;
          if (app.state.codeConfirmed) app.state.codeConfirmMissing = false;
          app.render();
        },
      }),
      h('label', { for: 'code-confirm' }, t.codeConfirm),
    ),
    h('p', { id: 'code-confirm-error', class: 'error', hidden: !(state.codeConfirmMissing && !state.codeConfirmed) }, t.codeConfirmMissing),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'code-done', class: 'primary', onclick: done }, t.done)),
  ];
}
