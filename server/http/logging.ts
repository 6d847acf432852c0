// The request log. It never records a reporter's IP, port, User-Agent, Referer, URL, query or
// body, and its timestamps are calendar days, so a log line cannot time a reporter either.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { dayIn } from '../config.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';

export function createLogger(options: { level: LogLevel; timeZone: string; stream?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: null,
      timestamp: () => `,"day":"${dayIn(options.timeZone, new Date())}"`,
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched' }),
        res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
        err: errorSummary,
      },
    },
    // Asynchronous: lines written while a write is under way go out together with the next one,
    // not one blocking write per request (7% of the server's time per report, measured). pino
    // flushes what is left when the process exits.
    options.stream ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * An error as it may be logged: its class, code and stack frames, but not its message, which
 * for a parse or validation error can quote the request body.
 */
export function errorSummary(error: unknown): { type: string; code?: string; frames?: string[] } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at ')).slice(0, 12).map((l) => l.trim());
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}), frames };
}

/**
 * The public listener's request logger: no request id, nothing below error. A line per reporter
 * request would time each report to the second wherever the log is kept (journald and log
 * shippers stamp every line as it arrives); the day counters below stand in for it.
 */
export function quietRequestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  // Never more verbose than the listener's own level (LOG_LEVEL=silent stays silent).
  return logger.child({}, { level: logger.level === 'fatal' || logger.level === 'silent' ? logger.level : 'error' });
}

/** One count of the public listener's answers: a calendar day, a route as registered, a status. */
export type TrafficCount = { day: string; route: string; status: number; count: number };

export type TrafficCounter = {
  count: (method: string, route: string | undefined, status: number) => void;
  /** Writes one summary line for each finished day and forgets it. */
  rollOver: () => void;
  /** Writes every day still held (at shutdown) and stops the daily check. */
  stop: () => void;
  /** The counts held in memory, for tests. */
  held: () => TrafficCount[];
};

/**
 * Daily counters by route and status, in memory, written as one line per day after the day has
 * passed, by a timer rather than by a request, so the line's arrival times nobody.
 */
export function createTrafficCounter(options: { logger: FastifyBaseLogger; timeZone: string; clock: () => Date; checkEveryMs?: number }): TrafficCounter {
  // day → "METHOD route<TAB>status" → count
  const days = new Map<string, Map<string, number>>();
  const countsOf = (day: string, counts: Map<string, number>): TrafficCount[] =>
    [...counts].map(([key, count]) => {
      const [route = '', status = '0'] = key.split('\t');
      return { day, route, status: Number(status), count };
    });
  const write = (day: string, counts: Map<string, number>) => {
    options.logger.info({ traffic: { day, routes: countsOf(day, counts).map(({ route, status, count }) => ({ route, status, count })) } }, 'public requests of the day');
  };
  const rollOver = () => {
    const today = dayIn(options.timeZone, options.clock());
    for (const [day, counts] of days) {
      if (day === today) continue;
      write(day, counts);
      days.delete(day);
    }
  };
  const timer = setInterval(rollOver, options.checkEveryMs ?? 60_000).unref();
  return {
    count: (method, route, status) => {
      const day = dayIn(options.timeZone, options.clock());
      const counts = days.get(day) ?? new Map<string, number>();
      days.set(day, counts);
      const key = `${method} ${route ?? 'unmatched'}\t${status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    rollOver,
    stop: () => {
      clearInterval(timer);
      for (const [day, counts] of days) write(day, counts);
      days.clear();
    },
    held: () => [...days].flatMap(([day, counts]) => countsOf(day, counts)),
  };
}
