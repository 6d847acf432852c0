// The report store: a worker thread for a database file, in-process for ':memory:'; reports are
// read back through the main connection the way the console reads them.
import type Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
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

const shuffledTables = ['reports', 'report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups'] as const;

/** newReport with an id whose text order is its number's (a batch is inserted in id order) and a lookup of its own for n < 65536. */
function numberedReport(n: number, recipientId: string): NewReport {
  const report = newReport(n, recipientId);
  const lookupHash = Uint8Array.from({ length: 32 }, (_, i) => (i < 2 ? (n >> (8 * i)) & 0xff : 7));
  return { ...report, report: { ...report.report, id: `report-${String(n).padStart(4, '0')}` }, lookupHash };
}

/** Writes reports `from`..`to - 1` in groups of 20, each group committed before the next: rowids in that order. */
async function writeInOrder(store: GroupCommit<NewReport>, recipientId: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 20) {
    await Promise.all(Array.from({ length: Math.min(20, to - start) }, (_, i) => store.write(numberedReport(start + i, recipientId))));
  }
}

/**
 * How far `table`'s rowid order is from the order its reports were written: the share of pairs
 * of rows (of different reports) that rowid order puts the other way round. 0 in arrival order,
 * about 0.5 at random (sd 0.024 for 200 reports).
 */
function disorder(sqlite: Database.Database, table: (typeof shuffledTables)[number]): number {
  const idColumn = table === 'reports' ? 'id' : 'report_id';
  const ranks = (sqlite.prepare(`select ${idColumn} from ${table} order by rowid`).pluck().all() as string[]).map((id) => Number(id.slice('report-'.length)));
  let inverted = 0;
  let pairs = 0;
  for (let i = 0; i < ranks.length; i++) {
    for (let j = i + 1; j < ranks.length; j++) {
      const [a = 0, b = 0] = [ranks[i], ranks[j]];
      if (a === b) continue;
      pairs++;
      if (a > b) inverted++;
    }
  }
  return inverted / pairs;
}

/** Tables whose watermark is not (yet) their highest rowid: rows the writer has still to move. */
function unshuffledTables(sqlite: Database.Database): string[] {
  return shuffledTables.filter(
    (table) => sqlite.prepare(`select (select coalesce(max(rowid), 0) from ${table}) = (select shuffled_through from ordering_watermarks where table_name = ?)`).pluck().get(table) !== 1,
  );
}

async function untilShuffled(sqlite: Database.Database): Promise<void> {
  for (let waited = 0; unshuffledTables(sqlite).length > 0; waited += 50) {
    if (waited > 20_000) throw new Error(`still unshuffled after 20 s: ${unshuffledTables(sqlite).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test('once the writer is idle, the rows of a burst no longer sit in the order they arrived; nothing is lost', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  const count = 200;
  await writeInOrder(store, inspector.id, 0, count);
  await untilShuffled(database.sqlite);

  for (const table of shuffledTables) {
    const share = disorder(database.sqlite, table);
    t.ok(share > 0.3 && share < 0.7, `${table}: rowid order unrelated to arrival (${share.toFixed(3)} of pairs inverted; 0 in arrival order)`);
    t.equal(database.sqlite.prepare(`select count(*) from ${table}`).pluck().get(), count, `${table}: every row is there`);
    t.equal(database.sqlite.prepare(`select count(*) from ${table} where rowid <= 1000000`).pluck().get(), 0, `${table}: no row kept the rowid it was appended with`);
  }
  t.same(database.sqlite.pragma('foreign_key_check'), [], 'every foreign key holds');
  t.equal(database.sqlite.pragma('integrity_check', { simple: true }), 'ok');
  for (const n of [0, 57, 199]) {
    const written = numberedReport(n, inspector.id);
    const back = getReportForRecipient(database.db, written.report.id, inspector.id);
    t.same([...(back?.fields[0]?.ciphertext ?? [])], [...(written.fields[0]?.ciphertext ?? [])], `report ${n}: its ciphertext, byte for byte`);
    t.same([...(back?.wrap ?? [])], [...(written.recipientWraps[0]?.wrap ?? [])], `report ${n}: its key wrap`);
    t.same(statusByLookupHash(database.db, Buffer.from(written.lookupHash)), { status: 'new', receivedDay: '2026-11-25' }, `report ${n}: found by its lookup`);
  }

  // Later reports are shuffled in among the earlier ones, not left above them.
  await writeInOrder(store, inspector.id, count, count + 40);
  await untilShuffled(database.sqlite);
  const laterBelowEarlier = database.sqlite
    .prepare("select count(*) from reports where id >= 'report-0200' and rowid < (select max(rowid) from reports where id < 'report-0200')")
    .pluck()
    .get() as number;
  t.ok(laterBelowEarlier >= 35, `${laterBelowEarlier} of the 40 later reports sit below the highest earlier one (0 if appended and left)`);
});

t.test('a batch that arrives while the writer shuffles is committed, and shuffled in turn', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  await writeInOrder(store, inspector.id, 0, 600);
  const marks = () => database.sqlite.prepare('select shuffled_through from ordering_watermarks order by table_name').pluck().all();
  const before = JSON.stringify(marks());
  for (let waited = 0; JSON.stringify(marks()) === before; waited += 5) {
    if (waited > 10_000) throw new Error('the shuffle never started');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const midPass = unshuffledTables(database.sqlite).length > 0;
  t.comment(midPass ? 'the batch came in mid-pass' : 'the pass had ended already');
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.write(numberedReport(600 + i, inspector.id))));
  t.equal(database.sqlite.prepare("select count(*) from reports where id >= 'report-0600'").pluck().get(), 20, 'the batch is committed');
  await untilShuffled(database.sqlite);
  for (const table of shuffledTables) {
    t.equal(database.sqlite.prepare(`select count(*) from ${table}`).pluck().get(), 620, `${table}: every row is there`);
    t.equal(database.sqlite.prepare(`select count(*) from ${table} where rowid <= 1000000`).pluck().get(), 0, `${table}: every row has moved`);
  }
  t.same(database.sqlite.pragma('foreign_key_check'), []);
});

t.test('after a purge took the rows at the top, new reports are still shuffled rather than appended below the watermark', async (t) => {
  const { database, store, inspector } = await fileStore(t);
  await writeInOrder(store, inspector.id, 0, 20);
  await untilShuffled(database.sqlite);
  // Purging the case at the top leaves max(rowid) below the watermark: the next appends land there.
  database.sqlite.prepare('delete from reports where rowid = (select max(rowid) from reports)').run();
  await writeInOrder(store, inspector.id, 20, 40);
  await untilShuffled(database.sqlite);
  for (const table of shuffledTables) {
    const idColumn = table === 'reports' ? 'id' : 'report_id';
    const spread = database.sqlite.prepare(`select max(rowid) - min(rowid) from ${table} where ${idColumn} >= 'report-0020'`).pluck().get() as number;
    t.ok(spread > 1_000_000, `${table}: the new rows are spread over the rowids (${spread.toExponential(1)}; 19 if left where they were appended)`);
  }
});
