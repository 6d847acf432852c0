// My account: the fingerprint of the key computed in this browser from the private key the
// passphrase opened (never the server's record of it), the key confirmation code to read out to the
// administrator who certifies the key, and two-factor sign-in (TOTP). The otpauth URL and the secret
// are shown as text to type or paste into an authenticator app.
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady, heldKeys } from '../keys.ts';

type Me = NonNullable<App['session']>['me'];

export async function renderAccount(app: App): Promise<Child[]> {
  const { t } = app;
  const me = app.session?.me;
  const keys = heldKeys();
  if (me === undefined || keys === null) return [];
  const crypto = await cryptoReady();
  await afterPaint();
  // Argon2id (16 MiB): a server cannot grind a key of its own to the same code.
  const code = crypto.keyConfirmationCode(keys.keyPair.publicKey, keys.signingKeyPair.publicKey);
  const totpArea = h('div', { id: 'totp-area' });
  const failure = errorBox('totp-error');
  const start = h('button', { type: 'button', id: 'totp-start', class: 'primary' }, t.totpStart);
  start.addEventListener('click', () => {
    void runBusy(
      start,
      t.loading,
      async () => {
        failure.show(null);
        const { secret, otpauthUrl } = await api.totpSetup();
        start.hidden = true;
        totpConfirmation(app, me, totpArea, secret, otpauthUrl);
      },
      showProblem(app, failure),
    );
  });
  return [
    h('h1', { tabindex: -1 }, t.accountTitle),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, t.displayName), h('dd', {}, me.displayName)),
      h('div', {}, h('dt', {}, t.username), h('dd', { class: 'mono' }, me.username)),
      h('div', {}, h('dt', {}, t.role), h('dd', {}, t.roles[me.role])),
      h('div', {}, h('dt', {}, t.fingerprint), h('dd', { class: 'mono', id: 'my-fingerprint' }, crypto.keyFingerprint(keys.keyPair.publicKey))),
    ),
    h(
      'section',
      { 'aria-labelledby': 'key-code-title' },
      h('h2', { id: 'key-code-title' }, t.keyCodeTitle),
      h('p', {}, t.keyCodeIntro),
      h('p', { class: 'fingerprint-large mono', id: 'my-key-code', translate: 'no' }, code),
      h('p', { class: 'hint' }, t.keyCodeHint),
    ),
    app.session?.keyAwaiting === true && h('p', { class: 'note', id: 'awaiting-signature' }, t.keyAwaiting),
    h('section', { 'aria-labelledby': 'totp-title' }, h('h2', { id: 'totp-title' }, t.totpTitle), me.totpEnabled ? h('p', { id: 'totp-on' }, t.totpEnabled) : [h('p', {}, t.totpIntro), start, failure.box, totpArea]),
  ];
}

/** The secret and otpauth URL as text, and the form that turns TOTP on with a first code. */
function totpConfirmation(app: App, me: Me, area: HTMLElement, secret: string, otpauthUrl: string): void {
  const { t } = app;
  const code = textField({ id: 'totp-code', label: t.totpCode, hint: t.totpConfirmHint, attributes: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 } });
  const confirm = h('button', { type: 'submit', id: 'totp-confirm', class: 'primary' }, t.totpConfirm);
  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(confirm)) return;
    const value = code.input.value.replace(/\s/g, '');
    setFieldError(code, /^\d{6}$/.test(value) ? null : t.errorTotpFormat);
    if (!/^\d{6}$/.test(value)) return code.input.focus();
    void runBusy(
      confirm,
      t.checking,
      async () => {
        await api.totpConfirm(value);
        me.totpEnabled = true;
        app.show({ name: 'account' });
        app.announce(t.totpEnabled);
      },
      (error) => {
        setFieldError(code, app.problem(error));
        app.announce(app.problem(error), true);
        code.input.focus();
      },
    );
  }
  fill(
    area,
    h('p', {}, t.totpInstructions),
    h('dl', { class: 'facts' }, h('div', {}, h('dt', {}, t.totpSecret), h('dd', { class: 'mono', id: 'totp-secret' }, secret)), h('div', {}, h('dt', {}, t.totpUrl), h('dd', { class: 'mono break', id: 'totp-url' }, otpauthUrl))),
    h('form', { id: 'totp-form', novalidate: true, onsubmit: onSubmit }, code.wrap, h('div', { class: 'actions' }, confirm)),
  );
  code.input.focus();
}
