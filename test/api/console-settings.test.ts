// The organisation's settings through the real console app: the time zone the console shows days
// and times in, the government's transfers of days off (checked, stored, and every open case's due
// days recomputed), and the queue's deadline sort agreeing with each case's nearest deadline.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingStages, type CaseStatus } from '../../contract/domain.ts';
import { as, createStaff, login, type StaffMember } from '../helpers/console.ts';
import { buildHarness, injectReport, sampleContent, sealedSubmission, type Harness } from '../helpers/fixtures.ts';

async function submit(h: Harness, inspector: StaffMember, category = 'missing_ppe'): Promise<string> {
  const sealed = sealedSubmission({ region: '75', category, groupId: 'region-75', recipients: [{ id: inspector.id, keys: inspector.keys }], content: sampleContent('settings') });
  const res = await injectReport(h.app, sealed.body);
  if (res.statusCode !== 201) throw new Error(`submission failed: ${res.body}`);
  return sealed.body.reportId;
}

type Item = { id: string; status: CaseStatus; deadlines: Record<string, string> };
/** The earliest due day among the stages that still bind the case. */
const nearest = (item: Item) => pendingStages[item.status].map((stage) => item.deadlines[stage]!).sort()[0];

t.test('the organisation answer carries the time zone and the transfers; an admin changes the transfers and open cases follow', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const caseId = await submit(h, inspector); // Thursday 26 November 2026
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  const api = as(h.consoleApp, await login(h.consoleApp, inspector));
  const due = async () => (await api.get(`/cases/${caseId}`)).json().deadlines;

  const organisation = (await admin.get('/organisation')).json();
  t.equal(organisation.timeZone, 'Asia/Almaty', 'the server\'s TIME_ZONE');
  t.match(organisation.settings, { holidays: [], workingDays: [] });
  t.match(await due(), { acknowledge: '2026-12-01', triage: '2026-12-01' });

  // Friday and Monday made days off: triage counts 1, 2 and 3 December.
  const offDays = await admin.patch('/organisation', { holidays: ['2026-11-27', '2026-11-30'] });
  t.equal(offDays.statusCode, 200);
  t.same(offDays.json().settings.holidays, ['2026-11-27', '2026-11-30']);
  t.match(await due(), { acknowledge: '2026-12-03', triage: '2026-12-03' }, 'the stored due days were recomputed');

  // And Saturday 28 November made working: 28 November, 1 and 2 December.
  const worked = await admin.patch('/organisation', { workingDays: ['2026-11-28'] });
  t.equal(worked.statusCode, 200);
  t.same(worked.json().settings, { ...worked.json().settings, holidays: ['2026-11-27', '2026-11-30'], workingDays: ['2026-11-28'] }, 'each list kept unless sent');
  t.match(await due(), { triage: '2026-12-02' });
  t.equal(h.db.prepare('select triage_due from reports where id = ?').pluck().get(caseId), '2026-12-02', 'stored, for the queue\'s SQL');
  t.equal((await api.patch('/organisation', { holidays: [] })).statusCode, 403, 'administrators only');
});

t.test('bad transfers are refused and change nothing', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  t.equal((await admin.patch('/organisation', { holidays: ['2026-12-31'], workingDays: ['2026-12-26'] })).statusCode, 200);
  // Days the schema cannot refuse are the settings' own refusal; text that is no day at all, the schema's.
  const refused: [string, object, string][] = [
    ['a day that does not exist', { holidays: ['2026-02-30'] }, 'settings.bad_day'],
    ['a day listed twice', { holidays: ['2027-01-04', '2027-01-04'] }, 'settings.bad_day'],
    ['a weekday made working', { workingDays: ['2027-01-04'] }, 'settings.bad_day'],
    ['a day in both lists', { holidays: ['2026-12-26'] }, 'settings.bad_day'],
    ['not a day', { workingDays: ['26.12.2026'] }, 'request.invalid'],
    ['too many', { holidays: Array.from({ length: 401 }, () => '2027-01-04') }, 'request.invalid'],
  ];
  for (const [what, body, code] of refused) {
    const res = await admin.patch('/organisation', body);
    t.equal(res.statusCode, 400, what);
    t.equal(res.json().error.code, code, what);
  }
  t.match((await admin.get('/organisation')).json().settings, { holidays: ['2026-12-31'], workingDays: ['2026-12-26'] }, 'unchanged');
});

t.test('sorted by deadline, the queue goes by each case\'s nearest deadline', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const api = () => login(h.consoleApp, inspector).then((session) => as(h.consoleApp, session));
  const fresh = await submit(h, inspector); // Thursday 26 November: acknowledge (and triage) by 1 December
  h.advance(86_400_000);
  const acknowledged = await submit(h, inspector); // Friday 27 November: triage by 2 December
  const urgent = await submit(h, inspector, 'concealed_injury.fatal_concealed'); // due the same day
  const inspectorApi = await api();
  t.equal((await inspectorApi.post(`/cases/${acknowledged}/transition`, { to: 'acknowledged' })).statusCode, 200);

  const items = (await inspectorApi.get('/cases?sort=deadline&order=asc')).json().items as Item[];
  t.same(items.map((i) => i.id), [urgent, fresh, acknowledged], 'the same-day case, then 1 December, then 2 December');
  t.same(items.map(nearest), ['2026-11-27', '2026-12-01', '2026-12-02']);
});

t.test('at start the server brings stored due days up to the current rules', async (t) => {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'qauipsiz-settings-')), 'db.sqlite');
  const first = await buildHarness({ databasePath });
  const inspector = createStaff(first, 'inspector', { groups: ['region-75'] });
  const caseId = await submit(first, inspector);
  // As stored by an earlier release: acknowledgement after triage.
  first.db.prepare('update reports set acknowledge_due = ?, triage_due = ? where id = ?').run('2026-12-03', '2026-12-01', caseId);
  await first.close();
  const again = await buildHarness({ databasePath, withOrganisation: false });
  t.teardown(again.close);
  t.same(again.db.prepare('select acknowledge_due, triage_due from reports where id = ?').raw().get(caseId), ['2026-12-01', '2026-12-01']);
});
