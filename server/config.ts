// Configuration from the environment, validated once at start. Behaviour never keys off NODE_ENV.
import envSchema from 'env-schema';
import { resolve } from 'node:path';
import { defaultAbuseSettings, type AbuseSettings } from './abuse/policy.ts';
import type { ConnectionLimits } from './http/connection-guard.ts';
import type { LoginLimits } from './console/context.ts';

const schema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    HOST: { type: 'string', minLength: 1, maxLength: 255, default: '127.0.0.1' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    CONSOLE_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8081 },
    DATA_DIR: { type: 'string', minLength: 1, maxLength: 4096, default: './data' },
    TIME_ZONE: { type: 'string', minLength: 1, maxLength: 64, default: 'Asia/Almaty' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'silent'], default: 'info' },
    RETENTION_DAYS: { type: 'integer', minimum: 1, maximum: 36500, default: 365 },
    POW_SUBMIT_BITS: { type: 'integer', minimum: 0, maximum: 24, default: 14 },
    POW_STATUS_BITS: { type: 'integer', minimum: 0, maximum: 24, default: 10 },
    POW_MAX_EXTRA_BITS: { type: 'integer', minimum: 0, maximum: 16, default: 10 },
    SUBMISSION_BUDGET_PER_MINUTE: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 3000 },
    POW_SPENT_MAX: { type: 'integer', minimum: 1000, maximum: 100_000_000, default: 500_000 },
    TRUST_PROXY_HOPS: { type: 'integer', minimum: 0, maximum: 10, default: 0 },
    CONSOLE_IDLE_MINUTES: { type: 'integer', minimum: 1, maximum: 720, default: 30 },
    CONSOLE_SECURE_COOKIES: { type: 'boolean', default: false },
    // Slow and idle clients (server/http/connection-guard.ts); 0 turns a limit off.
    REQUEST_TIMEOUT_SECONDS: { type: 'integer', minimum: 0, maximum: 3600, default: 30 },
    HEADERS_TIMEOUT_SECONDS: { type: 'integer', minimum: 0, maximum: 3600, default: 10 },
    IDLE_TIMEOUT_SECONDS: { type: 'integer', minimum: 0, maximum: 3600, default: 15 },
    KEEP_ALIVE_TIMEOUT_SECONDS: { type: 'integer', minimum: 1, maximum: 3600, default: 10 },
    MAX_CONNECTIONS: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 1000 },
    MAX_UNFINISHED_BODIES: { type: 'integer', minimum: 0, maximum: 100_000, default: 128 },
    MAX_UNFINISHED_BODIES_PER_ADDRESS: { type: 'integer', minimum: 0, maximum: 100_000, default: 32 },
    DISK_RESERVE_MB: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 128 },
    LOGIN_ATTEMPTS_PER_MINUTE: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 30 },
    LOGIN_CONCURRENT_PER_ADDRESS: { type: 'integer', minimum: 0, maximum: 1000, default: 2 },
    LOGIN_QUEUE_MAX: { type: 'integer', minimum: 0, maximum: 100_000, default: 16 },
  },
} as const;

export type Config = {
  host: string;
  port: number;
  consolePort: number;
  dataDir: string;
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Days after closing when a case and its files are purged. */
  retentionDays: number;
  abuse: AbuseSettings;
  /** Reverse proxies in front whose X-Forwarded-For is used, for in-memory rate limiting only. */
  trustProxyHops: number;
  /** Console sessions end after this many idle minutes. */
  consoleIdleMinutes: number;
  /** Console session cookies carry `Secure` (set when the console is served over TLS). */
  consoleSecureCookies: boolean;
  /** Time limits and caps on what slow or idle clients may hold. */
  connections: ConnectionLimits;
  /** Free bytes on DATA_DIR's filesystem below which new reports are refused (and the log warns). */
  diskReserveBytes: number;
  /** Budgets on unauthenticated console attempts; 0 turns one off. */
  loginLimits: LoginLimits;
};

export class ConfigError extends Error {}

type RawConfig = {
  HOST: string;
  PORT: number;
  CONSOLE_PORT: number;
  DATA_DIR: string;
  TIME_ZONE: string;
  LOG_LEVEL: Config['logLevel'];
  RETENTION_DAYS: number;
  POW_SUBMIT_BITS: number;
  POW_STATUS_BITS: number;
  POW_MAX_EXTRA_BITS: number;
  SUBMISSION_BUDGET_PER_MINUTE: number;
  POW_SPENT_MAX: number;
  TRUST_PROXY_HOPS: number;
  CONSOLE_IDLE_MINUTES: number;
  CONSOLE_SECURE_COOKIES: boolean;
  REQUEST_TIMEOUT_SECONDS: number;
  HEADERS_TIMEOUT_SECONDS: number;
  IDLE_TIMEOUT_SECONDS: number;
  KEEP_ALIVE_TIMEOUT_SECONDS: number;
  MAX_CONNECTIONS: number;
  MAX_UNFINISHED_BODIES: number;
  MAX_UNFINISHED_BODIES_PER_ADDRESS: number;
  DISK_RESERVE_MB: number;
  LOGIN_ATTEMPTS_PER_MINUTE: number;
  LOGIN_CONCURRENT_PER_ADDRESS: number;
  LOGIN_QUEUE_MAX: number;
};

/** Reads and checks the configuration; throws ConfigError with a message a person can act on. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const data = Object.fromEntries(Object.keys(schema.properties).flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
  let raw: RawConfig;
  try {
    raw = envSchema<RawConfig>({ schema, data, dotenv: false });
  } catch (error) {
    const first = (error as { errors?: { instancePath: string; message?: string }[] }).errors?.[0];
    const name = first?.instancePath.replace(/^\//, '') ?? 'configuration';
    const got = name in data ? ` (got ${JSON.stringify(data[name])})` : '';
    throw new ConfigError(`Invalid configuration: ${name} ${first?.message ?? 'is invalid'}${got}`);
  }
  if (raw.PORT !== 0 && raw.PORT === raw.CONSOLE_PORT) {
    throw new ConfigError(`Invalid configuration: PORT and CONSOLE_PORT must differ (both ${raw.PORT})`);
  }
  // Node refuses to start otherwise: the headers are part of the request.
  if (raw.REQUEST_TIMEOUT_SECONDS > 0 && raw.HEADERS_TIMEOUT_SECONDS > raw.REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError(
      `Invalid configuration: HEADERS_TIMEOUT_SECONDS (${raw.HEADERS_TIMEOUT_SECONDS}) must not exceed REQUEST_TIMEOUT_SECONDS (${raw.REQUEST_TIMEOUT_SECONDS})`,
    );
  }
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: raw.TIME_ZONE });
  } catch {
    throw new ConfigError(`Invalid configuration: TIME_ZONE must be an IANA time zone such as Asia/Almaty (got ${JSON.stringify(raw.TIME_ZONE)})`);
  }
  return {
    host: raw.HOST,
    port: raw.PORT,
    consolePort: raw.CONSOLE_PORT,
    dataDir: resolve(raw.DATA_DIR),
    timeZone: raw.TIME_ZONE,
    logLevel: raw.LOG_LEVEL,
    retentionDays: raw.RETENTION_DAYS,
    abuse: {
      ...defaultAbuseSettings,
      bits: {
        submit: { quiet: raw.POW_SUBMIT_BITS, max: Math.min(raw.POW_SUBMIT_BITS + raw.POW_MAX_EXTRA_BITS, 32) },
        status: { quiet: raw.POW_STATUS_BITS, max: Math.min(raw.POW_STATUS_BITS + raw.POW_MAX_EXTRA_BITS, 32) },
      },
      submissionBudgetPerMinute: raw.SUBMISSION_BUDGET_PER_MINUTE,
      spentChallengesMax: raw.POW_SPENT_MAX,
    },
    trustProxyHops: raw.TRUST_PROXY_HOPS,
    consoleIdleMinutes: raw.CONSOLE_IDLE_MINUTES,
    consoleSecureCookies: raw.CONSOLE_SECURE_COOKIES,
    connections: {
      requestTimeoutSeconds: raw.REQUEST_TIMEOUT_SECONDS,
      headersTimeoutSeconds: raw.HEADERS_TIMEOUT_SECONDS,
      idleTimeoutSeconds: raw.IDLE_TIMEOUT_SECONDS,
      keepAliveTimeoutSeconds: raw.KEEP_ALIVE_TIMEOUT_SECONDS,
      maxConnections: raw.MAX_CONNECTIONS,
      maxUnfinishedBodies: raw.MAX_UNFINISHED_BODIES,
      maxUnfinishedBodiesPerAddress: raw.MAX_UNFINISHED_BODIES_PER_ADDRESS,
    },
    diskReserveBytes: raw.DISK_RESERVE_MB * 1024 * 1024,
    loginLimits: { attemptsPerAddressPerMinute: raw.LOGIN_ATTEMPTS_PER_MINUTE, concurrentPerAddress: raw.LOGIN_CONCURRENT_PER_ADDRESS, queuedVerifications: raw.LOGIN_QUEUE_MAX },
  };
}

type DayFormat = { format: Intl.DateTimeFormat; second: number; day: string };
const dayFormats = new Map<string, DayFormat>();

/** The calendar day of `now` in the deployment's time zone, 'YYYY-MM-DD'. */
export function dayIn(timeZone: string, now: Date): string {
  let cached = dayFormats.get(timeZone);
  // Building a formatter costs more than using one many times over.
  if (!cached) dayFormats.set(timeZone, (cached = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), second: Number.NaN, day: '' }));
  // Days change on whole seconds in every time zone: formatting once a second is enough (and exact).
  const second = Math.floor(now.getTime() / 1000);
  if (second !== cached.second) {
    cached.day = cached.format.format(now);
    cached.second = second;
  }
  return cached.day;
}

/** The day `days` calendar days before `day` ('YYYY-MM-DD'). */
export function daysBefore(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}
