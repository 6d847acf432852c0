// Recovery (admin): with the recovery private key typed in (from the paper kept in a safe), re-wrap
// one case's key for another inspector. The recovery key never leaves this browser and is wiped
// after use; the case content is not decrypted here. Both keys are believed only through
// certificates verified with the organisation key from the admin's own key envelope and listed in
// the current signed directory: the typed key must be the one the listed recovery certificate names,
// and the case key is wrapped for the key the inspector's listed certificate names, never for one the
// server merely lists, nor for an older certificate it replays.
import type { Account } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { errorBox, isBusy, runBusy, selectField, setFieldError, showProblem, textField } from '../form.ts';
import { cryptoReady, heldKeys, readRecoveryKey, sameBytes, type Crypto } from '../keys.ts';
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

export async function renderRecovery(app: App): Promise<Child[]> {
  const { t } = app;
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
  const caseId = textField({ id: 'recovery-case', label: t.recoveryCase, hint: t.recoveryCaseHint, attributes: { maxlength: 22, class: 'mono' } });
  const key = textField({ id: 'recovery-key-input', label: t.recoveryKeyInput, hint: t.recoveryKeyHint, type: 'password', attributes: { autocomplete: 'off', class: 'mono' } });
  const who = selectField('recovery-account', t.recoveryFor, [['', t.choose], ...candidates.map(({ account: a }) => [a.id, `${a.displayName} (${a.username})`] as const)], '');
  const failure = errorBox('recovery-error');
  const submit = h('button', { type: 'submit', id: 'recovery-submit', class: 'primary' }, t.recoveryRewrap);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(submit)) return;
    const id = caseId.input.value.trim();
    const recoveryKey = readRecoveryKey(crypto, key.input.value);
    setFieldError(caseId, /^[A-Za-z0-9_-]{22}$/.test(id) ? null : t.errorCaseId);
    setFieldError(key, recoveryKey === null ? t.errorRecoveryKey : null);
    const chosen = candidates.find(({ account }) => account.id === who.select.value);
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return caseId.input.focus();
    if (recoveryKey === null) return key.input.focus();
    if (chosen === undefined) {
      failure.show(t.errorChooseAccount);
      return who.select.focus();
    }
    void runBusy(
      submit,
      t.saving,
      async () => {
        failure.show(null);
        const recoveryKeyPair = crypto.boxKeyPairFromPrivateKey(recoveryKey);
        recoveryKey.fill(0);
        if (!sameBytes(recoveryKeyPair.publicKey, certifiedRecoveryKey)) {
          recoveryKeyPair.privateKey.fill(0);
          throw Object.assign(new Error('not the recovery key'), { name: 'CryptoError', code: 'recovery.wrong_key' });
        }
        const { wrap } = await api.recoveryWrap(id);
        const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(wrap), recoveryKeyPair);
        recoveryKeyPair.privateKey.fill(0);
        const newWrap = crypto.wrapReportKey(reportKeyPair.privateKey, chosen.certificate.boxKey);
        reportKeyPair.privateKey.fill(0);
        await api.recoveryRewrap({ caseId: id, accountId: chosen.account.id, wrap: crypto.toBase64Url(newWrap) });
        key.input.value = '';
        const done = format(t.recoveryDone, { name: chosen.account.displayName }, app.language);
        app.announce(done);
        submit.insertAdjacentElement('afterend', h('p', { class: 'note', id: 'recovery-done', role: 'status' }, done));
      },
      showProblem(app, failure),
    );
  }

  return [...heading, h('form', { id: 'recovery-form', novalidate: true, onsubmit: onSubmit }, caseId.wrap, key.wrap, who.wrap, failure.box, h('div', { class: 'actions' }, submit))];
}
