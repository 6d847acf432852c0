// Operations: online backup and restore through the real processes, retention, health.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64Url, loadSodium } from '../../crypto/index.ts';
import { purgeClosedReports } from '../../db/repositories/reports.ts';
import { buildHarness, injectReport, sealedSubmission } from '../helpers/fixtures.ts';
import { postStatus, submitNewReport } from '../helpers/reporter-client.ts';
import { runAdmin, startServer } from '../helpers/server-process.ts';

const orgPass = 'organisation passphrase';
const inspectorPass = 'inspector passphrase';

t.test('an online backup restores into a new data directory that opens, finds codes and decrypts', async (t) => {
  await loadSodium();
  const base = mkdtempSync(join(tmpdir(), 'qauipsiz-ops-'));
  const dataDir = join(base, 'data');
  t.equal((await runAdmin(dataDir, ['create-org', '--name', 'Ops'], [orgPass, orgPass])).code, 0);
  const added = await runAdmin(dataDir, ['add-inspector', '--name', 'Dana', '--group', 'national'], [orgPass, inspectorPass, inspectorPass]);
  const inspectorId = /with id (\S+)/.exec(added.stdout)?.[1] ?? '';

  const server = await startServer(dataDir);
  t.teardown(() => server.stop());
  const { body, response } = await submitNewReport(server.publicUrl, { region: '10', category: 'near_miss' });
  t.equal(response.status, 201);

  const file = join(base, 'backup.db');
  const backedUp = await runAdmin(dataDir, ['backup', file]);
  t.equal(backedUp.code, 0, backedUp.stderr);
  t.match(backedUp.stdout, /Backed up 1 cases/);
  t.match(backedUp.stdout, /server secret/);

  const refused = await runAdmin(dataDir, ['restore', file]);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /is running .* stop it before restoring/);
  await server.stop();

  const restoredDir = join(base, 'restored');
  const restored = await runAdmin(restoredDir, ['restore', file]);
  t.equal(restored.code, 0, restored.stderr);
  t.match(restored.stdout, /Restored 1 cases .* with its server secret/);
  t.same(readFileSync(join(restoredDir, 'server-secret.key')), readFileSync(join(dataDir, 'server-secret.key')));

  const again = await startServer(restoredDir);
  t.teardown(() => again.stop());
  const status = await postStatus(again.publicUrl, body.lookupId);
  t.equal(status.status, 200, 'the code still finds its case');
  const read = await runAdmin(restoredDir, ['read', body.reportId, '--inspector', inspectorId], [inspectorPass]);
  t.equal(read.code, 0, read.stderr);
  t.match(read.stdout, /What happened:/);

  const garbage = join(base, 'garbage.db');
  writeFileSync(garbage, 'not a database');
  await again.stop();
  const bad = await runAdmin(restoredDir, ['restore', garbage]);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /Not restored/);
});

t.test('retention purges closed cases and their ciphertext from the file, keeps open ones', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'qauipsiz-retention-')), 'r.db');
  const h = await buildHarness({ databasePath: file });
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const first = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] });
  const second = sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] });
  for (const s of [first, second]) t.equal((await injectReport(h.app, s.body)).statusCode, 201);
  h.database.sqlite.prepare("update reports set status = 'closed', closed_day = '2025-01-10' where id = ?").run(first.body.reportId);
  h.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const marker = Buffer.from(fromBase64Url(first.body.content).subarray(200, 260));
  const onDisk = () => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
  t.ok(onDisk().includes(marker), 'the ciphertext is in the file before the purge');

  t.equal(purgeClosedReports(h.database, '2025-01-09'), 0, 'not yet: closed after the cutoff');
  t.equal(purgeClosedReports(h.database, '2026-01-10'), 1);
  const left = h.database.sqlite.prepare('select id from reports').all() as { id: string }[];
  t.same(left.map((r) => r.id), [second.body.reportId], 'the open case stays');
  for (const table of ['report_fields', 'report_key_wraps', 'reporter_keys', 'case_lookups']) {
    const n = (h.database.sqlite.prepare(`select count(*) as n from ${table} where report_id = ?`).get(first.body.reportId) as { n: number }).n;
    t.equal(n, 0, `${table} rows of the purged case are gone`);
  }
  t.notOk(onDisk().includes(marker), 'secure_delete: the ciphertext bytes are gone from the file and its WAL');
});

t.test('health says the service can serve, and nothing about cases', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  for (const app of [h.app, h.consoleApp]) {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    t.equal(res.statusCode, 200);
    t.same(res.json(), { status: 'ok' });
    t.equal(res.headers['cache-control'], 'no-store');
  }
});
