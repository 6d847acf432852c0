// The console's case work through the real apps: who sees what, the queue, deadlines, the
// workflow and the reporter's status, notes, recipients, recovery, statistics, the audit log.
import t from 'tap';
import {
  encryptField,
  fromBase64Url,
  generateBoxKeyPair,
  openNote,
  openReport,
  readCertificate,
  sealNote,
  toBase64Url,
  unwrapReportKey,
  utf8Encode,
  wrapReportKey,
} from '../../crypto/index.ts';
import { as, createStaff, login, type StaffMember } from '../helpers/console.ts';
import { buildHarness, injectReport, injectStatus, sampleContent, sealedSubmission, type Harness } from '../helpers/fixtures.ts';

async function submit(h: Harness, recipients: StaffMember[], input: { region?: string; category?: string; groupId?: string; marker?: string } = {}) {
  const sealed = sealedSubmission({
    region: input.region ?? '75',
    category: input.category ?? 'missing_ppe',
    groupId: input.groupId ?? 'region-75',
    recipients: recipients.map((r) => ({ id: r.id, keys: r.keys })),
    content: sampleContent(input.marker ?? 'case'),
    contact: { name: 'Айгүл', contact: '+7 700 000 00 00' },
  });
  const res = await injectReport(h.app, sealed.body);
  if (res.statusCode !== 201) throw new Error(`submission failed: ${res.body}`);
  return sealed;
}

t.test('an inspector of another group cannot list, fetch or learn of a case; an admin gets no wraps', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const almaty = createStaff(h, 'inspector', { groups: ['region-75'] });
  const astana = createStaff(h, 'inspector', { groups: ['region-71'] });
  const { body } = await submit(h, [almaty]);
  const mine = await login(h.consoleApp, almaty);
  const theirs = await login(h.consoleApp, astana);
  const admin = await login(h.consoleApp, createStaff(h, 'admin', { signed: true }));

  const listed = (await as(h.consoleApp, mine).get('/cases')).json();
  t.equal(listed.total, 1);
  t.same(listed.counters, { new: 1, overdue: 0 });
  t.match(listed.items[0], { id: body.reportId, status: 'new', region: '75', category: 'missing_ppe', severity: null, assigneeId: null, deadlines: { acknowledge: '2026-12-01', triage: '2026-12-01' }, overdue: [] });
  t.same((await as(h.consoleApp, theirs).get('/cases')).json().counters, { new: 0, overdue: 0 }, 'not even counted');
  t.equal((await as(h.consoleApp, theirs).get('/cases')).json().total, 0);

  const view = await as(h.consoleApp, mine).get(`/cases/${body.reportId}`);
  t.equal(view.statusCode, 200);
  const opened = openReport({ reportId: body.reportId, content: fromBase64Url(view.json().content), contact: null, wrap: fromBase64Url(view.json().wrap), keyPair: almaty.keys });
  t.same(opened.content, sampleContent('case'), 'decrypted with the inspector\'s own key');
  t.equal(view.json().hasContact, true);
  t.notOk('contact' in view.json(), 'contact details only on an explicit request');
  const contact = await as(h.consoleApp, mine).post(`/cases/${body.reportId}/contact`);
  t.equal(contact.json().contact, body.contact);

  const missing = 'A'.repeat(22);
  for (const [what, url, method] of [
    ['view', `/cases/${body.reportId}`, 'get'],
    ['contact', `/cases/${body.reportId}/contact`, 'post'],
    ['transition', `/cases/${body.reportId}/transition`, 'post'],
    ['patch', `/cases/${body.reportId}`, 'patch'],
    ['note', `/cases/${body.reportId}/notes`, 'post'],
  ] as const) {
    const note = encryptField({ reportId: body.reportId, field: 'note', plaintext: utf8Encode('a guess'), reportPublicKey: generateBoxKeyPair().publicKey });
    const payload = what === 'transition' ? { to: 'acknowledged' } : what === 'patch' ? { severity: 'light' } : what === 'note' ? { ciphertext: toBase64Url(note) } : undefined;
    const foreign = await as(h.consoleApp, theirs)[method](url, payload);
    const absent = await as(h.consoleApp, theirs)[method](url.replace(body.reportId, missing), payload);
    t.equal(foreign.statusCode, 404, `${what}: 404`);
    t.same(foreign.json(), absent.json(), `${what}: the same answer as a case that does not exist`);
    t.same(foreign.json(), { error: { code: 'case.not_found', message: 'No such case' } });
  }
  const adminView = await as(h.consoleApp, admin).get(`/cases/${body.reportId}`);
  t.equal(adminView.statusCode, 404, 'an administrator is no recipient');
  t.equal((await as(h.consoleApp, admin).get('/cases')).json().total, 0);
  t.equal(h.database.sqlite.prepare('select count(*) as n from report_key_wraps where recipient_id = ?').pluck().get(admin.me.id), 0, 'no wrap for the admin');
});

t.test('transitions follow the workflow, need an outcome to close, and the reporter sees the status', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const { body } = await submit(h, [inspector]);
  let api = as(h.consoleApp, await login(h.consoleApp, inspector));
  const go = (to: string, outcome?: string) => api.post(`/cases/${body.reportId}/transition`, outcome ? { to, outcome } : { to });

  const skip = await go('in_review');
  t.equal(skip.statusCode, 409);
  t.same(skip.json().error, { code: 'case.bad_transition', message: 'A case cannot go from new to in_review' });
  t.equal((await go('acknowledged')).json().status, 'acknowledged');
  t.same((await injectStatus(h.app, body.lookupId)).json(), { status: 'acknowledged', receivedDay: '2026-11-26' }, 'the reporter sees it');
  t.equal((await go('in_review')).statusCode, 200);
  t.equal((await go('referred')).statusCode, 200);
  const noOutcome = await go('closed');
  t.equal(noOutcome.statusCode, 400);
  t.equal(noOutcome.json().error.code, 'case.outcome_required');
  t.equal((await api.post(`/cases/${body.reportId}/transition`, { to: 'closed', outcome: 'made_up' })).statusCode, 400);
  h.advance(86_400_000);
  api = as(h.consoleApp, await login(h.consoleApp, inspector)); // the session idled out meanwhile
  const closed = await go('closed', 'referred');
  t.equal(closed.statusCode, 200);
  t.match(closed.json(), { status: 'closed', outcome: 'referred', closedDay: '2026-11-27', overdue: [] });
  t.same((await injectStatus(h.app, body.lookupId)).json(), { status: 'closed', receivedDay: '2026-11-26' });
  t.equal((await go('in_review')).statusCode, 409, 'closed is final');

  const events = (await api.get(`/cases/${body.reportId}`)).json().events;
  t.same(
    events.map((e: { kind: string; from: string; to: string; outcome: string | null; actorId: string }) => [e.kind, e.from, e.to, e.outcome, e.actorId]),
    [
      ['status', 'new', 'acknowledged', null, inspector.id],
      ['status', 'acknowledged', 'in_review', null, inspector.id],
      ['status', 'in_review', 'referred', null, inspector.id],
      ['status', 'referred', 'closed', 'referred', inspector.id],
    ],
  );
  t.equal(events[3].at, '2026-11-26T21:30:00.000Z', 'staff actions carry full timestamps');
});

t.test('deadlines, overdue flags and counters, filters, sorting and pages, in SQL', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const normal = await submit(h, [inspector], { category: 'missing_ppe' });
  const fatal = await submit(h, [inspector], { category: 'concealed_injury.fatal_concealed' });
  h.advance(3 * 86_400_000); // 29 November: later reports
  const later = await submit(h, [inspector], { category: 'near_miss' });
  let api = as(h.consoleApp, await login(h.consoleApp, inspector));

  const all = (await api.get('/cases')).json();
  t.equal(all.total, 3);
  t.same(all.items.map((i: { id: string }) => i.id), [later.body.reportId, ...[normal.body.reportId, fatal.body.reportId].sort()], 'newest first, then by id');
  const fatalItem = all.items.find((i: { id: string }) => i.id === fatal.body.reportId);
  t.same(fatalItem.deadlines, { acknowledge: '2026-11-26', triage: '2026-11-26', answer: '2026-12-18', feedback: '2027-02-26' }, 'a concealed fatality is due the same day');
  t.same(fatalItem.overdue, ['acknowledge', 'triage']);
  t.same(all.counters, { new: 3, overdue: 1 });

  const overdue = (await api.get('/cases?overdue=true')).json();
  t.same(overdue.items.map((i: { id: string }) => i.id), [fatal.body.reportId]);
  t.equal(overdue.total, 1);

  h.advance(5 * 86_400_000); // 4 December: the first reports are past 7 days, the later one past 3 working days
  api = as(h.consoleApp, await login(h.consoleApp, inspector));
  const afterWeek = (await api.get('/cases?overdue=true&sort=deadline&order=asc')).json();
  t.equal(afterWeek.total, 3);
  t.same(afterWeek.counters, { new: 3, overdue: 3 });
  t.equal(afterWeek.items[0].id, fatal.body.reportId, 'the earliest due first');
  t.same(afterWeek.items.find((i: { id: string }) => i.id === later.body.reportId).overdue, ['acknowledge', 'triage'], 'triage due 2 December, and acknowledgement with it');

  t.equal((await api.post(`/cases/${fatal.body.reportId}/transition`, { to: 'acknowledged' })).statusCode, 200);
  t.equal((await api.post(`/cases/${fatal.body.reportId}/transition`, { to: 'in_review' })).statusCode, 200);
  const reviewed = (await api.get(`/cases?status=in_review`)).json();
  t.same(reviewed.items.map((i: { id: string; overdue: string[] }) => [i.id, i.overdue]), [[fatal.body.reportId, []]], 'met stages no longer count');
  t.same((await api.get('/cases')).json().counters, { new: 2, overdue: 2 });

  t.same((await api.get('/cases?category=near_miss')).json().items.map((i: { id: string }) => i.id), [later.body.reportId]);
  t.equal((await api.get('/cases?region=71')).json().total, 0);
  const firstPage = (await api.get('/cases?pageSize=10&page=1')).json();
  t.equal(firstPage.items.length, 3);
  t.equal((await api.get('/cases?pageSize=10&page=2')).json().items.length, 0);
  t.equal((await api.get('/cases?page=0')).statusCode, 400);
  t.equal((await api.get('/cases?pageSize=100000')).statusCode, 400);

  // Severity, group accident and assignee.
  const patched = await api.patch(`/cases/${later.body.reportId}`, { severity: 'severe', group: true, assigneeId: inspector.id });
  t.match(patched.json(), { severity: 'severe', group: true, assigneeId: inspector.id });
  t.same((await api.get('/cases?severity=severe')).json().items.map((i: { id: string }) => i.id), [later.body.reportId]);
  t.same((await api.get(`/cases?assignee=${inspector.id}`)).json().items.map((i: { id: string }) => i.id), [later.body.reportId]);
  t.equal((await api.patch(`/cases/${later.body.reportId}`, { assigneeId: 'nobody-at-all' })).statusCode, 404);
  t.equal((await api.patch(`/cases/${later.body.reportId}`, {})).statusCode, 400, 'an empty patch is refused');
  t.equal((await api.patch(`/cases/${later.body.reportId}`, { severity: null })).json().severity, null);

  // An administrator changes the terms: due days are recomputed.
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  const settings = await admin.patch('/organisation', { deadlines: { acknowledgeDays: 30, triageWorkingDays: 10 }, holidays: ['2026-12-07'] });
  t.equal(settings.statusCode, 200);
  t.equal(settings.json().settings.deadlines.acknowledgeDays, 30);
  t.match((await api.get(`/cases?category=missing_ppe`)).json().items[0].deadlines, { acknowledge: '2026-12-11', triage: '2026-12-11' }, '10 working days without 7 December; acknowledged by triage at the latest');
});

t.test('notes and added recipients: the case key is re-wrapped, the content never re-encrypted', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const almaty = createStaff(h, 'inspector', { groups: ['region-75'] });
  const colleague = createStaff(h, 'inspector', { groups: ['region-71'] });
  const { body } = await submit(h, [almaty]);
  const api = as(h.consoleApp, await login(h.consoleApp, almaty));
  const view = (await api.get(`/cases/${body.reportId}`)).json();
  const reportKeyPair = unwrapReportKey(fromBase64Url(view.wrap), almaty.keys);

  // The browser signs the note with the author's key, inside the ciphertext.
  const note = sealNote({ reportId: body.reportId, authorId: almaty.id, text: 'Call the site manager on Monday.', reportPublicKey: reportKeyPair.publicKey, signingKeyPair: almaty.signingKeys });
  const added = await api.post(`/cases/${body.reportId}/notes`, { ciphertext: toBase64Url(note) });
  t.equal(added.statusCode, 201);
  t.equal((await api.post(`/cases/${body.reportId}/notes`, { ciphertext: toBase64Url(new Uint8Array(500)) })).statusCode, 400, 'not an envelope');

  const unsigned = createStaff(h, 'inspector', { groups: ['region-71'], signed: false });
  const colleagues = (await api.get('/colleagues')).json() as { id: string; publicKey: string; certificate: string }[];
  t.same(colleagues.map((c) => c.id), [colleague.id], 'colleagues to share with: certified keys only, not oneself, not uncertified');
  t.same(colleagues[0]?.publicKey, toBase64Url(colleague.keys.publicKey));
  t.same(readCertificate(fromBase64Url(colleagues[0]!.certificate), h.signing.publicKey)?.boxKey, colleague.keys.publicKey, 'with the certificate the browser checks before wrapping');
  t.notOk(colleagues.some((c) => c.id === unsigned.id));
  const before = h.database.sqlite.prepare('select field, ciphertext from report_fields where report_id = ? order by field').all(body.reportId);
  const outsider = as(h.consoleApp, await login(h.consoleApp, colleague));
  t.equal((await outsider.get(`/cases/${body.reportId}`)).statusCode, 404, 'not yet');
  const wrap = wrapReportKey(reportKeyPair.privateKey, colleague.keys.publicKey);
  const shared = await api.post(`/cases/${body.reportId}/recipients`, { accountId: colleague.id, wrap: toBase64Url(wrap) });
  t.equal(shared.statusCode, 201);
  t.equal((await api.post(`/cases/${body.reportId}/recipients`, { accountId: colleague.id, wrap: toBase64Url(wrap) })).json().error.code, 'case.recipient_exists');
  const analyst = createStaff(h, 'analyst');
  t.equal((await as(h.consoleApp, await login(h.consoleApp, analyst)).get('/colleagues')).statusCode, 403, 'analysts list no keys');
  t.equal((await api.post(`/cases/${body.reportId}/recipients`, { accountId: analyst.id, wrap: toBase64Url(wrap) })).json().error.code, 'account.not_recipient');

  const theirView = (await outsider.get(`/cases/${body.reportId}`)).json();
  const opened = openReport({ reportId: body.reportId, content: fromBase64Url(theirView.content), contact: null, wrap: fromBase64Url(theirView.wrap), keyPair: colleague.keys });
  t.same(opened.content, sampleContent('case'), 'the new recipient opens the case with its own wrap');
  const theirKey = unwrapReportKey(fromBase64Url(theirView.wrap), colleague.keys);
  const openedNote = openNote({ reportId: body.reportId, envelope: fromBase64Url(theirView.notes[0].ciphertext), reportKeyPair: theirKey });
  t.equal(openedNote.text, 'Call the site manager on Monday.');
  t.equal(theirView.notes[0].authorId, almaty.id);
  // The author's signing key comes from their certificate, which every staff member can read.
  const certificates = (await outsider.get('/directory')).json().certificates as { accountId: string; certificate: string }[];
  const authorCertificate = readCertificate(fromBase64Url(certificates.find((c) => c.accountId === almaty.id)!.certificate), h.signing.publicKey);
  t.ok(authorCertificate?.signKey && openedNote.verify(authorCertificate.signKey), 'the note verifies with its author\'s certified key');
  t.same(h.database.sqlite.prepare('select field, ciphertext from report_fields where report_id = ? order by field').all(body.reportId), before, 'the ciphertext did not change');
  t.equal((await outsider.get('/cases')).json().total, 1, 'and it is in their queue');
  t.match(theirView.events.at(-1), { kind: 'recipient', to: colleague.id, actorId: almaty.id });
});

t.test('the recovery key: every new report is wrapped for it, and an admin can re-wrap through it', async (t) => {
  const h = await buildHarness({ recovery: true });
  t.teardown(h.close);
  const recovery = h.recovery!;
  const almaty = createStaff(h, 'inspector', { groups: ['region-75'] });
  const successor = createStaff(h, 'inspector', { groups: ['region-71'] });

  // The page routes over the signed directory: the recovery key is certified for region groups.
  const routed = await h.pageSubmission({ region: '75', category: 'near_miss' });
  t.same(routed.route.recipients.map((c) => c.accountId).sort(), [almaty.id, 'recovery'].sort(), 'the page is told to wrap for the recovery key');
  t.same(routed.route.recipients.find((c) => c.accountId === 'recovery')?.boxKey, recovery.publicKey);
  await t.rejects(h.pageSubmission({ region: '10', category: 'near_miss' }), /would not send/, 'it does not staff a group');

  const withoutRecovery = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [{ id: almaty.id, keys: almaty.keys }] });
  t.equal((await injectReport(h.app, withoutRecovery.body)).json().error.code, 'report.recipients_changed', 'a report without the recovery wrap is refused');
  const sealed = routed;
  t.equal((await injectReport(h.app, sealed.body)).statusCode, 201);

  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  const inspector = as(h.consoleApp, await login(h.consoleApp, almaty));
  t.equal((await inspector.get(`/recovery/cases/${sealed.body.reportId}`)).statusCode, 403, 'administrators only');
  const held = await admin.get(`/recovery/cases/${sealed.body.reportId}`);
  t.equal(held.statusCode, 200);
  const reportKey = unwrapReportKey(fromBase64Url(held.json().wrap), recovery);
  const rewrapped = await admin.post('/recovery/rewrap', { caseId: sealed.body.reportId, accountId: successor.id, wrap: toBase64Url(wrapReportKey(reportKey.privateKey, successor.keys.publicKey)) });
  t.equal(rewrapped.statusCode, 201);
  const theirs = (await as(h.consoleApp, await login(h.consoleApp, successor)).get(`/cases/${sealed.body.reportId}`)).json();
  t.same(openReport({ reportId: sealed.body.reportId, content: fromBase64Url(theirs.content), contact: null, wrap: fromBase64Url(theirs.wrap), keyPair: successor.keys }).content, sampleContent());
  t.equal((await admin.get(`/cases/${sealed.body.reportId}`)).statusCode, 404, 'the administrator still cannot read it');
  t.equal((await admin.post('/recovery/rewrap', { caseId: 'B'.repeat(22), accountId: successor.id, wrap: toBase64Url(wrapReportKey(reportKey.privateKey, successor.keys.publicKey)) })).statusCode, 404);
});

t.test('analysts get counts on clear metadata; every action lands in the hash-chained audit log', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const { body } = await submit(h, [inspector]);
  await submit(h, [inspector], { category: 'near_miss' });
  const analyst = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'analyst')));
  const stats = (await analyst.get('/stats?from=2026-11-01&to=2026-11-30')).json();
  t.equal(stats.total, 2);
  t.same(stats.region, [{ key: '75', count: 2 }]);
  t.same(stats.category, [{ key: 'missing_ppe', count: 1 }, { key: 'near_miss', count: 1 }]);
  t.same(stats.status, [{ key: 'new', count: 2 }]);
  t.equal((await analyst.get('/stats?from=2026-12-01')).json().total, 0);
  t.equal((await analyst.get('/stats?from=yesterday')).statusCode, 400);

  const work = as(h.consoleApp, await login(h.consoleApp, inspector));
  await work.get(`/cases/${body.reportId}`);
  await work.post(`/cases/${body.reportId}/transition`, { to: 'acknowledged' });
  const admin = as(h.consoleApp, await login(h.consoleApp, createStaff(h, 'admin')));
  const audit = (await admin.get('/audit')).json();
  const actions = audit.entries.map((e: { action: string }) => e.action);
  for (const action of ['auth.login', 'stats.view', 'case.decrypt', 'case.transition']) t.ok(actions.includes(action), `${action} audited`);
  const decrypt = audit.entries.find((e: { action: string }) => e.action === 'case.decrypt');
  t.match(decrypt, { actorId: inspector.id, caseId: body.reportId, detail: { wrap: true }, hash: /^[0-9a-f]{64}$/ });
  t.equal(audit.entries[0].seq, audit.total, 'newest first');
  t.equal((await admin.get('/audit?page=0')).statusCode, 400);
});
