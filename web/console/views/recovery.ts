// Recovery (admin): with the recovery private key typed in from the sheet kept in a safe, give a
// colleague access to cases: every open case of an inspector who has left, chosen by name, or one
// case by id. The typed key is read group by group (each group's check character names a mistyped
// one), never leaves this browser and is wiped after use; the case content is not decrypted here.
// Both keys are believed only through certificates verified with the organisation key from the
// admin's own key envelope and listed in the current signed directory: the typed key must be the
// one the listed recovery certificate names, and case keys are wrapped for the key the colleague's
// listed certificate names, never for one the server merely lists, nor for an older certificate it
// replays. The server says which cases an inspector had; padding or trimming that list changes whose
// cases are given, never to whom.
import type { Account, RecoveryCase } from '../../../contract/console-api.ts';
import { api, ApiError } from '../api.ts';
import type { App } from '../app.ts';
import type { Messages } from '../i18n/index.ts';
import { categoryLabel, formatDay } from '../labels.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format, plural, type Language } from '../../shared/language.ts';
import { errorBox, isBusy, runBusy, selectField, setFieldError, showProblem, textField } from '../form.ts';
import { cryptoReady, heldKeys, readRecoveryKey, sameBytes, type Crypto, type KeyPair, type RecoveryKeyReading } from '../keys.ts';
import { loadTrusted } from '../memory.ts';
import { certifiesBoxKey, verifiedCertificate, type VerifiedCertificate } from './case/certificates.ts';

/** An account a case can be given to, and the certified key to wrap for. */
type Candidate = { account: Account; certificate: VerifiedCertificate };

/** Active inspectors and admins whose certificate verifies, is listed in the current directory (`listed`) and names the key the server lists for them. */
function certifiedAccounts(crypto: Crypto, organisationKey: Uint8Array, accounts: readonly Account[], listed: ReadonlySet<string>): Candidate[] {
  return accounts.flatMap((account) => {
    if (account.status !== 'active' || typeof account.publicKey !== 'string') return [];
    const certificate = verifiedCertificate(crypto, organisationKey, account.id, account.certificate);
    if (certificate === null || !listed.has(certificate.digest) || !certifiesBoxKey(crypto, certificate, account.publicKey)) return [];
    return certificate.role === 'inspector' || certificate.role === 'admin' ? [{ account, certificate }] : [];
  });
}

/** What separates the groups of a typed code; the same characters crypto/recovery-code.ts drops. */
const separators = /[\s\-\u2010-\u2015\u2212]/gu;

/** Why the typed key cannot be read, one line each: every group that does not check out (with what was typed for it), or why the whole does not. */
function keyProblems(t: Messages, language: Language, typed: string, reading: Extract<RecoveryKeyReading, { ok: false }>): string[] {
  const characters = [...typed.replace(separators, '')];
  if (reading.reason === 'length') return [plural(language, characters.length, t.recoveryCodeLength)];
  if (reading.reason === 'version') return [t.recoveryCodeVersion];
  const groupOf = (index: number) => characters.slice(index * 5, index * 5 + 5).join('').toUpperCase();
  return [...reading.badGroups.map((index) => format(t.recoveryCodeGroup, { number: String(index + 1), group: groupOf(index) }, language)), t.recoveryCodeCompare];
}

/** One line per problem under the key field (or none, which clears it). */
function setKeyError(field: { input: HTMLInputElement; error: HTMLElement }, lines: readonly string[]): void {
  setFieldError(field, lines.length === 0 ? null : lines.join(' '));
  fill(field.error, lines.map((line) => h('span', { class: 'error-line' }, line)));
}

/** The short reference the queue shows for a case. */
const reference = (caseId: string) => caseId.slice(0, 6);

/**
 * Gives `to` access to one case: the recovery key's wrap of the case key opened here and the case
 * key wrapped for the key `to`'s certificate names. A colleague who already had it counts as given.
 */
async function giveCase(crypto: Crypto, caseId: string, to: Candidate, recoveryKeyPair: KeyPair): Promise<void> {
  const { wrap } = await api.recoveryWrap(caseId);
  const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(wrap), recoveryKeyPair);
  const newWrap = crypto.wrapReportKey(reportKeyPair.privateKey, to.certificate.boxKey);
  reportKeyPair.privateKey.fill(0);
  try {
    await api.recoveryRewrap({ caseId, accountId: to.account.id, wrap: crypto.toBase64Url(newWrap) });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'case.recipient_exists')) throw error;
  }
}

export async function renderRecovery(app: App): Promise<Child[]> {
  const { t, language } = app;
  const held = heldKeys();
  if (held === null) throw new Error('no keys in memory');
  const crypto = await cryptoReady();
  const [accounts, trusted] = await Promise.all([api.accounts(), loadTrusted(crypto, held.organisationKey)]);
  const heading = [h('h1', { tabindex: -1 }, t.recoveryScreenTitle), h('p', {}, t.recoveryScreenIntro)];
  // The recovery certificate the signed directory names (readTrusted refused any other answer).
  const recoveryDigest = trusted.current?.recovery ?? null;
  const recoveryCertificate = recoveryDigest === null ? null : (trusted.byDigest.get(recoveryDigest) ?? null);
  if (recoveryCertificate === null || recoveryCertificate.role !== 'recovery') return [...heading, h('p', { class: 'alert', id: 'recovery-untrusted' }, t.recoveryUntrusted)];
  const certifiedRecoveryKey = recoveryCertificate.boxKey;
  const candidates = certifiedAccounts(crypto, held.organisationKey, accounts, trusted.listed);
  const candidateOptions = (except: string) => [['', t.choose] as const, ...candidates.filter(({ account }) => account.id !== except).map(({ account: a }) => [a.id, `${a.displayName} (${a.username})`] as const)];

  const key = textField({
    id: 'recovery-key-input',
    label: t.recoveryKeyInput,
    hint: t.recoveryCodeHint,
    attributes: { class: 'mono', autocapitalize: 'characters', maxlength: 200, onchange: () => checkTypedKey() },
  });

  /** The recovery key pair from what is typed, or null after saying on the field what is wrong with it. */
  function typedKeyPair(): KeyPair | null {
    const reading = readRecoveryKey(crypto, key.input.value);
    if (!reading.ok) {
      setKeyError(key, keyProblems(t, language, key.input.value, reading));
      return null;
    }
    const keyPair = crypto.boxKeyPairFromPrivateKey(reading.privateKey);
    reading.privateKey.fill(0);
    if (!sameBytes(keyPair.publicKey, certifiedRecoveryKey)) {
      keyPair.privateKey.fill(0);
      setKeyError(key, [t.errors['recovery.wrong_key'] ?? '']);
      return null;
    }
    setKeyError(key, []);
    return keyPair;
  }

  /** On leaving the field: says at once which groups are wrong, before anything is asked of the server. */
  function checkTypedKey(): void {
    if (key.input.value.trim() === '') return setKeyError(key, []);
    typedKeyPair()?.privateKey.fill(0);
  }

  return [...heading, key.wrap, byInspector(), oneCase()];

  /** Every open case of the inspector who left, listed, then given to one colleague in a single run. */
  function byInspector(): HTMLElement {
    const me = app.session?.me.id;
    const departed = accounts.filter((account) => account.id !== me);
    const from = selectField('recovery-from', t.recoveryFrom, [['', t.choose], ...departed.map((a) => [a.id, accountName(a)] as const)], '', { onchange: () => void listCases() });
    const to = selectField('recovery-to', t.recoveryGiveTo, candidateOptions(''), '');
    const cases = h('div', { id: 'recovery-cases' });
    const failure = errorBox('recovery-give-error');
    const give = h('button', { type: 'submit', id: 'recovery-give', class: 'primary', hidden: true }, '');
    const progress = h('progress', { id: 'recovery-progress-bar', max: 1, value: 0 });
    const progressLine = h('p', { id: 'recovery-progress', hidden: true });
    const results = h('div', { id: 'recovery-results' });
    let listed: RecoveryCase[] = [];
    let listing = 0;

    function accountName(account: Account): string {
      const name = `${account.displayName} (${account.username})`;
      return account.status === 'disabled' ? format(t.recoveryAccountDisabled, { name }, language) : name;
    }

    /** The chosen inspector's cases, from the server; a choice made meanwhile wins. */
    async function listCases(): Promise<void> {
      const request = ++listing;
      const account = departed.find((a) => a.id === from.select.value);
      const chosen = to.select.value;
      fill(to.select, candidateOptions(account?.id ?? '').map(([value, text]) => h('option', { value, selected: value === chosen }, text)));
      listed = [];
      give.hidden = true;
      fill(results);
      failure.show(null);
      fill(cases, account !== undefined && h('p', { class: 'loading' }, t.loading));
      if (account === undefined) return;
      try {
        const answer = await api.recoveryCasesOf(account.id);
        if (request !== listing) return;
        listed = answer.cases;
        fill(cases, casesTable(account, listed));
        give.textContent = plural(language, listed.length, t.recoveryGive);
        give.hidden = listed.length === 0;
      } catch (error) {
        if (request === listing) fill(cases, h('p', { class: 'alert' }, app.problem(error)));
      }
    }

    function casesTable(account: Account, items: readonly RecoveryCase[]): Child {
      if (items.length === 0) return h('p', { class: 'note', id: 'recovery-cases-none' }, format(t.recoveryCasesNone, { name: account.displayName }, language));
      return h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'recovery-cases-table' },
          h('caption', {}, format(t.recoveryCasesCaption, { name: account.displayName }, language)),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.recoveryReference), h('th', { scope: 'col' }, t.category), h('th', { scope: 'col' }, t.received))),
          h(
            'tbody',
            {},
            items.map((item) => h('tr', {}, h('td', { class: 'mono', translate: 'no' }, reference(item.id)), h('td', {}, categoryLabel(item.category, language)), h('td', {}, formatDay(item.receivedDay, language)))),
          ),
        ),
      );
    }

    function showProgress(done: number, total: number): void {
      progressLine.hidden = false;
      progress.max = total;
      progress.value = done;
      fill(progressLine, progress, ' ', format(t.recoveryProgress, { done, total }, language));
    }

    /** The outcome: everything given, or what was given and each case that was not, with why. */
    function showResults(colleague: Candidate, total: number, failed: readonly { item: RecoveryCase; problem: unknown }[]): void {
      const name = colleague.account.displayName;
      const summary =
        failed.length === 0
          ? format(plural(language, total, t.recoveryGivenAll), { name }, language)
          : format(plural(language, total, t.recoveryGivenSome), { name, given: total - failed.length }, language);
      fill(
        results,
        h('p', { class: failed.length === 0 ? 'note' : 'alert', id: 'recovery-summary' }, summary),
        failed.length > 0 && [
          h('ul', { id: 'recovery-failures' }, failed.map(({ item, problem }) => h('li', {}, h('span', { class: 'mono', translate: 'no' }, reference(item.id)), ` — ${categoryLabel(item.category, language)}: ${app.problem(problem)}`))),
          h('p', { class: 'note' }, t.recoveryRetry),
        ],
      );
      app.announce(summary, failed.length > 0);
    }

    function onGive(event: Event): void {
      event.preventDefault();
      if (isBusy(give)) return;
      const recoveryKeyPair = typedKeyPair();
      if (recoveryKeyPair === null) return key.input.focus();
      const colleague = candidates.find(({ account }) => account.id === to.select.value && account.id !== from.select.value);
      if (colleague === undefined) {
        recoveryKeyPair.privateKey.fill(0);
        failure.show(t.errorChooseAccount);
        return to.select.focus();
      }
      const items = listed;
      void runBusy(
        give,
        t.recoveryGiving,
        async () => {
          failure.show(null);
          fill(results);
          const failed: { item: RecoveryCase; problem: unknown }[] = [];
          try {
            for (const [done, item] of items.entries()) {
              showProgress(done, items.length);
              await giveCase(crypto, item.id, colleague, recoveryKeyPair).catch((problem: unknown) => failed.push({ item, problem }));
            }
          } finally {
            recoveryKeyPair.privateKey.fill(0);
          }
          showProgress(items.length, items.length);
          if (failed.length === 0) key.input.value = '';
          showResults(colleague, items.length, failed);
        },
        showProblem(app, failure),
      );
    }

    return h(
      'section',
      { id: 'recovery-by-account', 'aria-labelledby': 'recovery-by-account-title' },
      h('h2', { id: 'recovery-by-account-title' }, t.recoveryFromTitle),
      h('p', {}, t.recoveryFromIntro),
      h('form', { id: 'recovery-account-form', novalidate: true, onsubmit: onGive }, from.wrap, cases, to.wrap, failure.box, h('div', { class: 'actions' }, give), progressLine, results),
    );
  }

  /** The single-case form: a case id (from the audit log) and the colleague to give it to. */
  function oneCase(): HTMLElement {
    const caseId = textField({ id: 'recovery-case', label: t.recoveryCase, hint: t.recoveryCaseHint, attributes: { maxlength: 22, class: 'mono' } });
    const who = selectField('recovery-account', t.recoveryFor, candidateOptions(''), '');
    const failure = errorBox('recovery-error');
    const submit = h('button', { type: 'submit', id: 'recovery-submit', class: 'primary' }, t.recoveryGiveOne);

    function onSubmit(event: Event): void {
      event.preventDefault();
      if (isBusy(submit)) return;
      const id = caseId.input.value.trim();
      const idValid = /^[A-Za-z0-9_-]{22}$/.test(id);
      setFieldError(caseId, idValid ? null : t.errorCaseId);
      if (!idValid) return caseId.input.focus();
      const recoveryKeyPair = typedKeyPair();
      if (recoveryKeyPair === null) return key.input.focus();
      const chosen = candidates.find(({ account }) => account.id === who.select.value);
      if (chosen === undefined) {
        recoveryKeyPair.privateKey.fill(0);
        failure.show(t.errorChooseAccount);
        return who.select.focus();
      }
      void runBusy(
        submit,
        t.saving,
        async () => {
          failure.show(null);
          try {
            await giveCase(crypto, id, chosen, recoveryKeyPair);
          } finally {
            recoveryKeyPair.privateKey.fill(0);
          }
          key.input.value = '';
          const done = format(t.recoveryDone, { name: chosen.account.displayName }, language);
          app.announce(done);
          submit.insertAdjacentElement('afterend', h('p', { class: 'note', id: 'recovery-done', role: 'status' }, done));
        },
        showProblem(app, failure),
      );
    }

    return h(
      'details',
      { id: 'recovery-one' },
      h('summary', {}, t.recoveryOneTitle),
      h('form', { id: 'recovery-form', novalidate: true, onsubmit: onSubmit }, caseId.wrap, who.wrap, failure.box, h('div', { class: 'actions' }, submit)),
    );
  }
}
