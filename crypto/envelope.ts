/**
 * Report field envelopes (content encrypted to the report key) and key wraps (the report
 * private key sealed to a recipient or to the reporter). Byte layouts: crypto/README.md.
 */
import { concatBytes, randomBytes, utf8Encode } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { boxKeyPairFromPrivateKey, type KeyPair } from './keys.ts';
import { sodium } from './sodium.ts';
import { fieldEnvelopeV1, fieldEnvelopeVersions, keyWrapV1, keyWrapVersions, parametersFor } from './versions.ts';

// 'note': an inspector's internal note on a case, for the case's recipients only (the console).
const reportFields = ['content', 'contact', 'note'] as const;
/** Which part of a report an envelope holds; bound into the associated data. */
export type ReportField = (typeof reportFields)[number];

// 16 random bytes as base64url; a fixed alphabet without '|' keeps the associated data unambiguous.
const reportIdPattern = /^[A-Za-z0-9_-]{22}$/;

type FieldEnvelopeParameters = (typeof fieldEnvelopeVersions)[1];

type FieldContext = { reportId: string; field: ReportField };

function assertFieldContext({ reportId, field }: FieldContext): void {
  if (typeof reportId !== 'string' || !reportIdPattern.test(reportId)) {
    throw new CryptoError('crypto.bad_argument', 'reportId must be 22 base64url characters');
  }
  if (!reportFields.includes(field)) throw new CryptoError('crypto.bad_argument', `unknown report field ${String(field)}`);
}

function assertBoxKeyPair({ publicKey, privateKey }: KeyPair): void {
  assertLength(publicKey, 32, 'X25519 public key');
  assertLength(privateKey, 32, 'X25519 private key');
}

/** version | UTF-8("qauipsiz.report-field|" + reportId + "|" + field), rebuilt from the stored record. */
function associatedData(parameters: FieldEnvelopeParameters, { reportId, field }: FieldContext): Uint8Array {
  return concatBytes(Uint8Array.of(parameters.version), utf8Encode(`${parameters.associatedDataPrefix}${reportId}|${field}`));
}

function isBucket(size: number, { minBucket, maxBucket }: FieldEnvelopeParameters): boolean {
  return size >= minBucket && size <= maxBucket && (size & (size - 1)) === 0;
}

/**
 * Where the parts of a field envelope start, from its version byte and length alone.
 * Throws crypto.unsupported_version, or crypto.truncated unless the length is 121 + a bucket.
 */
function fieldEnvelopeLayout(envelope: Uint8Array) {
  const parameters = parametersFor(fieldEnvelopeVersions, envelope);
  const nonceStart = 1 + parameters.sealedContentKeyBytes;
  const ciphertextStart = nonceStart + parameters.nonceBytes;
  const bucket = envelope.length - ciphertextStart - parameters.tagBytes;
  if (!isBucket(bucket, parameters)) throw new CryptoError('crypto.truncated', 'field envelope has an invalid length');
  return { parameters, nonceStart, ciphertextStart, bucket };
}

/** True when `check` returns instead of throwing: turns a layout assertion into a shape check. */
function passes(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** Shape check without a key (server side): a known version and 121 + a bucket bytes. */
export function isFieldEnvelope(envelope: Uint8Array): boolean {
  return passes(() => fieldEnvelopeLayout(envelope));
}

/**
 * Plaintext length in bytes → padded length: the smallest power of two ≥ length + 1, at least
 * 1,024. Throws envelope.too_large above 65,536 (so plaintexts of at most 65,535 bytes).
 */
export function paddedSize(length: number): number {
  const { minBucket, maxBucket } = fieldEnvelopeV1;
  if (!Number.isSafeInteger(length) || length < 0) throw new CryptoError('crypto.bad_argument', 'length must be a byte count');
  let bucket = minBucket;
  while (bucket < length + 1) bucket *= 2;
  if (bucket > maxBucket) throw new CryptoError('envelope.too_large', `at most ${maxBucket - 1} bytes fit one field`);
  return bucket;
}

/**
 * Encrypts one report field to the report public key (32 bytes).
 * Returns 0x01 | sealedContentKey (80) | nonce (24) | XChaCha20-Poly1305 ciphertext (bucket + 16),
 * i.e. bucket + 121 bytes; only the bucket reveals anything about the plaintext length.
 */
export function encryptField({
  reportId,
  field,
  plaintext,
  reportPublicKey,
}: FieldContext & { plaintext: Uint8Array; reportPublicKey: Uint8Array }): Uint8Array {
  assertFieldContext({ reportId, field });
  assertLength(reportPublicKey, 32, 'report public key');
  const s = sodium();
  const parameters = fieldEnvelopeV1;
  const padded = s.pad(plaintext, paddedSize(plaintext.length));
  const contentKey = randomBytes(parameters.contentKeyBytes);
  const nonce = randomBytes(parameters.nonceBytes);
  const ad = associatedData(parameters, { reportId, field });
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, contentKey);
  const sealedContentKey = s.crypto_box_seal(contentKey, reportPublicKey);
  s.memzero(contentKey);
  s.memzero(padded);
  return concatBytes(Uint8Array.of(parameters.version), sealedContentKey, nonce, ciphertext);
}

/**
 * Opens a field envelope with the report key pair (32-byte keys) and the same reportId and field
 * it was sealed for. Returns the plaintext. Throws crypto.unsupported_version, crypto.truncated
 * (length is not 121 + a bucket) or crypto.decrypt_failed (wrong key, other report or field, altered bytes).
 */
export function decryptField({
  reportId,
  field,
  envelope,
  reportKeyPair,
}: FieldContext & { envelope: Uint8Array; reportKeyPair: KeyPair }): Uint8Array {
  assertFieldContext({ reportId, field });
  assertBoxKeyPair(reportKeyPair);
  const { parameters, nonceStart, ciphertextStart, bucket } = fieldEnvelopeLayout(envelope);
  const s = sodium();
  let contentKey: Uint8Array;
  let padded: Uint8Array;
  try {
    contentKey = s.crypto_box_seal_open(envelope.subarray(1, nonceStart), reportKeyPair.publicKey, reportKeyPair.privateKey);
  } catch {
    throw new CryptoError('crypto.decrypt_failed', 'content key does not open with this report key');
  }
  try {
    const ad = associatedData(parameters, { reportId, field });
    const nonce = envelope.subarray(nonceStart, ciphertextStart);
    padded = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, envelope.subarray(ciphertextStart), ad, nonce, contentKey);
  } catch {
    throw new CryptoError('crypto.decrypt_failed', 'field does not decrypt for this report and field');
  } finally {
    s.memzero(contentKey);
  }
  try {
    return s.unpad(padded, bucket);
  } catch {
    // Authentic but badly padded: only a faulty or hostile sender holding the content key can cause this.
    throw new CryptoError('crypto.decrypt_failed', 'invalid padding');
  } finally {
    s.memzero(padded);
  }
}

/**
 * Seals a report private key (32 bytes) to a recipient's X25519 public key (32 bytes).
 * Returns 0x01 | crypto_box_seal(reportPrivateKey) = 81 bytes.
 */
export function wrapReportKey(reportPrivateKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  assertLength(reportPrivateKey, keyWrapV1.privateKeyBytes, 'report private key');
  assertLength(recipientPublicKey, 32, 'recipient public key');
  const sealed = sodium().crypto_box_seal(reportPrivateKey, recipientPublicKey);
  return concatBytes(Uint8Array.of(keyWrapV1.version), sealed);
}

/** Throws crypto.unsupported_version, or crypto.truncated unless the wrap has its version's length. */
function assertKeyWrapLayout(wrap: Uint8Array): void {
  const parameters = parametersFor(keyWrapVersions, wrap);
  if (wrap.length !== parameters.length) throw new CryptoError('crypto.truncated', `key wrap must be ${parameters.length} bytes`);
}

/** Shape check without a key (server side): a known version and exactly its length (81 bytes for 0x01). */
export function isKeyWrap(wrap: Uint8Array): boolean {
  return passes(() => assertKeyWrapLayout(wrap));
}

/**
 * Opens an 81-byte key wrap with the recipient's key pair (32-byte keys) and returns the report
 * key pair (public key recomputed from the private key). Throws crypto.unsupported_version,
 * crypto.truncated or crypto.decrypt_failed.
 */
export function unwrapReportKey(wrap: Uint8Array, recipientKeyPair: KeyPair): KeyPair {
  assertBoxKeyPair(recipientKeyPair);
  assertKeyWrapLayout(wrap);
  const s = sodium();
  let reportPrivateKey: Uint8Array;
  try {
    reportPrivateKey = s.crypto_box_seal_open(wrap.subarray(1), recipientKeyPair.publicKey, recipientKeyPair.privateKey);
  } catch {
    throw new CryptoError('crypto.decrypt_failed', 'key wrap does not open with this key');
  }
  const reportKeyPair = boxKeyPairFromPrivateKey(reportPrivateKey);
  s.memzero(reportPrivateKey);
  return reportKeyPair;
}
