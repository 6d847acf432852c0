/**
 * Frozen parameter tables, one entry per format version. A version number is never reused:
 * a change of any parameter is a new entry, and the old one stays so old data still opens.
 */
import { CryptoError } from './errors.ts';

type VersionTable<P> = Readonly<Record<number, P>>;

/** Case-code derivations (no version byte: the version lives in the BLAKE2b key string). */
export const caseCodeVersions = Object.freeze({
  1: Object.freeze({
    randomDigits: 27,
    digits: 28,
    codeKey: 'qauipsiz.case-code.v1',
    lookupId: Object.freeze({ subkeyId: 1, context: 'qlookup_' }),
    reporterBase: Object.freeze({ subkeyId: 2, context: 'qreport_' }),
    saltBytes: 16,
    /** lookupId and reporterBase are 32-byte subkeys of the code key. */
    subkeyBytes: 32,
  }),
} as const);
export const caseCodeV1 = caseCodeVersions[1];

/** Key sizes of libsodium's X25519 (crypto_box) and Ed25519 (crypto_sign, private key = seed | public key). */
export const keySizes = Object.freeze({ boxPublicKey: 32, boxPrivateKey: 32, signingPublicKey: 32, signingPrivateKey: 64 } as const);

/** A report id: 16 random bytes, bound into its field envelopes' associated data as 22 base64url characters. */
export const reportIdBytes = 16;

/**
 * Report field envelope version 2: the clear metadata that routing trusts, bound and readable.
 * 0x02 | sealedContentKey (80) | nonce (24) | metadata (64: UTF-8 "region|industry|category|groupId",
 * zero-padded) | ciphertext (bucket + 16). Associated data: 0x02 | UTF-8(prefix + reportId + "|" +
 * field + "|") | metadata (64).
 */
export const fieldEnvelopeV2 = Object.freeze({
  version: 2,
  contentKeyBytes: 32,
  sealedContentKeyBytes: 80,
  nonceBytes: 24,
  metadataBytes: 64,
  tagBytes: 16,
  minBucket: 1024,
  maxBucket: 65536,
  associatedDataPrefix: 'qauipsiz.report-field.v2|',
} as const);

/** Report field envelope: 0x01 | sealedContentKey (80) | nonce (24) | ciphertext (bucket + 16). */
export const fieldEnvelopeVersions = Object.freeze({
  1: Object.freeze({
    version: 1,
    contentKeyBytes: 32,
    sealedContentKeyBytes: 80,
    nonceBytes: 24,
    tagBytes: 16,
    minBucket: 1024,
    maxBucket: 65536,
    associatedDataPrefix: 'qauipsiz.report-field|',
  }),
  2: fieldEnvelopeV2,
} as const);
export const fieldEnvelopeV1 = fieldEnvelopeVersions[1];

/** Report key wrap: 0x01 | crypto_box_seal(reportPrivateKey (32), recipientPublicKey), 81 bytes. */
export const keyWrapVersions = Object.freeze({
  1: Object.freeze({ version: 1, privateKeyBytes: 32, length: 81 }),
} as const);
export const keyWrapV1 = keyWrapVersions[1];

/** Recipient key signature: 0x01 | Ed25519 detached signature (64), 65 bytes. */
export const recipientSignatureVersions = Object.freeze({
  1: Object.freeze({ version: 1, length: 65, messagePrefix: 'qauipsiz.recipient-key.v1|' }),
} as const);
export const recipientSignatureV1 = recipientSignatureVersions[1];

/**
 * Certificate: 0x01 | Ed25519 signature (64) | payload (canonical JSON, at most 4,096 bytes), the
 * signature over UTF-8(messagePrefix) | payload. Binds account id, box key, signing key, role,
 * groups and issue day (crypto/certificate.ts).
 */
export const certificateVersions = Object.freeze({
  1: Object.freeze({ version: 1, signatureBytes: 64, maxPayloadBytes: 4096, maxGroups: 64, digestBytes: 16, messagePrefix: 'qauipsiz.certificate.v1|' }),
} as const);
export const certificateV1 = certificateVersions[1];

/**
 * Signed recipient directory: version (1) | Ed25519 signature (64) | payload (canonical JSON, at
 * most 256 KiB): version number, routing table, members of each group by certificate digest, the
 * recovery key's digest (crypto/directory.ts). Version 2 adds the organisation's alternative
 * channel (plain text in kk, ru and en, each 1..600 UTF-16 code units) as the payload's last entry;
 * its own message prefix, so a version 1 signature never reads as version 2 or back.
 */
export const directoryVersions = Object.freeze({
  1: Object.freeze({ version: 1, signatureBytes: 64, maxPayloadBytes: 256 * 1024, messagePrefix: 'qauipsiz.directory.v1|' }),
  2: Object.freeze({ version: 2, signatureBytes: 64, maxPayloadBytes: 256 * 1024, messagePrefix: 'qauipsiz.directory.v2|', channelMaxChars: 600 }),
} as const);
export const directoryV1 = directoryVersions[1];
export const directoryV2 = directoryVersions[2];

/**
 * Staff key bundle, the secret inside a staff member's passphrase envelope: 0x01 | X25519 private
 * key (32) | organisation Ed25519 public key (32) = 65 bytes. The signing key pair is derived from
 * the X25519 private key (crypto_kdf subkey 1, context 'qsignkey').
 */
export const staffKeyBundleVersions = Object.freeze({
  1: Object.freeze({ version: 1, length: 65, signingKey: Object.freeze({ subkeyId: 1, context: 'qsignkey' }) }),
} as const);
export const staffKeyBundleV1 = staffKeyBundleVersions[1];

/**
 * Key confirmation code: Argon2id13(boxKey | signKey, salt = BLAKE2b-128(saltLabel)), 16 bytes; the
 * first 8 as an unsigned big-endian integer mod 10^12, as 12 digits in groups of four.
 */
export const keyCodeVersions = Object.freeze({
  1: Object.freeze({ digits: 12, opsLimit: 2, memLimit: 16 * 1024 * 1024, pwhashAlgorithm: 2, outputBytes: 16, saltLabel: 'qauipsiz.key-code.v1' }),
} as const);
export const keyCodeV1 = keyCodeVersions[1];

/** Signed note plaintext: 0x01 | Ed25519 signature (64) | UTF-8 JSON {"author","text"}; message = prefix + reportId + "|" + JSON. */
export const signedNoteVersions = Object.freeze({
  1: Object.freeze({ version: 1, signatureBytes: 64, messagePrefix: 'qauipsiz.note.v1|' }),
} as const);
export const signedNoteV1 = signedNoteVersions[1];

/** Passphrase-wrapped secret: 0x01 | salt (16) | nonce (24) | ciphertext (secret + 16). */
export const passphraseWrapVersions = Object.freeze({
  1: Object.freeze({
    version: 1,
    saltBytes: 16,
    nonceBytes: 24,
    tagBytes: 16,
    pwhashAlgorithm: 2, // crypto_pwhash_ALG_ARGON2ID13
    opsLimit: 3,
    memLimit: 64 * 1024 * 1024,
    masterKeyBytes: 32,
    authValue: Object.freeze({ subkeyId: 1, context: 'qauth___' }),
    wrappingKey: Object.freeze({ subkeyId: 2, context: 'qwrap___' }),
  }),
} as const);
export const passphraseWrapV1 = passphraseWrapVersions[1];

/**
 * The server's slow hash of an inspector's authValue: libsodium crypto_pwhash_str (Argon2id13,
 * interactive limits). Its output is self-describing ("$argon2id$v=19$m=65536,t=2,p=1$…"), so
 * the version lives in the string; a change of limits is a new entry with its own prefix.
 */
export const authHashVersions = Object.freeze({
  1: Object.freeze({ authValueBytes: 32, opsLimit: 2, memLimit: 64 * 1024 * 1024, prefix: '$argon2id$v=19$m=65536,t=2,p=1$', maxLength: 128 }),
} as const);
export const authHashV1 = authHashVersions[1];

/** The parameters named by the first byte of `serialised`, or undefined if empty or unknown. */
export function findVersion<P>(versions: VersionTable<P>, serialised: Uint8Array): P | undefined {
  const version = serialised[0];
  return version !== undefined && Object.hasOwn(versions, version) ? versions[version] : undefined;
}

/**
 * Returns the parameters named by the first byte of `serialised`.
 * Throws crypto.truncated on empty input and crypto.unsupported_version on unknown versions.
 */
export function parametersFor<P>(versions: VersionTable<P>, serialised: Uint8Array): P {
  if (serialised.length === 0) throw new CryptoError('crypto.truncated', 'empty input');
  const parameters = findVersion(versions, serialised);
  if (parameters === undefined) throw new CryptoError('crypto.unsupported_version', `unknown format version ${serialised[0]}`);
  return parameters;
}

/**
 * Recovery code: the recovery private key (X25519, 32 bytes) on paper. 256 key bits then 4
 * version bits, in Crockford base32 (52 characters), as 13 groups of 4 characters each followed
 * by a Luhn mod 32 check character over [group index, 4 characters] (crypto/recovery-code.ts).
 */
export const recoveryCodeVersions = Object.freeze({
  1: Object.freeze({ versionBits: 0b0001, keyBytes: 32, groups: 13, groupDataChars: 4, alphabet: '0123456789ABCDEFGHJKMNPQRSTVWXYZ' }),
} as const);
export const recoveryCodeV1 = recoveryCodeVersions[1];

/**
 * Proof-of-work challenge: 0x01 | purpose (1) | difficulty bits (1) | expiresAt (4, unix seconds,
 * big-endian) | random (16) | BLAKE2b-128 MAC of the preceding 23 bytes under the server's key.
 * A solution is an 8-byte nonce with BLAKE2b-256(prefix | challenge | nonce) starting with
 * `difficulty` zero bits.
 */
export const powChallengeVersions = Object.freeze({
  1: Object.freeze({ version: 1, length: 39, macBytes: 16, randomBytes: 16, nonceBytes: 8, maxDifficulty: 32, hashPrefix: 'qauipsiz.pow.v1|' }),
} as const);
export const powChallengeV1 = powChallengeVersions[1];
