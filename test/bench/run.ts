// `npm run bench`: every benchmark in turn, then one Markdown table on standard output (progress
// goes to standard error). Exits 0 when targets are missed (the table says FAIL); 1 only when a
// benchmark could not run (or the server refused its first request). Child processes and
// temporary directories are removed in any case.
import { availableParallelism, cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { loadSodium } from '../../crypto/index.ts';
import type { LoadResult } from './load.ts';
import { benchPage, cpuSlowdown, ensureBuilt, slow3g, type PageResults } from './page.ts';
import { cleanUp, serverNodeFlags, serverNodeOptions } from './processes.ts';
import { measureConsoleQueue, type QueueFigure } from './console-queue.ts';
import { benchLoginFlood, type LoginFloodResults } from './login-flood.ts';
import { benchStatus, type StatusResults } from './status.ts';
import { benchServerEnv, provisionMargin, type PoolStats } from './challenges.ts';
import { benchSubmissions, type SubmissionResults } from './submissions.ts';
import { benchSlowBodies, type SlowBodyRun } from './slow-bodies.ts';
import { defaultConnectionLimits } from '../../server/http/connection-guard.ts';
import { reportBodyLimit } from '../../contract/public-api.ts';
import { failedNote, integer, kB, markdownTable, MiB, ms, percent, runs, seconds, verdictOf, type Row } from './table.ts';

/** Seconds per measured load run (BENCH_SECONDS overrides, e.g. 2 for a quick look). */
const runSeconds = Number(process.env.BENCH_SECONDS ?? 5);
const plan = {
  runs: 2,
  submissions: { connections: [10, 50], runs: 2, durationSeconds: runSeconds, warmupSeconds: 2, poolSize: 300 },
  status: { cases: 1_000_000, connections: 10, runs: 2, durationSeconds: runSeconds, warmupSeconds: 2 },
  queue: { cases: 100_000, iterations: 100 },
  slow: { connections: 1500, trickleConnections: 1000, addresses: 200, loadSeconds: runSeconds, statusConnections: 10 },
  loginFlood: { floodConnections: 40, floodSeconds: 10, signIns: 3, maxSeconds: 60 },
  targets: { echoShare: 0.5, statusP99Ms: 10, pageGzipBytes: 200_000, usableMs: 5000, rssBytes: 200 * 2 ** 20, seedSeconds: 30 },
};

/** BENCH_ONLY=submissions,status,page,queue,login,slow runs only those (all by default). */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter((name) => name !== ''));
const selected = (name: 'submissions' | 'status' | 'page' | 'queue' | 'login' | 'slow') => only.size === 0 || only.has(name);
const skipped = { ok: false, error: 'not selected (BENCH_ONLY)' } as const;

const log = (line: string) => process.stderr.write(`${line}\n`);

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(name: string, action: () => Promise<T> | T): Promise<Outcome<T>> {
  log(`${name}…`);
  const started = performance.now();
  try {
    const value = await action();
    log(`  ${name} done in ${seconds(performance.now() - started)} s`);
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  ${name} FAILED: ${message}`);
    return { ok: false, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed' };
  }
}

const failedRow = (measure: string, error: string): Row => ({ measure, figure: `not measured: ${error}`, verdict: 'FAIL' });
const cpuPerRequest = (r: LoadResult) => (r.cpu.server * 1000) / r.requestsPerSecond;
const cpu = (results: LoadResult[]) =>
  runs(results, (r) => `${ms(cpuPerRequest(r))} [${r.cpu.server.toFixed(2)}, ${r.cpu.generator.toFixed(2)}, ${r.cpu.other.toFixed(2)}]`);
const cpuMeasure = 'server CPU per request (ms) [cores in use: server, load generator, other processes]';
const latencies = (results: LoadResult[]) => runs(results, (r) => `${ms(r.p50)}, ${ms(r.p99)}`);

/** Challenges fetched ahead, sent, and requests the pool could not serve in measured runs (and in warm-ups). */
function powRow(name: string, pow: PoolStats): Row {
  const warmupDry = pow.dry - pow.dryMeasured;
  return {
    measure: `${name}: proof-of-work challenges fetched before the runs / sent (one per request) / requests sent without one because the pool ran dry (measured runs)`,
    figure: `${integer(pow.fetched)} / ${integer(pow.taken)} / ${integer(pow.dryMeasured)}${warmupDry > 0 ? ` (and ${integer(warmupDry)} in the warm-up)` : ''}`,
    target: '— / — / 0',
    verdict: pow.dryMeasured === 0 ? 'PASS' : 'FAIL',
  };
}

/** What issuing challenges cost the server while the pools were filled (not during measured runs). */
function challengeRow(pools: PoolStats[]): Row | null {
  if (pools.length === 0) return null;
  return {
    measure: 'Challenges (GET /api/v1/challenge, 32 connections, before the runs): rate (per s), server CPU per challenge (ms)',
    figure: pools
      .map((p) => `${p.purpose} ${integer(p.fetched / p.fetchSeconds)}, ${ms(p.serverCpuPerChallengeMs)}`)
      .join('; '),
    verdict: 'info',
  };
}

function submissionRows(outcome: Outcome<SubmissionResults>): Row[] {
  if (!outcome.ok) return [failedRow('Report submission (POST /api/v1/reports)', outcome.error)];
  if (outcome.value.refused !== null) return [failedRow('Report submission (POST /api/v1/reports)', outcome.value.refused)];
  const rows: Row[] = [];
  for (const level of outcome.value.levels) {
    const ratios = level.ours.map((o, i) => o.requestsPerSecond / (level.echo[i]?.requestsPerSecond ?? Number.NaN));
    const targeted = level.connections === 50;
    const passed = level.ours.map((o, i) => (ratios[i] ?? 0) >= plan.targets.echoShare && o.non2xx === 0 && o.errors === 0 && o.timeouts === 0);
    rows.push({
      measure: `Submissions, ${level.connections} connections: throughput (req/s)`,
      figure: runs(level.ours, (r) => integer(r.requestsPerSecond)),
      baseline: `echo ${runs(level.echo, (r) => integer(r.requestsPerSecond))}`,
      ratio: runs(ratios, percent),
      target: targeted ? `≥ ${percent(plan.targets.echoShare)} of echo, 0 non-2xx` : undefined,
      verdict: targeted ? verdictOf(passed) : 'info',
      note: targeted ? failedNote(passed) : undefined,
    });
    rows.push({
      measure: `Submissions, ${level.connections} connections, rowid, no shuffle (the same database, its writer never shuffling; measured in turn with the deferred shuffle above): throughput (req/s)`,
      figure: runs(level.rowid, (r) => integer(r.requestsPerSecond)),
      baseline: `deferred shuffle ${runs(level.ours, (r) => integer(r.requestsPerSecond))}`,
      ratio: `deferred shuffle / no shuffle ${runs(level.ours.map((o, i) => o.requestsPerSecond / (level.rowid[i]?.requestsPerSecond ?? Number.NaN)), (r) => `${r.toFixed(2)}×`)}`,
      verdict: 'info',
    });
    rows.push({
      measure: `Submissions, ${level.connections} connections: latency p50, p99 (ms)`,
      figure: latencies(level.ours),
      baseline: `echo ${latencies(level.echo)}`,
      ratio: `p99 ${runs(level.ours.map((o, i) => o.p99 / (level.echo[i]?.p99 ?? Number.NaN)), (r) => `${r.toFixed(1)}×`)}`,
      verdict: 'info',
    });
    rows.push({
      measure: `Submissions, ${level.connections} connections: ${cpuMeasure}`,
      figure: cpu(level.ours),
      baseline: `echo ${cpu(level.echo)}`,
      ratio: runs(level.ours.map((o, i) => cpuPerRequest(o) / cpuPerRequest(level.echo[i] ?? o)), (r) => `${r.toFixed(1)}×`),
      verdict: 'info',
    });
  }
  const all = outcome.value.levels.flatMap((l) => [...l.ours, ...l.rowid]);
  const non2xx = all.reduce((n, r) => n + r.non2xx, 0);
  const errors = all.reduce((n, r) => n + r.errors + r.timeouts, 0);
  const statuses = Object.entries(
    all.reduce<Record<string, number>>((acc, r) => {
      for (const [status, count] of Object.entries(r.statuses)) acc[status] = (acc[status] ?? 0) + count;
      return acc;
    }, {}),
  )
    .map(([status, count]) => `${status} × ${integer(count)}`)
    .join(', ');
  if (outcome.value.pow !== null) rows.push(powRow('Submissions', outcome.value.pow));
  rows.push({
    measure: 'Submissions: non-2xx answers / connection errors and timeouts (all measured runs, both layouts)',
    figure: `${integer(non2xx)} / ${integer(errors)} (${statuses})`,
    target: '0 / 0',
    verdict: non2xx === 0 && errors === 0 ? 'PASS' : 'FAIL',
  });
  return rows;
}

function statusRows(outcome: Outcome<StatusResults>): Row[] {
  if (!outcome.ok) return [failedRow('Status by lookup id (POST /api/v1/status)', outcome.error)];
  const s = outcome.value;
  const cases = integer(s.cases);
  const p99Passed = s.runs.map((r) => r.p99 < plan.targets.statusP99Ms);
  const errors = s.runs.reduce((n, r) => n + r.errors + r.timeouts, 0);
  const seeding: Row = {
    measure: `Seeding ${cases} cases (reports + case_lookups, one transaction) (s)`,
    figure: s.seedSeconds.toFixed(1),
    target: `< ${plan.targets.seedSeconds} s (aim)`,
    verdict: s.seedSeconds < plan.targets.seedSeconds ? 'PASS' : 'FAIL',
  };
  const start: Row = { measure: `Server start on ${cases} cases: spawn to listening (s)`, figure: s.startSeconds.toFixed(1), verdict: 'info' };
  if (s.refused !== null) return [seeding, start, failedRow(`Status by lookup id (POST /api/v1/status), ${cases} cases`, s.refused)];
  return [
    seeding,
    start,
    { measure: `Status, ${cases} cases, ${plan.status.connections} connections: throughput (req/s)`, figure: runs(s.runs, (r) => integer(r.requestsPerSecond)), verdict: 'info' },
    {
      measure: `Status, ${cases} cases, ${plan.status.connections} connections: latency p50, p99 (ms), ${percent(s.knownShare)} known ids`,
      figure: latencies(s.runs),
      target: `p99 < ${plan.targets.statusP99Ms} ms`,
      verdict: verdictOf(p99Passed),
      note: failedNote(p99Passed),
    },
    { measure: `Status: ${cpuMeasure}`, figure: cpu(s.runs), verdict: 'info' },
    {
      measure: 'Status: answers other than 200 (known id) / 404 (unknown id), connection errors',
      figure: `${integer(s.unexpected)} / ${integer(errors)}`,
      target: '0 / 0',
      verdict: s.unexpected === 0 && errors === 0 ? 'PASS' : 'FAIL',
    },
    powRow('Status', s.pow),
  ];
}

function pageRows(outcome: Outcome<PageResults>): Row[] {
  if (!outcome.ok) return [failedRow('Reporter page', outcome.error)];
  const p = outcome.value;
  const usablePassed = p.usableMs.map((t) => t < plan.targets.usableMs);
  const profile = `3G profile (${integer(slow3g.download * 8 / 1000)} kbit/s, ${integer(slow3g.latency)} ms latency), CPU ${cpuSlowdown}× slower`;
  return [
    {
      measure: `Reporter page: gzip -9 size of the ${p.files.length} files it loads (kB = 1,000 bytes)`,
      figure: kB(p.gzipTotal),
      target: `< ${kB(plan.targets.pageGzipBytes)} kB`,
      verdict: p.gzipTotal < plan.targets.pageGzipBytes ? 'PASS' : 'FAIL',
    },
    {
      measure: 'Reporter page: actually transferred, headers included (kB)',
      figure: `${kB(p.transferredTotal)} (Content-Encoding: ${p.encodings.join(', ')}; uncompressed files ${kB(p.bytesTotal)})`,
      verdict: 'info',
    },
    {
      measure: `Reporter page: report form usable (until the "report" button is clickable, plus click to form), ${profile} (s)`,
      figure: runs(p.usableMs, seconds),
      target: `< ${seconds(plan.targets.usableMs)} s`,
      verdict: verdictOf(usablePassed),
      note: failedNote(usablePassed),
    },
    { measure: 'Reporter page: last request finished (network idle: encryption chunks and all), same profile (s)', figure: runs(p.allLoadedMs, seconds), verdict: 'info' },
    {
      measure: 'asm.js fallback chunk, loaded only without WebAssembly (kB)',
      figure: p.asmjs === null ? 'not found in bundle-manifest.json' : `${kB(p.asmjs.gzip)} gzip (${kB(p.asmjs.bytes)} raw)`,
      verdict: 'info',
    },
  ];
}

type QueueResults = { seedSeconds: number; figures: QueueFigure[] };

function queueRows(outcome: Outcome<QueueResults>): Row[] {
  if (!outcome.ok) return [failedRow('Console queue', outcome.error)];
  return outcome.value.figures.map((f) => ({
    measure: `Console queue at ${integer(plan.queue.cases)} cases (GET /api/console/cases as an inspector, in-process), ${f.name}, ${integer(f.rows)} of their cases match: p50, p99 (ms)`,
    figure: `${ms(f.p50)}, ${ms(f.p99)}`,
    target: 'p99 < 100 ms',
    verdict: f.p99 < 100 ? ('PASS' as const) : ('FAIL' as const),
  }));
}

function loginFloodRows(outcome: Outcome<LoginFloodResults>): Row[] {
  if (!outcome.ok) return [failedRow('Console sign-in during a login flood', outcome.error)];
  const { baseline, before, after } = outcome.value;
  const flood = `${plan.loginFlood.floodConnections} connections from 127.0.0.1 sending failed logins with random usernames (≥ ${plan.loginFlood.floodSeconds} s)`;
  const answers = (statuses: Record<string, number>) => Object.entries(statuses).map(([status, count]) => `${integer(count)} × ${status}`).join(', ');
  return [
    { measure: 'Console sign-in (login salt + login, real server, from 127.0.0.2), no flood (s)', figure: runs(baseline, seconds), verdict: 'info' },
    {
      measure: `Console sign-in during ${flood}, login limits off (LOGIN_*=0, as before them) (s); the flood's answers`,
      figure: `${runs(before.signInMs, seconds) || 'none succeeded'}${before.failures.length > 0 ? ` (failed: ${before.failures.join('; ')})` : ''}; ${answers(before.floodStatuses)}`,
      verdict: 'info',
    },
    {
      measure: `Console sign-in during the same flood, default login limits (s); the flood's answers`,
      figure: `${runs(after.signInMs, seconds) || 'none succeeded'}${after.failures.length > 0 ? ` (failed: ${after.failures.join('; ')})` : ''}; ${answers(after.floodStatuses)}`,
      verdict: 'info',
    },
  ];
}

/** The slow-body attack (issue 10): BEFORE with the limits off, AFTER with the defaults, per variant. */
function slowBodyRows(outcome: Outcome<SlowBodyRun[]>): Row[] {
  if (!outcome.ok) return [failedRow('Slow-body attack', outcome.error)];
  const rows: Row[] = [];
  for (const variant of ['bulk', 'trickle'] as const) {
    const before = outcome.value.find((r) => r.variant === variant && r.limits === 'before');
    const after = outcome.value.find((r) => r.variant === variant && r.limits === 'after');
    if (before === undefined || after === undefined) continue;
    const attack =
      variant === 'bulk'
        ? `${integer(before.attackers)} connections each sending 256 KiB less one byte of a report, then stalling`
        : `${integer(before.attackers)} connections trickling a report body one byte a second`;
    const where = `${attack}, from ${plan.slow.addresses} loopback addresses, ${plan.slow.statusConnections} connections of status checks meanwhile`;
    // What the caps allow unfinished bodies to hold, twice over for Node's and V8's copies of them,
    // plus 16 KiB per attacking connection (the trickle run with the limits off measures 15-20 KiB per open connection).
    const bound = 2 * defaultConnectionLimits.maxUnfinishedBodies * reportBodyLimit + 16 * 1024 * after.attackers;
    const growth = after.maxRssBytes - after.startRssBytes;
    const answers = (r: SlowBodyRun) => `${Object.entries(r.answers).map(([status, n]) => `${status} × ${integer(n)}`).join(', ') || 'none'}, ${integer(r.closedWithoutAnswer)} closed unanswered`;
    rows.push(
      {
        measure: `Slow bodies, ${where}: server RSS at start → max → 2 s after the attackers left (MiB); baseline: limits off (as before them)`,
        figure: `${MiB(after.startRssBytes)} → ${MiB(after.maxRssBytes)} → ${MiB(after.afterRssBytes)}`,
        baseline: `${MiB(before.startRssBytes)} → ${MiB(before.maxRssBytes)} → ${MiB(before.afterRssBytes)}`,
        ratio: `growth ${MiB(growth)} / ${MiB(before.maxRssBytes - before.startRssBytes)}`,
        target: `growth ≤ 2 × MAX_UNFINISHED_BODIES × body limit + 16 KiB per connection = ${MiB(bound)} MiB`,
        verdict: growth <= bound ? 'PASS' : 'FAIL',
      },
      {
        measure: `Slow bodies (${variant}): status check latency p50, p99 (ms) during the attack (answers, connection errors, sent without a challenge)`,
        figure: `${ms(after.status.p50)}, ${ms(after.status.p99)} (${integer(after.status.responses)}, ${integer(after.status.errors + after.status.timeouts)}, ${integer(after.status.noChallenge)})`,
        baseline: `${ms(before.status.p50)}, ${ms(before.status.p99)} (${integer(before.status.responses)}, ${integer(before.status.errors + before.status.timeouts)}, ${integer(before.status.noChallenge)})`,
        ratio: `p99 ${(after.status.p99 / before.status.p99).toFixed(2)}×`,
        target: 'answered, 0 connection errors',
        verdict: after.status.responses > 0 && after.status.errors + after.status.timeouts === 0 ? 'PASS' : 'FAIL',
      },
      {
        measure: `Slow bodies (${variant}): attacking connections the server still held at the end; what the attackers got`,
        figure: `${integer(after.heldAtEnd)} of ${integer(after.attackers)}; ${answers(after)}`,
        baseline: `${integer(before.heldAtEnd)} of ${integer(before.attackers)}; ${answers(before)}`,
        verdict: 'info',
      },
    );
  }
  return rows;
}

function rssRow(submissions: Outcome<SubmissionResults>, status: Outcome<StatusResults>): Row {
  const during = (results: LoadResult[]) => Math.max(0, ...results.map((r) => r.maxRssBytes));
  const submit = submissions.ok ? during(submissions.value.levels.flatMap((l) => l.ours)) : 0;
  const lookups = status.ok ? during(status.value.runs) : 0;
  const max = Math.max(submit, lookups);
  const parts = [
    ...(submit > 0 ? [`submissions ${MiB(submit)}`] : []),
    ...(lookups > 0 ? [`status ${MiB(lookups)}`] : []),
    ...(submissions.ok ? [`${MiB(submissions.value.startRssBytes)} once listening, before any request`] : []),
  ];
  if (max === 0) return failedRow('Server RSS, maximum over every load run (MiB)', `no load run was made${parts.length > 0 ? `; ${parts.join('; ')}` : ''}`);
  return {
    measure: 'Server RSS, maximum over every load run (VmRSS every 100 ms) (MiB)',
    figure: `${MiB(max)} (${parts.join('; ')})`,
    target: `< ${MiB(plan.targets.rssBytes)} MiB`,
    verdict: max < plan.targets.rssBytes ? 'PASS' : 'FAIL',
  };
}

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg();
  await loadSodium();

  const built = await attempt('reporter build', () => ensureBuilt(log));
  const notBuilt = { ok: false, error: 'the reporter site is not built' } as const;
  const queue = selected('queue') ? await attempt('console queue', () => measureConsoleQueue(plan.queue)) : skipped;
  const submissions = !selected('submissions') ? skipped : built.ok ? await attempt('submissions', () => benchSubmissions(plan.submissions, log)) : notBuilt;
  const page = !selected('page') ? skipped : built.ok ? await attempt('reporter page', () => benchPage(plan.runs, log)) : notBuilt;
  const status = !selected('status') ? skipped : built.ok ? await attempt('status', () => benchStatus(plan.status, log)) : notBuilt;
  const slow = !selected('slow') ? skipped : built.ok ? await attempt('slow bodies', () => benchSlowBodies(plan.slow, log)) : notBuilt;
  const loginFlood = selected('login') ? await attempt('login flood', () => benchLoginFlood(plan.loginFlood, log)) : skipped;
  const loadAfter = loadavg();

  const rows = [
    ...(submissions === skipped ? [] : submissionRows(submissions)),
    ...(status === skipped ? [] : statusRows(status)),
    ...(page === skipped ? [] : pageRows(page)),
    ...(queue === skipped ? [] : queueRows(queue)),
    ...(slow === skipped ? [] : slowBodyRows(slow)),
    ...(loginFlood === skipped ? [] : loginFloodRows(loginFlood)),
    ...(submissions === skipped && status === skipped ? [] : [rssRow(submissions, status)]),
  ];
  const pools = [...(submissions.ok && submissions.value.pow !== null ? [submissions.value.pow] : []), ...(status.ok ? [status.value.pow] : [])];
  const challenges = challengeRow(pools);
  if (challenges !== null) rows.push(challenges);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  const elapsed = performance.now() - started;
  const out = [
    `## Qauipsiz benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Node ${process.version}, ${availableParallelism()} cores (${cpuModel}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Linux ${release()}` +
      (page.ok ? `, Chromium ${page.value.chromium}` : '') +
      (built.ok ? `; ${built.value}` : ''),
    `Load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}. ` +
      `Load runs: autocannon in the benchmark process, ${runSeconds} s each after a ${plan.submissions.warmupSeconds} s warm-up, pipelining 1, ` +
      `echo and ours alternating; latencies over every answer. ` +
      `Real server: \`node ${[...serverNodeFlags, ''].join(' ')}server/main.ts\` as \`npm start\`${serverNodeOptions === undefined ? '' : `, NODE_OPTIONS=${serverNodeOptions}`}. ` +
      `Proof of work (submissions, status): ${Object.entries(benchServerEnv).map(([k, v]) => `${k}=${v}`).join(' ')}, so the server checks every proof ` +
      `(MAC, purpose, expiry, single use, hash) but solving is free: the figures include the server's cost of checking the proof of work, not the client's cost of solving it, ` +
      `nor of fetching the challenge (a row of its own). One challenge per request, fetched before each run (${provisionMargin}× the fastest rate seen, unused ones kept for the next run, none sent twice); ` +
      `the reporter page runs on the default settings. Took ${seconds(elapsed)} s.`,
    '',
    markdownTable(rows),
    '',
  ];
  if (page.ok) {
    out.push(`Page files: ${page.value.files.map((f) => `${f.path} ${kB(f.gzip)} kB gzip`).join(', ')}${page.value.otherRequests.length > 0 ? `; other requests: ${page.value.otherRequests.join(', ')}` : ''}  `);
  }
  if (submissions.ok) out.push(`Submission bodies: ${submissions.value.poolSize} sealed reports, ${integer(submissions.value.averageBodyBytes)} bytes on average.`);
  process.stdout.write(`${out.join('\n')}\n`);
  const ran = [built, queue, submissions, page, status, loginFlood, slow].every((o) => o.ok || o === skipped);
  const refused = (submissions.ok && submissions.value.refused !== null) || (status.ok && status.value.refused !== null);
  return ran && !refused ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  });
}

let code = 1;
try {
  code = await main();
} finally {
  await cleanUp();
}
process.exit(code);
