// The report store: a worker thread for a database file, in-process for ':memory:'; reports are
// read back through the main connection the way the console reads them.
import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createReportStore, isDuplicate, type NewReport } from '../../db/report-writer.ts';
import { getReportForRecipient, statusByLookupHash } from '../../db/repositories/reports.ts';
import type { Worker } from 'node:worker_threads';
import { seedDataDir } from '../helpers/seed.ts';

function newReport(n: number, recipientId: string): NewReport {
  const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
  return {
    report: { id: `report-${n}`, envelopeVersion: 1, region: '75', industry: 'F', category: 'near_miss', groupId: 'region-75', receivedDay: '2026-11-25', acknowledgeDue: '2026-12-02', triageDue: '2026-11-30', answerDue: '2026-12-16', feedbackDue: '2027-02-25' },
    fields: [{ field: 'content', ciphertext: bytes(1200, n % 256) }],
    recipientWraps: [{ recipientId, wrap: bytes(108, 1) }],
    reporterKey: { salt: bytes(16, 2), wrap: bytes(108, 3) },
    lookupHash: Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i) % 256),
  };
}

async function fileStore(t: Test) {
  const { inspector, databasePath } = await seedDataDir(join(mkdtempSync(join(tmpdir(), 'qauipsiz-rw-')), 'data'), ['region-75']);
  const database = openDatabase(databasePath);
  const workers: Worker[] = [];
  const store = createReportStore(database.sqlite, { onWorker: (worker) => workers.push(worker) });
  t.teardown(async () => {
    await store.close();
    database.close();
  });
  return { database, store, inspector, workers };
}

t.test('a database file gets a writer thread; what it acknowledged reads back on the main connection', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  const reports = Array.from({ length: 40 }, (_, i) => newReport(i, inspector.id));
  await Promise.all(reports.map((r) => store.write(r)));
  t.ok(store.largestBatch() > 1, 'concurrent reports shared commits');
  const back = getReportForRecipient(database.db, 'report-7', inspector.id);
  t.equal(back?.report.groupId, 'region-75');
  t.equal(back?.report.answerDue, '2026-12-16');
  t.same([...(back?.fields[0]?.ciphertext ?? [])], [...(reports[7]?.fields[0]?.ciphertext ?? [])], 'ciphertext stored byte for byte');
  t.same([...(back?.wrap ?? [])], [...new Uint8Array(108).fill(1)]);
  t.same(statusByLookupHash(database.db, Buffer.from(reports[12]?.lookupHash ?? [])), { status: 'new', receivedDay: '2026-11-25' });
});

t.test('a duplicate report id or lookup is refused alone; its batch commits', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  await store.write(newReport(1, inspector.id));
  const sameLookup = { ...newReport(1, inspector.id), report: { ...newReport(1, inspector.id).report, id: 'report-other' } };
  const results = await Promise.allSettled([store.write(newReport(2, inspector.id)), store.write(newReport(1, inspector.id)), store.write(sameLookup), store.write(newReport(3, inspector.id))]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  t.ok(isDuplicate((results[1] as PromiseRejectedResult).reason), 'same report id: a duplicate');
  t.ok(isDuplicate((results[2] as PromiseRejectedResult).reason), 'same lookup: a duplicate');
  const count = (table: string) => (database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  t.same([count('reports'), count('report_fields'), count('report_key_wraps'), count('reporter_keys'), count('case_lookups')], [3, 3, 3, 3, 3], 'nothing of the refused reports stayed');
});

t.test('a report for an unknown recipient fails without taking the others down; nothing of it is kept', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  const results = await Promise.allSettled([store.write(newReport(1, inspector.id)), store.write(newReport(2, 'nobody'))]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected']);
  t.notOk(isDuplicate((results[1] as PromiseRejectedResult).reason));
  t.equal((database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n, 1);
});

t.test('when the writer thread dies, nothing unwritten is acknowledged and the next report gets a new thread', async (t) => {
  const { database, store, inspector, workers } = await fileStore(t);
  await store.write(newReport(1, inspector.id));
  // Hold the write lock, so the writer is surely still waiting to commit when it dies.
  database.sqlite.prepare('BEGIN IMMEDIATE').run();
  const inFlight = [2, 3, 4].map((n) => store.write(newReport(n, inspector.id)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  await workers[0]?.terminate();
  database.sqlite.prepare('ROLLBACK').run();
  const settled = await Promise.allSettled(inFlight);
  t.same(settled.map((r) => r.status), ['rejected', 'rejected', 'rejected'], 'the writes the dead thread held are refused');
  t.match((settled[0] as PromiseRejectedResult).reason, { code: 'WRITER_STOPPED' });
  const stored = (id: string) => database.sqlite.prepare('select 1 from reports where id = ?').get(id) !== undefined;
  t.same([2, 3, 4].map((n) => stored(`report-${n}`)), [false, false, false], 'and none of them is stored');
  await store.write(newReport(5, inspector.id));
  t.equal(workers.length, 2, 'a new writer thread');
  t.ok(stored('report-5'));
  t.ok(stored('report-1'), 'what was acknowledged before stays');
});

t.test('close commits what was asked for, then refuses new reports', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  const asked = [store.write(newReport(1, inspector.id)), store.write(newReport(2, inspector.id))];
  await store.close();
  await Promise.all(asked);
  t.equal((database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n, 2);
  await t.rejects(store.write(newReport(3, inspector.id)), { code: 'CLOSED' });
});

t.test("an in-memory database is written in-process (another thread could not open it)", async (t) => {
  const database = openDatabase(':memory:');
  t.teardown(database.close);
  const store = createReportStore(database.sqlite);
  await t.rejects(store.write(newReport(1, 'nobody')), /FOREIGN KEY/, 'same statements, same constraints');
  await store.close();
});
