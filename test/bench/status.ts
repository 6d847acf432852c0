// Status by lookup id (POST /api/v1/status) on a database of a million cases, seeded straight
// into the tables before the real server starts. Half the requests name a case that exists,
// half a random lookup id (404): a wrong code must cost the same as a right one. Each request
// carries a challenge of its own, fetched before the run (test/bench/challenges.ts).
import { join } from 'node:path';
import type { Context } from 'autocannon';
import { runLoad, type LoadResult } from './load.ts';
import { startRealServer, temporaryDir } from './processes.ts';
import { databaseFile, seedCases, seedDataDir } from './seed.ts';
import { freshFields, preflight, statusBody } from './bodies.ts';
import { benchServerEnv, ChallengePool, type PoolStats } from './challenges.ts';

/** A pause between filling the challenge pool and the run. */
const settleMs = 1000;

export type StatusPlan = { cases: number; connections: number; runs: number; durationSeconds: number; warmupSeconds: number };

export type StatusResults = {
  cases: number;
  seedSeconds: number;
  /** From spawning the server on the seeded database until it listened. */
  startSeconds: number;
  runs: LoadResult[];
  /** Answers whose status was not the expected one (200 for a known id, 404 for an unknown). */
  unexpected: number;
  knownShare: number;
  /** Why no load run was made: the server refused a first, single status check. */
  refused: string | null;
  /** The proof-of-work challenges fetched for and sent to the server. */
  pow: PoolStats;
};

export async function benchStatus(plan: StatusPlan, log: (line: string) => void): Promise<StatusResults> {
  const seeded = seedDataDir(join(temporaryDir('status'), 'data'));
  const seed = seedCases(databaseFile(seeded.dataDir), { count: plan.cases, serverSecret: seeded.serverSecret, keepLookupIdEvery: 100 });
  log(`  seeded ${plan.cases.toLocaleString('en')} cases in ${seed.seconds.toFixed(1)} s`);
  const known = seed.keptLookupIds;

  const spawned = performance.now();
  const server = await startRealServer(seeded.dataDir, benchServerEnv);
  const startSeconds = (performance.now() - spawned) / 1000;
  log(`  the server listened ${startSeconds.toFixed(1)} s after it was spawned`);
  const challenges = new ChallengePool(server.url, 'status', server.pid);
  let unexpected = 0;
  const knownShare = 0.5;
  const body = (context: Context) => {
    const isKnown = Math.random() < knownShare;
    context.expected = isKnown ? 200 : 404;
    const lookupId = isKnown ? known[Math.floor(Math.random() * known.length)] : freshFields().lookupId;
    return statusBody(lookupId ?? '', challenges.take());
  };
  const onResponse = (status: number, context: Context) => {
    if (status !== context.expected) unexpected++;
  };
  /** Fastest rate seen so far; a guess until the warm-up measured it. */
  let rate = 0;
  const guess = 6000;
  const load = async (durationSeconds: number, measured: boolean): Promise<LoadResult> => {
    const target = ChallengePool.provision(rate > 0 ? rate : guess, durationSeconds, plan.connections);
    const started = performance.now();
    await challenges.topUp(target);
    log(`  challenges: ${challenges.size} held for ${durationSeconds} s (${((performance.now() - started) / 1000).toFixed(1)} s to top up)`);
    await new Promise((resolve) => setTimeout(resolve, settleMs)); // the server idle a moment after issuing them
    challenges.beginRun(measured);
    const result = await runLoad({ url: server.url, path: '/api/v1/status', connections: plan.connections, durationSeconds, body, onResponse, serverPid: server.pid });
    const taken = challenges.endRun();
    rate = Math.max(rate, taken.ratePerSecond);
    if (taken.dry > 0) log(`  the challenge pool ran dry: ${taken.dry} requests sent without one${measured ? '' : ' (warm-up)'}`);
    return { ...result, noChallenge: taken.dry };
  };
  const results = (runs: LoadResult[], refused: string | null): StatusResults => ({
    cases: plan.cases,
    seedSeconds: seed.seconds,
    startSeconds,
    runs,
    unexpected,
    knownShare,
    refused,
    pow: challenges.stats(),
  });

  try {
    await challenges.topUp(1);
    const refused = await preflight(`${server.url}/api/v1/status`, statusBody(known[0] ?? '', challenges.take()), [200]);
    if (refused !== null) return results([], refused);
    await load(plan.warmupSeconds, false);
    unexpected = 0;
    const runs: LoadResult[] = [];
    for (let run = 1; run <= plan.runs; run++) {
      const result = await load(plan.durationSeconds, true);
      runs.push(result);
      log(`  run ${run}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, statuses ${JSON.stringify(result.statuses)}`);
    }
    return results(runs, null);
  } finally {
    await server.stop();
  }
}
