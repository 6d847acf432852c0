import t from 'tap';
import { caseStatuses, transitions } from '../../contract/domain.ts';
import { checkTransition } from '../../server/domain/workflow.ts';

t.test('the workflow goes forward one step at a time', async (t) => {
  t.same(checkTransition('new', 'acknowledged', undefined), { ok: true, closes: false });
  t.same(checkTransition('acknowledged', 'in_review', undefined), { ok: true, closes: false });
  t.same(checkTransition('in_review', 'inspection_planned', undefined), { ok: true, closes: false });
  t.same(checkTransition('in_review', 'referred', undefined), { ok: true, closes: false });
  t.same(checkTransition('inspection_planned', 'closed', 'resolved'), { ok: true, closes: true });
  t.same(checkTransition('referred', 'closed', 'referred'), { ok: true, closes: true });
  t.same(checkTransition('in_review', 'closed', 'unfounded'), { ok: true, closes: true }, 'an unfounded case closes after review');
});

t.test('skipping, going back and leaving closed are refused', async (t) => {
  for (const [from, to] of [['new', 'in_review'], ['new', 'closed'], ['acknowledged', 'new'], ['in_review', 'acknowledged'], ['closed', 'new'], ['closed', 'in_review'], ['new', 'new']] as const) {
    t.same(checkTransition(from, to, to === 'closed' ? 'resolved' : undefined), { ok: false, reason: 'bad_transition' }, `${from} → ${to}`);
  }
  for (const from of caseStatuses) t.notOk(transitions[from].includes(from), `${from} does not loop`);
});

t.test('an outcome is required on closing and only then', async (t) => {
  t.same(checkTransition('referred', 'closed', undefined), { ok: false, reason: 'outcome_required' });
  t.same(checkTransition('new', 'acknowledged', 'resolved'), { ok: false, reason: 'outcome_not_allowed' });
});
