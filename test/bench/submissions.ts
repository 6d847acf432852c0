// Report submission against the real server, next to the bare Fastify echo server, with the
// same autocannon settings. Every request is a distinct valid body: a sealed report from a
// pool, with a fresh report id and lookup id (the server checks shapes and metadata, it does not
// decrypt), and a challenge of its own, fetched before the run (test/bench/challenges.ts).
// Two real servers take turns: one as shipped (rows appended, then given random rowids when the
// writer is idle: the deferred shuffle) and one on a copy of the same database whose writer never
// shuffles (rowid order = arrival order), the cost of the shuffle in the same run.
import { join } from 'node:path';
import type { Context } from 'autocannon';
import { sampleContent, sealedSubmission } from '../helpers/fixtures.ts';
import { freshFields, preflight, submissionBody, type SealedBody } from './bodies.ts';
import { benchServerEnv, ChallengePool, echoPow, type PoolStats } from './challenges.ts';
import { runLoad, type LoadResult } from './load.ts';
import { residentBytes, startEchoServer, startRealServer, temporaryDir, type RunningProcess } from './processes.ts';
import { seedDataDir, unshuffledCopy, type SeededDataDir } from './seed.ts';

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

/** `ours`: the deferred shuffle, as shipped; `rowid`: the same database whose writer never shuffles. */
export type SubmissionLevel = { connections: number; ours: LoadResult[]; rowid: LoadResult[]; echo: LoadResult[] };

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

/** A real server under test, with the challenges fetched from it and the fastest rate it took them. */
type Target = { name: string; server: RunningProcess; challenges: ChallengePool; rate: number };

/**
 * Seeds a DATA_DIR and a copy of it that is never shuffled, starts a real server on each and the
 * echo server, warms all up, then for each connection count and run measures echo and both
 * layouts back to back (which layout goes first alternates from run to run).
 */
export async function benchSubmissions(plan: SubmissionPlan, log: (line: string) => void): Promise<SubmissionResults> {
  const seeded = seedDataDir(join(temporaryDir('submit'), 'data'));
  const rowidSeeded = unshuffledCopy(seeded, join(temporaryDir('submit-rowid'), 'data'));
  const { pool, seconds: sealSeconds } = sealPool(seeded, plan.poolSize);
  const averageBodyBytes = Math.round(pool.reduce((sum, body) => sum + submissionBody(body, freshFields(), echoPow).length, 0) / pool.length);
  log(`  sealed ${pool.length} reports in ${sealSeconds.toFixed(2)} s (average body ${averageBodyBytes} bytes)`);

  const [server, rowidServer, echo] = await Promise.all([startRealServer(seeded.dataDir, benchServerEnv), startRealServer(rowidSeeded.dataDir, benchServerEnv), startEchoServer()]);
  const startRssBytes = residentBytes(server.pid);
  const current: Target = { name: 'deferred shuffle', server, challenges: new ChallengePool(server.url, 'submit', server.pid), rate: 0 };
  const old: Target = { name: 'rowid, no shuffle', server: rowidServer, challenges: new ChallengePool(rowidServer.url, 'submit', rowidServer.pid), rate: 0 };
  let next = 0;
  const sealedBody = () => pool[next++ % pool.length] as SealedBody;
  const echoBody = (_context: Context) => submissionBody(sealedBody(), freshFields(), echoPow);
  const loadEcho = (connections: number, durationSeconds: number) =>
    runLoad({ url: echo.url, path: '/api/v1/reports', connections, durationSeconds, body: echoBody, serverPid: echo.pid });
  /** Fastest submission rate seen so far on a server; a guess until the warm-up measured it. */
  const guess = 3000;
  const provide = async (target: Target, connections: number, seconds: number) => {
    const wanted = ChallengePool.provision(target.rate > 0 ? target.rate : guess, seconds, connections);
    const started = performance.now();
    await target.challenges.topUp(wanted);
    log(`  challenges (${target.name}): ${target.challenges.size} held for ${seconds} s at ${connections} connections (${((performance.now() - started) / 1000).toFixed(1)} s to top up)`);
  };
  const ours = async (target: Target, connections: number, seconds: number, measured: boolean): Promise<LoadResult> => {
    target.challenges.beginRun(measured);
    const body = (_context: Context) => submissionBody(sealedBody(), freshFields(), target.challenges.take());
    const result = await runLoad({ url: target.server.url, path: '/api/v1/reports', connections, durationSeconds: seconds, body, serverPid: target.server.pid });
    const taken = target.challenges.endRun();
    target.rate = Math.max(target.rate, taken.ratePerSecond);
    if (taken.dry > 0) log(`  the challenge pool of ${target.name} ran dry: ${taken.dry} requests sent without one${measured ? '' : ' (warm-up)'}`);
    return { ...result, noChallenge: taken.dry };
  };
  const results = (levels: SubmissionLevel[], refused: string | null): SubmissionResults => ({ levels, poolSize: pool.length, sealSeconds, averageBodyBytes, startRssBytes, refused, pow: current.challenges.stats() });

  try {
    const maxConnections = Math.max(...plan.connections);
    for (const target of [current, old]) {
      await provide(target, maxConnections, plan.warmupSeconds);
      const refused = await preflight(`${target.server.url}/api/v1/reports`, submissionBody(pool[0] as SealedBody, freshFields(), target.challenges.take()), [201]);
      if (refused !== null) return results([], `${target.name}: ${refused}`);
    }
    await loadEcho(maxConnections, plan.warmupSeconds);
    for (const target of [current, old]) await ours(target, maxConnections, plan.warmupSeconds, false);

    const levels: SubmissionLevel[] = [];
    for (const connections of plan.connections) {
      const level: SubmissionLevel = { connections, ours: [], rowid: [], echo: [] };
      for (let run = 1; run <= plan.runs; run++) {
        // Before the echo run, so each real server is idle a whole run before it is measured.
        for (const target of [current, old]) await provide(target, connections, plan.durationSeconds);
        const e = await loadEcho(connections, plan.durationSeconds);
        const order = run % 2 === 1 ? [current, old] : [old, current];
        const measured = new Map<Target, LoadResult>();
        for (const target of order) measured.set(target, await ours(target, connections, plan.durationSeconds, true));
        const o = measured.get(current)!;
        const r = measured.get(old)!;
        level.echo.push(e);
        level.ours.push(o);
        level.rowid.push(r);
        log(`  ${connections} connections, run ${run}: deferred shuffle ${o.requestsPerSecond.toFixed(0)} req/s (non-2xx ${o.non2xx}), rowid, no shuffle ${r.requestsPerSecond.toFixed(0)} req/s (non-2xx ${r.non2xx}), echo ${e.requestsPerSecond.toFixed(0)} req/s`);
      }
      levels.push(level);
    }
    return results(levels, null);
  } finally {
    await Promise.all([echo.stop(), server.stop(), rowidServer.stop()]);
  }
}
