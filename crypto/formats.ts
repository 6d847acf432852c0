/**
 * Wire sizes of the formats: bytes, and characters once in base64url without padding,
 * computed here from the parameter tables of versions.ts so schemas (contract/) and shape checks
 * never repeat the arithmetic. Pure: imports no libsodium, directly or indirectly.
 */
import { authHashV1, caseCodeV1, certificateV1, directoryV1, directoryV2, fieldEnvelopeV1, fieldEnvelopeV2, keySizes, keyWrapV1, passphraseWrapV1, powChallengeV1, recipientSignatureV1, reportIdBytes, staffKeyBundleV1 } from './versions.ts';

/** Characters of `bytes` bytes in base64url without padding: 4 per 3 bytes, the last group cut short. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** Bytes of a passphrase envelope of a `secretBytes` secret: 0x01 | salt (16) | nonce (24) | secret | tag (16). */
const passphraseEnvelopeBytes = (secretBytes: number) => 1 + passphraseWrapV1.saltBytes + passphraseWrapV1.nonceBytes + secretBytes + passphraseWrapV1.tagBytes;
/** Bytes of a field envelope with a `bucket`-byte padded plaintext: 0x01 | sealedContentKey (80) | nonce (24) | bucket | tag (16). */
const fieldEnvelopeBytes = (bucket: number) => 1 + fieldEnvelopeV1.sealedContentKeyBytes + fieldEnvelopeV1.nonceBytes + bucket + fieldEnvelopeV1.tagBytes;
/** Bytes of a version 2 field envelope: 0x02 | sealedContentKey (80) | nonce (24) | metadata (64) | bucket | tag (16). */
const fieldEnvelopeV2Bytes = (bucket: number) => 1 + fieldEnvelopeV2.sealedContentKeyBytes + fieldEnvelopeV2.nonceBytes + fieldEnvelopeV2.metadataBytes + bucket + fieldEnvelopeV2.tagBytes;

/** Byte lengths, for shape checks on decoded values. */
export const formatBytes = Object.freeze({
  /** An X25519 or Ed25519 public key: 32 bytes. */
  publicKey: keySizes.boxPublicKey,
  /** Recipient key signature: 0x01 | Ed25519 signature (64) = 65 bytes. */
  recipientSignature: recipientSignatureV1.length,
  /** Key wrap: 0x01 | crypto_box_seal(report private key (32)) = 81 bytes. */
  keyWrap: keyWrapV1.length,
  /** Smallest field envelope (bucket 1,024): 1,145 bytes. */
  fieldEnvelopeMin: fieldEnvelopeBytes(fieldEnvelopeV1.minBucket),
  /** Largest field envelope (bucket 65,536): 65,657 bytes. */
  fieldEnvelopeMax: fieldEnvelopeBytes(fieldEnvelopeV1.maxBucket),
  /** Passphrase envelope of a staff key bundle (X25519 private key and the organisation key): 122 bytes. */
  keyEnvelope: passphraseEnvelopeBytes(staffKeyBundleV1.length),
  /** Passphrase envelope of a bare X25519 private key (staff accounts made before key bundles): 89 bytes. */
  legacyKeyEnvelope: passphraseEnvelopeBytes(keySizes.boxPrivateKey),
  /** Largest certificate: 0x01 | signature (64) | payload (at most 4,096). */
  certificateMax: 1 + certificateV1.signatureBytes + certificateV1.maxPayloadBytes,
  /** Smallest certificate there can be (a payload of at least 2 bytes): sizes the schema's lower bound. */
  certificateMin: 1 + certificateV1.signatureBytes + 2,
  /** Largest signed directory, version 1 or 2 alike: version | signature (64) | payload (at most 256 KiB). */
  directoryMax: 1 + directoryV1.signatureBytes + Math.max(directoryV1.maxPayloadBytes, directoryV2.maxPayloadBytes),
  directoryMin: 1 + directoryV1.signatureBytes + 2,
  /** Passphrase envelope of the organisation's Ed25519 private key (64): 121 bytes. */
  wrappedSigningKey: passphraseEnvelopeBytes(keySizes.signingPrivateKey),
  /** Salt of a passphrase envelope, also the console's login salt: 16 bytes. */
  passphraseSalt: passphraseWrapV1.saltBytes,
  /** authValue derived from a passphrase, sent at login: 32 bytes. */
  authValue: authHashV1.authValueBytes,
  /** Report id: 16 random bytes. */
  reportId: reportIdBytes,
  /** Lookup id derived from a case code: 32 bytes. */
  lookupId: caseCodeV1.subkeyBytes,
  /** The reporter's per-case salt: 16 bytes. */
  reporterSalt: caseCodeV1.saltBytes,
  /** Proof-of-work challenge token: 0x01 | purpose | difficulty | expiresAt (4) | random (16) | MAC (16) = 39 bytes. */
  powChallenge: powChallengeV1.length,
  /** Proof-of-work solution nonce: 8 bytes. */
  powNonce: powChallengeV1.nonceBytes,
} as const);

/** Every length a version 1 field envelope has, one per padding bucket (powers of two, 1,024 to 65,536): 1,145 to 65,657 bytes. */
export const fieldEnvelopeByteLengths: readonly number[] = Object.freeze(
  Array.from({ length: Math.log2(fieldEnvelopeV1.maxBucket / fieldEnvelopeV1.minBucket) + 1 }, (_, i) => fieldEnvelopeBytes(fieldEnvelopeV1.minBucket * 2 ** i)),
);

/** Every length a version 2 field envelope has, one per padding bucket: 1,209 to 65,721 bytes. */
export const fieldEnvelopeV2ByteLengths: readonly number[] = Object.freeze(
  Array.from({ length: Math.log2(fieldEnvelopeV2.maxBucket / fieldEnvelopeV2.minBucket) + 1 }, (_, i) => fieldEnvelopeV2Bytes(fieldEnvelopeV2.minBucket * 2 ** i)),
);
export const fieldEnvelopeV2MinChars = base64UrlLength(fieldEnvelopeV2Bytes(fieldEnvelopeV2.minBucket));
export const fieldEnvelopeV2MaxChars = base64UrlLength(fieldEnvelopeV2Bytes(fieldEnvelopeV2.maxBucket));
/** A legacy staff key envelope (a bare X25519 private key), 89 bytes: 119 characters. */
export const legacyKeyEnvelopeChars = base64UrlLength(formatBytes.legacyKeyEnvelope);
export const certificateMinChars = base64UrlLength(formatBytes.certificateMin);
export const certificateMaxChars = base64UrlLength(formatBytes.certificateMax);
export const directoryMinChars = base64UrlLength(formatBytes.directoryMin);
export const directoryMaxChars = base64UrlLength(formatBytes.directoryMax);
/** The alternative channel of a version 2 directory: at most 600 UTF-16 code units per language (a textarea's maxlength counts the same), once trimmed. */
export const channelMaxChars = directoryV2.channelMaxChars;

/** Ed25519 or X25519 public key, 32 bytes: 43 characters. */
export const publicKeyChars = base64UrlLength(formatBytes.publicKey);
/** Recipient key signature, 0x01 | Ed25519 signature (64) = 65 bytes: 87 characters. */
export const recipientSignatureChars = base64UrlLength(formatBytes.recipientSignature);
/** Key wrap, 0x01 | crypto_box_seal(report private key (32)) = 81 bytes: 108 characters. */
export const keyWrapChars = base64UrlLength(formatBytes.keyWrap);
/** Smallest field envelope, 0x01 | sealed key (80) | nonce (24) | 1,024 | tag (16) = 1,145 bytes: 1,527 characters. */
export const fieldEnvelopeMinChars = base64UrlLength(formatBytes.fieldEnvelopeMin);
/** Largest field envelope, 0x01 | sealed key (80) | nonce (24) | 65,536 | tag (16) = 65,657 bytes: 87,543 characters. */
export const fieldEnvelopeMaxChars = base64UrlLength(formatBytes.fieldEnvelopeMax);
/** A staff account's key envelope as made now, 0x01 | salt (16) | nonce (24) | staff key bundle (65) | tag (16) = 122 bytes: 163 characters. */
export const keyEnvelopeChars = base64UrlLength(formatBytes.keyEnvelope);
/** The organisation's wrapped signing key, 0x01 | salt (16) | nonce (24) | Ed25519 private key (64) | tag (16) = 121 bytes: 162 characters. */
export const wrappedSigningKeyChars = base64UrlLength(formatBytes.wrappedSigningKey);
/** Passphrase salt (the console's login salt), 16 bytes: 22 characters. */
export const passphraseSaltChars = base64UrlLength(formatBytes.passphraseSalt);
/** authValue, 32 bytes: 43 characters. */
export const authValueChars = base64UrlLength(formatBytes.authValue);
/** Report id (a case's id in the console), 16 random bytes: 22 characters. */
export const reportIdChars = base64UrlLength(formatBytes.reportId);
/** Lookup id, 32 bytes: 43 characters. */
export const lookupIdChars = base64UrlLength(formatBytes.lookupId);
/** Reporter salt, 16 bytes: 22 characters. */
export const reporterSaltChars = base64UrlLength(formatBytes.reporterSalt);
/** Proof-of-work challenge token, 39 bytes: 52 characters. */
export const powChallengeChars = base64UrlLength(formatBytes.powChallenge);
/** Proof-of-work nonce, 8 bytes: 11 characters. */
export const powNonceChars = base64UrlLength(formatBytes.powNonce);

// Patterns of the only text forms crypto/'s decoder takes (encoding.ts), for schemas (contract/).
const anyChar = '[A-Za-z0-9_-]';
/** The first two characters of a value whose first byte is the format version 0x01: 000000|01xxxx. */
const versionOne = 'A[Q-Za-f]';
/** The first two characters of a value whose first byte is 0x02: 000000|10xxxx. */
const versionTwo = 'A[g-v]';

/**
 * A pattern piece for the canonical base64url of `bytes` bytes less its first `skipped`
 * characters: the last character of a short final group has zero unused bits.
 */
function canonicalEnd(bytes: number, skipped: number): string {
  const chars = base64UrlLength(bytes) - skipped;
  // 1 byte over a group of 3: two characters, the last with 4 unused bits; 2 bytes: three, 2 unused bits.
  const last = ({ 0: '', 1: '[AQgw]', 2: '[AEIMQUYcgkosw048]' } as const)[(bytes % 3) as 0 | 1 | 2];
  return `${anyChar}{${chars - (last === '' ? 0 : 1)}}${last}`;
}

/** The canonical base64url of exactly `bytes` bytes; `versioned`: its first byte is the version 0x01. */
export function base64UrlPattern(bytes: number, versioned = false): string {
  return `^${versioned ? versionOne : ''}${canonicalEnd(bytes, versioned ? 2 : 0)}$`;
}

/** Base64url of a variable-length value whose first byte is the version 0x01 (certificates); lengths go in the schema. */
export const versionOnePattern = `^${versionOne}${anyChar}*$`;
/** Base64url of a signed directory: first byte 0x01 (without a channel) or 0x02 (with one); lengths go in the schema. */
// 0x01 or 0x02: 'A' then the next six bits 01xxxx (Q–Z, a–f) or 10xxxx (g–v), one character class.
export const directoryPattern = `^A[Q-Za-v]${anyChar}*$`;

/** A version 1 field envelope: 0x01, then one of the lengths the padding buckets give. */
export const fieldEnvelopePattern = `^${versionOne}(?:${fieldEnvelopeByteLengths.map((bytes) => canonicalEnd(bytes, 2)).join('|')})$`;
/** A version 2 field envelope: 0x02, then one of the lengths the padding buckets give. */
export const fieldEnvelopeV2Pattern = `^${versionTwo}(?:${fieldEnvelopeV2ByteLengths.map((bytes) => canonicalEnd(bytes, 2)).join('|')})$`;
/** A version 1 or 2 field envelope (answers: cases stored before and after version 2). */
export const anyFieldEnvelopePattern = `^(?:${versionOne}(?:${fieldEnvelopeByteLengths.map((bytes) => canonicalEnd(bytes, 2)).join('|')})|${versionTwo}(?:${fieldEnvelopeV2ByteLengths.map((bytes) => canonicalEnd(bytes, 2)).join('|')}))$`;
/** A staff key envelope of either kind: 89 bytes (legacy) or 122 (bundle), version 0x01. */
export const anyKeyEnvelopePattern = `^${versionOne}(?:${canonicalEnd(formatBytes.legacyKeyEnvelope, 2)}|${canonicalEnd(formatBytes.keyEnvelope, 2)})$`;

/**
 * A version 1 proof-of-work challenge token: 0x01, a purpose of 1 or 2, a difficulty of 0..32
 * bits ('AQ', then E or I, then a character of value 0..32), and 36 more bytes.
 */
export const powChallengePattern = `^AQ[EI][A-Za-g]${anyChar}{${powChallengeChars - 4}}$`;
