// The server secret for keyed lookup hashes: created once inside DATA_DIR, owner-only, never logged.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
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
