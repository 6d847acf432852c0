// Recovery by inspector (GET /api/console/recovery/accounts/:id/cases): an administrator holding
// the printed recovery key passes a departed inspector's open cases to a colleague. The server
// lists exactly the cases it can help with, in an order that says nothing about arrival; the
// browser then opens and re-wraps each case key through the recovery key.
import t from 'tap';
import { fromBase64Url, openReport, toBase64Url, unwrapReportKey, wrapReportKey } from '../../crypto/index.ts';
import { as, createStaff, login } from '../helpers/console.ts';
import { buildHarness, injectReport, sampleContent, type Harness } from '../helpers/fixtures.ts';

/** A report sent as the page sends it; its case id. */
async function report(h: Harness, region: string, category = 'near_miss'): Promise<string> {
  const page = await h.pageSubmission({ region, category });
  const res = await injectReport(h.app, page.body);
  if (res.statusCode !== 201) throw new Error(`report refused: ${res.body}`);
  return page.body.reportId;
}

t.test('the open cases an account and the recovery key both hold, by case id, and nothing else', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const departed = createStaff(h, 'inspector', { groups: ['region-75'] });
  createStaff(h, 'inspector', { groups: ['region-71'] });
  createStaff(h, 'inspector', { groups: ['anti-corruption'] });
  const adminMember = createStaff(h, 'admin');
  const admin = as(h.consoleApp, await login(h.consoleApp, adminMember));

  const open = [await report(h, '75'), await report(h, '75'), await report(h, '75', 'concealed_injury.unreported')];
  const closed = await report(h, '75');
  h.db.prepare("update reports set status = 'closed', closed_day = '2026-11-30', outcome = 'resolved' where id = ?").run(closed);
  await report(h, '71'); // another inspector's
  await report(h, '75', 'inspector_corruption'); // the anti-corruption group's: never wrapped for the recovery key
  h.db.prepare("update reports set status = 'in_review' where id = ?").run(open[1]);

  const answer = await admin.get(`/recovery/accounts/${departed.id}/cases`);
  t.equal(answer.statusCode, 200, answer.body);
  const cases = answer.json().cases as { id: string; receivedDay: string; category: string; region: string; status: string }[];
  t.same(cases.map((c) => c.id), [...open].sort(), 'the open cases of the account, ordered by case id');
  t.same(
    cases.find((c) => c.id === open[1]),
    { id: open[1], receivedDay: '2026-11-26', category: 'near_miss', region: '75', status: 'in_review' },
    'each with what the administrator chooses by',
  );
  t.notOk(cases.some((c) => c.id === closed), 'not a closed case');

  const audit = (await admin.get('/audit')).json().entries.find((e: { action: string }) => e.action === 'recovery.list');
  t.match(audit, { actorId: adminMember.id, caseId: null, detail: { accountId: departed.id } }, 'audited with the account id');
});

t.test('a disabled account\'s cases are listed; an unknown account is a 404; administrators only', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const departed = createStaff(h, 'inspector', { groups: ['region-75'] });
  const caseId = await report(h, '75');
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  t.equal((await admin.post(`/accounts/${departed.id}/disable`)).statusCode, 204);
  t.same((await admin.get(`/recovery/accounts/${departed.id}/cases`)).json().cases.map((c: { id: string }) => c.id), [caseId], 'a disabled account still lists');

  for (const id of ['nobody-here', 'recovery']) {
    const unknown = await admin.get(`/recovery/accounts/${id}/cases`);
    t.equal(unknown.statusCode, 404, id);
    t.equal(unknown.json().error.code, 'account.not_found', id);
  }
  t.equal((await admin.get('/recovery/accounts/bad%20id/cases')).statusCode, 400, 'an id outside the pattern');
  const inspector = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'inspector', { groups: ['region-75'] })));
  const forbidden = await inspector.get(`/recovery/accounts/${departed.id}/cases`);
  t.equal(forbidden.statusCode, 403);
  t.equal(forbidden.json().error.code, 'auth.forbidden');
  t.equal((await h.consoleApp.inject({ method: 'GET', url: `/api/console/recovery/accounts/${departed.id}/cases` })).statusCode, 401, 'signed in only');
  t.equal((await admin.get('/audit')).json().entries.filter((e: { action: string }) => e.action === 'recovery.list').length, 1, 'only the answered request is audited');
});

t.test('every listed case passes to a successor through the recovery key, and then the list is what remains', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const departed = createStaff(h, 'inspector', { groups: ['region-75'] });
  const successor = createStaff(h, 'inspector', { groups: ['region-71'] });
  const ids = [await report(h, '75'), await report(h, '75')];
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));

  const listed = (await admin.get(`/recovery/accounts/${departed.id}/cases`)).json().cases as { id: string }[];
  for (const { id } of listed) {
    const held = await admin.get(`/recovery/cases/${id}`);
    const reportKey = unwrapReportKey(fromBase64Url(held.json().wrap), h.recovery!);
    const given = await admin.post('/recovery/rewrap', { caseId: id, accountId: successor.id, wrap: toBase64Url(wrapReportKey(reportKey.privateKey, successor.keys.publicKey)) });
    t.equal(given.statusCode, 201, id);
  }
  const theirs = as(h.consoleApp, await login(h.consoleApp, successor));
  for (const id of ids) {
    const view = (await theirs.get(`/cases/${id}`)).json();
    t.same(openReport({ reportId: id, content: fromBase64Url(view.content), contact: null, wrap: fromBase64Url(view.wrap), keyPair: successor.keys }).content, sampleContent(), 'the successor opens it');
  }
  t.same((await admin.get(`/recovery/accounts/${successor.id}/cases`)).json().cases.map((c: { id: string }) => c.id), [...ids].sort(), 'the successor now holds them');
});
