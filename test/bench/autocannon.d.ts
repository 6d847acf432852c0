// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  type RequestData = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };
  type Context = Record<string, unknown>;

  type Options = {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    timeout?: number;
    /** Requests to make in all, instead of a duration. */
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      setupRequest?: (request: RequestData, context: Context) => RequestData;
      onResponse?: (status: number, body: string, context: Context) => void;
    }[];
  };

  type Histogram = { average: number; mean: number; p50: number; p99: number; total: number };

  type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    latency: Histogram;
    requests: Histogram & { sent: number };
  };

  type Instance = EventEmitter & { stop: () => void };

  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
  export type { Context, Instance, Options, RequestData, Result };
}
