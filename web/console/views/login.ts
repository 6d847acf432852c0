// Login: the salt from the server, Argon2id in this browser, only the authValue goes to the
// server; then the key envelope is opened here (the private key and the organisation key sealed
// with it) and app.signedIn compares them with the server's record before the console opens.
// After a refused attempt the server says how long the next one will wait (it slows sign-in at a
// username after failures, never locks it): the button and the error say so, not "about a second".
import { api, ApiError } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { plural } from '../../shared/language.ts';
import { errorBox, isBusy, runBusy, setFieldError, textField } from '../form.ts';
import { afterPaint, cryptoReady, type StaffKeys } from '../keys.ts';

/**
 * Seconds the next attempt may wait, from the last refusal on this page; 0 before any. Kept while
 * the page lives (a language switch draws the form again), dropped at sign-in.
 */
let slowedUpTo = 0;

export function renderLogin(app: App, screen: Extract<Screen, { name: 'login' }>): Child[] {
  const { t, language } = app;
  const username = textField({ id: 'login-username', label: t.username, attributes: { autocomplete: 'username', autocapitalize: 'none' } });
  const passphrase = textField({ id: 'login-passphrase', label: t.passphrase, type: 'password', attributes: { autocomplete: 'current-password' } });
  const totp = textField({ id: 'login-totp', label: t.totpCode, hint: t.totpCodeHint, attributes: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 } });
  totp.wrap.hidden = true;
  const failure = errorBox('login-error');
  const submit = h('button', { type: 'submit', id: 'login-submit', class: 'primary' }, t.login);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(submit)) return;
    failure.show(null);
    setFieldError(username, username.input.value.trim() === '' ? t.errorRequired : null);
    setFieldError(passphrase, passphrase.input.value === '' ? t.errorRequired : null);
    if (username.input.value.trim() === '') return username.input.focus();
    if (passphrase.input.value === '') return passphrase.input.focus();
    void runBusy(submit, checking(), signIn, failed);
  }

  /** What the button says (and a screen reader hears) while an attempt runs. */
  function checking(): string {
    return slowedUpTo > 0 ? plural(language, slowedUpTo, t.loginSlowedChecking) : t.checking;
  }

  async function signIn(): Promise<void> {
    app.announce(checking());
    const crypto = await cryptoReady();
    const name = username.input.value.trim();
    const { salt } = await api.salt(name);
    await afterPaint();
    // One Argon2id run: the salt is the key envelope's own, so the same wrapping key opens it.
    const { authValue, wrappingKey } = crypto.deriveFromPassphrase(passphrase.input.value, crypto.fromBase64Url(salt));
    const code = totp.input.value.replace(/\s/g, '');
    let answer: Awaited<ReturnType<typeof api.login>>;
    let staff: StaffKeys;
    let envelope: Uint8Array;
    try {
      answer = await api.login({ username: name, authValue: crypto.toBase64Url(authValue), ...(totp.wrap.hidden || code === '' ? {} : { totp: code }) });
      // The organisation key comes from inside the envelope (authenticated under the passphrase), never from an answer.
      envelope = crypto.fromBase64Url(answer.me.keyEnvelope);
      staff = crypto.openStaffKeys(envelope, wrappingKey);
    } catch (error) {
      wrappingKey.fill(0);
      throw error;
    }
    passphrase.input.value = '';
    slowedUpTo = 0;
    // A legacy envelope keeps the wrapping key until it is rewrapped with the organisation key (app.signedIn).
    if (staff.organisationKey !== null) wrappingKey.fill(0);
    await app.signedIn(answer, { staff, envelope, wrappingKey: staff.organisationKey === null ? wrappingKey : null, username: name });
  }

  function failed(error: unknown): void {
    if (error instanceof ApiError && error.code === 'auth.totp_required') {
      totp.wrap.hidden = false;
      failure.show(t.totpRequired);
      app.announce(t.totpRequired, true);
      totp.input.focus();
      return;
    }
    if (error instanceof ApiError && error.retryAfterSeconds !== null) slowedUpTo = error.retryAfterSeconds;
    const slowed = error instanceof ApiError && error.code === 'auth.failed' && slowedUpTo > 0;
    const text = slowed ? `${app.problem(error)} ${plural(language, slowedUpTo, t.loginSlowedNext)}` : app.problem(error);
    failure.show(text);
    app.announce(text, true);
    // auth.rate_limited: refused before any check, so the passphrase may be right; only a retry is needed.
    if (error instanceof ApiError && error.code === 'auth.rate_limited') submit.focus();
    else passphrase.input.focus();
  }

  const notices = { expired: t.sessionExpired, signedOut: t.signedOut, reloaded: t.sessionReloaded } as const;
  const notice = screen.notice === undefined ? null : notices[screen.notice];
  return [
    h('h1', { tabindex: -1 }, t.loginTitle),
    notice !== null && h('p', { class: 'note', id: 'login-notice' }, notice),
    h('p', {}, t.loginIntro),
    h('form', { id: 'login-form', novalidate: true, onsubmit: onSubmit }, username.wrap, passphrase.wrap, totp.wrap, failure.box, h('div', { class: 'actions' }, submit)),
  ];
}
