// First start: the organisation, its signing key, the first administrator and the recovery key,
// all made in this browser. The server gets public keys, signatures and passphrase-wrapped keys.
// The recovery private key is shown once and must be confirmed as stored before anything is sent.
import { api } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { checkbox, errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady, groupKey, minPassphraseLength, newAccountId, newOrganisationKeys } from '../keys.ts';

export async function renderSetup(app: App, screen: Extract<Screen, { name: 'setup' }>): Promise<Child[]> {
  const { t } = app;
  const { needed } = await api.setupNeeded();
  if (!needed) {
    return [
      h('h1', { tabindex: -1 }, t.setupTitle),
      h('p', { class: 'note' }, t.setupDone),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'setup-to-login', class: 'primary', onclick: () => app.show({ name: 'login' }) }, t.login)),
    ];
  }

  const organisation = textField({ id: 'setup-organisation', label: t.organisationName, required: true, attributes: { maxlength: 200 } });
  const username = textField({ id: 'setup-username', label: t.username, hint: t.usernameHint, required: true, attributes: { autocomplete: 'username', autocapitalize: 'none', maxlength: 64 } });
  const displayName = textField({ id: 'setup-display-name', label: t.displayName, required: true, attributes: { maxlength: 200 } });
  const passphrase = textField({ id: 'setup-passphrase', label: t.passphrase, hint: t.passphraseHint, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const repeat = textField({ id: 'setup-passphrase-repeat', label: t.passphraseRepeat, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const failure = errorBox('setup-error');
  const submit = h('button', { type: 'submit', id: 'setup-submit', class: 'primary' }, t.setupCreate);
  const section = h('div', {});

  function check(): boolean {
    const problems: [Parameters<typeof setFieldError>[0], string | null][] = [
      [organisation, organisation.input.value.trim() === '' ? t.errorRequired : null],
      [username, /^[a-z0-9._-]{3,64}$/.test(username.input.value.trim()) ? null : t.errorUsername],
      [displayName, displayName.input.value.trim() === '' ? t.errorRequired : null],
      [passphrase, passphrase.input.value.length < minPassphraseLength ? t.errorPassphraseShort : null],
      [repeat, repeat.input.value !== passphrase.input.value ? t.errorPassphraseMismatch : null],
    ];
    for (const [field, text] of problems) setFieldError(field, text);
    const first = problems.find(([, text]) => text !== null);
    first?.[0].input.focus();
    return first === undefined;
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(submit) || !check()) return;
    void runBusy(submit, t.setupWorking, makeKeys, showProblem(app, failure));
  }

  /** Every key made here; the recovery key is shown before anything is sent. */
  async function makeKeys(): Promise<void> {
    failure.show(null);
    app.announce(t.setupWorking);
    const crypto = await cryptoReady();
    await afterPaint();
    const name = username.input.value.trim();
    const accountId = newAccountId(crypto);
    const keys = newOrganisationKeys(crypto, passphrase.input.value, accountId);
    const b64 = crypto.toBase64Url;
    const body = {
      token: screen.token,
      organisationName: organisation.input.value.trim(),
      username: name,
      displayName: displayName.input.value.trim(),
      authValue: b64(keys.admin.authValue),
      keyEnvelope: b64(keys.admin.keyEnvelope),
      publicKey: b64(keys.admin.keyPair.publicKey),
      signingPublicKey: b64(keys.signing.publicKey),
      wrappedSigningKey: b64(keys.wrappedSigningKey),
      recoveryPublicKey: b64(keys.recovery.publicKey),
      recoverySignature: b64(keys.recoverySignature),
      adminSignature: b64(keys.adminSignature),
      accountId,
    };
    const recoveryText = b64(keys.recovery.privateKey);
    keys.recovery.privateKey.fill(0);
    passphrase.input.value = '';
    repeat.input.value = '';
    showRecoveryKey(recoveryText, crypto.keyFingerprint(keys.signing.publicKey), async () => {
      const answer = await api.setup(body);
      await app.signedIn(answer, keys.admin.keyPair);
    });
  }

  /** The recovery key, once, large; nothing is sent until the administrator confirms storing it. */
  function showRecoveryKey(recoveryText: string, orgFingerprint: string, send: () => Promise<void>): void {
    const confirm = checkbox('recovery-confirm', t.recoveryConfirm, false, { 'aria-describedby': 'recovery-confirm-error' });
    const confirmError = h('p', { id: 'recovery-confirm-error', class: 'error', hidden: true }, t.recoveryConfirmMissing);
    const sendFailure = errorBox('setup-send-error');
    const next = h('button', { type: 'button', id: 'setup-finish', class: 'primary' }, t.setupFinish);
    next.addEventListener('click', () => {
      if (isBusy(next)) return;
      if (!confirm.input.checked) {
        confirmError.hidden = false;
        confirm.input.setAttribute('aria-invalid', 'true');
        confirm.input.focus();
        app.announce(t.recoveryConfirmMissing, true);
        return;
      }
      sendFailure.show(null);
      void runBusy(next, t.sending, send, showProblem(app, sendFailure));
    });
    fill(
      section,
      h('h2', { id: 'recovery-title', tabindex: -1 }, t.recoveryTitle),
      h('p', { class: 'warning' }, t.recoveryIntro),
      h('div', { class: 'code-box' }, h('p', { class: 'recovery-key mono', id: 'recovery-key', translate: 'no', 'aria-label': t.recoveryKeyLabel }, groupKey(recoveryText).map((group) => h('span', {}, group)))),
      h('p', {}, t.organisationFingerprint, ' ', h('span', { class: 'mono', id: 'org-fingerprint' }, orgFingerprint)),
      confirm.wrap,
      confirmError,
      sendFailure.box,
      h('div', { class: 'actions' }, next),
    );
    form.hidden = true;
    document.getElementById('recovery-title')?.focus();
  }

  const form = h(
    'form',
    { id: 'setup-form', novalidate: true, onsubmit: onSubmit },
    organisation.wrap,
    h('fieldset', {}, h('legend', {}, t.setupAdmin), username.wrap, displayName.wrap, passphrase.wrap, repeat.wrap),
    failure.box,
    h('div', { class: 'actions' }, submit),
  );
  return [h('h1', { tabindex: -1 }, t.setupTitle), h('p', {}, t.setupIntro), form, section];
}
