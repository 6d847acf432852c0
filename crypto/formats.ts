/**
 * Wire sizes of the version 1 formats: bytes, and characters once in base64url without padding,
 * computed here from the parameter tables of versions.ts so schemas (contract/) and shape checks
 * never repeat the arithmetic. Pure: imports no libsodium, directly or indirectly.
 */
import { authHashV1, caseCodeV1, fieldEnvelopeV1, keySizes, keyWrapV1, passphraseWrapV1, powChallengeV1, recipientSignatureV1, reportIdBytes } from './versions.ts';

/** Characters of `bytes` bytes in base64url without padding: 4 per 3 bytes, the last group cut short. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** Bytes of a passphrase envelope of a `secretBytes` secret: 0x01 | salt (16) | nonce (24) | secret | tag (16). */
const passphraseEnvelopeBytes = (secretBytes: number) => 1 + passphraseWrapV1.saltBytes + passphraseWrapV1.nonceBytes + secretBytes + passphraseWrapV1.tagBytes;
/** Bytes of a field envelope with a `bucket`-byte padded plaintext: 0x01 | sealedContentKey (80) | nonce (24) | bucket | tag (16). */
const fieldEnvelopeBytes = (bucket: number) => 1 + fieldEnvelopeV1.sealedContentKeyBytes + fieldEnvelopeV1.nonceBytes + bucket + fieldEnvelopeV1.tagBytes;

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
  /** Passphrase envelope of an X25519 private key (a staff account's key envelope): 89 bytes. */
  keyEnvelope: passphraseEnvelopeBytes(keySizes.boxPrivateKey),
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
/** A staff account's key envelope, 0x01 | salt (16) | nonce (24) | X25519 private key (32) | tag (16) = 89 bytes: 119 characters. */
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
