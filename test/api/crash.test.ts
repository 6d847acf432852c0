// Crash safety against the real server process: every report that got a success answer survives
// SIGKILL mid-load and decrypts afterwards; SIGTERM finishes the requests in flight.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealedSubmission, type Inspector } from '../helpers/fixtures.ts';
import { postReport, postStatus, solvedPow } from '../helpers/reporter-client.ts';
import { seedDataDir } from '../helpers/seed.ts';
import { checkStored } from '../helpers/stored.ts';
import { startServer } from '../helpers/server-process.ts';

type Sealed = ReturnType<typeof sealedSubmission>;

function sealMany(inspector: Inspector, count: number): Sealed[] {
  return Array.from({ length: count }, () => sealedSubmission({ region: '75', category: 'unsafe_conditions', groupId: 'region-75', recipients: [inspector] }));
}

/** Submits from `connections` concurrent loops until the pool runs out or a request fails; `acknowledged` fills as answers come. */
function load(baseUrl: string, pool: Sealed[], connections: number): { acknowledged: Sealed[]; done: Promise<{ acknowledged: Sealed[]; failed: number }> } {
  const acknowledged: Sealed[] = [];
  let failed = 0;
  let next = 0;
  const done = Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < pool.length) {
        const item = pool[next++]!;
        try {
          const res = await postReport(baseUrl, item.body);
          if (res.status === 201) acknowledged.push(item);
          else failed++;
        } catch {
          failed++; // the connection died with the server: not acknowledged
          return;
        }
      }
    }),
  ).then(() => ({ acknowledged, failed }));
  return { acknowledged, done };
}

t.test('SIGKILL mid-load loses no acknowledged report', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-crash-')), 'data');
  const { inspector, databasePath } = await seedDataDir(dataDir, ['region-75']);
  const pool = sealMany(inspector, 1500);
  const server = await startServer(dataDir);
  const running = load(server.publicUrl, pool, 16);
  // Kill once some are acknowledged but the load is still going (however busy the machine is).
  const started = Date.now();
  while (running.acknowledged.length < 50 && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(await server.stop('SIGKILL'), null, 'killed');
  const { acknowledged, failed } = await running.done;
  t.ok(acknowledged.length > 0, `${acknowledged.length} acknowledged before the kill`);
  t.ok(failed > 0 || acknowledged.length === pool.length, `${failed} requests died with the server`);

  const restarted = await startServer(dataDir);
  t.teardown(() => restarted.stop());
  const sample = [acknowledged[0]!, acknowledged[acknowledged.length - 1]!];
  for (const { body } of sample) t.equal((await postStatus(restarted.publicUrl, body.lookupId)).status, 200, 'the code finds its case after the crash');
  await restarted.stop();
  checkStored(t, databasePath, inspector, acknowledged);
});

t.test('SIGTERM finishes the requests in flight, then exits cleanly', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'qauipsiz-term-')), 'data');
  const { inspector, databasePath } = await seedDataDir(dataDir, ['region-75']);
  const pool = sealMany(inspector, 20);
  const server = await startServer(dataDir);
  const ready = await Promise.all(pool.map(async (item) => JSON.stringify({ ...item.body, pow: await solvedPow(server.publicUrl, 'submit') })));
  // Each request sends its headers and half its body, so all are surely in flight when SIGTERM lands.
  const url = new URL(`${server.publicUrl}/api/v1/reports`);
  const requests = ready.map((body) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answered = new Promise<number>((resolve) => {
      request.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', () => resolve(0));
    });
    request.write(body.slice(0, body.length / 2));
    return { request, body, answered };
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const exit = server.stop('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const { request, body } of requests) request.end(body.slice(body.length / 2));
  const statuses = await Promise.all(requests.map((r) => r.answered));
  t.same(statuses, pool.map(() => 201), 'every request in flight at SIGTERM was answered 201');
  t.equal(await exit, 0, 'then the server exited with code 0');
  checkStored(t, databasePath, inspector, pool);
});
