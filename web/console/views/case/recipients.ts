// Another recipient for the case: its key is re-wrapped here for a colleague whose public key the
// organisation signed (checked against the organisation key first); the report is never re-encrypted.
import type { Colleague } from '../../../../contract/console-api.ts';
import { api } from '../../api.ts';
import { h } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { errorBox, runBusy, selectField, showProblem } from '../../form.ts';
import type { CaseView } from './open.ts';

/** The section at once; the picker follows when the colleagues and the organisation key have arrived. */
export function recipientsSection(view: CaseView): HTMLElement {
  const { t } = view.app;
  const section = h('section', { 'aria-labelledby': 'case-recipients-title' }, h('h2', { id: 'case-recipients-title' }, t.addRecipientTitle), h('p', { class: 'hint' }, t.addRecipientHint));
  if (view.opened !== null) void drawRecipientPicker(view, section);
  return section;
}

/** The accounts the case key can be re-wrapped for: active, with a public key the organisation signed. */
async function drawRecipientPicker({ app, crypto, keyPair, detail, reload }: CaseView, section: HTMLElement): Promise<void> {
  const { t } = app;
  let colleagues: Colleague[];
  let signingPublicKey: Uint8Array;
  try {
    const [list, organisation] = await Promise.all([api.colleagues(), api.organisation()]);
    colleagues = list;
    signingPublicKey = crypto.fromBase64Url(organisation.signingPublicKey);
  } catch (error) {
    section.append(h('p', { id: 'recipient-unavailable' }, app.problem(error)));
    return;
  }
  const candidates = colleagues.filter((account) => {
    return crypto.verifyRecipientKey(
      { recipientId: account.id, publicKey: crypto.fromBase64Url(account.publicKey), signature: crypto.fromBase64Url(account.keySignature) },
      signingPublicKey,
    );
  });
  if (candidates.length === 0) {
    section.append(h('p', { id: 'recipient-none' }, t.addRecipientNone));
    return;
  }
  const picker = selectField('recipient-account', t.addRecipientWho, [['', t.choose], ...candidates.map((a) => [a.id, `${a.displayName} (${a.username})`] as const)], '');
  const failure = errorBox('recipient-error');
  const add = h('button', { type: 'submit', id: 'recipient-add', class: 'primary' }, t.addRecipient);
  function onSubmit(event: Event): void {
    event.preventDefault();
    const account = candidates.find((a) => a.id === picker.select.value);
    if (account === undefined) return failure.show(t.errorRequired);
    const { wrap } = detail;
    if (account.publicKey === undefined || wrap === null) return;
    const publicKey = account.publicKey;
    void runBusy(
      add,
      t.saving,
      async () => {
        failure.show(null);
        const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(wrap), keyPair);
        const newWrap = crypto.wrapReportKey(reportKeyPair.privateKey, crypto.fromBase64Url(publicKey));
        reportKeyPair.privateKey.fill(0);
        await api.addRecipient(detail.id, account.id, crypto.toBase64Url(newWrap));
        reload(format(t.recipientAdded, { name: account.displayName }, app.language));
      },
      showProblem(app, failure),
    );
  }
  section.append(h('form', { id: 'recipient-form', novalidate: true, onsubmit: onSubmit }, picker.wrap, failure.box, h('div', { class: 'actions' }, add)));
}
