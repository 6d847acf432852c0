// Accepting an invitation: the new staff member chooses a username and passphrase; the key pair is
// made here and its private key wrapped under the passphrase before anything is sent.
import { api } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady, minPassphraseLength, newAccountKeys } from '../keys.ts';

export async function renderInvite(app: App, screen: Extract<Screen, { name: 'invite' }>): Promise<Child[]> {
  const { t } = app;
  let invitation: Awaited<ReturnType<typeof api.invitation>>;
  try {
    invitation = await api.invitation(screen.token);
  } catch (error) {
    return [h('h1', { tabindex: -1 }, t.inviteTitle), h('p', { class: 'alert', id: 'invite-invalid' }, t.inviteInvalid, ' ', app.problem(error))];
  }

  const username = textField({ id: 'invite-username', label: t.username, hint: t.usernameHint, required: true, attributes: { autocomplete: 'username', autocapitalize: 'none', maxlength: 64 } });
  const passphrase = textField({ id: 'invite-passphrase', label: t.passphrase, hint: t.passphraseHint, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const repeat = textField({ id: 'invite-passphrase-repeat', label: t.passphraseRepeat, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const failure = errorBox('invite-error');
  const submit = h('button', { type: 'submit', id: 'invite-submit', class: 'primary' }, t.inviteAccept);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(submit)) return;
    const problems: [Parameters<typeof setFieldError>[0], string | null][] = [
      [username, /^[a-z0-9._-]{3,64}$/.test(username.input.value.trim()) ? null : t.errorUsername],
      [passphrase, passphrase.input.value.length < minPassphraseLength ? t.errorPassphraseShort : null],
      [repeat, repeat.input.value !== passphrase.input.value ? t.errorPassphraseMismatch : null],
    ];
    for (const [field, text] of problems) setFieldError(field, text);
    const first = problems.find(([, text]) => text !== null);
    if (first !== undefined) return first[0].input.focus();
    void runBusy(submit, t.setupWorking, accept, showProblem(app, failure));
  }

  async function accept(): Promise<void> {
    failure.show(null);
    app.announce(t.setupWorking);
    const crypto = await cryptoReady();
    await afterPaint();
    const keys = newAccountKeys(crypto, passphrase.input.value);
    const answer = await api.accept({
      token: screen.token,
      username: username.input.value.trim(),
      authValue: crypto.toBase64Url(keys.authValue),
      keyEnvelope: crypto.toBase64Url(keys.keyEnvelope),
      publicKey: crypto.toBase64Url(keys.keyPair.publicKey),
    });
    passphrase.input.value = '';
    repeat.input.value = '';
    // Every new key waits for an administrator's signature.
    await app.signedIn(answer, keys.keyPair, { keyAwaiting: invitation.role !== 'analyst' });
  }

  return [
    h('h1', { tabindex: -1 }, t.inviteTitle),
    h(
      'p',
      { id: 'invite-summary' },
      format(t.inviteSummary, { organisation: invitation.organisationName, name: invitation.displayName, role: t.roles[invitation.role] }, app.language),
      invitation.invitedBy !== undefined && ` ${format(t.inviteBy, { name: invitation.invitedBy }, app.language)}`,
    ),
    invitation.role !== 'analyst' && h('p', { class: 'note' }, t.inviteKeyNote),
    h('form', { id: 'invite-form', novalidate: true, onsubmit: onSubmit }, username.wrap, passphrase.wrap, repeat.wrap, failure.box, h('div', { class: 'actions' }, submit)),
  ];
}
