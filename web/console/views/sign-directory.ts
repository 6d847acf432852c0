// "Sign the directory" (Accounts, admin): the keys awaiting a certificate, each with an empty field
// for the confirmation code the person reads from their own "My account" screen (by phone or in
// person: nothing is ticked in advance, and a key is certified only when the typed code is the one
// computed here from the key the server holds); the changes signing would make (group membership,
// role, disabled accounts), for review; and the organisation passphrase, which opens the
// organisation key here. The certificates and the next directory version are signed in this
// browser and published. Disabling an account signs a version without its keys in the same flow.
import { regions } from 'virtual:catalog';
import type { Account, Group, Organisation } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { changesNeedSigning, defaultRouting, directoryWithout, isListed, planDirectory, signNextDirectory, type Change, type Plan, type SignedDirectory, type Trusted } from '../directory.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { errorBox, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady, heldKeys, openOrganisationKey, type Crypto, type RoutingTable } from '../keys.ts';
import { categoryLabel, regionLabel } from '../labels.ts';
import { loadTrusted, recordDirectoryVersion } from '../memory.ts';
import { passphraseProblem, prepareStrengthCheck } from '../strength.ts';
import { groupName } from './groups.ts';

/** What the last signing did, shown after the screen is drawn again. */
export type SignNotice = { version: number | null; certified: string[]; mismatched: string[]; disabled?: string; rewrapped?: true };

/** Everything the Accounts screen needs to judge the directory, read once per drawing. */
export type DirectoryState = { crypto: Crypto; organisation: Organisation; trusted: Trusted; plan: Plan; anchored: Uint8Array };

export async function loadDirectoryState(accounts: Account[]): Promise<DirectoryState> {
  const keys = heldKeys();
  if (keys === null) throw new Error('no keys in memory');
  const crypto = await cryptoReady();
  const [organisation, trusted] = await Promise.all([api.organisation(), loadTrusted(crypto, keys.organisationKey)]);
  const recoveryKey = organisation.recoveryPublicKey === null ? null : crypto.fromBase64Url(organisation.recoveryPublicKey);
  // A first directory routes as setup does, from the catalogue: never from the server's group rows.
  const plan = planDirectory(crypto, accounts, defaultRouting(regions.map((r) => r.id)), trusted, recoveryKey);
  return { crypto, organisation, trusted, plan, anchored: keys.organisationKey };
}

/** The warning at the top of Accounts while something awaits signing (point 7). */
export function directoryWarning(app: App, state: DirectoryState): Child {
  const { t } = app;
  if (state.trusted.current === null) return h('p', { class: 'warning', id: 'directory-warning' }, t.directoryMissing);
  if (!state.plan.needed) return null;
  return h('p', { class: 'warning', id: 'directory-warning' }, t.directoryNeedsSigning);
}

/** Words for one reviewed change. */
function describeChange(app: App, change: Change, names: Map<string, string>, groups: Map<string, Group>): string {
  const { t, language } = app;
  if (change.kind === 'recovery') return t.changeRecovery;
  const name = names.get(change.accountId) ?? change.accountId;
  const roles: Record<string, string> = t.roles;
  if (change.kind === 'role') return format(t.changeRole, { name, from: roles[change.from] ?? change.from, to: roles[change.to] ?? change.to }, language);
  const group = groupName(groups.get(change.groupId), change.groupId, language);
  const texts = { joins: change.kind === 'joins' && change.withCode === true ? t.changeJoinsWithCode : t.changeJoins, leaves: t.changeLeaves, excluded: t.changeExcluded } as const;
  return format(texts[change.kind], { name, group }, language);
}

/** Reads the organisation passphrase's field, opens the organisation key here and checks it against the anchored one. */
export async function openKey(state: DirectoryState, passphrase: string): Promise<Uint8Array> {
  const wrapped = state.organisation.wrappedSigningKey;
  if (wrapped === undefined) throw new Error('no wrapped organisation key');
  await afterPaint();
  return openOrganisationKey(state.crypto, state.crypto.fromBase64Url(wrapped), passphrase, state.anchored);
}

export async function publish(state: DirectoryState, signed: SignedDirectory): Promise<number> {
  const b64 = state.crypto.toBase64Url;
  const { version } = await api.publishDirectory(
    b64(signed.directory),
    signed.certificates.map((c) => ({ accountId: c.accountId, certificate: b64(c.certificate) })),
  );
  // Remembered here, so the server can never serve this browser an older version again.
  recordDirectoryVersion(state.crypto, state.anchored, signed.version);
  return version;
}

export function signDirectorySection(app: App, state: DirectoryState, accounts: Account[], groups: Group[], notice: SignNotice | undefined): HTMLElement {
  const { t, language } = app;
  const { crypto, plan } = state;
  const names = new Map(accounts.map((a) => [a.id, a.displayName]));
  const groupsById = new Map(groups.map((g) => [g.id, g]));
  const attributes = { 'aria-labelledby': 'sign-title', id: 'sign-section' };
  const head: Child[] = [
    h('h2', { id: 'sign-title' }, t.signTitle),
    notice !== undefined && noticeBox(app, notice),
    plan.notUpgraded.length > 0 && h('p', { class: 'note', id: 'sign-not-upgraded' }, t.signNotUpgraded, ' ', plan.notUpgraded.map((a) => a.displayName).join(', ')),
  ];
  const legacyWrap = state.organisation.signingKeyProtection === 'login_passphrase';
  const none = h('p', { id: 'sign-none' }, format(t.signNone, { version: state.trusted.current?.version ?? 0 }, language));
  // Nothing to sign, and the organisation key already has its own passphrase: nothing to do here.
  if (!plan.needed && !legacyWrap) return h('section', attributes, head, none);

  const codes = plan.awaitingCode.map((account) => {
    const field = textField({
      id: `code-${account.id}`,
      label: format(t.codeLabel, { name: account.displayName, username: account.username, role: t.roles[account.role] }, language),
      // Role and groups come from the server's rows: read here, in words, before the code certifies them.
      hint: `${format(t.codeReceives, { role: t.roles[account.role], groups: account.groups.map((g) => groupName(groupsById.get(g), g, language)).join('; ') || t.codeNoGroups }, language)} ${t.fingerprint}: ${crypto.keyFingerprint(crypto.fromBase64Url(account.publicKey))}`,
      value: '',
      attributes: { inputmode: 'numeric', maxlength: 20, placeholder: '0000 0000 0000' },
    });
    return { account, field };
  });
  const changes = plan.changes.map((change) => describeChange(app, change, names, groupsById));
  const passphrase = textField({ id: 'sign-passphrase', label: legacyWrap ? t.signPassphraseLegacy : t.signPassphrase, hint: t.signPassphraseHint, type: 'password', attributes: { autocomplete: 'off' } });
  const newPassphrase = textField({ id: 'sign-new-org-passphrase', label: t.orgPassphrase, hint: t.orgPassphraseHint, type: 'password', attributes: { autocomplete: 'new-password' } });
  const newRepeat = textField({ id: 'sign-new-org-passphrase-repeat', label: t.orgPassphraseRepeat, type: 'password', attributes: { autocomplete: 'new-password' } });
  if (legacyWrap) prepareStrengthCheck();
  const failure = errorBox('sign-error');
  const submit = h('button', { type: 'submit', id: 'sign-submit', class: 'primary' }, t.signAll);

  /** The accounts whose typed code is the one computed from the key the server holds; the rest are named. */
  async function confirmCodes(): Promise<{ confirmed: Set<string>; mismatched: string[] }> {
    const confirmed = new Set<string>();
    const mismatched: string[] = [];
    await afterPaint();
    for (const { account, field } of codes) {
      const typed = field.input.value.replace(/\D/g, '');
      const s = plan.standings.get(account.id);
      if (typed === '' || s?.kind !== 'needs_code' || s.claim.signKey === null) {
        setFieldError(field, null);
        continue;
      }
      const expected = crypto.keyConfirmationCode(s.claim.boxKey, s.claim.signKey).replace(/\D/g, '');
      if (typed === expected) {
        confirmed.add(account.id);
        setFieldError(field, null);
      } else {
        mismatched.push(account.displayName);
        setFieldError(field, format(t.codeMismatch, { name: account.displayName }, language));
      }
    }
    return { confirmed, mismatched };
  }

  async function sign(): Promise<void> {
    failure.show(null);
    if (passphrase.input.value === '') {
      setFieldError(passphrase, t.errorRequired);
      return passphrase.input.focus();
    }
    setFieldError(passphrase, null);
    if (legacyWrap) {
      const problem = newPassphrase.input.value === passphrase.input.value ? t.errorOrgPassphraseSame : await passphraseProblem(t, newPassphrase.input.value, 'organisation');
      setFieldError(newPassphrase, problem);
      setFieldError(newRepeat, problem === null && newRepeat.input.value !== newPassphrase.input.value ? t.errorPassphraseMismatch : null);
      if (problem !== null) return newPassphrase.input.focus();
      if (newRepeat.input.value !== newPassphrase.input.value) return newRepeat.input.focus();
    }
    const { confirmed, mismatched } = await confirmCodes();
    const otherwiseNeeded = state.trusted.current === null || changesNeedSigning(plan.changes);
    const publishing = confirmed.size > 0 || otherwiseNeeded;
    if (!publishing && !legacyWrap) {
      const text = mismatched.length > 0 ? t.signNothingMismatch : t.signNothingTyped;
      failure.show(text);
      app.announce(text, true);
      return;
    }
    const privateKey = await openKey(state, passphrase.input.value);
    passphrase.input.value = '';
    let version: number | null = null;
    try {
      const recoveryKey = state.organisation.recoveryPublicKey === null ? null : crypto.fromBase64Url(state.organisation.recoveryPublicKey);
      if (publishing) version = await publish(state, signNextDirectory(crypto, { plan, trusted: state.trusted, confirmed, recoveryPublicKey: recoveryKey, organisationPrivateKey: privateKey }));
      // Until now the organisation key was wrapped under a sign-in passphrase: it gets its own.
      if (legacyWrap) await api.replaceSigningKeyWrap(crypto.toBase64Url(crypto.wrapWithPassphrase(privateKey, newPassphrase.input.value)));
    } finally {
      privateKey.fill(0);
    }
    const certified = plan.awaitingCode.filter((a) => confirmed.has(a.id)).map((a) => a.displayName);
    app.show({ name: 'accounts', notice: { version, certified, mismatched, ...(legacyWrap ? { rewrapped: true } : {}) } });
  }

  return h(
    'section',
    attributes,
    head,
    h('p', {}, t.signIntro),
    !plan.needed && none,
    legacyWrap && h('p', { class: 'warning', id: 'sign-legacy-wrap' }, t.orgPassphraseReplace),
    state.trusted.current === null && firstSigningReview(app, state, groupsById),
    codes.length > 0 && h('div', { id: 'sign-list', class: 'awaiting' }, h('h3', {}, t.signKeysTitle), h('p', { class: 'hint' }, t.signCodesHint), codes.map((c) => c.field.wrap)),
    changes.length > 0 && h('div', { id: 'sign-changes-wrap' }, h('h3', {}, t.signChangesTitle), h('ul', { id: 'sign-changes' }, changes.map((text) => h('li', {}, text)))),
    h(
      'form',
      {
        id: 'sign-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          void runBusy(submit, t.checking, sign, showProblem(app, failure));
        },
      },
      passphrase.wrap,
      legacyWrap && h('fieldset', {}, h('legend', {}, t.orgPassphraseLegend), newPassphrase.wrap, newRepeat.wrap),
      failure.box,
      h('div', { class: 'actions' }, submit),
    ),
  );
}

/**
 * Before a first signing, what nothing signed vouches for yet: the routing table (from the
 * catalogue, as setup signs it) and the recovery key the server names, by fingerprint.
 */
function firstSigningReview(app: App, state: DirectoryState, groups: Map<string, Group>): HTMLElement {
  const { t } = app;
  const recoveryKey = state.organisation.recoveryPublicKey;
  return h(
    'div',
    { id: 'sign-first' },
    h('h3', {}, t.signRoutingTitle),
    h('ul', { id: 'sign-routing' }, routingLines(app, state.plan.routing, groups).map((line) => h('li', {}, line))),
    recoveryKey !== null &&
      h(
        'p',
        { class: 'warning', id: 'sign-recovery-first' },
        t.signRecoveryFirst,
        ' ',
        h('span', { class: 'mono', id: 'sign-recovery-fingerprint', translate: 'no' }, state.crypto.keyFingerprint(state.crypto.fromBase64Url(recoveryKey))),
      ),
  );
}

/** The routing table in words, one line per rule. */
function routingLines({ t, language }: App, routing: RoutingTable, groups: Map<string, Group>): string[] {
  const name = (id: string) => groupName(groups.get(id), id, language);
  return [
    ...Object.entries(routing.exclusive).map(([category, g]) => format(t.routingExclusive, { category: categoryLabel(category, language), group: name(g) }, language)),
    ...Object.entries(routing.regions).map(([kato, g]) => format(t.routingRegion, { region: regionLabel(kato, language), group: name(g) }, language)),
    format(t.routingFallback, { group: name(routing.fallback) }, language),
  ];
}

function noticeBox(app: App, notice: SignNotice): HTMLElement {
  const { t, language } = app;
  return h(
    'div',
    { id: 'sign-notice' },
    notice.disabled !== undefined && h('p', { class: 'note', id: 'sign-disabled' }, format(t.disabledPublished, { name: notice.disabled, version: notice.version ?? 0 }, language)),
    notice.disabled === undefined && notice.version !== null && h('p', { class: 'note', id: 'sign-done' }, format(t.signDone, { version: notice.version, count: notice.certified.length }, language)),
    notice.rewrapped === true && h('p', { class: 'note', id: 'sign-rewrapped' }, t.orgPassphraseReplaced),
    notice.mismatched.length > 0 && h('p', { class: 'alert', id: 'sign-mismatch', role: 'alert' }, format(t.signMismatchNotice, { names: notice.mismatched.join(', ') }, language)),
  );
}

/**
 * Disabling an account (admin): the organisation passphrase first, then the account is disabled and
 * a directory version without its keys is signed and published at once (when it lists them).
 */
export function disablePanel(app: App, state: DirectoryState, account: Account, area: HTMLElement): void {
  const { t, language } = app;
  // An account the directory does not list (an analyst, a key not yet certified) is just disabled.
  const listed = isListed(state.trusted, account.id);
  const passphrase = textField({ id: 'disable-passphrase', label: t.signPassphrase, hint: t.disableHint, type: 'password', attributes: { autocomplete: 'off' } });
  const failure = errorBox('disable-error');
  const submit = h('button', { type: 'submit', id: 'disable-submit', class: 'primary' }, format(t.disableAccount, { name: account.displayName }, language));
  const cancel = h('button', { type: 'button', id: 'disable-cancel', class: 'secondary', onclick: () => fill(area) }, t.cancel);
  async function disable(): Promise<void> {
    failure.show(null);
    if (listed && passphrase.input.value === '') {
      setFieldError(passphrase, t.errorRequired);
      return passphrase.input.focus();
    }
    // The key is opened before anything changes: a wrong passphrase leaves the account as it was.
    const privateKey = listed ? await openKey(state, passphrase.input.value) : null;
    passphrase.input.value = '';
    let version: number | null = null;
    try {
      await api.setAccountEnabled(account.id, false);
      const next = privateKey === null ? null : directoryWithout(state.crypto, state.trusted, account.id, privateKey);
      if (next !== null) version = await publish(state, next);
    } finally {
      privateKey?.fill(0);
    }
    app.show({ name: 'accounts', notice: { version, certified: [], mismatched: [], disabled: account.displayName } });
  }
  fill(
    area,
    h(
      'form',
      {
        id: 'disable-form',
        class: 'panel',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          void runBusy(submit, t.checking, disable, showProblem(app, failure));
        },
      },
      h('h3', { tabindex: -1, id: 'disable-title' }, format(t.disableTitle, { name: account.displayName }, language)),
      listed && h('p', {}, t.disableIntro),
      listed && passphrase.wrap,
      failure.box,
      h('div', { class: 'actions' }, submit, cancel),
    ),
  );
  area.querySelector<HTMLElement>('#disable-title')?.focus();
}
