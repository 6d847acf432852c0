// A full disk, for real: the server process on a small tmpfs as DATA_DIR. New reports are refused
// with storage.full (507, never 500) before DISK_RESERVE_MB is gone, and when a write does fail
// for want of space; health turns to failing on both listeners; no acknowledged report is lost;
// once space is freed the service takes reports again without a restart. And the WAL stays
// bounded under sustained writes. Needs root to mount the tmpfs (as in CI): it fails, not skips.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createReportStore, type NewReport } from '../../db/report-writer.ts';
import { walSizeLimitBytes } from '../../db/writer-core.js';
import { sealedSubmission, type Inspector } from '../helpers/fixtures.ts';
import { postReport, postStatus } from '../helpers/reporter-client.ts';
import { seedDataDir } from '../helpers/seed.ts';
import { checkStored } from '../helpers/stored.ts';
import { cheapPow, startServer, type ServerProcess } from '../helpers/server-process.ts';

type Sealed = ReturnType<typeof sealedSubmission>;
const mib = 1024 * 1024;

/** A fresh tmpfs of `sizeMiB`, unmounted (and removed) when the test ends; fails the test if it cannot be mounted. */
function mountTmpfs(t: Test, sizeMiB: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'qauipsiz-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`this test mounts a ${sizeMiB} MiB tmpfs as DATA_DIR and needs root (as in CI); mount failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`);
  }
  return dir;
}

function unmount(dir: string): void {
  // Lazy: a process that still holds a file there cannot keep the mount (or the test) alive.
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
}

const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/** Fills the filesystem of `dir` with a file until `leave` bytes are free; returns the file's path. */
function fillUntil(dir: string, leave: number): string {
  const filler = join(dir, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(dir) - leave)));
  return filler;
}

type Run = { acknowledged: Sealed[]; sent: Sealed[]; statuses: number[]; refusals: { status: number; code: string }[] };

/** Submits new reports from a few loops until `refusalsWanted` were refused or `max` were sent. */
async function submitUntilRefused(baseUrl: string, inspector: Inspector, refusalsWanted: number, max: number): Promise<Run> {
  const run: Run = { acknowledged: [], sent: [], statuses: [], refusals: [] };
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (run.refusals.length < refusalsWanted && run.sent.length < max) {
        const item = sealedSubmission({ region: '75', category: 'unsafe_conditions', groupId: 'region-75', recipients: [inspector] });
        run.sent.push(item);
        const res = await postReport(baseUrl, item.body);
        run.statuses.push(res.status);
        const body = (await res.json()) as { error?: { code: string } };
        if (res.status === 201) run.acknowledged.push(item);
        else run.refusals.push({ status: res.status, code: body.error?.code ?? '' });
      }
    }),
  );
  return run;
}

async function health(server: ServerProcess): Promise<[number, number]> {
  const [publicAnswer, consoleAnswer] = await Promise.all([fetch(`${server.publicUrl}/api/health`), fetch(`${server.consoleUrl}/api/health`)]);
  await Promise.all([publicAnswer.text(), consoleAnswer.text()]);
  return [publicAnswer.status, consoleAnswer.status];
}

/** Asks health until both listeners say `want` (at most ~15 s: the watch looks at the disk at least once a second on demand). */
async function healthBecomes(server: ServerProcess, want: number): Promise<[number, number]> {
  let last = await health(server);
  for (let i = 0; i < 75 && (last[0] !== want || last[1] !== want); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await health(server);
  }
  return last;
}

/** What both scenarios assert once the disk refused: the refusals, health, the log, the stored reports' codes. */
async function checkRefused(t: Test, server: ServerProcess, run: Run, logEvent: string): Promise<void> {
  t.ok(run.acknowledged.length > 0, `${run.acknowledged.length} reports acknowledged before the disk refused`);
  t.ok(run.refusals.length > 0, `${run.refusals.length} refused`);
  t.same(
    run.refusals.filter((r) => r.status !== 507 || r.code !== 'storage.full'),
    [],
    'every refusal is 507 storage.full (never 500)',
  );
  t.same([...new Set(run.statuses)].sort((a, b) => a - b), [201, 507], 'no other answer than 201 and 507');
  t.same(await health(server), [503, 503], 'health says unavailable on both listeners');
  t.match(server.output(), new RegExp(`"event":"${logEvent.replace('.', '\\.')}"`), `the log says ${logEvent}`);
  const log = server.output();
  const leaked = run.sent.filter(({ body }) => log.includes(body.reportId) || log.includes(body.lookupId));
  t.equal(leaked.length, 0, 'no report id or lookup id in the log');
  // Reads still work on a full disk: each acknowledged code finds its case.
  let found = 0;
  for (const { body } of run.acknowledged) if ((await postStatus(server.publicUrl, body.lookupId)).status === 200) found++;
  t.equal(found, run.acknowledged.length, 'every acknowledged case is found by its code');
}

async function checkRecovers(t: Test, server: ServerProcess, filler: string, inspector: Inspector): Promise<Sealed> {
  rmSync(filler);
  t.same(await healthBecomes(server, 200), [200, 200], 'once space is freed, health is ok again on both listeners without a restart');
  const item = sealedSubmission({ region: '75', category: 'unsafe_conditions', groupId: 'region-75', recipients: [inspector] });
  t.equal((await postReport(server.publicUrl, item.body)).status, 201, 'and a new report is accepted');
  return item;
}

/**
 * A real server on a 40 MiB tmpfs filled until `freeMiB` are left, with `reserveMiB` as
 * DISK_RESERVE_MB; killed and unmounted at the end of the test. `stop()` stops it cleanly.
 */
async function serverOnSmallDisk(t: Test, freeMiB: number, reserveMiB: number) {
  const mount = mountTmpfs(t, 40);
  let running: ServerProcess | undefined;
  t.teardown(async () => {
    await running?.stop('SIGKILL');
    unmount(mount);
  });
  const dataDir = join(mount, 'data');
  const { inspector, databasePath } = await seedDataDir(dataDir, ['region-75']);
  const filler = fillUntil(mount, freeMiB * mib);
  const server = await startServer(dataDir, { ...cheapPow, DISK_RESERVE_MB: String(reserveMiB) });
  running = server;
  const stop = async () => {
    running = undefined;
    return server.stop();
  };
  return { mount, server, inspector, databasePath, filler, stop };
}

t.test('reports are refused with storage.full before DISK_RESERVE_MB is gone; freed space brings the service back', async (t) => {
  const reserveMiB = 6;
  // Room for ~100 reports' commits above the reserve (the WAL takes ~30 KB each).
  const { mount, server, inspector, databasePath, filler, stop } = await serverOnSmallDisk(t, reserveMiB + 3, reserveMiB);
  t.same(await health(server), [200, 200], 'health is ok while there is room');

  const run = await submitUntilRefused(server.publicUrl, inspector, 8, 2000);
  t.ok(freeBytes(mount) > mib, `refused with ${(freeBytes(mount) / mib).toFixed(1)} MiB still free: the reserve, not the disk, stopped the reports`);
  await checkRefused(t, server, run, 'storage.low');
  const after = await checkRecovers(t, server, filler, inspector);
  t.match(server.output(), /"event":"storage\.recovered"/, 'the log says the space came back');

  t.equal(await stop(), 0, 'stopped cleanly');
  checkStored(t, databasePath, inspector, [...run.acknowledged, after]);
});

t.test('a write the full disk refuses answers storage.full, turns health to failing, loses no acknowledged report, and recovers', async (t) => {
  // No reserve: only SQLite's own SQLITE_FULL stops the reports.
  const { server, inspector, databasePath, filler, stop } = await serverOnSmallDisk(t, 2, 0);

  const run = await submitUntilRefused(server.publicUrl, inspector, 8, 2000);
  await checkRefused(t, server, run, 'storage.write_failed');
  const after = await checkRecovers(t, server, filler, inspector);

  t.equal(await stop(), 0, 'stopped cleanly');
  checkStored(t, databasePath, inspector, [...run.acknowledged, after]);
});

function newReport(n: number, recipientId: string): NewReport {
  const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
  return {
    report: { id: `report-${n}`, envelopeVersion: 1, region: '75', industry: 'F', category: 'near_miss', groupId: 'region-75', receivedDay: '2026-11-25', acknowledgeDue: null, triageDue: null, answerDue: null, feedbackDue: null },
    fields: [{ field: 'content', ciphertext: bytes(1200, n % 256) }],
    recipientWraps: [{ recipientId, wrap: bytes(108, 1) }],
    reporterKey: { salt: bytes(16, 2), wrap: bytes(108, 3) },
    lookupHash: Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7 + Math.floor(n / 256)) % 256),
  };
}

t.test('under sustained writes (no idle moment) the WAL stays bounded', async (t) => {
  // /dev/shm when there is one: thousands of fsyncs in seconds.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'qauipsiz-wal-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { inspector, databasePath } = await seedDataDir(join(dir, 'data'), ['region-75']);
  const database = openDatabase(databasePath);
  const store = createReportStore(database.sqlite);
  const commits = 2500;
  let largestWal = 0;
  for (let n = 0; n < commits; n++) {
    // One report per commit, each waited for: the writer is never idle, and each commit adds whole pages to the WAL.
    await store.write({ ...newReport(n, inspector.id), lookupHash: Buffer.from(`${String(n).padStart(8, '0')}${'x'.repeat(24)}`) });
    if (n % 50 === 0) largestWal = Math.max(largestWal, statSync(`${databasePath}-wal`).size);
  }
  await store.close();
  database.close();
  // ~28 KB a commit: 2,500 commits write ~70 MB of WAL; it is copied back and reused, never grown past the mark by much.
  t.ok(largestWal <= walSizeLimitBytes + 2 * mib, `the WAL peaked at ${(largestWal / mib).toFixed(1)} MiB over ${commits} commits (mark ${walSizeLimitBytes / mib} MiB)`);
});
