// No timing trail (issue 9, point 6): the public listener of a real server process logs no line
// per request and no sequential id, only one count per day, route and status; the files in
// DATA_DIR and a backup are owner-only (0600), for new installations and tightened old ones; the
// database files' times say only the day of the last write.
import t from 'tap';
import { chmodSync, mkdtempSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { fastifyOptions, hardening } from '../../server/http/hardening.ts';
import { createLogger, createTrafficCounter, quietRequestLogger } from '../../server/http/logging.ts';
import { submitNewReport } from '../helpers/reporter-client.ts';
import { seedDataDir } from '../helpers/seed.ts';
import { runAdmin, startServer } from '../helpers/server-process.ts';

type LogLine = Record<string, unknown> & { listener?: string; msg?: string };
const linesOf = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const modes = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isFile())
      .map((name) => [name, (statSync(join(dir, name)).mode & 0o777).toString(8)]),
  );

t.test('a real server: no line per public request, day counters instead, owner-only files', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trail-')), 'data');
  t.equal((await runAdmin(dataDir, ['create-org', '--name', 'Test inspectorate'], ['organisation passphrase 1', 'organisation passphrase 1'])).code, 0);
  // An installation made before files were created 0600: the start tightens them.
  chmodSync(join(dataDir, 'qauipsiz.db'), 0o644);

  const server = await startServer(dataDir);
  t.teardown(() => server.stop());
  const sent = { health: 5, unknown: 3, badStatus: 3 };
  for (let i = 0; i < sent.health; i++) t.equal((await fetch(`${server.publicUrl}/api/health`)).status, 200);
  for (let i = 0; i < sent.unknown; i++) t.equal((await fetch(`${server.publicUrl}/no-such-page-${i}`)).status, 404);
  for (let i = 0; i < sent.badStatus; i++) {
    t.equal((await fetch(`${server.publicUrl}/api/v1/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 400);
  }
  t.equal((await fetch(`${server.consoleUrl}/api/health`)).status, 200, 'a console request');
  t.equal((await fetch(`${server.consoleUrl}/api/health`)).status, 200, 'and another');
  const whileRunning = modes(dataDir);
  t.equal(await server.stop(), 0, 'graceful stop');

  const lines = linesOf(server.output());
  const publicLines = lines.filter((line) => line.listener === 'public');
  for (const line of lines) {
    t.notOk('time' in line, 'no time finer than the day');
    t.match(line.day, /^\d{4}-\d{2}-\d{2}$/);
  }
  t.same(
    publicLines.filter((line) => 'reqId' in line || 'req' in line || 'res' in line || 'url' in line || line.msg === 'request completed' || line.msg === 'request rejected'),
    [],
    `no per-request line on the public listener after ${sent.health + sent.unknown + sent.badStatus} requests`,
  );
  const summaries = publicLines.filter((line) => line.msg === 'public requests of the day');
  t.equal(summaries.length, 1, 'one summary line for the day (written at shutdown here)');
  const traffic = summaries[0]?.traffic as { day: string; routes: { route: string; status: number; count: number }[] };
  t.same(Object.keys(summaries[0] ?? {}).sort(), ['day', 'level', 'listener', 'msg', 'traffic'], 'the summary line carries nothing else');
  t.match(traffic.day, /^\d{4}-\d{2}-\d{2}$/);
  t.same(
    [...traffic.routes].sort((a, b) => a.route.localeCompare(b.route)),
    [
      { route: 'GET /api/health', status: 200, count: sent.health },
      { route: 'GET unmatched', status: 404, count: sent.unknown },
      { route: 'POST /api/v1/status', status: 400, count: sent.badStatus },
    ],
    'the counts by route and status are right, and no path of an unknown page is kept',
  );

  const consoleLines = lines.filter((line) => line.listener === 'console' && line.msg === 'request completed');
  t.equal(consoleLines.length, 2, 'console requests are still logged one by one');
  for (const line of consoleLines) t.match(line.reqId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'with a random request id, not a counter');

  for (const [name, mode] of Object.entries(whileRunning)) t.equal(mode, '600', `${name} is 0600 while the server runs`);
  t.ok('qauipsiz.db' in whileRunning && 'qauipsiz.db-wal' in whileRunning && 'server-secret.key' in whileRunning, 'the database, its WAL and the secret were there');
  for (const [name, mode] of Object.entries(modes(dataDir))) t.equal(mode, '600', `${name} is 0600 after the run`);
  t.equal(statSync(dataDir).mode & 0o777, 0o700, 'DATA_DIR stays 0700');

  const backupDir = mkdtempSync(join(tmpdir(), 'qauipsiz-trail-backup-'));
  const backup = await runAdmin(dataDir, ['backup', join(backupDir, 'copy.db')]);
  t.equal(backup.code, 0, backup.stderr);
  const backupModes = modes(backupDir);
  t.same(Object.keys(backupModes).sort(), ['copy.db', 'copy.db.server-secret.key'], 'the backup and its secret');
  for (const [name, mode] of Object.entries(backupModes)) t.equal(mode, '600', `backup file ${name} is 0600`);
  for (const [name, mode] of Object.entries(modes(dataDir))) t.equal(mode, '600', `${name} is 0600 after the backup`);
});

t.test('the day counters write a day once it has passed, not at a request', async (t) => {
  let output = '';
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      output += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'info', timeZone: 'Asia/Almaty', stream }) as unknown as FastifyBaseLogger;
  let now = new Date('2026-12-01T18:58:00Z'); // 23:58 in Almaty (UTC+5)
  const traffic = createTrafficCounter({ logger, timeZone: 'Asia/Almaty', clock: () => now, checkEveryMs: 3_600_000 });
  t.teardown(() => traffic.stop());
  traffic.count('POST', '/api/v1/reports', 201);
  traffic.count('POST', '/api/v1/reports', 201);
  traffic.count('GET', undefined, 404);
  traffic.rollOver();
  t.equal(output, '', 'nothing written while the day lasts');
  now = new Date('2026-12-01T19:01:00Z'); // the next day in Almaty
  traffic.count('POST', '/api/v1/status', 200);
  t.equal(output, '', 'a request of the new day writes nothing');
  t.same(traffic.held(), [
    { day: '2026-12-01', route: 'POST /api/v1/reports', status: 201, count: 2 },
    { day: '2026-12-01', route: 'GET unmatched', status: 404, count: 1 },
    { day: '2026-12-02', route: 'POST /api/v1/status', status: 200, count: 1 },
  ]);
  traffic.rollOver();
  const written = linesOf(output);
  t.same(written, [
    {
      level: 30,
      day: '2026-12-02',
      traffic: { day: '2026-12-01', routes: [{ route: 'POST /api/v1/reports', status: 201, count: 2 }, { route: 'GET unmatched', status: 404, count: 1 }] },
      msg: 'public requests of the day',
    },
  ]);
  t.same(traffic.held(), [{ day: '2026-12-02', route: 'POST /api/v1/status', status: 200, count: 1 }], 'the finished day is forgotten');
});

t.test('a server error on the public listener is logged with the day only: no request id, no URL', async (t) => {
  let output = '';
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      output += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'info', timeZone: 'Asia/Almaty', stream });
  const app = Fastify({ ...fastifyOptions, loggerInstance: logger.child({ listener: 'public' }) as FastifyBaseLogger, childLoggerFactory: quietRequestLogger });
  const traffic = createTrafficCounter({ logger: app.log, timeZone: 'Asia/Almaty', clock: () => new Date() });
  await app.register(hardening, { traffic });
  app.get('/broken', async () => {
    throw new Error('a bug');
  });
  app.get('/fine', async () => ({ ok: true }));
  t.teardown(() => traffic.stop());
  t.equal((await app.inject({ method: 'GET', url: '/broken?marker-query' })).statusCode, 500);
  t.equal((await app.inject({ method: 'GET', url: '/fine' })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/fine' })).statusCode, 405);
  const lines = linesOf(output);
  t.same(
    lines.map((line) => line.msg),
    ['request failed'],
    'only the error is written',
  );
  t.same(Object.keys(lines[0] ?? {}).sort(), ['day', 'err', 'level', 'listener', 'msg']);
  t.notOk(output.includes('marker-query') || output.includes('/broken'), 'no URL');
  t.same(traffic.held().map(({ route, status, count }) => ({ route, status, count })), [
    { route: 'GET /broken', status: 500, count: 1 },
    { route: 'GET /fine', status: 200, count: 1 },
    { route: 'POST unmatched', status: 405, count: 1 },
  ]);
  await app.close();
});

t.test('after a submission and after a console write the database files show only the day, and stay 0600', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-trail-times-')), 'data');
  await seedDataDir(dataDir, ['region-75']);
  const server = await startServer(dataDir);
  t.teardown(() => server.stop());
  const files = ['qauipsiz.db', 'qauipsiz.db-wal', 'qauipsiz.db-shm'].map((name) => join(dataDir, name));
  const midnight = () => {
    const now = new Date();
    return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  };
  const check = (when: string) => {
    for (const file of files) {
      const stat = statSync(file);
      t.equal(stat.mtimeMs, midnight(), `${when}: ${file.slice(dataDir.length + 1)} modified "at" 00:00:00 UTC today`);
      t.equal(stat.atimeMs, midnight(), `${when}: and accessed then`);
      t.equal(stat.mode & 0o777, 0o600, `${when}: ${file.slice(dataDir.length + 1)} is 0600`);
    }
  };
  // The times an earlier write (the seeding) left: now.
  for (const file of files) utimesSync(file, new Date(), new Date());
  const { response } = await submitNewReport(server.publicUrl, { region: '75', category: 'near_miss' });
  t.equal(response.status, 201);
  check('after a submission');

  for (const file of files) utimesSync(file, new Date(), new Date());
  const login = await fetch(`${server.consoleUrl}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', authValue: 'A'.repeat(43) }) });
  t.equal(login.status, 401, 'a console request that writes (a failed sign-in)');
  check('after a console write');
});
