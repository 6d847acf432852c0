// Entry point: read config, open the database, listen on both ports, close gracefully.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSodium } from '../crypto/index.ts';
import { openDatabase } from '../db/database.ts';
import { buildConsoleApp, buildPublicApp } from './app.ts';
import { ConfigError, dayIn, daysBefore, loadConfig } from './config.ts';
import { purgeClosedReports } from '../db/repositories/reports.ts';
import { countAdmins } from '../db/repositories/accounts.ts';
import { loadSettings } from './shared/settings.ts';
import { removePidFile, runningServerPid, writePidFile } from './pid-file.ts';
import { createLogger } from './http/logging.ts';
import { createUnfinishedBodies } from './http/connection-guard.ts';
import { createStorageWatch } from './operations/storage.ts';
import { loadOrCreateServerSecret, tightenDataDir } from './secret.ts';

const reporterWebRoot = fileURLToPath(new URL('../web/dist/reporter', import.meta.url));
const consoleWebRoot = fileURLToPath(new URL('../web/dist/console', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, timeZone: config.timeZone });
  if (!existsSync(join(reporterWebRoot, 'index.html'))) {
    throw new ConfigError('The reporter site is not built: run `npm run build` (npm start does it for you).');
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // sumo: the console's authValue hashes are Argon2id (crypto_pwhash_str).
  await loadSodium('sumo');
  const serverSecret = loadOrCreateServerSecret(config.dataDir);
  // Files an older version created readable by others become owner-only (new ones are made 0600).
  tightenDataDir(config.dataDir);
  const other = runningServerPid(config.dataDir);
  if (other) throw new ConfigError(`Another server (pid ${other}) is running on ${config.dataDir}.`);
  writePidFile(config.dataDir);
  const database = openDatabase(join(config.dataDir, 'qauipsiz.db'));
  const purge = () => {
    const retentionDays = loadSettings(database.db).retentionDays ?? config.retentionDays;
    const purged = purgeClosedReports(database, daysBefore(dayIn(config.timeZone, new Date()), retentionDays));
    if (purged > 0) logger.info({ purged }, 'retention: purged closed cases');
  };
  purge();
  const retentionTimer = setInterval(purge, 24 * 60 * 60 * 1000).unref();
  // One watch of DATA_DIR's disk for both listeners: reports refused before the reserve is gone, health failing.
  const storage = createStorageWatch({ dataDir: config.dataDir, reserveBytes: config.diskReserveBytes, logger });
  const deps = { db: database.db, serverSecret, timeZone: config.timeZone, clock: () => new Date(), logger, reporterWebRoot, abuse: config.abuse, trustProxyHops: config.trustProxyHops, connections: config.connections, unfinishedBodies: createUnfinishedBodies(config.connections), storage };
  const publicApp = await buildPublicApp(deps);
  // A new setup token every start, in memory only; useless once an administrator exists.
  const setupToken = randomBytes(32).toString('base64url');
  const consoleApp = await buildConsoleApp({
    ...deps,
    publicApp,
    consoleWebRoot,
    setupToken,
    idleMinutes: config.consoleIdleMinutes,
    secureCookies: config.consoleSecureCookies,
    loginLimits: config.loginLimits,
    retentionDays: config.retentionDays,
  });
  // Per listener; Node closes a connection over the cap as soon as it is accepted.
  for (const app of [publicApp, consoleApp]) if (config.connections.maxConnections > 0) app.server.maxConnections = config.connections.maxConnections;
  const publicUrl = await publicApp.listen({ host: config.host, port: config.port });
  const consoleUrl = await consoleApp.listen({ host: config.host, port: config.consolePort });
  logger.info({ publicUrl, consoleUrl }, `Reporter site: ${publicUrl}/  Inspector console: ${consoleUrl}/`);
  if (countAdmins(database.db) === 0) {
    // The operator opens this link to create the first administrator; the token is in the fragment, never sent.
    process.stdout.write(`Console setup: ${consoleUrl}/#setup=${setupToken}\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(retentionTimer);
    storage.stop();
    await Promise.all([publicApp.close(), consoleApp.close()]);
    database.close();
    removePidFile(config.dataDir);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Configuration mistakes get their message alone; anything else its stack.
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
