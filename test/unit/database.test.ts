import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createOrganisation, getDirectoryRevision } from '../../db/repositories/organisation.ts';
import { addRecipient } from '../../db/repositories/recipients.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';

t.test('all migrations apply to an empty database, with foreign keys and WAL on', async (t) => {
  const database = openDatabase(join(mkdtempSync(join(tmpdir(), 'qauipsiz-db-')), 'fresh.db'));
  t.teardown(database.close);
  const tables = (database.sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[]).map((r) => r.name);
  t.same(tables, [
    'audit_log',
    'case_events',
    'case_lookups',
    'case_notes',
    'certificates',
    'directory_revision',
    'group_members',
    'invitations',
    'ordering_watermarks',
    'organisation',
    'organisation_settings',
    'recipient_groups',
    'recipients',
    'report_fields',
    'report_key_wraps',
    'reporter_keys',
    'reports',
    'signed_directories',
    'staff_accounts',
    'staff_sessions',
  ]);
  t.equal(database.sqlite.pragma('foreign_keys', { simple: true }), 1);
  t.equal(database.sqlite.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(database.sqlite.pragma('synchronous', { simple: true }), 2, 'FULL: acknowledged means on disk');
  t.equal(database.sqlite.pragma('secure_delete', { simple: true }), 1);
  t.same(database.sqlite.pragma('foreign_key_check'), []);
  t.throws(() => database.sqlite.prepare("insert into group_members (group_id, recipient_id) values ('nope', 'nobody')").run(), /FOREIGN KEY/);
});

t.test('the audit log refuses changes and deletions', async (t) => {
  const database = openDatabase(':memory:');
  t.teardown(database.close);
  database.sqlite.prepare("insert into audit_log (seq, at, actor_id, action, case_id, detail, prev_hash, hash) values (1, 'x', null, 'a', null, '{}', 'p', 'h')").run();
  t.throws(() => database.sqlite.prepare("update audit_log set action = 'b'").run(), /append-only/);
  t.throws(() => database.sqlite.prepare('delete from audit_log').run(), /append-only/);
});

t.test('opening twice applies nothing twice', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'qauipsiz-db-')), 'again.db');
  openDatabase(path).close();
  const again = openDatabase(path);
  t.teardown(again.close);
  const applied = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  const journal = JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
  t.equal(applied.n, journal.entries.length, 'each committed migration applied once');
});

t.test('the directory revision moves with every change that routes or seals a report, from any connection, and with nothing else', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'qauipsiz-db-')), 'revision.db');
  const database = openDatabase(path);
  const other = openDatabase(path);
  t.teardown(() => {
    database.close();
    other.close();
  });
  let seen = getDirectoryRevision(database.db);
  const moved = (what: string) => {
    const now = getDirectoryRevision(database.db);
    t.ok(now > seen, `${what} moves it`);
    seen = now;
  };
  createOrganisation(other.db, { name: 'Org', signingPublicKey: Buffer.alloc(32), wrappedSigningKey: Buffer.alloc(8), createdDay: '2026-11-01' }, defaultGroupRows('2026-11-01'));
  moved('creating the organisation and its groups (another connection)');
  addRecipient(other.db, { id: 'r1', displayName: 'R', publicKey: Buffer.alloc(32), keySignature: Buffer.alloc(64), wrappedPrivateKey: Buffer.alloc(8), createdDay: '2026-11-01' }, ['region-75']);
  moved('adding a recipient to a group');
  other.sqlite.prepare("update recipients set disabled_day = '2026-11-02' where id = 'r1'").run();
  moved('disabling a recipient');
  other.sqlite.prepare("delete from group_members where recipient_id = 'r1'").run();
  moved('removing a membership');
  database.sqlite.prepare("insert into organisation_settings (id, require_totp, retention_days, deadlines) values (1, 0, null, '{}')").run();
  moved('saving settings (this connection)');
  other.sqlite.prepare("update recipient_groups set name_en = 'Renamed' where id = 'region-75'").run();
  moved('renaming a group');
  other.sqlite.prepare("insert into certificates (account_id, certificate, digest, issued_at) values ('r1', x'01', 'd1', '2026-11-02T00:00:00Z')").run();
  moved('storing a certificate');
  other.sqlite.prepare("update certificates set certificate = x'02' where account_id = 'r1'").run();
  moved('editing a certificate');
  other.sqlite.prepare("insert into signed_directories (version, directory, published_at) values (1, x'01', '2026-11-02T00:00:00Z')").run();
  moved('publishing a directory');
  other.sqlite.prepare('delete from signed_directories').run();
  moved('deleting a directory');
  other.sqlite.prepare("insert into reports (id, envelope_version, region, industry, category, group_id, received_day) values ('x', 1, '75', 'F', 'near_miss', 'region-75', '2026-11-25')").run();
  t.equal(getDirectoryRevision(database.db), seen, 'a new report does not move it');
});
