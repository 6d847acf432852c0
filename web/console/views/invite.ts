// Accepting an invitation: the new staff member chooses a username and passphrase; the key pair is
// made here and sealed, with the organisation key, under the passphrase before anything is sent.
// The organisation key comes from the link's fragment (the inviting administrator's console put
// the key from their own envelope there); a link without it shows the key's fingerprint to compare
// with the poster or the administrator first, and nothing is accepted until that is confirmed.
import { api } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { checkbox, errorBox, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady, newAccountKeys } from '../keys.ts';
import { passphraseProblem, prepareStrengthCheck } from '../strength.ts';

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
  prepareStrengthCheck();
  const crypto = await cryptoReady();
  const linked = screen.organisationKey === undefined ? null : crypto.fromBase64Url(screen.organisationKey);
  // Without a key in the link: the server's, shown to be compared before accepting (never taken silently).
  const organisationKey = linked ?? (invitation.organisationKey === undefined ? null : crypto.fromBase64Url(invitation.organisationKey));
  const compared = linked === null ? checkbox('invite-org-confirm', t.inviteOrgConfirm, false, { 'aria-describedby': 'invite-org-confirm-error' }) : null;
  const comparedError = h('p', { id: 'invite-org-confirm-error', class: 'error', hidden: true }, t.inviteOrgConfirmMissing);

  async function check(): Promise<boolean> {
    const problems: [Parameters<typeof setFieldError>[0], string | null][] = [
      [username, /^[a-z0-9._-]{3,64}$/.test(username.input.value.trim()) ? null : t.errorUsername],
      [passphrase, await passphraseProblem(t, passphrase.input.value, 'staff', [username.input.value, invitation.displayName, invitation.organisationName])],
      [repeat, repeat.input.value !== passphrase.input.value ? t.errorPassphraseMismatch : null],
    ];
    for (const [field, text] of problems) setFieldError(field, text);
    const first = problems.find(([, text]) => text !== null);
    if (first !== undefined) {
      first[0].input.focus();
      app.announce(first[1] ?? '', true);
      return false;
    }
    if (compared !== null && !compared.input.checked) {
      comparedError.hidden = false;
      compared.input.setAttribute('aria-invalid', 'true');
      compared.input.focus();
      app.announce(t.inviteOrgConfirmMissing, true);
      return false;
    }
    return true;
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    void runBusy(
      submit,
      t.setupWorking,
      async () => {
        if (await check()) await accept();
      },
      showProblem(app, failure),
    );
  }

  async function accept(): Promise<void> {
    if (organisationKey === null) return;
    failure.show(null);
    app.announce(t.setupWorking);
    await afterPaint();
    const keys = newAccountKeys(crypto, passphrase.input.value, organisationKey);
    const answer = await api.accept({
      token: screen.token,
      username: username.input.value.trim(),
      authValue: crypto.toBase64Url(keys.authValue),
      keyEnvelope: crypto.toBase64Url(keys.keyEnvelope),
      publicKey: crypto.toBase64Url(keys.keyPair.publicKey),
      signingKey: crypto.toBase64Url(keys.signingKeyPair.publicKey),
    });
    passphrase.input.value = '';
    repeat.input.value = '';
    // Every new key waits for an administrator's certificate.
    await app.signedIn(answer, { staff: { keyPair: keys.keyPair, signingKeyPair: keys.signingKeyPair, organisationKey }, envelope: keys.keyEnvelope, wrappingKey: null }, { keyAwaiting: invitation.role !== 'analyst' });
  }

  // The link's key (from the inviting administrator's envelope) and the server's differ: the link or the server was tampered with.
  const serverKey = invitation.organisationKey;
  if (linked !== null && serverKey !== undefined && serverKey !== crypto.toBase64Url(linked)) {
    return [h('h1', { tabindex: -1 }, t.inviteTitle), h('p', { class: 'alert', id: 'invite-org-differs', role: 'alert' }, t.inviteOrgDiffers)];
  }
  const anchor =
    organisationKey === null
      ? h('p', { class: 'alert', id: 'invite-no-org' }, t.inviteNoOrg)
      : compared !== null &&
        h(
          'div',
          { class: 'warning', id: 'invite-org-compare' },
          h('p', {}, t.inviteOrgCompare),
          h('p', { class: 'fingerprint-large mono', id: 'invite-org-fingerprint', translate: 'no' }, crypto.keyFingerprint(organisationKey)),
          h('p', {}, t.anchorWhere),
          compared.wrap,
          comparedError,
        );

  return [
    h('h1', { tabindex: -1 }, t.inviteTitle),
    h(
      'p',
      { id: 'invite-summary' },
      format(t.inviteSummary, { organisation: invitation.organisationName, name: invitation.displayName, role: t.roles[invitation.role] }, app.language),
      invitation.invitedBy !== undefined && ` ${format(t.inviteBy, { name: invitation.invitedBy }, app.language)}`,
    ),
    invitation.role !== 'analyst' && h('p', { class: 'note' }, t.inviteKeyNote),
    anchor,
    organisationKey !== null &&
      h('form', { id: 'invite-form', novalidate: true, onsubmit: onSubmit }, username.wrap, passphrase.wrap, repeat.wrap, failure.box, h('div', { class: 'actions' }, submit)),
  ];
}
