// Internal notes: opened with the report key, written encrypted to it (encryptField, field
// 'note'), so every recipient of the case can read them and the server cannot.
import { api } from '../../api.ts';
import { h } from '../../../shared/dom.ts';
import { errorBox, isBusy, runBusy, showProblem } from '../../form.ts';
import { formatTime } from '../../labels.ts';
import type { CaseView, Opened } from './open.ts';

/** The notes so far (newest last) and, if the case could be opened, the form for a new one. */
export function notesSection(view: CaseView): HTMLElement {
  const { app, opened } = view;
  const { t, language } = app;
  const me = app.session?.me;
  return h(
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
    opened !== null && noteForm(view, opened),
  );
}

function noteForm({ app, crypto, detail, reload }: CaseView, opened: Opened): HTMLElement {
  const { t } = app;
  const text = h('textarea', { id: 'note-text', rows: 4, maxlength: 10000, spellcheck: 'false', 'aria-describedby': 'note-hint' });
  const failure = errorBox('note-error');
  const add = h('button', { type: 'submit', id: 'note-add', class: 'primary' }, t.addNote);
  function onSubmit(event: Event): void {
    event.preventDefault();
    if (isBusy(add)) return;
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
          envelope = crypto.encryptField({ reportId: detail.id, field: 'note', plaintext: crypto.utf8Encode(plaintext), reportPublicKey: opened.reportPublicKey });
        } catch (error) {
          failure.show(app.problem(error)); // shown, not announced: nothing was sent
          return;
        }
        await api.addNote(detail.id, crypto.toBase64Url(envelope));
        reload(t.noteAdded);
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
