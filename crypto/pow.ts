/**
 * Proof of work that makes mass submission and code guessing cost CPU time, without knowing
 * who anyone is. The server mints stateless challenges under a per-process key; the browser
 * searches for a nonce. Formats in versions.ts (powChallengeVersions).
 */
import { concatBytes, randomBytes, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { sodium } from './sodium.ts';
import { findVersion, powChallengeV1, powChallengeVersions } from './versions.ts';

export const powPurposes = { submit: 1, status: 2 } as const;
export type PowPurpose = keyof typeof powPurposes;
export type PowChallenge = { purpose: PowPurpose; difficulty: number; expiresAt: number };

const signedLength = powChallengeV1.length - powChallengeV1.macBytes;
const hashPrefix = utf8Encode(powChallengeV1.hashPrefix);

function mac(key: Uint8Array, signed: Uint8Array): Uint8Array {
  return sodium().crypto_generichash(powChallengeV1.macBytes, signed, key);
}

/** A 39-byte challenge token for `purpose`, `difficulty` leading zero bits, valid until `expiresAt` (unix seconds). Key: 32 bytes. */
export function mintChallenge(key: Uint8Array, challenge: PowChallenge): Uint8Array {
  if (key.length !== 32) throw new CryptoError('crypto.bad_length', 'the challenge key must be 32 bytes');
  if (!Number.isInteger(challenge.difficulty) || challenge.difficulty < 0 || challenge.difficulty > powChallengeV1.maxDifficulty) {
    throw new CryptoError('crypto.bad_argument', `difficulty must be 0..${powChallengeV1.maxDifficulty}`);
  }
  const signed = new Uint8Array(signedLength);
  const view = new DataView(signed.buffer);
  signed[0] = powChallengeV1.version;
  signed[1] = powPurposes[challenge.purpose];
  signed[2] = challenge.difficulty;
  view.setUint32(3, challenge.expiresAt);
  signed.set(randomBytes(powChallengeV1.randomBytes), 7);
  return concatBytes(signed, mac(key, signed));
}

/** The challenge a token carries, or null when it is not one of ours (wrong length, version or MAC). */
export function readChallenge(key: Uint8Array, token: Uint8Array): PowChallenge | null {
  if (token.length !== powChallengeV1.length || !findVersion(powChallengeVersions, token)) return null;
  const signed = token.subarray(0, signedLength);
  if (!sodium().memcmp(mac(key, signed), token.subarray(signedLength))) return null;
  const purpose = (Object.keys(powPurposes) as PowPurpose[]).find((p) => powPurposes[p] === token[1]);
  const difficulty = token[2] ?? 0;
  if (!purpose || difficulty > powChallengeV1.maxDifficulty) return null;
  return { purpose, difficulty, expiresAt: new DataView(token.buffer, token.byteOffset).getUint32(3) };
}

function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

function nonceBytes(counter: number): Uint8Array {
  const nonce = new Uint8Array(powChallengeV1.nonceBytes);
  new DataView(nonce.buffer).setFloat64(0, counter);
  return nonce;
}

/** True when `nonce` (8 bytes) solves `token` at the difficulty the token names. */
export function isSolution(token: Uint8Array, nonce: Uint8Array): boolean {
  if (nonce.length !== powChallengeV1.nonceBytes || token.length !== powChallengeV1.length) return false;
  const hash = sodium().crypto_generichash(32, concatBytes(hashPrefix, token, nonce), null);
  return leadingZeroBits(hash) >= (token[2] ?? 0);
}

/**
 * Tries `count` nonces starting at counter `from`; returns the first solution or null. Callers
 * run it in slices so a page stays responsive. Expected work: 2^difficulty tries.
 */
export function searchSolution(token: Uint8Array, from: number, count: number): Uint8Array | null {
  const difficulty = token[2] ?? 0;
  const message = concatBytes(hashPrefix, token, new Uint8Array(powChallengeV1.nonceBytes));
  const nonceOffset = message.length - powChallengeV1.nonceBytes;
  const generichash = sodium().crypto_generichash;
  for (let counter = from; counter < from + count; counter++) {
    const nonce = nonceBytes(counter);
    message.set(nonce, nonceOffset);
    if (leadingZeroBits(generichash(32, message, null)) >= difficulty) return nonce;
  }
  return null;
}
