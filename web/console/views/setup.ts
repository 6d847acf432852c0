// First start: the organisation, its signing key, the first administrator and the recovery key,
// all made in this browser. The organisation key is wrapped under its own organisation passphrase
// (not the administrator's sign-in passphrase) and sealed into the administrator's key envelope;
// the administrator's and the recovery key's certificates and directory version 1 are signed here.
// The server gets public keys, certificates, the directory and passphrase-wrapped keys. The recovery
// private key is shown once, as a code made for paper (13 groups, each with a check character) on a
// sheet that prints alone, and must be confirmed as stored before anything is sent.
// An organisation made with the command line (`npm run admin -- create-org`) is adopted: its key is
// opened here with the passphrase given to the CLI (its fingerprint shown, to compare with what the
// CLI printed), wrapped again under the new organisation passphrase, and the CLI's directory
// (verified with that key) continues one version on.
import { regions } from 'virtual:catalog';
import { api } from '../api.ts';
import type { SetupState } from '../../../contract/console-api.ts';
import type { App, Screen } from '../app.ts';
import type { Messages } from '../i18n/index.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { checkbox, errorBox, isBusy, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { defaultRouting, foundingDirectory } from '../directory.ts';
import { afterPaint, cryptoReady, newAccountId, newAccountKeys, openOrganisationKey, TrustError, type Crypto, type DirectoryClaim } from '../keys.ts';
import { recordDirectoryVersion } from '../memory.ts';
import { passphraseProblem, prepareStrengthCheck } from '../strength.ts';

type Adopted = NonNullable<SetupState['organisation']>;

/** The CLI's organisation key, opened with the passphrase given to the CLI, and its directory verified with it. */
function adoptOrganisation(c: Crypto, adopted: Adopted, cliPassphrase: string): { signing: { publicKey: Uint8Array; privateKey: Uint8Array }; previous: DirectoryClaim | null } {
  const publicKey = c.fromBase64Url(adopted.signingPublicKey);
  const privateKey = openOrganisationKey(c, c.fromBase64Url(adopted.wrappedSigningKey), cliPassphrase, publicKey);
  const stored = adopted.directory ?? null;
  const previous = stored === null ? null : c.readDirectory(c.fromBase64Url(stored), publicKey);
  if (stored !== null && previous === null) {
    privateKey.fill(0);
    throw new TrustError('directory_invalid');
  }
  return { signing: { publicKey, privateKey }, previous };
}

/** Every key of a new (or adopted) organisation, made here; the organisation's private key is wiped before this returns. */
function newOrganisation(c: Crypto, input: { adminPassphrase: string; organisationPassphrase: string; adminId: string; adopted: { signing: { publicKey: Uint8Array; privateKey: Uint8Array }; previous: DirectoryClaim | null } | null }) {
  const signing = input.adopted?.signing ?? c.generateSigningKeyPair();
  const previous = input.adopted?.previous ?? null;
  const wrappedSigningKey = c.wrapWithPassphrase(signing.privateKey, input.organisationPassphrase);
  const admin = newAccountKeys(c, input.adminPassphrase, signing.publicKey);
  const recovery = c.generateBoxKeyPair();
  try {
    const founding = foundingDirectory(c, {
      organisationPrivateKey: signing.privateKey,
      adminId: input.adminId,
      adminBoxKey: admin.keyPair.publicKey,
      adminSignKey: admin.signingKeyPair.publicKey,
      recoveryPublicKey: recovery.publicKey,
      routing: previous?.routing ?? defaultRouting(regions.map((r) => r.id)),
      previous,
    });
    return { organisationKey: signing.publicKey, wrappedSigningKey, admin, recovery, ...founding };
  } finally {
    signing.privateKey.fill(0);
  }
}

/** What the recovery sheet shows: the code, and the check codes that tell this organisation's keys from any other. */
type RecoverySheet = { code: string; organisationName: string; organisationFingerprint: string; recoveryFingerprint: string };

/**
 * Keys made and shown but not yet sent, with the setup link they were made under: a language switch
 * draws the screen again and must show the same recovery key, not make one the paper does not hold.
 */
let shown: { token: string; sheet: RecoverySheet; send: () => Promise<void> } | null = null;

export async function renderSetup(app: App, screen: Extract<Screen, { name: 'setup' }>): Promise<Child[]> {
  const { t } = app;
  if (shown !== null && shown.token === screen.token) return [h('h1', { tabindex: -1, class: 'no-print' }, t.setupTitle), ...recoveryStage(app, shown.sheet, shown.send)];
  const { needed, organisation: adopted } = await api.setupNeeded(screen.token);
  if (!needed) {
    return [
      h('h1', { tabindex: -1 }, t.setupTitle),
      h('p', { class: 'note' }, t.setupDone),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'setup-to-login', class: 'primary', onclick: () => app.show({ name: 'login' }) }, t.login)),
    ];
  }

  const organisation = textField({
    id: 'setup-organisation',
    label: t.organisationName,
    required: true,
    value: adopted?.name ?? '',
    attributes: { maxlength: 200, readonly: adopted !== undefined },
  });
  const cliPassphrase = textField({ id: 'setup-cli-passphrase', label: t.adoptPassphrase, hint: t.adoptPassphraseHint, type: 'password', required: true, attributes: { autocomplete: 'off' } });
  const username = textField({ id: 'setup-username', label: t.username, hint: t.usernameHint, required: true, attributes: { autocomplete: 'username', autocapitalize: 'none', maxlength: 64 } });
  const displayName = textField({ id: 'setup-display-name', label: t.displayName, required: true, attributes: { maxlength: 200 } });
  const passphrase = textField({ id: 'setup-passphrase', label: t.passphrase, hint: t.passphraseHint, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const repeat = textField({ id: 'setup-passphrase-repeat', label: t.passphraseRepeat, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const orgPassphrase = textField({ id: 'setup-org-passphrase', label: t.orgPassphrase, hint: t.orgPassphraseHint, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  const orgRepeat = textField({ id: 'setup-org-passphrase-repeat', label: t.orgPassphraseRepeat, type: 'password', required: true, attributes: { autocomplete: 'new-password' } });
  prepareStrengthCheck();
  const adoptedFingerprint = adopted === undefined ? '' : await cryptoReady().then((c) => c.keyFingerprint(c.fromBase64Url(adopted.signingPublicKey)));
  const failure = errorBox('setup-error');
  const submit = h('button', { type: 'submit', id: 'setup-submit', class: 'primary' }, t.setupCreate);
  const section = h('div', {});

  /** Every field's problem (the passphrases' strength estimated in this browser); focuses the first. */
  async function check(): Promise<boolean> {
    const guessable = [username.input.value, displayName.input.value, organisation.input.value];
    const problems: [Parameters<typeof setFieldError>[0], string | null][] = [
      [organisation, organisation.input.value.trim() === '' ? t.errorRequired : null],
      [cliPassphrase, adopted !== undefined && cliPassphrase.input.value === '' ? t.errorRequired : null],
      [username, /^[a-z0-9._-]{3,64}$/.test(username.input.value.trim()) ? null : t.errorUsername],
      [displayName, displayName.input.value.trim() === '' ? t.errorRequired : null],
      [passphrase, await passphraseProblem(t, passphrase.input.value, 'staff', guessable)],
      [repeat, repeat.input.value !== passphrase.input.value ? t.errorPassphraseMismatch : null],
      [
        orgPassphrase,
        orgPassphrase.input.value === passphrase.input.value && orgPassphrase.input.value !== ''
          ? t.errorOrgPassphraseSame
          : await passphraseProblem(t, orgPassphrase.input.value, 'organisation', guessable),
      ],
      [orgRepeat, orgRepeat.input.value !== orgPassphrase.input.value ? t.errorPassphraseMismatch : null],
    ];
    for (const [field, text] of problems) setFieldError(field, text);
    const first = problems.find(([, text]) => text !== null);
    if (first !== undefined) {
      first[0].input.focus();
      app.announce(first[1] ?? '', true);
    }
    return first === undefined;
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    void runBusy(
      submit,
      t.setupWorking,
      async () => {
        if (await check()) await makeKeys();
      },
      showProblem(app, failure),
    );
  }

  /** Every key made here; the recovery key is shown before anything is sent. */
  async function makeKeys(): Promise<void> {
    failure.show(null);
    app.announce(t.setupWorking);
    const crypto = await cryptoReady();
    await afterPaint();
    const name = username.input.value.trim();
    const accountId = newAccountId(crypto);
    const adoptedKeys = adopted === undefined ? null : adoptOrganisation(crypto, adopted, cliPassphrase.input.value);
    cliPassphrase.input.value = '';
    const keys = newOrganisation(crypto, { adminPassphrase: passphrase.input.value, organisationPassphrase: orgPassphrase.input.value, adminId: accountId, adopted: adoptedKeys });
    const b64 = crypto.toBase64Url;
    const body = {
      token: screen.token,
      organisationName: organisation.input.value.trim(),
      username: name,
      displayName: displayName.input.value.trim(),
      authValue: b64(keys.admin.authValue),
      keyEnvelope: b64(keys.admin.keyEnvelope),
      publicKey: b64(keys.admin.keyPair.publicKey),
      accountSigningKey: b64(keys.admin.signingKeyPair.publicKey),
      signingPublicKey: b64(keys.organisationKey),
      wrappedSigningKey: b64(keys.wrappedSigningKey),
      recoveryPublicKey: b64(keys.recovery.publicKey),
      recoveryCertificate: b64(keys.recoveryCertificate),
      adminCertificate: b64(keys.adminCertificate),
      directory: b64(keys.directory),
      accountId,
    };
    const sheet = {
      code: crypto.encodeRecoveryCode(keys.recovery.privateKey),
      organisationName: body.organisationName,
      organisationFingerprint: crypto.keyFingerprint(keys.organisationKey),
      recoveryFingerprint: crypto.keyFingerprint(keys.recovery.publicKey),
    };
    keys.recovery.privateKey.fill(0);
    for (const field of [passphrase, repeat, orgPassphrase, orgRepeat]) field.input.value = '';
    async function send(): Promise<void> {
      const answer = await api.setup(body);
      shown = null;
      // The version signed here is the floor this browser accepts from now on.
      const founded = crypto.readDirectory(keys.directory, keys.organisationKey);
      if (founded !== null) recordDirectoryVersion(crypto, keys.organisationKey, founded.version);
      await app.signedIn(answer, {
        staff: { keyPair: keys.admin.keyPair, signingKeyPair: keys.admin.signingKeyPair, organisationKey: keys.organisationKey },
        envelope: keys.admin.keyEnvelope,
        wrappingKey: null,
      });
    }
    shown = { token: screen.token, sheet, send };
    fill(section, ...recoveryStage(app, sheet, send));
    form.hidden = true;
    intro.hidden = true;
    document.getElementById('recovery-title')?.focus();
  }

  const form = h(
    'form',
    { id: 'setup-form', novalidate: true, onsubmit: onSubmit },
    organisation.wrap,
    h('fieldset', {}, h('legend', {}, t.setupAdmin), username.wrap, displayName.wrap, passphrase.wrap, repeat.wrap),
    adopted !== undefined &&
      h(
        'fieldset',
        { id: 'setup-adopt' },
        h('legend', {}, t.adoptLegend),
        h('p', {}, t.adoptIntro),
        h('p', { class: 'fingerprint-large mono', id: 'adopt-fingerprint', translate: 'no' }, adoptedFingerprint),
        cliPassphrase.wrap,
      ),
    h('fieldset', {}, h('legend', {}, t.orgPassphraseLegend), h('p', { class: 'hint' }, t.orgPassphraseIntro), orgPassphrase.wrap, orgRepeat.wrap),
    failure.box,
    h('div', { class: 'actions' }, submit),
  );
  const intro = h('p', {}, t.setupIntro);
  return [h('h1', { tabindex: -1, class: 'no-print' }, t.setupTitle), intro, form, section];
}

/** The recovery key, once, large, with a Print button; nothing is sent until the administrator confirms storing it. */
function recoveryStage(app: App, sheet: RecoverySheet, send: () => Promise<void>): Child[] {
  const { t } = app;
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
  return [
    h('h2', { id: 'recovery-title', tabindex: -1, class: 'no-print' }, t.recoveryTitle),
    h('p', { class: 'warning no-print' }, t.recoveryIntro),
    recoverySheet(t, sheet),
    h('div', { class: 'actions no-print' }, h('button', { type: 'button', id: 'recovery-print', class: 'secondary', onclick: () => window.print() }, t.recoveryPrint)),
    h('div', { class: 'no-print' }, confirm.wrap, confirmError, sendFailure.box, h('div', { class: 'actions' }, next)),
  ];
}

/** The sheet for the safe, alone on paper when printed: whose key it is, the code in numbered groups, and the keys' check codes. */
function recoverySheet(t: Messages, sheet: RecoverySheet): HTMLElement {
  return h(
    'div',
    { class: 'recovery-sheet', id: 'recovery-sheet' },
    h('p', { class: 'recovery-sheet-title' }, t.recoverySheetTitle, ' — ', h('span', { id: 'recovery-sheet-organisation' }, sheet.organisationName)),
    h('ol', { class: 'recovery-code mono', id: 'recovery-key', translate: 'no', 'aria-label': t.recoveryCodeLabel }, sheet.code.split(' ').map((group) => h('li', {}, group))),
    h('p', {}, t.recoverySheetUse),
    h('p', {}, t.organisationFingerprint, ' ', h('span', { class: 'mono', id: 'org-fingerprint', translate: 'no' }, sheet.organisationFingerprint)),
    h('p', {}, t.recoveryFingerprint, ' ', h('span', { class: 'mono', id: 'recovery-fingerprint', translate: 'no' }, sheet.recoveryFingerprint)),
  );
}
