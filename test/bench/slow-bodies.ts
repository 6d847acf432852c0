// The slow-body attack of issue 10, scaled down: many connections that each send a report body
// of the body limit less one byte and stall (bulk), or trickle one byte a second (trickle), from
// 200 loopback addresses (127.0.0.2…), while a status-check load runs. Each variant runs on a
// fresh server twice: BEFORE, the limits turned off through the configuration (Fastify's and
// Node's old defaults), and AFTER, the default limits. It reports the server's RSS (start, max,
// after the attackers left), a status check's latency, and how many attacking connections the
// server still held at the end.
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { reportBodyLimit } from '../../contract/public-api.ts';
import { runLoad, type LoadResult } from './load.ts';
import { residentBytes, sampleProcess, startRealServer, temporaryDir } from './processes.ts';
import { freshFields, preflight, statusBody } from './bodies.ts';
import { benchServerEnv, ChallengePool } from './challenges.ts';

export type SlowBodyPlan = { connections: number; trickleConnections: number; addresses: number; loadSeconds: number; statusConnections: number };

export type SlowBodyVariant = 'bulk' | 'trickle';

export type SlowBodyRun = {
  limits: 'before' | 'after';
  variant: SlowBodyVariant;
  attackers: number;
  startRssBytes: number;
  /** Maximum RSS from the first attacking connection until the status load ended. */
  maxRssBytes: number;
  /** RSS two seconds after every attacking connection was closed by the client. */
  afterRssBytes: number;
  /** Attacking connections still open when the status load ended. */
  heldAtEnd: number;
  /** Answers the attackers got (status → count), and connections closed without one. */
  answers: Record<string, number>;
  closedWithoutAnswer: number;
  status: LoadResult;
};

/** Settings that turn every limit off: what the server did before (Fastify's and Node's defaults). */
export const limitsOff = {
  REQUEST_TIMEOUT_SECONDS: '0',
  HEADERS_TIMEOUT_SECONDS: '60',
  IDLE_TIMEOUT_SECONDS: '0',
  KEEP_ALIVE_TIMEOUT_SECONDS: '72',
  MAX_CONNECTIONS: '0',
  MAX_UNFINISHED_BODIES: '0',
  MAX_UNFINISHED_BODIES_PER_ADDRESS: '0',
} as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Attacker = { socket: Socket; answer: string | null; closed: boolean };

/** Opens `count` attacking connections, 100 at a time, each bound to one of `addresses` loopback addresses. */
async function attack(url: string, variant: SlowBodyVariant, count: number, addresses: number): Promise<{ attackers: Attacker[]; stop: () => void }> {
  const { hostname, port } = new URL(url);
  const head =
    `POST /api/v1/reports HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${reportBodyLimit}\r\n\r\n`;
  const body = Buffer.alloc(reportBodyLimit - 1, 0x20);
  const attackers: Attacker[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => {
      const attacker: Attacker = { socket: connect({ host: hostname, port: Number(port), localAddress: `127.0.0.${2 + ((i + j) % addresses)}` }), answer: null, closed: false };
      attacker.socket.on('error', () => {}); // resets by the server are the point
      attacker.socket.on('data', (chunk: Buffer) => {
        attacker.answer ??= /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 'other';
      });
      attacker.socket.once('close', () => (attacker.closed = true));
      attacker.socket.once('connect', () => {
        attacker.socket.write(head);
        if (variant === 'bulk') attacker.socket.write(body);
      });
      return attacker;
    });
    attackers.push(...batch);
    await sleep(50);
  }
  const trickle = variant === 'trickle' ? setInterval(() => attackers.forEach((a) => a.closed || a.socket.write(' ')), 1000) : undefined;
  return { attackers, stop: () => clearInterval(trickle) };
}

async function run(plan: SlowBodyPlan, limits: 'before' | 'after', variant: SlowBodyVariant, log: (line: string) => void): Promise<SlowBodyRun> {
  const dataDir = join(temporaryDir(`slow-${limits}-${variant}`), 'data');
  const server = await startRealServer(dataDir, { ...benchServerEnv, ...(limits === 'before' ? limitsOff : {}) });
  try {
    const challenges = new ChallengePool(server.url, 'status', server.pid);
    await challenges.topUp(1);
    const refused = await preflight(`${server.url}/api/v1/status`, statusBody(freshFields().lookupId, challenges.take()), [404]);
    if (refused !== null) throw new Error(refused);
    // Enough for 1,500 status checks a second (about what the server answered during the attack, measured), with margin.
    await challenges.topUp(ChallengePool.provision(1500, plan.loadSeconds, plan.statusConnections));
    const startRssBytes = residentBytes(server.pid);
    const sample = sampleProcess(server.pid);
    const attackers = variant === 'bulk' ? plan.connections : plan.trickleConnections;
    const opened = await attack(server.url, variant, attackers, plan.addresses);
    await sleep(1000); // the bodies arrive
    challenges.beginRun(true);
    const status = await runLoad({
      url: server.url,
      path: '/api/v1/status',
      connections: plan.statusConnections,
      durationSeconds: plan.loadSeconds,
      body: () => statusBody(freshFields().lookupId, challenges.take()),
      serverPid: server.pid,
    });
    const dry = challenges.endRun().dry;
    const { maxRssBytes } = sample.stop();
    opened.stop();
    const heldAtEnd = opened.attackers.filter((a) => !a.closed).length;
    const answers: Record<string, number> = {};
    for (const a of opened.attackers) if (a.answer !== null) answers[a.answer] = (answers[a.answer] ?? 0) + 1;
    const closedWithoutAnswer = opened.attackers.filter((a) => a.closed && a.answer === null).length;
    for (const a of opened.attackers) a.socket.destroy();
    await sleep(2000);
    const afterRssBytes = residentBytes(server.pid);
    log(
      `  ${limits} ${variant}: RSS ${(startRssBytes / 2 ** 20).toFixed(0)} → max ${(maxRssBytes / 2 ** 20).toFixed(0)} → ${(afterRssBytes / 2 ** 20).toFixed(0)} MiB after; ` +
        `status p99 ${status.p99.toFixed(1)} ms (${status.responses} answers, ${JSON.stringify(status.statuses)}, ${status.errors} errors, ${dry} without a challenge); ` +
        `held ${heldAtEnd}/${attackers}, answers ${JSON.stringify(answers)}, closed without answer ${closedWithoutAnswer}`,
    );
    return { limits, variant, attackers, startRssBytes, maxRssBytes, afterRssBytes, heldAtEnd, answers, closedWithoutAnswer, status: { ...status, noChallenge: dry } };
  } finally {
    await server.stop();
  }
}

/** BEFORE and AFTER for the bulk and the trickle variant, each on a fresh server. */
export async function benchSlowBodies(plan: SlowBodyPlan, log: (line: string) => void): Promise<SlowBodyRun[]> {
  const results: SlowBodyRun[] = [];
  for (const variant of ['bulk', 'trickle'] as const) {
    for (const limits of ['before', 'after'] as const) results.push(await run(plan, limits, variant, log));
  }
  return results;
}
