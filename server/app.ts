// The two Fastify apps: the public one (reporter site and API) and the console one (inspectors),
// kept apart so the console can be bound to an internal network and never shares an origin.
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.ts';
import { backdateFileTimes, createReportStore } from '../db/report-writer.ts';
import { dayIn } from './config.ts';
import { fastifyOptions, hardening } from './http/hardening.ts';
import { createTrafficCounter, quietRequestLogger } from './http/logging.ts';
import { createUnfinishedBodies, defaultConnectionLimits, listenerTimeouts, type ConnectionLimits, type UnfinishedBodies } from './http/connection-guard.ts';
import { createAbuseGuard } from './abuse/guard.ts';
import type { AbuseSettings } from './abuse/policy.ts';
import type { LoginLimits } from './console/context.ts';
import { challengeRoutes } from './routes/challenge.ts';
import { healthRoutes } from './routes/health.ts';
import { healthCheck } from './operations/health.ts';
import { createStorageWatch, type StorageWatch } from './operations/storage.ts';
import { intakeRoutes } from './routes/intake.ts';
import { consoleRoutes } from './routes/console.ts';
import { createDirectory } from './intake/directory.ts';
import { recomputeDeadlines } from './shared/settings.ts';

export type AppDeps = {
  db: Db;
  serverSecret: Uint8Array;
  timeZone: string;
  clock: () => Date;
  logger: Logger;
  /** The built reporter site (web/dist/reporter); API-only when absent. */
  reporterWebRoot?: string;
  abuse: AbuseSettings;
  trustProxyHops?: number;
  /** Time limits and caps on slow clients; defaultConnectionLimits when absent. */
  connections?: ConnectionLimits;
  /** Request bodies still arriving, counted over both listeners (main.ts passes one to both). */
  unfinishedBodies?: UnfinishedBodies;
  /** Free space and failed writes on DATA_DIR's disk, one for both listeners (main.ts); failed writes only when absent. */
  storage?: StorageWatch;
};

export type ConsoleAppDeps = AppDeps & {
  publicApp: FastifyInstance;
  /** The built console (web/dist/console); the placeholder page when absent or not built. */
  consoleWebRoot?: string;
  /** The one-time setup token main.ts prints while no administrator exists. */
  setupToken?: string;
  idleMinutes?: number;
  secureCookies?: boolean;
  /** RETENTION_DAYS: shown as the retention until an administrator sets one. */
  retentionDays?: number;
  /** Waits before answering a failed login (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /** Budgets on sign-in attempts (LOGIN_* settings); auth.ts's defaults when absent. */
  loginLimits?: LoginLimits;
  /** Checks an authValue against its hash (tests count the checks). */
  verifyAuthValue?: (stored: string, authValue: Uint8Array) => Promise<boolean>;
};

/** The time limits of a listener, and its hook counting (and capping) bodies still arriving. */
function slowClientLimits(deps: AppDeps) {
  const limits = deps.connections ?? defaultConnectionLimits;
  return { options: listenerTimeouts(limits), bodies: deps.unfinishedBodies ?? createUnfinishedBodies(limits) };
}

/** Hashed file names never change content; the page itself is always revalidated. */
function cacheHeaders(reply: { header: (name: string, value: string) => unknown }, path: string): void {
  reply.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}

export async function buildPublicApp(deps: AppDeps): Promise<FastifyInstance> {
  const slowClients = slowClientLimits(deps);
  const app = Fastify({
    ...fastifyOptions,
    ...slowClients.options,
    // Only the in-memory rate limits ever see the forwarded address; nothing stores it.
    trustProxy: (_address: string, hop: number) => hop < (deps.trustProxyHops ?? 0),
    loggerInstance: deps.logger.child({ listener: 'public' }) as FastifyBaseLogger,
    // No line per request and no request id on this listener: only errors, and the day counters.
    childLoggerFactory: quietRequestLogger,
  });
  const guard = createAbuseGuard(deps.abuse);
  app.addHook('onRequest', slowClients.bodies.admit);
  const traffic = createTrafficCounter({ logger: app.log, timeZone: deps.timeZone, clock: deps.clock });
  app.addHook('onClose', async () => traffic.stop());
  await app.register(hardening, { notFoundLimited: guard.notFoundLimited, traffic });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Qauipsiz public API', version: '1', description: 'Reporter side: every report is encrypted in the browser before it reaches this API.' },
    },
  });
  const storage = deps.storage ?? createStorageWatch({ reserveBytes: 0, logger: deps.logger });
  await app.register(healthRoutes(healthCheck(deps.db, storage)));
  const reportWriter = createReportStore(deps.db.$client);
  // Fastify closes the listener and lets requests in flight finish first; their reports are then committed.
  app.addHook('onClose', () => reportWriter.close());
  const directory = createDirectory(deps.db);
  await app.register(challengeRoutes(guard));
  await app.register(
    intakeRoutes({ db: deps.db, serverSecret: deps.serverSecret, today: () => dayIn(deps.timeZone, deps.clock()), reportWriter, directory: directory.current, storage }, guard),
  );
  if (deps.reporterWebRoot) {
    await app.register(fastifyStatic, {
      root: deps.reporterWebRoot,
      wildcard: false,
      // The build writes .br and .gz beside each file: slow phone connections get them.
      preCompressed: true,
      setHeaders: cacheHeaders,
    });
  }
  return app;
}

const consolePlaceholder = readFileSync(new URL('./console-placeholder.html', import.meta.url));

export async function buildConsoleApp(deps: ConsoleAppDeps): Promise<FastifyInstance> {
  const slowClients = slowClientLimits(deps);
  const app = Fastify({ ...fastifyOptions, ...slowClients.options, loggerInstance: deps.logger.child({ listener: 'console' }) as FastifyBaseLogger });
  app.addHook('onRequest', slowClients.bodies.admit);
  await app.register(hardening);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Qauipsiz console API', version: '1', description: 'Inspector console: cases, accounts and settings; report contents stay ciphertext here, opened only in the browser.' },
    },
  });
  const storage = deps.storage ?? createStorageWatch({ reserveBytes: 0, logger: deps.logger });
  // A console write the disk refused (answered storage.full by hardening) turns health to failing too.
  app.addHook('onError', async (_request, _reply, error) => void storage.writeFailed(error));
  // After a console write the database files' times say only the day, as after the report writer's (db/writer-core.js).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') backdateFileTimes(deps.db.$client.name);
    return payload;
  });
  await app.register(healthRoutes(healthCheck(deps.db, storage)));
  // Every open case's due days, under this release's rules and holiday data (db/data/kz-holidays.json
  // gains each year's Kurban Ait), including cases stored before the console existed or a restore.
  recomputeDeadlines(deps.db, false);
  await app.register(
    consoleRoutes({
      db: deps.db,
      serverSecret: deps.serverSecret,
      timeZone: deps.timeZone,
      clock: deps.clock,
      ...(deps.setupToken === undefined ? {} : { setupToken: deps.setupToken }),
      idleMinutes: deps.idleMinutes ?? 30,
      secureCookies: deps.secureCookies ?? false,
      defaultRetentionDays: deps.retentionDays ?? 365,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      ...(deps.loginLimits ? { loginLimits: deps.loginLimits } : {}),
      ...(deps.verifyAuthValue ? { verifyAuthValue: deps.verifyAuthValue } : {}),
    }),
  );
  if (deps.consoleWebRoot && existsSync(join(deps.consoleWebRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.consoleWebRoot, wildcard: false, preCompressed: true, setHeaders: cacheHeaders });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(consolePlaceholder));
  }
  // The public API's description lives here, not on the public listener.
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => {
    await deps.publicApp.ready();
    return deps.publicApp.swagger();
  });
  // And the console API's own, beside it.
  app.get('/api/console/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
