/**
 * Report field envelopes (content encrypted to the report key) and key wraps (the report
 * private key sealed to a recipient or to the reporter). Byte layouts: crypto/README.md.
 */
import { concatBytes, randomBytes, utf8Decode, utf8Encode } from './encoding.ts';
import { assertLength, CryptoError } from './errors.ts';
import { boxKeyPairFromPrivateKey, type KeyPair } from './keys.ts';
import { sodium } from './sodium.ts';
import { fieldEnvelopeV1, fieldEnvelopeV2, fieldEnvelopeVersions, findVersion, keyWrapV1, keyWrapVersions, parametersFor } from './versions.ts';

// 'note': an inspector's internal note on a case, for the case's recipients only (the console).
const reportFields = ['content', 'contact', 'note'] as const;
/** Which part of a report an envelope holds; bound into the associated data. */
export type ReportField = (typeof reportFields)[number];

// 16 random bytes as base64url; a fixed alphabet without '|' keeps the associated data unambiguous.
const reportIdPattern = /^[A-Za-z0-9_-]{22}$/;

type FieldEnvelopeParameters = (typeof fieldEnvelopeVersions)[1 | 2];

type FieldContext = { reportId: string; field: ReportField };

/**
 * The clear facts about a report that routing and the server rely on, bound into version 2
 * envelopes: region (KATO prefix), industry (OKED section), category id and the receiving group.
 */
export type ReportMetadata = { region: string; industry: string; category: string; groupId: string };
const metadataKeys = ['region', 'industry', 'category', 'groupId'] as const;

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

/** Bytes of the metadata block: 0 for version 1, 64 for version 2. */
function metadataBytesOf(parameters: FieldEnvelopeParameters): number {
  return 'metadataBytes' in parameters ? parameters.metadataBytes : 0;
}

/**
 * Version 1: 0x01 | UTF-8("qauipsiz.report-field|" + reportId + "|" + field), rebuilt from the stored record.
 * Version 2: 0x02 | UTF-8("qauipsiz.report-field.v2|" + reportId + "|" + field + "|") | metadata (64),
 * the metadata taken from the envelope's own header, so changing any byte of it fails decryption.
 */
function associatedData(parameters: FieldEnvelopeParameters, { reportId, field }: FieldContext, metadata: Uint8Array): Uint8Array {
  const version = Uint8Array.of(parameters.version);
  if (metadataBytesOf(parameters) === 0) return concatBytes(version, utf8Encode(`${parameters.associatedDataPrefix}${reportId}|${field}`));
  return concatBytes(version, utf8Encode(`${parameters.associatedDataPrefix}${reportId}|${field}|`), metadata);
}

/**
 * ReportMetadata → 64 bytes: UTF-8 "region|industry|category|groupId", zero-padded. Throws
 * crypto.bad_argument if a part is not a string, contains '|' or NUL (either would make the block
 * ambiguous), or the whole does not fit 64 bytes.
 */
export function encodeMetadata(metadata: ReportMetadata): Uint8Array {
  const size = fieldEnvelopeV2.metadataBytes;
  const parts = metadataKeys.map((key) => (typeof metadata === 'object' && metadata !== null ? metadata[key] : undefined));
  for (const part of parts) {
    if (typeof part !== 'string' || part.includes('|') || part.includes('\0')) {
      throw new CryptoError('crypto.bad_argument', 'each metadata part must be a string without "|" or NUL');
    }
  }
  const text = utf8Encode(parts.join('|'));
  if (text.length > size) throw new CryptoError('crypto.bad_argument', `metadata must fit ${size} bytes of UTF-8`);
  const block = new Uint8Array(size);
  block.set(text);
  return block;
}

/** 64 bytes → ReportMetadata, or null unless they are exactly what encodeMetadata makes of it. */
function decodeMetadata(block: Uint8Array): ReportMetadata | null {
  const end = block.indexOf(0);
  const used = end === -1 ? block : block.subarray(0, end);
  if (block.subarray(used.length).some((byte) => byte !== 0)) return null;
  let parts: string[];
  try {
    parts = utf8Decode(used).split('|');
  } catch {
    return null;
  }
  if (parts.length !== metadataKeys.length) return null;
  const [region, industry, category, groupId] = parts as [string, string, string, string];
  return { region, industry, category, groupId };
}

function isBucket(size: number, { minBucket, maxBucket }: FieldEnvelopeParameters): boolean {
  return size >= minBucket && size <= maxBucket && (size & (size - 1)) === 0;
}

/**
 * Where the parts of a field envelope start, from its version byte and length alone.
 * Throws crypto.unsupported_version, or crypto.truncated unless the length is 121 + a bucket
 * (version 1) or 185 + a bucket (version 2).
 */
function fieldEnvelopeLayout(envelope: Uint8Array) {
  const parameters = parametersFor(fieldEnvelopeVersions, envelope);
  const nonceStart = 1 + parameters.sealedContentKeyBytes;
  const metadataStart = nonceStart + parameters.nonceBytes;
  const ciphertextStart = metadataStart + metadataBytesOf(parameters);
  const bucket = envelope.length - ciphertextStart - parameters.tagBytes;
  if (!isBucket(bucket, parameters)) throw new CryptoError('crypto.truncated', 'field envelope has an invalid length');
  return { parameters, nonceStart, metadataStart, ciphertextStart, bucket };
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

/** Shape check without a key (server side): version 1 and 121 + a bucket bytes, or version 2 and 185 + a bucket. */
export function isFieldEnvelope(envelope: Uint8Array): boolean {
  return passes(() => fieldEnvelopeLayout(envelope));
}

/**
 * The metadata of a version 2 field envelope, read without a key (the server checks it against
 * the submission; a recipient's openReport checks it is authentic). null for a version 1
 * envelope or anything malformed. Never throws.
 */
export function fieldMetadata(envelope: Uint8Array): ReportMetadata | null {
  if (!(envelope instanceof Uint8Array) || findVersion(fieldEnvelopeVersions, envelope) !== fieldEnvelopeV2) return null;
  let layout: ReturnType<typeof fieldEnvelopeLayout>;
  try {
    layout = fieldEnvelopeLayout(envelope);
  } catch {
    return null;
  }
  return decodeMetadata(envelope.subarray(layout.metadataStart, layout.ciphertextStart));
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
 * Without metadata: 0x01 | sealedContentKey (80) | nonce (24) | XChaCha20-Poly1305 ciphertext
 * (bucket + 16), i.e. bucket + 121 bytes (internal notes). With metadata: version 2,
 * 0x02 | sealedContentKey (80) | nonce (24) | metadata (64) | ciphertext (bucket + 16), bucket + 185
 * bytes, the metadata readable without a key and bound as associated data. Only the bucket reveals
 * anything about the plaintext length. Throws crypto.bad_argument (metadata too long or with '|').
 */
export function encryptField({
  reportId,
  field,
  plaintext,
  reportPublicKey,
  metadata,
}: FieldContext & { plaintext: Uint8Array; reportPublicKey: Uint8Array; metadata?: ReportMetadata | undefined }): Uint8Array {
  assertFieldContext({ reportId, field });
  assertLength(reportPublicKey, 32, 'report public key');
  const parameters: FieldEnvelopeParameters = metadata === undefined ? fieldEnvelopeV1 : fieldEnvelopeV2;
  const metadataBlock = metadata === undefined ? new Uint8Array(0) : encodeMetadata(metadata);
  const s = sodium();
  const padded = s.pad(plaintext, paddedSize(plaintext.length));
  const contentKey = randomBytes(parameters.contentKeyBytes);
  const nonce = randomBytes(parameters.nonceBytes);
  const ad = associatedData(parameters, { reportId, field }, metadataBlock);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, contentKey);
  const sealedContentKey = s.crypto_box_seal(contentKey, reportPublicKey);
  s.memzero(contentKey);
  s.memzero(padded);
  return concatBytes(Uint8Array.of(parameters.version), sealedContentKey, nonce, metadataBlock, ciphertext);
}

/**
 * Opens a field envelope (version 1 or 2) with the report key pair (32-byte keys) and the same
 * reportId and field it was sealed for. Returns the plaintext. Throws crypto.unsupported_version,
 * crypto.truncated (length is not 121 or 185 + a bucket) or crypto.decrypt_failed (wrong key, other
 * report or field, altered bytes, altered metadata).
 */
export function decryptField({
  reportId,
  field,
  envelope,
  reportKeyPair,
}: FieldContext & { envelope: Uint8Array; reportKeyPair: KeyPair }): Uint8Array {
  assertFieldContext({ reportId, field });
  assertBoxKeyPair(reportKeyPair);
  const { parameters, nonceStart, metadataStart, ciphertextStart, bucket } = fieldEnvelopeLayout(envelope);
  const s = sodium();
  let contentKey: Uint8Array;
  let padded: Uint8Array;
  try {
    contentKey = s.crypto_box_seal_open(envelope.subarray(1, nonceStart), reportKeyPair.publicKey, reportKeyPair.privateKey);
  } catch {
    throw new CryptoError('crypto.decrypt_failed', 'content key does not open with this report key');
  }
  try {
    const ad = associatedData(parameters, { reportId, field }, envelope.subarray(metadataStart, ciphertextStart));
    const nonce = envelope.subarray(nonceStart, metadataStart);
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
