// Internal notes: opened with the report key, written encrypted to it (sealNote: a v1 field
// envelope of field 'note'), so every recipient of the case can read them and the server cannot.
// Each note is signed inside the ciphertext by its author's key; the console checks the signature
// against the author's certificate, verified with the anchored organisation key, and says so on
// any note whose signature, author or certificate does not check out. A checked note is shown under
// the name of the account its signature names (one name per account id), not the name the server
// attached to the note.
import { api } from '../../api.ts';
import { fill, h } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { errorBox, isBusy, runBusy, showProblem } from '../../form.ts';
import { formatTime } from '../../labels.ts';
import { loadCertificateBook, type CertificateBook } from './certificates.ts';
import { noteAuthorLabel, type CaseView, type Opened, type OpenedNote } from './open.ts';

/** What the console can say about one note's origin. */
export type NoteVerdict =
  | { kind: 'signed' }
  | { kind: 'unreadable' }
  | { kind: 'unsigned' }
  | { kind: 'no_certificate'; signedBy: string }
  | { kind: 'bad_signature' }
  | { kind: 'author_differs'; signedBy: string };

/**
 * The note's signature checked against the certificate of the author it names inside the
 * ciphertext, then that author compared with the one the server names. Pure.
 */
export function noteVerdict(note: OpenedNote, certificates: CertificateBook): NoteVerdict {
  if (note.text === null) return { kind: 'unreadable' };
  if (note.signedBy === null) return { kind: 'unsigned' };
  const signKey = certificates.get(note.signedBy)?.signKey ?? null;
  if (signKey === null) return { kind: 'no_certificate', signedBy: note.signedBy };
  if (!note.verify(signKey)) return { kind: 'bad_signature' };
  if (note.signedBy !== note.authorId) return { kind: 'author_differs', signedBy: note.signedBy };
  return { kind: 'signed' };
}

/** The notes so far (newest last), each with what its signature says, and, if the case could be opened, the form for a new one. */
export function notesSection(view: CaseView): HTMLElement {
  const { app, opened } = view;
  const { t } = app;
  const list = h('div', { id: 'case-notes-area' });
  if (opened === null || opened.notes.length === 0) fill(list, h('p', {}, t.notesNone));
  else {
    fill(list, h('p', { class: 'loading' }, t.notesChecking));
    void drawNotes(view, opened, list);
  }
  return h('section', { 'aria-labelledby': 'case-notes-title' }, h('h2', { id: 'case-notes-title' }, t.notes), list, opened !== null && noteForm(view, opened));
}

/** Shows the notes only once their signatures are checked, so none is read without its warning. */
async function drawNotes({ app, crypto, held, detail, names: signers }: CaseView, opened: Opened, list: HTMLElement): Promise<void> {
  const { t, language } = app;
  const me = app.session?.me;
  let certificates: CertificateBook;
  try {
    certificates = await loadCertificateBook(crypto, held.organisationKey);
  } catch (error) {
    fill(list, h('p', { class: 'alert', id: 'notes-unchecked' }, `${t.notesUncheckable} ${app.problem(error)}`));
    return;
  }
  // Names the server gave for accounts in this case: only to say who is who in a warning, beside the id that was checked.
  const names = new Map<string, string>();
  for (const event of detail.events) if (event.actorName !== null) names.set(event.actorId, event.actorName);
  for (const note of detail.notes) if (note.authorName !== null) names.set(note.authorId, note.authorName);
  if (me !== undefined) names.set(me.id, me.displayName);
  const nameOf = (id: string) => {
    const name = names.get(id);
    return name === undefined ? id : `${name} (${id})`;
  };
  const items = opened.notes.map((note) => {
    const verdict = noteVerdict(note, certificates);
    const warning = verdictText(app, verdict, note, nameOf);
    return h(
      'li',
      { 'data-verdict': verdict.kind },
      h('p', { class: 'meta' }, `${formatTime(note.createdAt, language)} — ${noteAuthorLabel(note, verdict.kind === 'signed', signers, note.authorId === me?.id ? t.assigneeMe : t.formerColleague)}`),
      warning !== null && h('p', { class: verdict.kind === 'unsigned' ? 'note' : 'alert' }, warning),
      note.text === null ? null : h('p', { class: 'report-text' }, note.text),
    );
  });
  fill(list, h('ul', { class: 'notes', id: 'case-notes' }, items));
}

/** What to tell the reader about a note, or null when it checks out. */
function verdictText({ t, language }: CaseView['app'], verdict: NoteVerdict, note: OpenedNote, nameOf: (id: string) => string): string | null {
  switch (verdict.kind) {
    case 'signed':
      return null;
    case 'unreadable':
      return t.noteUnreadable;
    case 'unsigned':
      return t.noteUnsigned;
    case 'no_certificate':
      return format(t.noteNoCertificate, { author: nameOf(verdict.signedBy) }, language);
    case 'bad_signature':
      return t.noteBadSignature;
    case 'author_differs':
      return format(t.noteAuthorDiffers, { signed: nameOf(verdict.signedBy), named: nameOf(note.authorId) }, language);
  }
}

function noteForm({ app, crypto, held, detail, reload }: CaseView, opened: Opened): HTMLElement {
  const { t } = app;
  const me = app.session?.me;
  const text = h('textarea', { id: 'note-text', rows: 4, maxlength: 10000, spellcheck: 'false', 'aria-describedby': 'note-hint' });
  const failure = errorBox('note-error');
  const add = h('button', { type: 'submit', id: 'note-add', class: 'primary' }, t.addNote);
  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (isBusy(add) || me === undefined) return;
    const plaintext = text.value.trim();
    if (plaintext === '') {
      failure.show(t.errorRequired);
      text.focus();
      return;
    }
    void runBusy(
      add,
      t.saving,
      async () => {
        failure.show(null);
        let envelope: Uint8Array;
        try {
          envelope = crypto.sealNote({ reportId: detail.id, authorId: me.id, text: plaintext, reportPublicKey: opened.reportPublicKey, signingKeyPair: held.signingKeyPair });
        } catch (error) {
          failure.show(app.problem(error)); // shown, not announced: nothing was sent
          return;
        }
        await api.addNote(detail.id, crypto.toBase64Url(envelope));
        reload(t.noteAdded, form);
      },
      showProblem(app, failure),
    );
  }
  return h(
    'form',
    { id: 'note-form', novalidate: true, onsubmit: onSubmit },
    h('label', { for: 'note-text' }, t.newNote),
    h('p', { id: 'note-hint', class: 'hint' }, t.noteHint),
    text,
    failure.box,
    h('div', { class: 'actions' }, add),
  );
}
