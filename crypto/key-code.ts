/**
 * Key confirmation code: 12 digits two people read to each other (phone, in person) to confirm
 * that the keys an administrator is about to certify are the colleague's own. Argon2id makes every
 * try cost time and 16 MiB (about 75 ms here), so a server cannot cheaply grind keys of its own
 * until one gives the same 12 digits.
 * Sumo build only (the console).
 */
import { concatBytes, utf8Encode } from './encoding.ts';
import { assertLength } from './errors.ts';
import { sumo } from './sodium.ts';
import { keyCodeV1, keySizes } from './versions.ts';

/**
 * X25519 public key (32) and Ed25519 public key (32) → "1234 5678 9012": Argon2id13(boxKey |
 * signKey, salt = BLAKE2b-128("qauipsiz.key-code.v1"), ops 2, 16 MiB) → 16 bytes; the first 8 as an
 * unsigned big-endian integer modulo 10^12, zero-padded to 12 digits, in groups of four.
 */
export function keyConfirmationCode(boxKey: Uint8Array, signKey: Uint8Array): string {
  assertLength(boxKey, keySizes.boxPublicKey, 'X25519 public key');
  assertLength(signKey, keySizes.signingPublicKey, 'Ed25519 public key');
  const s = sumo();
  const { digits, opsLimit, memLimit, pwhashAlgorithm, outputBytes, saltLabel } = keyCodeV1;
  const salt = s.crypto_generichash(16, utf8Encode(saltLabel), null);
  const hash = s.crypto_pwhash(outputBytes, concatBytes(boxKey, signKey), salt, opsLimit, memLimit, pwhashAlgorithm);
  const value = new DataView(hash.buffer, hash.byteOffset, 8).getBigUint64(0, false) % 10n ** BigInt(digits);
  return value.toString().padStart(digits, '0').replace(/(\d{4})(?=\d)/g, '$1 ');
}
