/**
 * Secrets wrapped under a human passphrase (Argon2id, sumo build only): the inspector's private
 * key in the console and the organisation key in the admin CLI. Never used by the reporter page.
 */
import { concatBytes, randomBytes, utf8Encode } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { formatBytes } from './formats.ts';
import { sumo } from './sodium.ts';
import { authHashV1, authHashVersions, parametersFor, passphraseWrapV1, passphraseWrapVersions } from './versions.ts';

type PassphraseParameters = (typeof passphraseWrapVersions)[1];
type AuthHashParameters = (typeof authHashVersions)[1];

export type PassphraseKeys = { authValue: Uint8Array; wrappingKey: Uint8Array };

function derive(parameters: PassphraseParameters, passphrase: string, salt: Uint8Array): PassphraseKeys {
  const s = sumo();
  assertLength(salt, parameters.saltBytes, 'salt');
  // NFKC: the same passphrase typed on another keyboard or system (precomposed or combining
  // letters, full-width or compatibility forms) must give the same bytes, or it would not open.
  const password = utf8Encode(passphrase.normalize('NFKC'));
  const { masterKeyBytes, opsLimit, memLimit, pwhashAlgorithm, authValue, wrappingKey } = parameters;
  const master = s.crypto_pwhash(masterKeyBytes, password, salt, opsLimit, memLimit, pwhashAlgorithm);
  const keys = {
    authValue: s.crypto_kdf_derive_from_key(32, authValue.subkeyId, authValue.context, master),
    wrappingKey: s.crypto_kdf_derive_from_key(32, wrappingKey.subkeyId, wrappingKey.context, master),
  };
  s.memzero(master);
  s.memzero(password);
  return keys;
}

/**
 * Passphrase + salt (16 bytes) → authValue (32 bytes, sent to the server, which stores a slow
 * hash of it) and wrappingKey (32 bytes, never leaves the device). Argon2id, 64 MiB, 3 passes.
 */
export function deriveFromPassphrase(passphrase: string, salt: Uint8Array): PassphraseKeys {
  return derive(passphraseWrapV1, passphrase, salt);
}

/**
 * Encrypts a secret (any length) under a passphrase with a fresh salt.
 * Returns 0x01 | salt (16) | nonce (24) | XChaCha20-Poly1305(secret, ad = 0x01 | salt) = secret + 57 bytes.
 */
export function wrapWithPassphrase(secret: Uint8Array, passphrase: string): Uint8Array {
  const s = sumo();
  const parameters = passphraseWrapV1;
  const salt = randomBytes(parameters.saltBytes);
  const { wrappingKey } = derive(parameters, passphrase, salt);
  const nonce = randomBytes(parameters.nonceBytes);
  const header = concatBytes(Uint8Array.of(parameters.version), salt);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(secret, header, null, nonce, wrappingKey);
  s.memzero(wrappingKey);
  return concatBytes(header, nonce, ciphertext);
}

/**
 * Opens a passphrase-wrapped secret. Throws crypto.unsupported_version, crypto.truncated, or
 * crypto.wrong_passphrase (which also covers altered bytes: the two cannot be told apart).
 */
export function unwrapWithPassphrase(envelope: Uint8Array, passphrase: string): Uint8Array {
  const parameters = parametersFor(passphraseWrapVersions, envelope);
  checkLength(parameters, envelope);
  const { wrappingKey } = derive(parameters, passphrase, envelope.subarray(1, 1 + parameters.saltBytes));
  try {
    return openWithKey(parameters, envelope, wrappingKey);
  } finally {
    sumo().memzero(wrappingKey);
  }
}

/**
 * Opens a passphrase envelope with a wrapping key already derived by deriveFromPassphrase from
 * the envelope's own salt, so a console login runs Argon2id once, not twice. Throws as
 * unwrapWithPassphrase does.
 */
export function unwrapWithKey(envelope: Uint8Array, wrappingKey: Uint8Array): Uint8Array {
  const parameters = parametersFor(passphraseWrapVersions, envelope);
  checkLength(parameters, envelope);
  return openWithKey(parameters, envelope, wrappingKey);
}

type WrapParameters = (typeof passphraseWrapVersions)[1];

/**
 * Wraps a secret under a wrapping key already derived from `salt` (16 bytes) with a fresh nonce:
 * 0x01 | salt | nonce (24) | XChaCha20-Poly1305(secret, ad = 0x01 | salt). For rewrapping a secret
 * without changing the salt, and so without changing the login authValue (staff-keys.ts).
 */
export function wrapWithKey(secret: Uint8Array, salt: Uint8Array, wrappingKey: Uint8Array): Uint8Array {
  const parameters = passphraseWrapV1;
  assertLength(salt, parameters.saltBytes, 'salt');
  assertLength(wrappingKey, 32, 'wrapping key');
  const nonce = randomBytes(parameters.nonceBytes);
  const header = concatBytes(Uint8Array.of(parameters.version), salt);
  return concatBytes(header, nonce, sumo().crypto_aead_xchacha20poly1305_ietf_encrypt(secret, header, null, nonce, wrappingKey));
}

/**
 * The salt of a passphrase envelope (bytes 1..17 of version 1), which is also the console's login
 * salt. Throws crypto.unsupported_version or crypto.truncated.
 */
export function passphraseEnvelopeSalt(envelope: Uint8Array): Uint8Array {
  const parameters = parametersFor(passphraseWrapVersions, envelope);
  checkLength(parameters, envelope);
  return envelope.slice(1, 1 + parameters.saltBytes);
}

/** Shape check without a passphrase: a version 1 envelope of `length` bytes. */
function isPassphraseEnvelopeOf(envelope: Uint8Array, length: number): boolean {
  return envelope instanceof Uint8Array && envelope[0] === passphraseWrapV1.version && envelope.length === length;
}

/**
 * Shape check (server side): a staff account's key envelope, either a staff key bundle (X25519
 * private key and organisation key, 122 bytes) or, made before bundles, a bare X25519 private key
 * (89 bytes). See staff-keys.ts.
 */
export function isKeyEnvelope(envelope: Uint8Array): boolean {
  return isPassphraseEnvelopeOf(envelope, formatBytes.keyEnvelope) || isPassphraseEnvelopeOf(envelope, formatBytes.legacyKeyEnvelope);
}

/** Shape check (server side): the organisation's Ed25519 private key wrapped under a passphrase (121 bytes). */
export function isWrappedSigningKey(envelope: Uint8Array): boolean {
  return isPassphraseEnvelopeOf(envelope, formatBytes.wrappedSigningKey);
}

function checkLength(parameters: WrapParameters, envelope: Uint8Array): void {
  if (envelope.length < 1 + parameters.saltBytes + parameters.nonceBytes + parameters.tagBytes) {
    throw new CryptoError('crypto.truncated', 'passphrase envelope is too short');
  }
}

function openWithKey(parameters: WrapParameters, envelope: Uint8Array, wrappingKey: Uint8Array): Uint8Array {
  const nonceStart = 1 + parameters.saltBytes;
  const ciphertextStart = nonceStart + parameters.nonceBytes;
  try {
    return sumo().crypto_aead_xchacha20poly1305_ietf_decrypt(null, envelope.subarray(ciphertextStart), envelope.subarray(0, nonceStart), envelope.subarray(nonceStart, ciphertextStart), wrappingKey);
  } catch {
    throw new CryptoError('crypto.wrong_passphrase', 'wrong passphrase');
  }
}

/**
 * The server's stored form of an authValue (32 bytes, from deriveFromPassphrase): an Argon2id
 * string hash with a random salt (crypto_pwhash_str, interactive limits), ASCII, at most 128
 * characters. The server never sees the passphrase or the wrappingKey.
 */
export function hashAuthValue(authValue: Uint8Array): string {
  const s = sumo();
  const parameters = authHashV1;
  assertLength(authValue, parameters.authValueBytes, 'authValue');
  return s.crypto_pwhash_str(authValue, parameters.opsLimit, parameters.memLimit);
}

/**
 * The parameters of a stored auth value hash when both it and `authValue` are of a version this
 * code knows (prefix, length), else undefined.
 */
export function authHashParametersFor(hash: unknown, authValue: unknown): AuthHashParameters | undefined {
  if (typeof hash !== 'string' || !(authValue instanceof Uint8Array)) return undefined;
  const parameters = Object.values(authHashVersions).find((p) => hash.startsWith(p.prefix) && hash.length <= p.maxLength);
  return parameters && authValue.length === parameters.authValueBytes ? parameters : undefined;
}

/**
 * True when `authValue` (32 bytes) matches a hash from hashAuthValue. Any hash of a parameter set
 * this code does not know, a malformed hash or an authValue of another length answers false.
 */
export function verifyAuthValue(hash: string, authValue: Uint8Array): boolean {
  const s = sumo();
  if (!authHashParametersFor(hash, authValue)) return false;
  try {
    return s.crypto_pwhash_str_verify(hash, authValue);
  } catch {
    return false;
  }
}
