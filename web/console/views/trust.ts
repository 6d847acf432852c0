// The two screens a sign-in can end on before the console opens:
// - anchor: the key envelope was made before it carried the organisation key, so the key has to be
//   taken from the server once; the person compares its fingerprint with the poster or with their
//   administrator and types its last 8 digits from there (not from the screen), and only then is it
//   sealed into the envelope; this browser remembers the anchor, and a second prompt for the same
//   username is refused (app.ts);
// - stop: the server's record of this account (its public key, signing key or certificate) is not
//   what the passphrase opened here. Someone may have replaced the key to read reports meant for
//   this person; nothing of the console is usable, only signing out.
import { api } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { errorBox, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { cryptoReady, fingerprintTailMatches } from '../keys.ts';

export async function renderAnchor(app: App, screen: Extract<Screen, { name: 'anchor' }>): Promise<Child[]> {
  const { t } = app;
  const { opened } = screen.pending;
  const [crypto, organisation] = await Promise.all([cryptoReady(), api.organisation()]);
  const serverKey = crypto.fromBase64Url(organisation.signingPublicKey);
  const fingerprint = crypto.keyFingerprint(serverKey);
  const failure = errorBox('anchor-error');
  const tail = textField({ id: 'anchor-tail', label: t.anchorTailLabel, hint: t.anchorTailHint, attributes: { autocomplete: 'off', maxlength: 12, spellcheck: 'false', class: 'mono' } });
  const same = h('button', { type: 'button', id: 'anchor-confirm', class: 'primary' }, t.anchorSame);
  const differ = h('button', { type: 'button', id: 'anchor-differ', class: 'secondary', onclick: () => void forgetAndSignOut() }, t.anchorDiffer);
  /** They differ: nothing is sealed, the keys opened for this sign-in are wiped. */
  function forgetAndSignOut(): Promise<void> {
    opened.wrappingKey?.fill(0);
    opened.staff.keyPair.privateKey.fill(0);
    opened.staff.signingKeyPair.privateKey.fill(0);
    return app.signOut();
  }
  same.addEventListener('click', () => {
    // Typed from the poster: a click on "same" alone would not show the comparison was made.
    const matches = fingerprintTailMatches(fingerprint, tail.input.value);
    setFieldError(tail, matches ? null : t.anchorTailMismatch);
    if (!matches) return tail.input.focus();
    void runBusy(
      same,
      t.saving,
      async () => {
        const wrappingKey = opened.wrappingKey;
        if (wrappingKey === null) throw new Error('the wrapping key is gone');
        const envelope = crypto.rewrapStaffKeys(opened.envelope, wrappingKey, serverKey);
        await api.upgradeKeys({ keyEnvelope: crypto.toBase64Url(envelope), signingKey: crypto.toBase64Url(opened.staff.signingKeyPair.publicKey) });
        wrappingKey.fill(0);
        const fresh = await api.me();
        await app.signedIn(fresh, { staff: { ...opened.staff, organisationKey: serverKey }, envelope, wrappingKey: null, username: opened.username });
      },
      showProblem(app, failure),
    );
  });
  return [
    h('h1', { tabindex: -1 }, t.anchorTitle),
    h('p', {}, t.anchorIntro),
    h('p', { class: 'fingerprint-large mono', id: 'anchor-fingerprint', translate: 'no' }, fingerprint),
    h('p', {}, t.anchorWhere),
    h('p', { class: 'warning' }, t.anchorWarning),
    tail.wrap,
    failure.box,
    h('div', { class: 'actions' }, same, differ),
  ];
}

export function renderStop(app: App, screen: Extract<Screen, { name: 'stop' }>): Child[] {
  const { t } = app;
  return [
    h('h1', { tabindex: -1, id: 'stop-title' }, t.stopTitle),
    h(
      'div',
      { class: 'stop', id: 'key-stop', role: 'alert' },
      h('p', {}, t.stopText),
      h('p', {}, t.stopAction),
      h('p', { class: 'hint', id: 'stop-detail' }, t.stopDetails[screen.problem]),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'stop-signout', class: 'primary', onclick: () => void app.signOut() }, t.logout)),
  ];
}
