// crypto/ and libsodium's sumo build (Argon2id), loaded lazily with integrity checks, and the
// operations the console does with passphrases and keys. Private keys live in memory only.
import { importCrypto, loadSodiumChunk, type Crypto } from '../shared/crypto.ts';
import { loadOnce } from '../shared/lazy.ts';

export type { Crypto };
export type KeyPair = import('../../crypto/index.ts').KeyPair;

/** The ready crypto module; starts loading on the first call, tries again after a failure. */
export const cryptoReady: () => Promise<Crypto> = loadOnce(async () => {
  const crypto = await importCrypto();
  await loadSodiumChunk(crypto, 'sodium-sumo', 'sumo');
  return crypto;
});

/** Lets the browser paint ("Checking…") before a second of Argon2id blocks the main thread. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export const minPassphraseLength = 12;

export type StaffKeys = import('../../crypto/index.ts').StaffKeys;
export type VerifiedCertificate = import('../../crypto/index.ts').VerifiedCertificate;
export type CertificateClaim = import('../../crypto/index.ts').CertificateClaim;
export type DirectoryClaim = import('../../crypto/index.ts').DirectoryClaim;
export type RoutingTable = import('../../crypto/index.ts').RoutingTable;

/** What the console refuses to go on with because the server's records do not match the keys held here. */
/** directory_stale: older than (or missing after) a directory version this browser has seen. */
export type TrustProblem = 'organisation_key_mismatch' | 'directory_invalid' | 'directory_stale';

/** A refusal on trust grounds; app.problem() words it from the code. */
export class TrustError extends Error {
  override readonly name = 'TrustError';
  readonly code: TrustProblem;
  constructor(code: TrustProblem) {
    super(code);
    this.code = code;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Today as the certificates and directories write it (UTC). */
export function issueDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A new account's keys: an X25519 key pair, the Ed25519 pair derived from it, the envelope that
 * seals the private key with the organisation key under the passphrase, and the authValue from
 * the envelope's salt.
 */
export function newAccountKeys(c: Crypto, passphrase: string, organisationKey: Uint8Array) {
  const keyPair = c.generateBoxKeyPair();
  const signingKeyPair = c.staffSigningKeyPair(keyPair.privateKey);
  const keyEnvelope = c.sealStaffKeys(keyPair.privateKey, organisationKey, passphrase);
  const { authValue, wrappingKey } = c.deriveFromPassphrase(passphrase, c.passphraseEnvelopeSalt(keyEnvelope));
  wrappingKey.fill(0);
  return { keyPair, signingKeyPair, keyEnvelope, authValue };
}

/** A new staff account id, chosen in the browser at setup: 9 random bytes, 12 base64url characters. */
export function newAccountId(c: Crypto): string {
  return c.toBase64Url(c.randomBytes(9));
}

/**
 * Opens the organisation key (Ed25519, 64 bytes) from its wrap and refuses it unless its public key
 * is the one anchored in this person's own envelope: a server that wrapped a key of its own under
 * the same passphrase would otherwise get its certificates signed.
 */
export function openOrganisationKey(c: Crypto, wrapped: Uint8Array, passphrase: string, anchored: Uint8Array): Uint8Array {
  const privateKey = c.unwrapWithPassphrase(wrapped, passphrase);
  const derived = privateKey.length === 64 ? c.signingKeyPairFromSeed(privateKey.subarray(0, 32)) : null;
  if (derived === null || !sameBytes(derived.publicKey, anchored)) {
    privateKey.fill(0);
    derived?.privateKey.fill(0);
    throw new TrustError('organisation_key_mismatch');
  }
  derived.privateKey.fill(0);
  return privateKey;
}

/** Where the server's record of this account differs from the keys opened here, or null when it does not. */
/** legacy_again: a pre-bundle envelope for a username that already anchored its organisation key in this browser. */
export type RecordProblem = 'box_key' | 'sign_key' | 'certificate' | 'legacy_again';

/**
 * Compares the server's record of the signed-in account with the keys computed here: its public
 * key, its signing key, and its certificate (which must verify with the anchored organisation key
 * and name both keys). A server that swapped the key would have reports wrapped for its own.
 */
export function serverRecordProblem(
  c: Crypto,
  keys: HeldKeys,
  me: { id: string; publicKey: string; signingKey: string | null; certificate: string | null },
): RecordProblem | null {
  if (me.publicKey !== c.toBase64Url(keys.keyPair.publicKey)) return 'box_key';
  if (me.signingKey !== c.toBase64Url(keys.signingKeyPair.publicKey)) return 'sign_key';
  if (me.certificate === null) return null;
  const certificate = c.readCertificate(c.fromBase64Url(me.certificate), keys.organisationKey);
  if (certificate === null || certificate.accountId !== me.id) return 'certificate';
  if (!sameBytes(certificate.boxKey, keys.keyPair.publicKey)) return 'certificate';
  if (certificate.signKey === null || !sameBytes(certificate.signKey, keys.signingKeyPair.publicKey)) return 'certificate';
  return null;
}

/** The last 8 hex digits of a fingerprint, what a person types to show they compared it with their poster. */
export function fingerprintTail(fingerprint: string): string {
  return fingerprint.replace(/\s/g, '').slice(-8);
}

/** Whether the typed characters are the fingerprint's last 8 hex digits (spaces and case ignored). */
export function fingerprintTailMatches(fingerprint: string, typed: string): boolean {
  const compact = typed.replace(/\s/g, '').toLowerCase();
  return /^[0-9a-f]{8}$/.test(compact) && compact === fingerprintTail(fingerprint);
}

/** The recovery private key read from what was typed, or why not (for the paper code: which groups are wrong). */
export type RecoveryKeyReading = import('../../crypto/index.ts').RecoveryCodeReading;

/**
 * Reads a typed recovery key: the paper code (13 groups of 5 characters, each with its check
 * character) or, for keys printed before the code existed, 43 base64url characters. A whole code is
 * 65 characters without its spaces; the first 43 of one, typed in one case, are not taken for the
 * old form, whose random letters are both capital and small.
 */
export function readRecoveryKey(c: Crypto, typed: string): RecoveryKeyReading {
  const printedBefore = base64RecoveryKey(c, typed);
  return printedBefore === null ? c.readRecoveryCode(typed) : { ok: true, privateKey: printedBefore };
}

/** The old paper form: base64url with any spaces or line breaks; null unless it is exactly that and 32 bytes. */
function base64RecoveryKey(c: Crypto, typed: string): Uint8Array | null {
  const compact = typed.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9_-]{43}$/.test(compact) || !/[A-Z]/.test(compact) || !/[a-z]/.test(compact)) return null;
  try {
    const bytes = c.fromBase64Url(compact);
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

// The signed-in person's keys: in this module's memory only, never in storage or the DOM.
/**
 * keyPair: the X25519 pair unwrapped from the person's own envelope; signingKeyPair: the Ed25519
 * pair derived from it; organisationKey: the organisation's Ed25519 public key, taken only from
 * inside that envelope (authenticated under the passphrase), never from an API answer.
 */
export type HeldKeys = { keyPair: KeyPair; signingKeyPair: KeyPair; organisationKey: Uint8Array };

let held: HeldKeys | null = null;

export function holdKeys(keys: HeldKeys | null): void {
  if (held !== null) {
    held.keyPair.privateKey.fill(0);
    held.signingKeyPair.privateKey.fill(0);
  }
  held = keys;
}

/** The signed-in person's keys and the anchored organisation key, or null when nobody is signed in. */
export function heldKeys(): HeldKeys | null {
  return held;
}

/** The X25519 key pair alone (for callers that need nothing else). */
export function heldKeyPair(): KeyPair | null {
  return held?.keyPair ?? null;
}
