// Pure parts of the reporter page: the case code grouped as typed, and who would receive a report
// by a signed directory's routing (web/reporter/code-grouping.ts, receivers.ts).
import t from 'tap';
import { routedGroup, type DirectoryClaim } from '../../crypto/index.ts';
import { groupTyped } from '../../web/reporter/code-grouping.ts';
import { receiversOf } from '../../web/reporter/receivers.ts';

t.test('the case code is grouped four by four as it is typed, the caret after the same digit', async (t) => {
  t.same(groupTyped({ value: '1234', caret: 4 }), { value: '1234', caret: 4 });
  t.same(groupTyped({ value: '12345', caret: 5 }), { value: '1234 5', caret: 6 }, 'the fifth digit starts a group');
  t.same(groupTyped({ value: '1234 5678', caret: 9 }), { value: '1234 5678', caret: 9 });
  t.same(groupTyped({ value: '12x4', caret: 3 }), null, 'a letter is left for the check to name');
  const pasted = '1234-5678-9012-3456-7890-1234-5678';
  t.same(groupTyped({ value: pasted, caret: pasted.length }), { value: '1234 5678 9012 3456 7890 1234 5678', caret: 34 }, 'pasted with dashes');
  t.same(groupTyped({ value: '1234 56780', caret: 7 }), { value: '1234 5678 0', caret: 7 }, 'a digit typed inside keeps the caret after it');
  t.same(groupTyped({ value: '12345678', caret: 4 }), { value: '1234 5678', caret: 4 }, 'deleting the space: it comes back, the caret stays after the fourth digit');
  t.same(groupTyped({ value: '', caret: 0 }), { value: '', caret: 0 });
});

const claim = (members: Record<string, string[]>, channel: DirectoryClaim['channel'] = null): DirectoryClaim => ({
  version: 3,
  issuedDay: '2026-11-01',
  routing: { regions: { '75': 'region-75', '35': 'region-35' }, fallback: 'national', exclusive: { inspector_corruption: 'anti-corruption' } },
  members,
  recovery: null,
  channel,
});
const someone = ['a'.repeat(43)];
const channel = { kk: 'Телефон: 1', ru: 'Телефон: 1', en: 'Phone: 1' };

t.test('who would receive: the region, the national group, the anti-corruption group, or nobody', async (t) => {
  const staffed = claim({ 'region-75': someone, national: [], 'anti-corruption': [] }, channel);
  t.same(receiversOf(routedGroup, staffed, { region: '75', category: 'missing_ppe' }), { ok: true, readers: 'region' });
  t.same(receiversOf(routedGroup, staffed, { region: '35', category: 'missing_ppe' }), { ok: false, exclusive: false, channel }, 'Karaganda: nobody, with the channel');
  t.same(receiversOf(routedGroup, staffed, { region: '75', category: 'inspector_corruption' }), { ok: false, exclusive: true, channel }, 'corruption in Almaty: the empty anti-corruption group decides, not Almaty');
  const national = claim({ 'region-75': [], national: someone, 'anti-corruption': someone });
  t.same(receiversOf(routedGroup, national, { region: '35', category: 'missing_ppe' }), { ok: true, readers: 'national' });
  t.same(receiversOf(routedGroup, national, { region: '35', category: 'inspector_corruption' }), { ok: true, readers: 'anti-corruption' });
  t.same(receiversOf(routedGroup, claim({}), { region: '75', category: 'missing_ppe' }), { ok: false, exclusive: false, channel: null }, 'no channel signed');
  t.same(receiversOf(routedGroup, null, { region: '75', category: 'missing_ppe' }), { ok: false, exclusive: false, channel: null }, 'no directory signed yet');
});
