// Slow and idle clients against the real server process (issue 10, point 1): a body that stalls or
// trickles is cut at the request time limit, an idle socket at the idle limit, bodies still
// arriving are capped per address and in total with a clear answer, connections per listener are
// capped, and status checks are answered meanwhile. The clients are raw node:net sockets; the
// limits are small settings given through the environment. No timing is asserted, only that
// each thing happens (within generous bounds).
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSodium } from '../../crypto/index.ts';
import { solvedPow } from '../helpers/reporter-client.ts';
import { cheapPow, startServer, type ServerProcess } from '../helpers/server-process.ts';

await loadSodium();

/** How long a test waits for something that should happen in about a second (a loaded machine is slow). */
const patience = 20_000;

type RawClient = {
  socket: Socket;
  /** Everything received so far. */
  received: () => string;
  isClosed: () => boolean;
  /** True once `done()` holds, false if it did not within `ms`. */
  until: (done: () => boolean, ms?: number) => Promise<boolean>;
};

function openClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    wake();
  });
  socket.on('error', () => {}); // resets by the server are what some tests expect
  socket.once('close', () => {
    closed = true;
    wake();
  });
  const until = (done: () => boolean, ms = patience) =>
    new Promise<boolean>((resolve) => {
      if (done()) return resolve(true);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        resolve(done());
      }, ms);
      waiters.add(check);
    });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, received: () => received, isClosed: () => closed, until }));
    socket.once('error', reject);
  });
}

/** The status of the last final answer (not 100 Continue) received, or null. */
function finalStatus(text: string): number | null {
  const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1])).filter((s) => s !== 100);
  return statuses.at(-1) ?? null;
}

/** The JSON error code of the last answer, if any. */
function errorCode(text: string): string | undefined {
  const body = text.slice(text.lastIndexOf('\r\n\r\n') + 4);
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

const reportHead = (length: number, headers: Record<string, string> = {}) =>
  `POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n` +
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

/**
 * Starts a report upload that stays unfinished: headers with `Expect: 100-continue` (the server
 * answers 100 once it has run the request's first hooks, so the upload is counted or refused by
 * then), then the first 11 bytes of a body of `length` bytes (13 completes it with `1}`).
 */
async function startUpload(url: string, forwardedFor: string, length = 1000): Promise<RawClient> {
  const client = await openClient(url);
  client.socket.write(reportHead(length, { 'X-Forwarded-For': forwardedFor, Expect: '100-continue' }));
  await client.until(() => client.received().includes('100 Continue') || client.isClosed());
  if (!client.isClosed()) client.socket.write('{"version":');
  return client;
}

/** A request written in one piece; resolves with the answer once it is complete (Connection: close). */
async function oneShot(url: string, request: string): Promise<string> {
  const client = await openClient(url);
  client.socket.write(request);
  await client.until(() => client.isClosed());
  return client.received();
}

const statusCheck = async (url: string, forwardedFor: string) => {
  const body = JSON.stringify({ lookupId: 'A'.repeat(43), pow: await solvedPow(url, 'status', { 'X-Forwarded-For': forwardedFor }) });
  return oneShot(
    url,
    `POST /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nX-Forwarded-For: ${forwardedFor}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};

async function server(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qauipsiz-slow-'));
  const started = await startServer(dataDir, { ...cheapPow, ...env });
  t.teardown(async () => {
    await started.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return started;
}

// Three servers with small limits, started side by side.
const [timed, capped, few] = await Promise.all([
  server({ REQUEST_TIMEOUT_SECONDS: '2', HEADERS_TIMEOUT_SECONDS: '1', IDLE_TIMEOUT_SECONDS: '600', KEEP_ALIVE_TIMEOUT_SECONDS: '1' }),
  server({
    TRUST_PROXY_HOPS: '1',
    MAX_UNFINISHED_BODIES_PER_ADDRESS: '2',
    MAX_UNFINISHED_BODIES: '4',
    REQUEST_TIMEOUT_SECONDS: '600',
    HEADERS_TIMEOUT_SECONDS: '60',
    IDLE_TIMEOUT_SECONDS: '600',
  }),
  server({ MAX_CONNECTIONS: '3' }),
]);

t.test('time limits: a stalled or trickling body, an idle kept-alive socket, a silent connection', async (t) => {
  const { publicUrl } = timed;
  const clients: RawClient[] = [];
  t.teardown(() => clients.forEach((c) => c.socket.destroy()));

  const stalled = await openClient(publicUrl);
  clients.push(stalled);
  stalled.socket.write(`${reportHead(1000)}{"version":1,`);

  // One byte every 200 ms keeps the socket busy (the idle limit is 10 minutes): only the request limit can end it.
  const trickling = await openClient(publicUrl);
  clients.push(trickling);
  trickling.socket.write(reportHead(1000));
  const trickle = setInterval(() => trickling.isClosed() || trickling.socket.write(' '), 200);
  t.teardown(() => clearInterval(trickle));

  const keptAlive = await openClient(publicUrl);
  clients.push(keptAlive);
  keptAlive.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

  const silent = await openClient(publicUrl);
  clients.push(silent);

  t.ok(await stalled.until(stalled.isClosed), 'a body that stalls is cut at the request time limit');
  t.equal(finalStatus(stalled.received()), 408, 'with 408 Request Timeout');
  t.ok(await trickling.until(trickling.isClosed), 'a body that trickles is cut at the request time limit too');
  t.equal(finalStatus(trickling.received()), 408);
  t.ok(await keptAlive.until(keptAlive.isClosed), 'an idle kept-alive socket is closed');
  t.equal(finalStatus(keptAlive.received()), 200, 'after its request was answered');
  t.ok(await silent.until(silent.isClosed), 'a connection that never sends its headers is closed');
});

t.test('bodies still arriving are capped per address and in total; other requests are served', async (t) => {
  const { publicUrl } = capped;
  const clients: RawClient[] = [];
  t.teardown(() => clients.forEach((c) => c.socket.destroy()));
  const upload = async (address: string, length?: number) => {
    const client = await startUpload(publicUrl, address, length);
    clients.push(client);
    return client;
  };

  const a = [await upload('203.0.113.1'), await upload('203.0.113.1')];
  const refused = await upload('203.0.113.1');
  t.ok(await refused.until(() => finalStatus(refused.received()) !== null), 'a third unfinished body from one address is answered at once');
  t.equal(finalStatus(refused.received()), 429);
  t.equal(errorCode(refused.received()), 'request.too_many_uploads');
  t.ok(await refused.until(refused.isClosed), 'and its connection closed');

  // Another address is served: its upload is taken (the server waits for the rest of the body).
  const b = await upload('203.0.113.2', 13);
  b.socket.write('1}');
  t.ok(await b.until(() => finalStatus(b.received()) !== null), 'another address completes its body');
  t.equal(finalStatus(b.received()), 400, 'and gets the route’s own answer (validation), not a refusal');
  t.not(errorCode(b.received()), 'request.too_many_uploads');

  // Total cap 4: two from .1, two more from .2 and .3; a fifth address is refused 503.
  const held = [await upload('203.0.113.2'), await upload('203.0.113.3')];
  const overTotal = await upload('203.0.113.4');
  t.ok(await overTotal.until(() => finalStatus(overTotal.received()) !== null), 'an unfinished body over the total cap is answered at once');
  t.equal(finalStatus(overTotal.received()), 503);
  t.equal(errorCode(overTotal.received()), 'request.busy');
  for (const client of [...a, ...held]) t.equal(finalStatus(client.received()), null, 'the bodies within the caps are still being waited for');

  // Status checks (a small body in one packet) and health checks are answered while the caps are full.
  for (let i = 0; i < 3; i++) {
    const answer = await statusCheck(publicUrl, '203.0.113.1');
    t.equal(finalStatus(answer), 404, 'a status check is answered (unknown lookup id)');
    t.equal(errorCode(answer), 'case.not_found');
  }
  const health = await fetch(`${publicUrl}/api/health`);
  t.equal(health.status, 200, 'health is answered');

  // Once one upload ends, there is room again.
  a[0]?.socket.destroy();
  let admitted = false;
  for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
    const next = await upload('203.0.113.5', 13);
    next.socket.write('1}');
    await next.until(() => finalStatus(next.received()) !== null);
    admitted = finalStatus(next.received()) === 400;
    if (!admitted) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.ok(admitted, 'a freed place is taken by the next upload');
});

t.test('connections over the cap of a listener are closed at once', async (t) => {
  const { publicUrl } = few;
  const clients: RawClient[] = [];
  t.teardown(() => clients.forEach((c) => c.socket.destroy()));
  for (let i = 0; i < 3; i++) {
    const client = await openClient(publicUrl);
    clients.push(client);
    // An answer shows the server has taken the connection (connect alone is the kernel's).
    client.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    t.ok(await client.until(() => finalStatus(client.received()) === 200), `connection ${i + 1} is served`);
  }
  const fourth = await openClient(publicUrl);
  clients.push(fourth);
  fourth.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  t.ok(await fourth.until(fourth.isClosed), 'a fourth connection is closed');
  t.equal(finalStatus(fourth.received()), null, 'without an answer');
  for (const client of clients.slice(0, 3)) t.notOk(client.isClosed(), 'the first three stay open');
});
