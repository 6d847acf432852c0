/**
 * A staff member's keys, anchored with the organisation key: the passphrase envelope holds a
 * staff key bundle (the X25519 private key and the organisation's Ed25519 public key), so the
 * console learns the organisation key from what the person's own passphrase opens, never from an
 * API answer. The staff member's Ed25519 signing key is derived from the X25519 private key.
 * Byte layout: crypto/README.md.
 */
import { concatBytes } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { formatBytes } from './formats.ts';
import { boxKeyPairFromPrivateKey, signingKeyPairFromSeed, type KeyPair } from './keys.ts';
import { passphraseEnvelopeSalt, unwrapWithKey, wrapWithKey, wrapWithPassphrase } from './passphrase.ts';
import { sodium } from './sodium.ts';
import { findVersion, keySizes, staffKeyBundleV1, staffKeyBundleVersions } from './versions.ts';

export type StaffKeys = {
  /** X25519: what reports are wrapped for. */
  keyPair: KeyPair;
  /** Ed25519, derived from the X25519 private key: signs notes. */
  signingKeyPair: KeyPair;
  /** The organisation's Ed25519 public key (32); null: a legacy envelope, made before bundles. */
  organisationKey: Uint8Array | null;
};

/** 0x01 | X25519 private key (32) | organisation Ed25519 public key (32) = 65 bytes. */
function bundle(boxPrivateKey: Uint8Array, organisationKey: Uint8Array): Uint8Array {
  assertLength(boxPrivateKey, keySizes.boxPrivateKey, 'X25519 private key');
  assertLength(organisationKey, keySizes.signingPublicKey, 'organisation key');
  return concatBytes(Uint8Array.of(staffKeyBundleV1.version), boxPrivateKey, organisationKey);
}

/**
 * The staff member's Ed25519 key pair: seed = crypto_kdf_derive_from_key(32, 1, 'qsignkey',
 * X25519 private key (32)). Deterministic, so nothing more needs storing.
 */
export function staffSigningKeyPair(boxPrivateKey: Uint8Array): KeyPair {
  assertLength(boxPrivateKey, keySizes.boxPrivateKey, 'X25519 private key');
  const s = sodium();
  const { subkeyId, context } = staffKeyBundleV1.signingKey;
  const seed = s.crypto_kdf_derive_from_key(32, subkeyId, context, boxPrivateKey);
  const keyPair = signingKeyPairFromSeed(seed);
  s.memzero(seed);
  return keyPair;
}

/**
 * Wraps a staff key bundle under a passphrase with a fresh salt (sumo): 122 bytes,
 * 0x01 | salt (16) | nonce (24) | XChaCha20-Poly1305(bundle (65)) | tag.
 */
export function sealStaffKeys(boxPrivateKey: Uint8Array, organisationKey: Uint8Array, passphrase: string): Uint8Array {
  const secret = bundle(boxPrivateKey, organisationKey);
  try {
    return wrapWithPassphrase(secret, passphrase);
  } finally {
    sodium().memzero(secret);
  }
}

function keysOf(boxPrivateKey: Uint8Array, organisationKey: Uint8Array | null): StaffKeys {
  return { keyPair: boxKeyPairFromPrivateKey(boxPrivateKey), signingKeyPair: staffSigningKeyPair(boxPrivateKey), organisationKey };
}

/** The secret inside a staff envelope → keys. Throws crypto.unsupported_version for a bundle of unknown version. */
function keysFromSecret(secret: Uint8Array): StaffKeys {
  if (secret.length === keySizes.boxPrivateKey) return keysOf(secret, null);
  const parameters = findVersion(staffKeyBundleVersions, secret);
  if (parameters === undefined) throw new CryptoError('crypto.unsupported_version', 'unknown staff key bundle version');
  if (secret.length !== parameters.length) throw new CryptoError('crypto.truncated', 'staff key bundle has an invalid length');
  return keysOf(secret.slice(1, 33), secret.slice(33, 65));
}

/** Throws crypto.truncated unless the envelope has one of the two staff envelope lengths (89 legacy, 122). */
function assertStaffEnvelope(envelope: Uint8Array): void {
  if (!(envelope instanceof Uint8Array) || (envelope.length !== formatBytes.keyEnvelope && envelope.length !== formatBytes.legacyKeyEnvelope)) {
    throw new CryptoError('crypto.truncated', 'a staff key envelope is 89 or 122 bytes');
  }
}

/**
 * Opens a staff envelope with the wrapping key derived (deriveFromPassphrase) from its salt.
 * organisationKey is null for a legacy (89-byte) envelope. Throws crypto.wrong_passphrase (wrong
 * key or altered bytes), crypto.truncated, crypto.unsupported_version.
 */
export function openStaffKeys(envelope: Uint8Array, wrappingKey: Uint8Array): StaffKeys {
  assertStaffEnvelope(envelope);
  const secret = unwrapWithKey(envelope, wrappingKey);
  try {
    return keysFromSecret(secret);
  } finally {
    sodium().memzero(secret);
  }
}

/**
 * Legacy (89-byte) envelope → a bundle envelope (122 bytes) with the SAME salt, so the login
 * authValue does not change, and a fresh nonce. Throws crypto.bad_argument for an envelope that
 * already holds a bundle, and as openStaffKeys does.
 */
export function rewrapStaffKeys(envelope: Uint8Array, wrappingKey: Uint8Array, organisationKey: Uint8Array): Uint8Array {
  assertStaffEnvelope(envelope);
  if (envelope.length !== formatBytes.legacyKeyEnvelope) throw new CryptoError('crypto.bad_argument', 'only a legacy envelope is rewrapped');
  const privateKey = unwrapWithKey(envelope, wrappingKey);
  const secret = bundle(privateKey, organisationKey);
  try {
    return wrapWithKey(secret, passphraseEnvelopeSalt(envelope), wrappingKey);
  } finally {
    sodium().memzero(privateKey);
    sodium().memzero(secret);
  }
}
