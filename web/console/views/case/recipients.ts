// Another recipient for the case: its key is re-wrapped here for a colleague whose certificate
// verifies with the anchored organisation key, names the key the server lists for them, and is the
// one the current signed directory lists (not an older one replayed, nor a disabled account's); the
// wrap goes to the certified key, and the report is never re-encrypted.
import type { Colleague } from '../../../../contract/console-api.ts';
import { api } from '../../api.ts';
import { h } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { errorBox, runBusy, selectField, showProblem } from '../../form.ts';
import type { Crypto } from '../../keys.ts';
import { loadTrusted } from '../../memory.ts';
import { certifiesBoxKey, verifiedCertificate, type VerifiedCertificate } from './certificates.ts';
import type { CaseView } from './open.ts';

/** A colleague the case may be shared with, and the certified key to wrap for. */
type Candidate = { colleague: Colleague; certificate: VerifiedCertificate };

/** The section at once; the picker follows when the colleagues have arrived. */
export function recipientsSection(view: CaseView): HTMLElement {
  const { t } = view.app;
  const section = h('section', { 'aria-labelledby': 'case-recipients-title' }, h('h2', { id: 'case-recipients-title' }, t.addRecipientTitle), h('p', { class: 'hint' }, t.addRecipientHint));
  if (view.opened !== null) void drawRecipientPicker(view, section);
  return section;
}

/**
 * Colleagues whose certificate verifies, names them and their listed key, is listed in the current
 * verified directory (`listed`: its digests), and lets them receive cases (not an analyst).
 */
export function certifiedColleagues(crypto: Crypto, organisationKey: Uint8Array, colleagues: readonly Colleague[], listed: ReadonlySet<string>): Candidate[] {
  return colleagues.flatMap((colleague) => {
    const certificate = verifiedCertificate(crypto, organisationKey, colleague.id, colleague.certificate);
    if (certificate === null || !listed.has(certificate.digest) || !certifiesBoxKey(crypto, certificate, colleague.publicKey)) return [];
    return certificate.role === 'inspector' || certificate.role === 'admin' ? [{ colleague, certificate }] : [];
  });
}

async function drawRecipientPicker({ app, crypto, keyPair, held, detail, reload }: CaseView, section: HTMLElement): Promise<void> {
  const { t } = app;
  let candidates: Candidate[];
  try {
    const [colleagues, trusted] = await Promise.all([api.colleagues(), loadTrusted(crypto, held.organisationKey)]);
    candidates = certifiedColleagues(crypto, held.organisationKey, colleagues, trusted.listed);
  } catch (error) {
    section.append(h('p', { id: 'recipient-unavailable' }, app.problem(error)));
    return;
  }
  if (candidates.length === 0) {
    section.append(h('p', { id: 'recipient-none' }, t.addRecipientNone));
    return;
  }
  const picker = selectField(
    'recipient-account',
    t.addRecipientWho,
    [['', t.choose], ...candidates.map(({ colleague: a }) => [a.id, `${a.displayName} (${a.username})`] as const)],
    '',
  );
  const failure = errorBox('recipient-error');
  const add = h('button', { type: 'submit', id: 'recipient-add', class: 'primary' }, t.addRecipient);
  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const chosen = candidates.find(({ colleague }) => colleague.id === picker.select.value);
    if (chosen === undefined) return failure.show(t.errorRequired);
    const { wrap } = detail;
    if (wrap === null) return;
    void runBusy(
      add,
      t.saving,
      async () => {
        failure.show(null);
        const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(wrap), keyPair);
        const newWrap = crypto.wrapReportKey(reportKeyPair.privateKey, chosen.certificate.boxKey);
        reportKeyPair.privateKey.fill(0);
        await api.addRecipient(detail.id, chosen.colleague.id, crypto.toBase64Url(newWrap));
        reload(format(t.recipientAdded, { name: chosen.colleague.displayName }, app.language), form);
      },
      showProblem(app, failure),
    );
  }
  section.append(h('form', { id: 'recipient-form', novalidate: true, onsubmit: onSubmit }, picker.wrap, failure.box, h('div', { class: 'actions' }, add)));
}
