import t from 'tap';
import { routeReport } from '../../server/domain/routing.ts';

const staffed = (...ids: string[]) => ids.map((id) => ({ id, activeRecipients: 1 }));

t.test('a report goes to its region\'s inspectorate', async (t) => {
  t.same(routeReport({ region: '75', category: 'missing_ppe' }, staffed('region-75', 'national', 'anti-corruption')), { ok: true, groupId: 'region-75' });
});

t.test('an unstaffed region falls back to the national group', async (t) => {
  const groups = [{ id: 'region-75', activeRecipients: 0 }, ...staffed('national')];
  t.same(routeReport({ region: '75', category: 'near_miss' }, groups), { ok: true, groupId: 'national' });
  t.same(routeReport({ region: '10', category: 'near_miss' }, groups), { ok: true, groupId: 'national' });
});

t.test('inspector corruption goes to the anti-corruption group only', async (t) => {
  t.same(routeReport({ region: '75', category: 'inspector_corruption' }, staffed('region-75', 'national', 'anti-corruption')), { ok: true, groupId: 'anti-corruption' });
  t.same(routeReport({ region: '75', category: 'inspector_corruption' }, staffed('region-75', 'national')), { ok: false, reason: 'no_recipients' }, 'never falls back to an inspectorate');
});

t.test('nobody staffed means no route', async (t) => {
  t.same(routeReport({ region: '75', category: 'near_miss' }, []), { ok: false, reason: 'no_recipients' });
});
