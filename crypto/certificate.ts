/**
 * Certificates: the organisation key (Ed25519) binds a staff member's or the recovery key's
 * public keys to an account id, a role and the groups it receives for. The reporter page encrypts
 * only to certified keys the signed directory lists (directory.ts). Byte layout: crypto/README.md.
 */
import { canonicalJson, groupIdPattern, isDay, isRecord, isSortedUnique, isStringList, parseJson, sortedUnique, type CanonicalValue } from './canonical.ts';
import { fromBase64Url, toBase64Url, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { openStatement, signStatement } from './signed-statement.ts';
import { sodium } from './sodium.ts';
import { certificateV1, certificateVersions } from './versions.ts';

export const certificateRoles = ['inspector', 'analyst', 'admin', 'recovery'] as const;
export type CertificateRole = (typeof certificateRoles)[number];

export type CertificateClaim = {
  /** 1..64 of [A-Za-z0-9_-]; the recovery key's is 'recovery'. */
  accountId: string;
  /** X25519 public key (32): what reports are wrapped for. */
  boxKey: Uint8Array;
  /** The holder's Ed25519 public key (32); null for the recovery key (and only for it). */
  signKey: Uint8Array | null;
  role: CertificateRole;
  /** Group ids [a-z0-9-]{1,64}, at most 64; stored sorted and unique. */
  groups: string[];
  /** 'YYYY-MM-DD'. */
  issuedDay: string;
};
/** A claim whose certificate verified, with its digest (22 characters) and its bytes. */
export type VerifiedCertificate = CertificateClaim & { digest: string; bytes: Uint8Array };

/** The recovery key's account id and role. */
export const recoveryAccountId = 'recovery';
const accountIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const payloadKeys = ['account', 'box', 'sign', 'role', 'groups', 'issued'] as const;

/** Why a claim cannot be certified, or null. The recovery key, and only it, has id and role 'recovery' and no sign key. */
function claimProblem(claim: CertificateClaim): string | null {
  if (!isRecord(claim)) return 'a claim is an object';
  const { accountId, boxKey, signKey, role, groups, issuedDay } = claim;
  if (typeof accountId !== 'string' || !accountIdPattern.test(accountId)) return 'accountId must be 1..64 of [A-Za-z0-9_-]';
  if (!(boxKey instanceof Uint8Array) || boxKey.length !== 32) return 'boxKey must be 32 bytes';
  if (signKey !== null && (!(signKey instanceof Uint8Array) || signKey.length !== 32)) return 'signKey must be 32 bytes or null';
  if (!certificateRoles.includes(role)) return 'unknown role';
  const isRecovery = role === 'recovery';
  if ((accountId === recoveryAccountId) !== isRecovery) return "the recovery key, and only it, has the account id 'recovery'";
  if ((signKey === null) !== isRecovery) return 'the recovery key, and only it, has no signing key';
  if (!isStringList(groups, groupIdPattern)) return 'groups must be group ids';
  if (sortedUnique(groups).length > certificateV1.maxGroups) return `at most ${certificateV1.maxGroups} groups`;
  if (!isDay(issuedDay)) return "issuedDay must be 'YYYY-MM-DD'";
  return null;
}

/** The canonical payload: {"account","box","sign","role","groups" (sorted, unique),"issued"} as UTF-8. */
function payloadOf(claim: CertificateClaim): Uint8Array {
  const value: CanonicalValue = {
    entries: [
      ['account', claim.accountId],
      ['box', toBase64Url(claim.boxKey)],
      ['sign', claim.signKey === null ? null : toBase64Url(claim.signKey)],
      ['role', claim.role],
      ['groups', sortedUnique(claim.groups)],
      ['issued', claim.issuedDay],
    ],
  };
  return utf8Encode(canonicalJson(value));
}

/**
 * Certifies a claim with the organisation's Ed25519 private key (64 bytes). Groups are stored
 * sorted and unique. Returns 0x01 | signature (64) | payload (at most 4,096 bytes). Throws
 * crypto.bad_argument for a claim outside its domain, crypto.bad_length for a key of another size.
 */
export function issueCertificate(claim: CertificateClaim, organisationPrivateKey: Uint8Array): Uint8Array {
  const problem = claimProblem(claim);
  if (problem !== null) throw new CryptoError('crypto.bad_argument', problem);
  return signStatement(certificateV1, payloadOf(claim), organisationPrivateKey, 'certificate');
}

/** A base64url text of a 32-byte key, else undefined. */
function keyFromText(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const bytes = fromBase64Url(value);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** The claim a parsed payload states, or null if any part is missing, extra or of the wrong type. */
function claimFromPayload(value: unknown): CertificateClaim | null {
  if (!isRecord(value) || Object.keys(value).length !== payloadKeys.length || !payloadKeys.every((key) => Object.hasOwn(value, key))) return null;
  const boxKey = keyFromText(value.box);
  const signKey = value.sign === null ? null : keyFromText(value.sign);
  const { account, role, groups, issued } = value;
  if (boxKey === undefined || signKey === undefined || typeof account !== 'string' || typeof issued !== 'string') return null;
  if (!certificateRoles.includes(role as CertificateRole) || !isStringList(groups, groupIdPattern) || !isSortedUnique(groups)) return null;
  const claim: CertificateClaim = { accountId: account, boxKey, signKey, role: role as CertificateRole, groups, issuedDay: issued };
  return claimProblem(claim) === null ? claim : null;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The verified claim of a certificate, or null for anything malformed, non-canonical (the payload
 * must be byte for byte what issueCertificate writes), of unknown version, too long or not signed
 * by this organisation key (32 bytes). Never throws.
 */
export function readCertificate(certificate: Uint8Array, organisationKey: Uint8Array): VerifiedCertificate | null {
  const opened = openStatement(certificateVersions, certificate, organisationKey);
  if (opened === null) return null;
  const claim = claimFromPayload(parseJson(opened.text));
  if (claim === null || !bytesEqual(payloadOf(claim), opened.payload)) return null;
  const bytes = certificate.slice();
  return { ...claim, digest: certificateDigest(bytes), bytes };
}

/** base64url of BLAKE2b-128 of the certificate bytes: 22 characters. What the directory lists. */
export function certificateDigest(certificate: Uint8Array): string {
  if (!(certificate instanceof Uint8Array)) throw new CryptoError('crypto.bad_argument', 'a certificate is bytes');
  return toBase64Url(sodium().crypto_generichash(certificateV1.digestBytes, certificate, null));
}
