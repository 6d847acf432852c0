// Report submission against the real server, next to the bare Fastify echo server, with the
// same autocannon settings. Every request is a distinct valid body: a sealed report from a
// pool, with a fresh report id and lookup id (the server checks shapes, it does not decrypt), and
// a challenge of its own, fetched before the run (test/bench/challenges.ts).
import { join } from 'node:path';
import type { Context } from 'autocannon';
import { sampleContent, sealedSubmission } from '../helpers/fixtures.ts';
import { freshFields, preflight, submissionBody, type SealedBody } from './bodies.ts';
import { benchServerEnv, ChallengePool, echoPow, type PoolStats } from './challenges.ts';
import { runLoad, type LoadResult } from './load.ts';
import { residentBytes, startEchoServer, startRealServer, temporaryDir, type RunningProcess } from './processes.ts';
import { seedDataDir, type SeededDataDir } from './seed.ts';

export const submissionRoute = { region: '75', category: 'concealed_injury.hush_payment' } as const;

/** `size` reports sealed for the seeded inspector (about 1 ms each), with varied lengths. */
export function sealPool(seeded: SeededDataDir, size: number): { pool: SealedBody[]; seconds: number } {
  const started = performance.now();
  const pool = Array.from({ length: size }, (_, i) => {
    const content = { ...sampleContent(`bench-${i}`), what: `bench ${i}: ${'рабочий упал с лесов, травму оформили как бытовую. '.repeat(1 + (i % 20))}` };
    return sealedSubmission({
      ...submissionRoute,
      groupId: seeded.inspectorGroup,
      recipients: [seeded.inspector],
      content,
      contact: i % 4 === 0 ? { name: `bench ${i}`, contact: '+7 700 000 00 00' } : null,
    }).body;
  });
  return { pool, seconds: (performance.now() - started) / 1000 };
}

export type SubmissionLevel = { connections: number; ours: LoadResult[]; echo: LoadResult[] };

export type SubmissionResults = {
  levels: SubmissionLevel[];
  poolSize: number;
  sealSeconds: number;
  averageBodyBytes: number;
  /** The server's RSS once listening, before any request. */
  startRssBytes: number;
  /** Why no load run was made: the server refused a first, single submission. */
  refused: string | null;
  /** The proof-of-work challenges fetched for and sent to the real server. */
  pow: PoolStats | null;
};

export type SubmissionPlan = { connections: number[]; runs: number; durationSeconds: number; warmupSeconds: number; poolSize: number };

/**
 * Seeds a DATA_DIR, starts the real server and the echo server, warms both up, then for each
 * connection count and run measures echo and ours back to back.
 */
export async function benchSubmissions(plan: SubmissionPlan, log: (line: string) => void): Promise<SubmissionResults> {
  const seeded = seedDataDir(join(temporaryDir('submit'), 'data'));
  const { pool, seconds: sealSeconds } = sealPool(seeded, plan.poolSize);
  const averageBodyBytes = Math.round(pool.reduce((sum, body) => sum + submissionBody(body, freshFields(), echoPow).length, 0) / pool.length);
  log(`  sealed ${pool.length} reports in ${sealSeconds.toFixed(2)} s (average body ${averageBodyBytes} bytes)`);

  const [server, echo] = await Promise.all([startRealServer(seeded.dataDir, benchServerEnv), startEchoServer()]);
  const startRssBytes = residentBytes(server.pid);
  const challenges = new ChallengePool(server.url, 'submit', server.pid);
  let next = 0;
  const sealedBody = () => pool[next++ % pool.length] as SealedBody;
  const oursBody = (_context: Context) => submissionBody(sealedBody(), freshFields(), challenges.take());
  const echoBody = (_context: Context) => submissionBody(sealedBody(), freshFields(), echoPow);
  const load = (target: RunningProcess, connections: number, durationSeconds: number) =>
    runLoad({ url: target.url, path: '/api/v1/reports', connections, durationSeconds, body: target === server ? oursBody : echoBody, serverPid: target.pid });
  /** Fastest submission rate seen so far on this server; a guess until the warm-up measured it. */
  let rate = 0;
  const guess = 3000;
  const provide = async (connections: number, seconds: number) => {
    const target = ChallengePool.provision(rate > 0 ? rate : guess, seconds, connections);
    const started = performance.now();
    await challenges.topUp(target);
    log(`  challenges: ${challenges.size} held for ${seconds} s at ${connections} connections (${((performance.now() - started) / 1000).toFixed(1)} s to top up)`);
  };
  const ours = async (connections: number, seconds: number, measured: boolean): Promise<LoadResult> => {
    challenges.beginRun(measured);
    const result = await load(server, connections, seconds);
    const taken = challenges.endRun();
    rate = Math.max(rate, taken.ratePerSecond);
    if (taken.dry > 0) log(`  the challenge pool ran dry: ${taken.dry} requests sent without one${measured ? '' : ' (warm-up)'}`);
    return { ...result, noChallenge: taken.dry };
  };

  try {
    const maxConnections = Math.max(...plan.connections);
    await provide(maxConnections, plan.warmupSeconds);
    const refused = await preflight(`${server.url}/api/v1/reports`, submissionBody(pool[0] as SealedBody, freshFields(), challenges.take()), [201]);
    if (refused !== null) return { levels: [], poolSize: pool.length, sealSeconds, averageBodyBytes, startRssBytes, refused, pow: challenges.stats() };
    await load(echo, maxConnections, plan.warmupSeconds);
    await ours(maxConnections, plan.warmupSeconds, false);

    const levels: SubmissionLevel[] = [];
    for (const connections of plan.connections) {
      const level: SubmissionLevel = { connections, ours: [], echo: [] };
      for (let run = 1; run <= plan.runs; run++) {
        // Before the echo run, so the real server is idle a whole run before it is measured.
        await provide(connections, plan.durationSeconds);
        const e = await load(echo, connections, plan.durationSeconds);
        const o = await ours(connections, plan.durationSeconds, true);
        level.echo.push(e);
        level.ours.push(o);
        log(`  ${connections} connections, run ${run}: ours ${o.requestsPerSecond.toFixed(0)} req/s (non-2xx ${o.non2xx}), echo ${e.requestsPerSecond.toFixed(0)} req/s`);
      }
      levels.push(level);
    }
    return { levels, poolSize: pool.length, sealSeconds, averageBodyBytes, startRssBytes, refused, pow: challenges.stats() };
  } finally {
    await Promise.all([echo.stop(), server.stop()]);
  }
}
