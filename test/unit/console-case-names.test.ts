// The case screen names colleagues, never by account id: the listed name first, then the name the
// server gave with this case's events or notes (a colleague since disabled), else "former colleague".
import t from 'tap';
import type { CaseDetail } from '../../contract/console-api.ts';
import { namer } from '../../web/console/views/case/open.ts';

const event = (actorId: string, actorName: string | null, to: string | null = null): CaseDetail['events'][number] => ({
  kind: 'assignee',
  from: null,
  to,
  outcome: null,
  actorId,
  actorName,
  at: '2026-11-26T10:00:00.000Z',
});

t.test('names for account ids in a case: listed, then given with the case, then "former colleague"', async (t) => {
  const detail = {
    events: [event('aigul', 'Server name for Aigul', 'bekzat'), event('departed', 'Данияр Ахметов')],
    notes: [{ id: 'n1', authorId: 'noted', authorName: 'Note Author', createdAt: '2026-11-26T10:00:00.000Z', ciphertext: '' }],
  };
  const nameOf = namer(detail, new Map([['aigul', 'Айгүл Сейітова']]), 'former colleague');
  t.equal(nameOf('aigul'), 'Айгүл Сейітова', 'the listed name wins over the server’s word in the case');
  t.equal(nameOf('departed'), 'Данияр Ахметов', 'a colleague no longer listed keeps the name given with their event');
  t.equal(nameOf('noted'), 'Note Author', 'or with their note');
  t.equal(nameOf('bekzat'), 'former colleague', 'an id named nowhere (an assignee since removed) reads "former colleague"');
  t.notMatch(['aigul', 'departed', 'noted', 'bekzat'].map(nameOf).join(' '), /aigul|departed|noted|bekzat/, 'never an id');
});
