// The server secret for keyed lookup hashes: created once inside DATA_DIR, owner-only, never logged.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.ts';

const secretLength = 32;
export const secretFileName = 'server-secret.key';

export function loadOrCreateServerSecret(dataDir: string): Uint8Array {
  const path = join(dataDir, secretFileName);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(secretLength));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
  }
  const secret = readFileSync(path);
  if (secret.length !== secretLength) throw new ConfigError(`${path} must hold exactly ${secretLength} bytes; it holds ${secret.length}`);
  return new Uint8Array(secret);
}

/**
 * Makes DATA_DIR 0700 and every file in it 0600: what an older version created 0644 (database,
 * WAL, a .before-restore copy) is tightened at start. The secret itself is checked above instead.
 */
export function tightenDataDir(dataDir: string): void {
  chmodSync(dataDir, 0o700);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(dataDir, entry.name);
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}
