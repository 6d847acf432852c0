// A client address is only ever a key of an in-memory counter, as an HMAC under a key that lives
// in this process's memory: never stored, never logged, and unlinkable across restarts.
import { createHmac, randomBytes } from 'node:crypto';

/** A function from a client address to its counter key, with a key of its own. */
export function addressHasher(): (address: string) => string {
  const key = randomBytes(32);
  return (address) => createHmac('sha256', key).update(address).digest('base64url');
}
