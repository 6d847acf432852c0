/** Key pairs: X25519 for encryption (crypto_box), Ed25519 for signatures (crypto_sign). */
import { assertLength } from './errors.ts';
import { toHex } from './encoding.ts';
import { sodium } from './sodium.ts';

/** X25519: both keys 32 bytes. Ed25519: public key 32 bytes, private key 64 bytes (seed | public key). */
export type KeyPair = { publicKey: Uint8Array; privateKey: Uint8Array };

/** A new random X25519 key pair (32-byte keys). */
export function generateBoxKeyPair(): KeyPair {
  const { publicKey, privateKey } = sodium().crypto_box_keypair();
  return { publicKey, privateKey };
}

/** The X25519 key pair of a 32-byte private key (public key = crypto_scalarmult_base). */
export function boxKeyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  assertLength(privateKey, 32, 'X25519 private key');
  return { publicKey: sodium().crypto_scalarmult_base(privateKey), privateKey: privateKey.slice() };
}

/** A new random Ed25519 key pair (32-byte public key, 64-byte private key). */
export function generateSigningKeyPair(): KeyPair {
  const { publicKey, privateKey } = sodium().crypto_sign_keypair();
  return { publicKey, privateKey };
}

/** The Ed25519 key pair of a 32-byte seed (crypto_sign_seed_keypair), for keys kept as seeds. */
export function signingKeyPairFromSeed(seed: Uint8Array): KeyPair {
  assertLength(seed, 32, 'Ed25519 seed');
  const { publicKey, privateKey } = sodium().crypto_sign_seed_keypair(seed);
  return { publicKey, privateKey };
}

/**
 * A 32-byte public key → BLAKE2b-160 as 40 lower-case hex digits in ten groups of four,
 * e.g. "3f2a 9c01 …", short enough for people to compare out of band (phone, paper).
 */
export function keyFingerprint(publicKey: Uint8Array): string {
  assertLength(publicKey, 32, 'public key');
  return toHex(sodium().crypto_generichash(20, publicKey, null)).replace(/(.{4})(?=.)/g, '$1 ');
}
