// Recovery (admin): with the recovery private key typed in (from the paper kept in a safe), re-wrap
// one case's key for another inspector. The recovery key never leaves this browser and is wiped
// after use; the case content is not decrypted here.
import type { Account } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { errorBox, isBusy, runBusy, selectField, setFieldError, showProblem, textField } from '../form.ts';
import { cryptoReady, readRecoveryKey } from '../keys.ts';

export async function renderRecovery(app: App): Promise<Child[]> {
  const { t } = app;
  const [crypto, accounts, organisation] = await Promise.all([cryptoReady(), api.accounts(), api.organisation()]);
  const signingPublicKey = crypto.fromBase64Url(organisation.signingPublicKey);
  const candidates = accounts.filter(
    (a: Account) =>
      a.status === 'active' &&
      a.role !== 'analyst' &&
      typeof a.publicKey === 'string' &&
      typeof a.keySignature === 'string' &&
      crypto.verifyRecipientKey({ recipientId: a.id, publicKey: crypto.fromBase64Url(a.publicKey), signature: crypto.fromBase64Url(a.keySignature) }, signingPublicKey),
  );
  const caseId = textField({ id: 'recovery-case', label: t.recoveryCase, hint: t.recoveryCaseHint, attributes: { maxlength: 22, class: 'mono' } });
  const key = textField({ id: 'recovery-key-input', label: t.recoveryKeyInput, hint: t.recoveryKeyHint, type: 'password', attributes: { autocomplete: 'off', class: 'mono' } });
  const who = selectField('recovery-account', t.recoveryFor, [['', t.choose], ...candidates.map((a) => [a.id, `${a.displayName} (${a.username})`] as const)], '');
  const failure = errorBox('recovery-error');
  const submit = h('button', { type: 'submit', id: 'recovery-submit', class: 'primary' }, t.recoveryRewrap);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(submit)) return;
    const id = caseId.input.value.trim();
    const recoveryKey = readRecoveryKey(crypto, key.input.value);
    setFieldError(caseId, /^[A-Za-z0-9_-]{22}$/.test(id) ? null : t.errorCaseId);
    setFieldError(key, recoveryKey === null ? t.errorRecoveryKey : null);
    const account = candidates.find((a) => a.id === who.select.value);
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return caseId.input.focus();
    if (recoveryKey === null) return key.input.focus();
    if (account === undefined || account.publicKey === undefined) {
      failure.show(t.errorChooseAccount);
      return who.select.focus();
    }
    const publicKey = account.publicKey;
    void runBusy(
      submit,
      t.saving,
      async () => {
        failure.show(null);
        const recoveryKeyPair = crypto.boxKeyPairFromPrivateKey(recoveryKey);
        recoveryKey.fill(0);
        if (crypto.toBase64Url(recoveryKeyPair.publicKey) !== organisation.recoveryPublicKey) {
          recoveryKeyPair.privateKey.fill(0);
          throw Object.assign(new Error('not the recovery key'), { name: 'CryptoError', code: 'recovery.wrong_key' });
        }
        const { wrap } = await api.recoveryWrap(id);
        const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(wrap), recoveryKeyPair);
        recoveryKeyPair.privateKey.fill(0);
        const newWrap = crypto.wrapReportKey(reportKeyPair.privateKey, crypto.fromBase64Url(publicKey));
        reportKeyPair.privateKey.fill(0);
        await api.recoveryRewrap({ caseId: id, accountId: account.id, wrap: crypto.toBase64Url(newWrap) });
        key.input.value = '';
        app.announce(format(t.recoveryDone, { name: account.displayName }, app.language));
        submit.insertAdjacentElement('afterend', h('p', { class: 'note', id: 'recovery-done', role: 'status' }, format(t.recoveryDone, { name: account.displayName }, app.language)));
      },
      showProblem(app, failure),
    );
  }

  return [
    h('h1', { tabindex: -1 }, t.recoveryScreenTitle),
    h('p', {}, t.recoveryScreenIntro),
    h('form', { id: 'recovery-form', novalidate: true, onsubmit: onSubmit }, caseId.wrap, key.wrap, who.wrap, failure.box, h('div', { class: 'actions' }, submit)),
  ];
}
