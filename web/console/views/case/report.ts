// The report as the reporter wrote it, and their contact details, which are fetched and opened
// only on an explicit request (the server records it in the audit log).
import { api } from '../../api.ts';
import type { App } from '../../app.ts';
import { fill, h } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { errorBox, runBusy, showProblem } from '../../form.ts';
import { factList, type CaseView } from './open.ts';

/** The report's fields, marked with the language it was written in; or why it could not be opened. */
export function reportSection({ app, opened, openError }: CaseView): HTMLElement {
  const { t, language } = app;
  const content = opened?.content;
  const reportLanguage = content?.language ?? language;
  return h(
    'section',
    { 'aria-labelledby': 'case-report-title' },
    h('h2', { id: 'case-report-title' }, t.caseReport),
    openError !== null
      ? h('p', { class: 'alert', id: 'case-decrypt-error' }, openError)
      : content !== undefined && [
          h('p', { class: 'note', id: 'case-language' }, format(t.writtenIn, { language: t.languageNames[content.language] }, language)),
          factList([
            [t.happened, content.happened === '' ? t.happenedUnknown : formatMonth(app, content.happened)],
            [t.employer, content.employer || '—', { lang: reportLanguage }],
            [t.where, content.where || '—', { lang: reportLanguage }],
            [t.what, h('span', { class: 'report-text', id: 'case-what' }, content.what || '—'), { lang: reportLanguage }],
            [t.who, content.who || '—', { lang: reportLanguage }],
          ]),
        ],
  );
}

/** "Show contact details (recorded in the audit log)": asks the server for the ciphertext and opens it here. */
export function contactSection({ app, crypto, keyPair, detail, opened }: CaseView): HTMLElement {
  const { t } = app;
  const area = h('div', { id: 'case-contact' });
  const failure = errorBox('case-contact-error');
  const button = h('button', { type: 'button', id: 'show-contact', class: 'secondary' }, t.showContact);
  button.addEventListener('click', () => {
    void runBusy(
      button,
      t.loading,
      async () => {
        failure.show(null);
        const { contact: ciphertext } = await api.contact(detail.id);
        if (ciphertext === null || opened === null) {
          fill(area, h('p', { id: 'contact-none' }, t.contactNone));
        } else {
          const { contact } = crypto.openReport({ reportId: detail.id, content: opened.sealed.content, contact: crypto.fromBase64Url(ciphertext), wrap: opened.sealed.wrap, keyPair });
          fill(area, contact === null ? h('p', {}, t.contactNone) : factList([[t.contactName, contact.name || '—'], [t.contactWay, contact.contact || '—']]));
        }
        button.remove();
        app.announce(t.contactShown);
      },
      showProblem(app, failure),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'case-contact-title' },
    h('h2', { id: 'case-contact-title' }, t.contactTitle),
    !detail.hasContact ? h('p', { id: 'contact-none' }, t.contactNone) : opened !== null && [h('p', { class: 'hint' }, t.contactHint), button],
    failure.box,
    area,
  );
}

/** "2026-03" → "March 2026" in the console's language. */
function formatMonth(app: App, happened: string): string {
  const [year, month] = happened.split('-');
  const name = app.t.months[Number(month) - 1];
  return name === undefined ? happened : `${name} ${year}`;
}
