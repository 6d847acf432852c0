// One bounded autocannon run. Latencies are recorded here from every response (autocannon's own
// histogram keeps whole milliseconds and 2xx only), and the server's RSS is sampled meanwhile.
import autocannon, { type Context, type RequestData, type Result } from 'autocannon';
import { sampleProcess, type CpuShare } from './processes.ts';

export type LoadOptions = {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** A fresh body for each request; `context` is autocannon's per-connection context. */
  body: (context: Context) => string;
  /** Called with each answer and the context its request was built in. */
  onResponse?: (status: number, context: Context) => void;
  /** The server: its RSS and CPU are sampled during the run. */
  serverPid: number;
};

export type LoadResult = {
  connections: number;
  seconds: number;
  responses: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  maxRssBytes: number;
  cpu: CpuShare;
  /** Requests sent without a proof-of-work challenge because the pool ran dry (set by the caller). */
  noChallenge: number;
};

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const statuses: Record<string, number> = {};
  const sample = sampleProcess(options.serverPid);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: options.path,
            headers: { 'content-type': 'application/json' },
            setupRequest: (request: RequestData, context: Context) => ({ ...request, body: options.body(context) }),
            ...(options.onResponse === undefined ? {} : { onResponse: (status: number, _body: string, context: Context) => options.onResponse?.(status, context) }),
          },
        ],
      },
      (error: Error | null, result: Result) => {
        const { maxRssBytes, cpu } = sample.stop();
        if (error) return reject(error);
        const sorted = latencies.subarray(0, count).sort();
        resolve({
          connections: options.connections,
          seconds: result.duration,
          responses: count,
          requestsPerSecond: count / result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          statuses,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          maxRssBytes,
          cpu,
          noChallenge: 0,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = responseTime;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}
