// What the page knows about the organisation key, where it serves: on the first screen and at the
// top of the form. Unanchored (no pin, no poster link) it shows the served key's fingerprint with
// where to compare it, before anything is written; anchored it says the key was checked. A key
// that does not match the pin or the poster link leaves only the refusal: no form, nothing to send.
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';

export const keyBoxId = 'organisation-key';

function retryButton(app: App): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      id: 'key-retry',
      class: 'secondary',
      onclick: () => {
        app.setTrust({ status: 'checking', source: app.state.trust.source });
        void app.checkTrust();
      },
    },
    app.t.tryAgain,
  );
}

function fingerprintLine(app: App, fingerprint: string): HTMLElement {
  return h('p', { class: 'fingerprint' }, app.t.keyLabel, ': ', h('span', { id: 'organisation-fingerprint', class: 'mono', translate: 'no' }, fingerprint));
}

/** The organisation key as far as it is known; replaced in place when the check ends (app.setTrust). */
export function keyBox(app: App): HTMLElement {
  const { t, state } = app;
  const { trust } = state;
  const busy = trust.status === 'checking' ? 'true' : undefined;
  if (trust.source === 'none') {
    // Nothing anchors the key: the reporter is the check, so this is prominent and says where to compare.
    return h(
      'section',
      { id: keyBoxId, class: 'key-box compare', 'aria-labelledby': 'key-title', 'aria-busy': busy },
      h('h2', { id: 'key-title' }, t.keyTitle),
      trust.status === 'checking' && h('p', {}, t.keyLoading),
      trust.status === 'checked' && [h('p', {}, t.keyCompare), fingerprintLine(app, trust.fingerprint)],
      trust.status === 'unavailable' && [h('p', { class: 'alert' }, t.keyUnavailable), retryButton(app)],
    );
  }
  return h(
    'div',
    { id: keyBoxId, class: 'key-box', 'aria-busy': busy },
    trust.status === 'checking' && h('p', { class: 'status' }, t.keyChecking),
    trust.status === 'checked' && [h('p', { class: 'key-checked' }, t.keyChecked), fingerprintLine(app, trust.fingerprint)],
    trust.status === 'unavailable' && [h('p', { class: 'alert' }, t.keyUnavailable), retryButton(app)],
  );
}

/** Anchored by a pin or a poster link, the form waits for the check: a page the check refuses never offers it. */
export function formMustWait(app: App): boolean {
  const { trust } = app.state;
  return trust.source !== 'none' && trust.status !== 'checked';
}

/** The whole page when the server's key is not the organisation's the reporter was sent to. */
export function renderRefused(app: App): Child[] {
  const { t, state } = app;
  const { trust } = state;
  const reason = trust.status === 'refused' ? trust.reason : 'other_organisation';
  const text = reason === 'stale_directory' ? t.refusedStale : t.refusedOtherOrganisation;
  return [h('h1', { tabindex: -1 }, t.refusedTitle), h('p', { id: 'refused', class: 'alert' }, text), h('p', {}, t.refusedWhere)];
}
