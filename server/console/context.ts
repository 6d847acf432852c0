// What the console's use cases get: the database, the clock, the server secret and settings.
import type { Role } from '../../contract/domain.ts';
import type { Db } from '../../db/database.ts';
import type { StaffAccount } from '../../db/repositories/accounts.ts';

export type ConsoleDeps = {
  db: Db;
  serverSecret: Uint8Array;
  timeZone: string;
  clock: () => Date;
  /** The one-time setup token printed at start while no administrator exists; in memory only. */
  setupToken?: string;
  /** Session idle timeout in minutes (CONSOLE_IDLE_MINUTES). */
  idleMinutes: number;
  /** Adds `Secure` to the session cookie (CONSOLE_SECURE_COOKIES, behind TLS). */
  secureCookies: boolean;
  /** RETENTION_DAYS, used until an administrator sets another. */
  defaultRetentionDays: number;
  /** Waits before answering a failed login; tests record the delays instead. */
  sleep: (ms: number) => Promise<void>;
  /** Limits on unauthenticated attempts (LOGIN_* settings); the defaults of auth.ts when absent. */
  loginLimits?: LoginLimits;
  /** Checks an authValue against its stored hash; tests count the checks. */
  verifyAuthValue?: (stored: string, authValue: Uint8Array) => Promise<boolean>;
};

/** Budgets that keep the console usable under a flood of sign-in attempts; 0 turns one off. */
export type LoginLimits = {
  /** Unauthenticated attempts (login salt, login, setup, invitation accept) per address per minute. */
  attemptsPerAddressPerMinute: number;
  /** Such attempts of one address in progress at once. */
  concurrentPerAddress: number;
  /** Passphrase checks (Argon2id) waiting or running at once, over all addresses. */
  queuedVerifications: number;
};

export type Staff = { id: string; role: Role; sessionHash: Buffer; csrfToken: string; totpEnabled: boolean };
/** A signed-in staff member with their account row, as the session guard admits them. */
export type SignedInStaff = Staff & { account: StaffAccount };

export const absoluteSessionHours = 12;
export const invitationDays = 7;
