// What this browser remembers between sign-ins (localStorage, on staff machines), so the server
// cannot walk it back: the highest signed directory version seen or published per organisation key,
// and the organisation key each username anchored. Only public facts: fingerprints and numbers.
import { api } from './api.ts';
import { readTrusted, type Trusted } from './directory.ts';
import type { Crypto } from './keys.ts';

/** The part of Storage used here; tests pass a Map-backed one. */
export type Memory = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage, or null where the browser refuses it (then nothing is remembered). */
function browserMemory(): Memory | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const versionKey = (fingerprint: string) => `qauipsiz.directory-version.${fingerprint.replace(/\s/g, '')}`;
const anchorKey = (username: string) => `qauipsiz.anchor.${username}`;

/** The highest directory version seen or published here for this organisation key, or null. */
export function seenDirectoryVersion(c: Crypto, organisationKey: Uint8Array, memory = browserMemory()): number | null {
  const stored = memory?.getItem(versionKey(c.keyFingerprint(organisationKey))) ?? null;
  return stored !== null && /^[1-9][0-9]{0,9}$/.test(stored) ? Number(stored) : null;
}

/** Raises the remembered version (never lowers it). */
export function recordDirectoryVersion(c: Crypto, organisationKey: Uint8Array, version: number, memory = browserMemory()): void {
  const seen = seenDirectoryVersion(c, organisationKey, memory);
  if (seen !== null && seen >= version) return;
  try {
    memory?.setItem(versionKey(c.keyFingerprint(organisationKey)), String(version));
  } catch {
    // storage full or refused: the check then starts from the server's answer next time
  }
}

/** The server's directory and certificates, verified, refused if older than one seen here; its version is remembered. */
export async function loadTrusted(c: Crypto, organisationKey: Uint8Array): Promise<Trusted> {
  const trusted = readTrusted(c, organisationKey, await api.directory(), seenDirectoryVersion(c, organisationKey));
  if (trusted.current !== null) recordDirectoryVersion(c, organisationKey, trusted.current.version);
  return trusted;
}

/** The organisation key fingerprint (40 hex digits) this username anchored in this browser, or null. */
export function rememberedAnchor(username: string, memory = browserMemory()): string | null {
  return memory?.getItem(anchorKey(username)) ?? null;
}

export function rememberAnchor(c: Crypto, username: string, organisationKey: Uint8Array, memory = browserMemory()): void {
  try {
    memory?.setItem(anchorKey(username), c.keyFingerprint(organisationKey).replace(/\s/g, ''));
  } catch {
    // refused: a later legacy prompt cannot be told from the first one
  }
}
