// Migration 0005 on a database that already holds cases: the rows of the report tables get
// random rowids (no insertion order in the file) and nothing is lost, least of all what refers to
// them ON DELETE CASCADE (case events, notes, ciphertext).
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/database.ts';
import { openConnection } from '../../db/writer-core.js';

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url));
const reportTables = ['reports', 'report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups'];
const allTables = [...reportTables, 'case_events', 'case_notes', 'recipients', 'group_members', 'staff_accounts', 'audit_log'];

/** A database file with the migrations up to and including `lastTag` applied (a copy of the folder, journal cut there). */
function databaseAt(lastTag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qauipsiz-migrate-'));
  const folder = join(dir, 'migrations');
  cpSync(migrations, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  const path = join(dir, 'old.db');
  const sqlite = openConnection(path);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite.close();
  return path;
}

/** Cases as version 0004 stored them: reports with every ciphertext table, events, notes, a wrap for a recipient. */
function fillOldDatabase(path: string, cases: number): void {
  const sqlite = new Database(path);
  const run = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).run(...params);
  sqlite.transaction(() => {
    run("insert into organisation (id, name, signing_public_key, wrapped_signing_key, created_day) values (1, 'Org', zeroblob(32), zeroblob(72), '2026-01-01')");
    run("insert into recipient_groups (id, kind, region_kato, name_kk, name_ru, name_en, created_day) values ('region-75', 'region', '75', 'a', 'b', 'c', '2026-01-01')");
    run("insert into recipients (id, display_name, public_key, key_signature, wrapped_private_key, created_day) values ('insp', 'I', zeroblob(32), zeroblob(64), zeroblob(8), '2026-01-01')");
    run("insert into group_members (group_id, recipient_id) values ('region-75', 'insp')");
    run("insert into staff_accounts (id, username, display_name, role, key_envelope, public_key, auth_hash, created_at) values ('insp', 'insp', 'I', 'inspector', zeroblob(89), zeroblob(32), 'h', '2026-01-01T00:00:00Z')");
    for (let i = 0; i < cases; i++) {
      const id = `case-${String(i).padStart(4, '0')}`;
      run("insert into reports (id, envelope_version, region, industry, category, group_id, received_day, status, closed_day, acknowledge_due) values (?, 1, '75', 'F', 'near_miss', 'region-75', '2026-11-01', ?, ?, '2026-11-08')", id, i % 3 === 0 ? 'closed' : 'new', i % 3 === 0 ? '2026-11-20' : null);
      run("insert into report_fields (report_id, field, ciphertext) values (?, 'content', randomblob(1145))", id);
      if (i % 2 === 0) run("insert into report_fields (report_id, field, ciphertext) values (?, 'contact', randomblob(1145))", id);
      run("insert into report_key_wraps (report_id, recipient_id, wrap) values (?, 'insp', randomblob(81))", id);
      run('insert into reporter_keys (report_id, salt, wrap) values (?, randomblob(16), randomblob(81))', id);
      run('insert into case_lookups (lookup_hash, report_id) values (randomblob(32), ?)', id);
      run("insert into case_events (report_id, at, actor_id, kind, from_value, to_value) values (?, '2026-11-02T10:00:00Z', 'insp', 'status', 'new', 'acknowledged')", id);
      run("insert into case_notes (id, report_id, author_id, created_at, ciphertext) values (?, ?, 'insp', '2026-11-02T10:00:00Z', randomblob(1145))", `note-${i}`, id);
    }
  })();
  sqlite.close();
}

/** The columns of each table of `allTables`. */
function columnsOf(sqlite: Database.Database): Record<string, string[]> {
  return Object.fromEntries(allTables.map((table) => [table, (sqlite.prepare(`select name from pragma_table_info(?) order by name`).all(table) as { name: string }[]).map((c) => c.name)]));
}

/** Every row of every table, in the given columns, as JSON (blobs as hex), sorted: the data, independent of layout. */
function contents(sqlite: Database.Database, columns: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    allTables.map((table) => [
      table,
      (sqlite.prepare(`select ${(columns[table] ?? []).join(', ')} from ${table}`).all() as Record<string, unknown>[])
        .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v])))
        .sort(),
    ]),
  );
}

/**
 * The share of pairs of `table`'s rows (of different cases) that rowid order puts the other way
 * round from the cases' numbers, the order fillOldDatabase wrote them in: 0 in that order, about
 * 0.5 at random (sd 0.044 for 60 cases).
 */
function disorder(sqlite: Database.Database, table: string): number {
  const idColumn = table === 'reports' ? 'id' : 'report_id';
  const ranks = (sqlite.prepare(`select ${idColumn} from ${table} order by rowid`).pluck().all() as string[]).map((id) => Number(id.slice('case-'.length)));
  let inverted = 0;
  let pairs = 0;
  ranks.forEach((a, i) => {
    for (const b of ranks.slice(i + 1)) {
      if (a === b) continue;
      pairs++;
      if (a > b) inverted++;
    }
  });
  return inverted / pairs;
}

t.test('an existing database keeps every case, event, note and ciphertext through migration 0005', async (t) => {
  const path = databaseAt('0004_directory_revision');
  fillOldDatabase(path, 60);
  const before = new Database(path, { readonly: true });
  const columns = columnsOf(before);
  const expected = contents(before, columns);
  for (const table of reportTables) t.equal(disorder(before, table), 0, `${table}: before, rowid order is the order the cases came in`);
  before.close();
  t.equal(expected.case_events?.length, 60);
  t.equal(expected.case_notes?.length, 60);

  const database = openDatabase(path);
  t.teardown(database.close);
  t.same(contents(database.sqlite, columns), expected, 'every row of every table is still there, unchanged');
  t.equal(database.sqlite.prepare('select count(*) from staff_accounts where signing_public_key is null').pluck().get(), 1, 'an account from before has no signing key recorded yet');
  t.same(database.sqlite.pragma('foreign_key_check'), [], 'every foreign key holds');
  t.equal(database.sqlite.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are on again');
  t.equal(database.sqlite.pragma('integrity_check', { simple: true }), 'ok');

  for (const table of reportTables) {
    const sql = (database.sqlite.prepare("select sql from sqlite_master where type = 'table' and name = ?").get(table) as { sql: string }).sql;
    t.notMatch(sql, /WITHOUT ROWID/, `${table} stays a rowid table (appends are the fast path)`);
    const share = disorder(database.sqlite, table);
    t.ok(share > 0.25 && share < 0.75, `${table}: the rows found are no longer in the order they came (${share.toFixed(3)} of pairs inverted; 0 before)`);
    const mark = database.sqlite.prepare('select shuffled_through = (select max(rowid) from ' + table + ') from ordering_watermarks where table_name = ?').pluck().get(table);
    t.equal(mark, 1, `${table}: its watermark is its highest rowid`);
  }
  const indexes = (database.sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name in ('reports', 'report_key_wraps', 'case_lookups') and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
  t.same(indexes, ['case_lookups_report_id_unique', 'report_key_wraps_recipient', 'reports_assignee', 'reports_closed_day', 'reports_group_received', 'reports_group_status', 'reports_received_day'], 'the indexes are all there');

  // The cascades still work: purging a case takes its rows along, and only its.
  database.sqlite.prepare("delete from reports where id = 'case-0000'").run();
  for (const table of ['report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups', 'case_events', 'case_notes']) {
    t.equal(database.sqlite.prepare(`select count(*) from ${table} where report_id = 'case-0000'`).pluck().get(), 0, `${table}: the purged case's rows are gone`);
  }
  t.equal(database.sqlite.prepare('select count(*) from case_events').pluck().get(), 59, 'the other cases keep theirs');
  t.equal(database.sqlite.prepare("select signing_key_protection from organisation").pluck().get(), 'login_passphrase', 'an existing organisation: its key under the login passphrase, as set up');
});

t.test('a database whose foreign keys were broken before is refused rather than migrated silently', async (t) => {
  const path = databaseAt('0004_directory_revision');
  fillOldDatabase(path, 2);
  const broken = new Database(path);
  broken.pragma('foreign_keys = OFF');
  broken.prepare("insert into case_notes (id, report_id, author_id, created_at, ciphertext) values ('orphan', 'no-such-case', 'insp', '2026-11-02T10:00:00Z', x'00')").run();
  broken.close();
  t.throws(() => openDatabase(path), /foreign key points nowhere \(case_notes → reports\)/);
});
