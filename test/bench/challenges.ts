// Proof of work for the load runs. The server is started with difficulty 0 (benchServerEnv), so
// any nonce solves a challenge, but it still checks every one: its MAC, purpose, expiry, that it
// was never used, and the hash rule. Challenges are single use, so each load run gets its own,
// fetched from GET /api/v1/challenge before the run (never during it, so the measured server does
// only the measured work), enough for the fastest rate seen so far on that server, with margin.
// A challenge is never sent twice; unused ones are kept for the next run on the same server
// (they stay valid 30 minutes). A request for which none is left is sent without one (the server
// answers 400) and counted, so a pool that ran dry shows in the table.
import autocannon from 'autocannon';
import { fromBase64Url, isSolution, type PowPurpose } from '../../crypto/index.ts';
import { sampleProcess } from './processes.ts';

/** What the benchmark's real server runs with for the submission and status benchmarks. */
export const benchServerEnv = {
  POW_SUBMIT_BITS: '0',
  POW_STATUS_BITS: '0',
  /** Caps what load and one busy address (the benchmark's 127.0.0.1) add to the 0 bits. */
  POW_MAX_EXTRA_BITS: '0',
  /** The configuration's maximum (server/config.ts): far above any rate reached here. */
  SUBMISSION_BUDGET_PER_MINUTE: '10000000',
  /** Spent puzzles remembered: above the runs' total, so the bound never refuses a measured request. */
  POW_SPENT_MAX: '100000000',
} as const;

export type Pow = { challenge: string; nonce: string };

/** 8 zero bytes in base64url: a solution of every challenge of difficulty 0. */
export const zeroNonce = 'AAAAAAAAAAA';

/** A well-formed `pow` for bodies sent to the echo server (which reads nothing), as long as a real one. */
export const echoPow: Pow = { challenge: 'A'.repeat(52), nonce: zeroNonce };

/** Over-provisioning of a run's challenges, relative to the fastest rate seen so far. */
export const provisionMargin = 1.5;
const fillConnections = 32;

export type RunCount = { taken: number; dry: number; ratePerSecond: number };

export type PoolStats = {
  purpose: PowPurpose;
  /** Challenges fetched ahead of the runs, in all fills. */
  fetched: number;
  fetchSeconds: number;
  /** The server's CPU time per challenge issued while filling (ms). */
  serverCpuPerChallengeMs: number;
  /** Challenges sent (preflight, warm-ups and measured runs). */
  taken: number;
  /** Requests sent without a challenge because the pool was empty (warm-ups and measured runs). */
  dry: number;
  /** The same, in measured runs only. */
  dryMeasured: number;
  /** Fetched and never sent (thrown away with the server). */
  leftOver: number;
};

export class ChallengePool {
  private readonly available: string[] = [];
  private next = 0;
  private fetched = 0;
  private fetchSeconds = 0;
  private serverCpuSeconds = 0;
  private taken = 0;
  private dry = 0;
  private dryMeasured = 0;
  private run: { startedAt: number; taken: number; dry: number; dryAt: number | null; measured: boolean } | null = null;
  private checkedSolution = false;

  private readonly url: string;
  private readonly purpose: PowPurpose;
  private readonly serverPid: number;

  constructor(url: string, purpose: PowPurpose, serverPid: number) {
    this.url = url;
    this.purpose = purpose;
    this.serverPid = serverPid;
  }

  get size(): number {
    return this.available.length - this.next;
  }

  /**
   * Fetches challenges until `target` are held (concurrently, over 32 connections). Each must be
   * of difficulty 0, and the first is checked to be solved by the zero nonce.
   */
  async topUp(target: number): Promise<void> {
    for (let attempt = 1; this.size < target; attempt++) {
      const missing = target - this.size;
      const before = this.size;
      const started = performance.now();
      const sample = sampleProcess(this.serverPid);
      let refused = '';
      const filled = new Promise<void>((resolve, reject) =>
        autocannon(
          {
            url: this.url,
            connections: Math.min(fillConnections, missing),
            amount: missing,
            pipelining: 1,
            timeout: 10,
            requests: [
              {
                method: 'GET',
                path: `/api/v1/challenge?purpose=${this.purpose}`,
                onResponse: (status: number, body: string) => {
                  let answer: { challenge?: string; difficulty?: number } = {};
                  try {
                    answer = JSON.parse(body) as typeof answer;
                  } catch {
                    // not JSON: refused below
                  }
                  if (status !== 200 || typeof answer.challenge !== 'string') refused ||= `${status} ${body.slice(0, 200)}`;
                  else if (answer.difficulty !== 0) refused ||= `difficulty ${String(answer.difficulty)} (the benchmark needs 0: see benchServerEnv)`;
                  else this.available.push(answer.challenge);
                },
              },
            ],
          },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
      const stopped = () => sample.stop().cpu.server * ((performance.now() - started) / 1000);
      await filled.catch((error: unknown) => {
        stopped();
        throw error;
      });
      const seconds = (performance.now() - started) / 1000;
      this.serverCpuSeconds += stopped();
      this.fetchSeconds += seconds;
      this.fetched += this.size - before;
      if (refused !== '') throw new Error(`GET /api/v1/challenge?purpose=${this.purpose}: ${refused}`);
      if (!this.checkedSolution && this.size > 0) {
        const first = this.available[this.next] ?? '';
        if (!isSolution(fromBase64Url(first), fromBase64Url(zeroNonce))) throw new Error(`the zero nonce does not solve challenge ${first}`);
        this.checkedSolution = true;
      }
      if (this.size === before || attempt === 5) {
        if (this.size < target) throw new Error(`could fetch only ${this.size} of ${target} ${this.purpose} challenges`);
      }
    }
  }

  /** Challenges to hold before a run of `seconds` at `ratePerSecond` (the fastest seen), with margin, plus two per connection. */
  static provision(ratePerSecond: number, seconds: number, connections: number): number {
    return Math.ceil(ratePerSecond * seconds * provisionMargin) + 2 * connections;
  }

  /** A challenge never handed out before, or undefined (counted) when none is left. */
  take(): Pow | undefined {
    if (this.next < this.available.length) {
      const challenge = this.available[this.next] as string;
      this.available[this.next++] = ''; // let the string go
      this.taken++;
      if (this.run !== null) this.run.taken++;
      return { challenge, nonce: zeroNonce };
    }
    this.dry++;
    if (this.run !== null) {
      this.run.dry++;
      this.run.dryAt ??= performance.now();
      if (this.run.measured) this.dryMeasured++;
    }
    return undefined;
  }

  /** Starts counting what one load run takes (`measured`: a timed run, not a warm-up). */
  beginRun(measured: boolean): void {
    this.run = { startedAt: performance.now(), taken: 0, dry: 0, dryAt: null, measured };
  }

  /** What the run took, and its rate until the pool ran dry (or until now). */
  endRun(): RunCount {
    const run = this.run;
    this.run = null;
    if (run === null) return { taken: 0, dry: 0, ratePerSecond: 0 };
    const seconds = ((run.dryAt ?? performance.now()) - run.startedAt) / 1000;
    return { taken: run.taken, dry: run.dry, ratePerSecond: seconds > 0 ? run.taken / seconds : 0 };
  }

  stats(): PoolStats {
    return {
      purpose: this.purpose,
      fetched: this.fetched,
      fetchSeconds: this.fetchSeconds,
      serverCpuPerChallengeMs: this.fetched > 0 ? (this.serverCpuSeconds * 1000) / this.fetched : Number.NaN,
      taken: this.taken,
      dry: this.dry,
      dryMeasured: this.dryMeasured,
      leftOver: this.size,
    };
  }
}
