// One case: decrypted here with the inspector's private key (the server only ever sends
// ciphertext), the deadlines, the history, triage and workflow, internal notes encrypted for the
// case's recipients, contact details only on an explicit request, and adding a recipient by
// re-wrapping the case key (never re-encrypting).
import { api, ApiError, nextStatuses, outcomes, type CaseDetail, type Colleague, type CaseEvent, type CaseStatus, type Outcome, type Severity } from '../api.ts';
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { busy, checkbox, errorBox, isBusy, selectField } from '../form.ts';
import { cryptoReady, heldKeyPair, type Crypto, type KeyPair } from '../keys.ts';
import { categoryLabel, formatDay, formatTime, groupAccident, industryLabel, regionLabel, severities, severityLabel } from '../labels.ts';
import { deadlineLabel } from './queue.ts';

type Opened = {
  content: { language: 'kk' | 'ru' | 'en'; happened: string; employer: string; where: string; what: string; who: string };
  notes: { id: string; authorId: string; authorName: string | null; createdAt: string; text: string | null }[];
  reportPublicKey: Uint8Array;
  /** The ciphertexts it was opened from. */
  sealed: { content: Uint8Array; wrap: Uint8Array };
};

/** Opens the report and its notes; the report private key is wiped before returning. */
function openCase(crypto: Crypto, detail: CaseDetail, keyPair: KeyPair): Opened {
  if (detail.content === null || detail.wrap === null) throw new CaseNotShared();
  const wrap = crypto.fromBase64Url(detail.wrap);
  const sealedContent = crypto.fromBase64Url(detail.content);
  const { content } = crypto.openReport({ reportId: detail.id, content: sealedContent, contact: null, wrap, keyPair });
  const reportKeyPair = crypto.unwrapReportKey(wrap, keyPair);
  try {
    const notes = detail.notes.map((note) => {
      let text: string | null;
      try {
        const plaintext = crypto.decryptField({ reportId: detail.id, field: 'note', envelope: crypto.fromBase64Url(note.ciphertext), reportKeyPair });
        text = crypto.utf8Decode(plaintext);
      } catch {
        text = null;
      }
      return { ...note, text };
    });
    return { content, notes, reportPublicKey: reportKeyPair.publicKey, sealed: { content: sealedContent, wrap } };
  } finally {
    reportKeyPair.privateKey.fill(0);
  }
}

/** An administrator sees a case's metadata, but holds no key wrap unless also a recipient. */
class CaseNotShared extends Error {
  override readonly name = 'CaseNotShared';
}

function dl(entries: [term: string, value: Child | Child[], attributes?: Record<string, string>][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([term, value, attributes]) => h('div', {}, h('dt', {}, term), h('dd', attributes ?? {}, value))),
  );
}

export async function renderCase(app: App, screen: { name: 'case'; id: string }): Promise<Child[]> {
  const { t, language } = app;
  const keyPair = heldKeyPair();
  if (keyPair === null) throw new Error('no key pair in memory');
  const [crypto, detail] = await Promise.all([cryptoReady(), api.case(screen.id)]);
  const me = app.session?.me;
  const reload = (message?: string) => {
    app.show({ name: 'case', id: detail.id });
    if (message !== undefined) app.announce(message);
  };

  let opened: Opened | null = null;
  let openError: string | null = null;
  try {
    opened = openCase(crypto, detail, keyPair);
  } catch (error) {
    openError = error instanceof CaseNotShared ? t.caseNotShared : `${t.caseDecryptFailed} ${app.problem(error)}`;
  }

  const overdue = new Set(detail.overdue);
  const content = opened?.content;
  const reportLanguage = content?.language ?? language;

  // --- Report, as the reporter wrote it ---
  const reportSection = h(
    'section',
    { 'aria-labelledby': 'case-report-title' },
    h('h2', { id: 'case-report-title' }, t.caseReport),
    openError !== null
      ? h('p', { class: 'alert', id: 'case-decrypt-error' }, openError)
      : content !== undefined && [
          h('p', { class: 'note', id: 'case-language' }, format(t.writtenIn, { language: t.languageNames[content.language] }, language)),
          dl([
            [t.happened, content.happened === '' ? t.happenedUnknown : formatMonth(app, content.happened)],
            [t.employer, content.employer || '—', { lang: reportLanguage }],
            [t.where, content.where || '—', { lang: reportLanguage }],
            [t.what, h('span', { class: 'report-text', id: 'case-what' }, content.what || '—'), { lang: reportLanguage }],
            [t.who, content.who || '—', { lang: reportLanguage }],
          ]),
        ],
  );

  // --- Contact details: only on request, recorded in the audit log ---
  const contactArea = h('div', { id: 'case-contact' });
  const contactFailure = errorBox('case-contact-error');
  const contactButton = h('button', { type: 'button', id: 'show-contact', class: 'secondary' }, t.showContact);
  contactButton.addEventListener('click', () => {
    if (isBusy(contactButton)) return;
    const restore = busy(contactButton, t.loading);
    contactFailure.show(null);
    void (async () => {
      try {
        const { contact: ciphertext } = await api.contact(detail.id);
        if (ciphertext === null || opened === null) {
          fill(contactArea, h('p', { id: 'contact-none' }, t.contactNone));
        } else {
          const { contact } = crypto.openReport({ reportId: detail.id, content: opened.sealed.content, contact: crypto.fromBase64Url(ciphertext), wrap: opened.sealed.wrap, keyPair });
          fill(contactArea, contact === null ? h('p', {}, t.contactNone) : dl([[t.contactName, contact.name || '—'], [t.contactWay, contact.contact || '—']]));
        }
        contactButton.remove();
        app.announce(t.contactShown);
      } catch (error) {
        restore();
        const text = app.problem(error);
        contactFailure.show(text);
        app.announce(text, true);
      }
    })();
  });
  const contactSection = h(
    'section',
    { 'aria-labelledby': 'case-contact-title' },
    h('h2', { id: 'case-contact-title' }, t.contactTitle),
    !detail.hasContact ? h('p', { id: 'contact-none' }, t.contactNone) : opened !== null && [h('p', { class: 'hint' }, t.contactHint), contactButton],
    contactFailure.box,
    contactArea,
  );

  // --- Deadlines and history ---
  const deadlineItems = (Object.keys(detail.deadlines) as (keyof CaseDetail['deadlines'])[]).map((name) => {
    const day = detail.deadlines[name];
    const late = overdue.has(name);
    return h('li', { class: late ? 'flag' : false }, `${deadlineLabel(t, name)}: ${formatDay(day, language)}`, late && h('strong', {}, ` — ${t.overdue}`));
  });
  const history = detail.events.map((event) => {
    const who = event.actorName ?? (event.actorId === me?.id ? t.assigneeMe : event.actorId);
    return h('li', {}, `${formatTime(event.at, language)} — ${describeEvent(app, event)} — ${who}`);
  });

  // --- Workflow ---
  const workflowFailure = errorBox('case-workflow-error');
  const next = nextStatuses[detail.status];
  const outcome = selectField('case-outcome', t.outcome, [['', t.choose], ...outcomes.map((o) => [o, t.outcomes[o]] as const)], '', { 'aria-describedby': 'case-outcome-error' });
  const outcomeError = h('p', { id: 'case-outcome-error', class: 'error', hidden: true }, t.errorOutcome);
  outcome.wrap.append(outcomeError);
  const transitionButtons = next.map((to) =>
    h(
      'button',
      {
        type: 'button',
        id: `transition-${to}`,
        class: 'primary',
        onclick: (event) => {
          const button = event.currentTarget as HTMLButtonElement;
          if (isBusy(button)) return;
          let chosen: Outcome | undefined;
          if (to === 'closed') {
            chosen = outcomes.find((o) => o === outcome.select.value);
            outcomeError.hidden = chosen !== undefined;
            if (chosen === undefined) {
              outcome.select.setAttribute('aria-invalid', 'true');
              outcome.select.focus();
              app.announce(t.errorOutcome, true);
              return;
            }
          }
          const restore = busy(button, t.saving);
          workflowFailure.show(null);
          api.transition(detail.id, to, chosen).then(
            () => reload(format(t.statusChanged, { status: t.statuses[to] }, language)),
            (error: unknown) => {
              restore();
              const text = app.problem(error);
              workflowFailure.show(text);
              app.announce(text, true);
            },
          );
        },
      },
      t.transitions[to],
    ),
  );
  const workflowSection = h(
    'section',
    { 'aria-labelledby': 'case-workflow-title' },
    h('h2', { id: 'case-workflow-title' }, t.workflow),
    h('p', {}, t.status, ': ', h('strong', { id: 'case-status' }, t.statuses[detail.status]), detail.outcome ? ` (${t.outcomes[detail.outcome]})` : ''),
    next.includes('closed') && outcome.wrap,
    next.length > 0 ? h('div', { class: 'actions' }, transitionButtons) : h('p', {}, t.caseClosedNote),
    workflowFailure.box,
  );

  // --- Triage: severity, group flag, assignee ---
  const severity = selectField('case-severity', t.severity, [['', t.severityNone], ...severities.map((s) => [s.id, s[language]] as const)], detail.severity ?? '');
  const group = checkbox('case-group', groupAccident[language], detail.group === true);
  const assigneeOptions: [string, string][] = [['', t.assigneeNobody]];
  if (me !== undefined) assigneeOptions.push([me.id, t.assigneeMe]);
  if (detail.assigneeId !== null && detail.assigneeId !== me?.id) assigneeOptions.push([detail.assigneeId, detail.assigneeId]);
  const assignee = selectField('case-assignee', t.assignee, assigneeOptions, detail.assigneeId ?? '');
  const triageFailure = errorBox('case-triage-error');
  const triageSave = h('button', { type: 'submit', id: 'triage-save', class: 'primary' }, t.save);
  const triageSection = h(
    'section',
    { 'aria-labelledby': 'case-triage-title' },
    h('h2', { id: 'case-triage-title' }, t.triage),
    h(
      'form',
      {
        id: 'triage-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (isBusy(triageSave)) return;
          const restore = busy(triageSave, t.saving);
          triageFailure.show(null);
          const chosen = severities.find((s) => s.id === severity.select.value)?.id ?? null;
          api.updateCase(detail.id, { severity: chosen as Severity | null, group: group.input.checked, assigneeId: assignee.select.value === '' ? null : assignee.select.value }).then(
            () => reload(t.saved),
            (error: unknown) => {
              restore();
              const text = app.problem(error);
              triageFailure.show(text);
              app.announce(text, true);
            },
          );
        },
      },
      severity.wrap,
      group.wrap,
      assignee.wrap,
      triageFailure.box,
      h('div', { class: 'actions' }, triageSave),
    ),
  );

  // --- Internal notes ---
  const noteText = h('textarea', { id: 'note-text', rows: 4, maxlength: 10000, spellcheck: 'false', 'aria-describedby': 'note-hint' });
  const noteFailure = errorBox('note-error');
  const noteAdd = h('button', { type: 'submit', id: 'note-add', class: 'primary' }, t.addNote);
  const notesSection = h(
    'section',
    { 'aria-labelledby': 'case-notes-title' },
    h('h2', { id: 'case-notes-title' }, t.notes),
    opened !== null && opened.notes.length > 0
      ? h(
          'ul',
          { class: 'notes', id: 'case-notes' },
          opened.notes.map((note) =>
            h(
              'li',
              {},
              h('p', { class: 'meta' }, `${formatTime(note.createdAt, language)} — ${note.authorName ?? (note.authorId === me?.id ? t.assigneeMe : note.authorId)}`),
              note.text === null ? h('p', { class: 'alert' }, t.noteUnreadable) : h('p', { class: 'report-text' }, note.text),
            ),
          ),
        )
      : h('p', {}, t.notesNone),
    opened !== null &&
      h(
        'form',
        {
          id: 'note-form',
          novalidate: true,
          onsubmit: (event) => {
            event.preventDefault();
            if (isBusy(noteAdd) || opened === null) return;
            const text = noteText.value.trim();
            if (text === '') {
              noteFailure.show(t.errorRequired);
              noteText.focus();
              return;
            }
            const restore = busy(noteAdd, t.saving);
            noteFailure.show(null);
            try {
              const envelope = crypto.encryptField({ reportId: detail.id, field: 'note', plaintext: crypto.utf8Encode(text), reportPublicKey: opened.reportPublicKey });
              api.addNote(detail.id, crypto.toBase64Url(envelope)).then(
                () => reload(t.noteAdded),
                (error: unknown) => {
                  restore();
                  noteFailure.show(app.problem(error));
                  app.announce(app.problem(error), true);
                },
              );
            } catch (error) {
              restore();
              noteFailure.show(app.problem(error));
            }
          },
        },
        h('label', { for: 'note-text' }, t.newNote),
        h('p', { id: 'note-hint', class: 'hint' }, t.noteHint),
        noteText,
        noteFailure.box,
        h('div', { class: 'actions' }, noteAdd),
      ),
  );

  // --- Another recipient ---
  const recipientsSection = h('section', { 'aria-labelledby': 'case-recipients-title' }, h('h2', { id: 'case-recipients-title' }, t.addRecipientTitle), h('p', { class: 'hint' }, t.addRecipientHint));
  if (opened !== null) void drawRecipientPicker(app, crypto, detail, keyPair, recipientsSection, reload);

  return [
    h('p', {}, h('button', { type: 'button', id: 'back-to-queue', class: 'link', onclick: () => app.show({ name: 'queue' }) }, `← ${t.backToQueue}`)),
    h('h1', { tabindex: -1 }, format(t.caseTitle, { day: formatDay(detail.receivedDay, language) }, language)),
    dl([
      [t.received, formatDay(detail.receivedDay, language)],
      [t.status, t.statuses[detail.status]],
      [t.category, categoryLabel(detail.category, language)],
      [t.region, regionLabel(detail.region, language)],
      [t.industry, industryLabel(detail.industry, language)],
    ]),
    h('section', { 'aria-labelledby': 'case-deadlines-title' }, h('h2', { id: 'case-deadlines-title' }, t.deadlinesTitle), h('ul', { id: 'case-deadlines' }, deadlineItems)),
    reportSection,
    contactSection,
    workflowSection,
    triageSection,
    notesSection,
    recipientsSection,
    h('section', { 'aria-labelledby': 'case-history-title' }, h('h2', { id: 'case-history-title' }, t.history), history.length > 0 ? h('ul', { id: 'case-history' }, history) : h('p', {}, '—')),
  ];
}

function describeEvent(app: App, event: CaseEvent): string {
  const { t, language } = app;
  const status = (value: string | null) => (value !== null && value in t.statuses ? t.statuses[value as CaseStatus] : (value ?? '—'));
  switch (event.kind) {
    case 'status':
      return `${t.status}: ${status(event.from)} → ${status(event.to)}${event.outcome ? ` (${t.outcomes[event.outcome]})` : ''}`;
    case 'severity':
      return `${t.severity}: ${event.to === null ? t.severityNone : severityLabel(event.to, language)}`;
    case 'group':
      return `${groupAccident[language]}: ${event.to === 'true' ? t.yes : t.no}`;
    case 'assignee':
      return `${t.assignee}: ${event.to ?? t.assigneeNobody}`;
    case 'recipient':
      return `${t.recipientEvent}: ${event.to ?? '—'}`;
    default:
      return String((event as { kind: unknown }).kind);
  }
}

function formatMonth(app: App, happened: string): string {
  const [year, month] = happened.split('-');
  const name = app.t.months[Number(month) - 1];
  return name === undefined ? happened : `${name} ${year}`;
}

/**
 * The accounts the case key can be re-wrapped for: active, with a public key the organisation
 * signed (checked here against the organisation key before wrapping anything for it).
 */
async function drawRecipientPicker(app: App, crypto: Crypto, detail: CaseDetail, keyPair: KeyPair, section: HTMLElement, reload: (message?: string) => void): Promise<void> {
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
  section.append(
    h(
      'form',
      {
        id: 'recipient-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const account = candidates.find((a) => a.id === picker.select.value);
          if (account === undefined || account.publicKey === undefined || isBusy(add)) {
            if (account === undefined) failure.show(t.errorRequired);
            return;
          }
          const restore = busy(add, t.saving);
          failure.show(null);
          if (detail.wrap === null) return;
          const reportKeyPair = crypto.unwrapReportKey(crypto.fromBase64Url(detail.wrap), keyPair);
          const wrap = crypto.wrapReportKey(reportKeyPair.privateKey, crypto.fromBase64Url(account.publicKey));
          reportKeyPair.privateKey.fill(0);
          api.addRecipient(detail.id, account.id, crypto.toBase64Url(wrap)).then(
            () => reload(format(t.recipientAdded, { name: account.displayName }, app.language)),
            (error: unknown) => {
              restore();
              failure.show(app.problem(error));
              app.announce(app.problem(error), true);
            },
          );
        },
      },
      picker.wrap,
      failure.box,
      h('div', { class: 'actions' }, add),
    ),
  );
}
