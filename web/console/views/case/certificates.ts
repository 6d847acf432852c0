// Certificates the console believes: each one verified here with the organisation key taken from
// the signed-in person's own key envelope (keys.ts heldKeys()), never with a key an API answer
// carries, so a server that edits a row or swaps an answer cannot vouch for a key of its own.
import { sameBytes, type Crypto, type VerifiedCertificate } from '../../keys.ts';
import { loadTrusted } from '../../memory.ts';

export type { VerifiedCertificate };

/** Certified keys by account id ('recovery' for the recovery key). */
export type CertificateBook = ReadonlyMap<string, VerifiedCertificate>;

/** A certificate from an API answer (base64url), verified; null when missing, not signed by the organisation key or made for another account. */
export function verifiedCertificate(crypto: Crypto, organisationKey: Uint8Array, accountId: string, certificate: string | null | undefined): VerifiedCertificate | null {
  if (certificate === null || certificate === undefined) return null;
  const verified = crypto.readCertificate(crypto.fromBase64Url(certificate), organisationKey);
  return verified !== null && verified.accountId === accountId ? verified : null;
}

/** Whether the certificate binds exactly this public key (base64url, as the server lists it). */
export function certifiesBoxKey(crypto: Crypto, certificate: VerifiedCertificate, publicKey: string): boolean {
  return sameBytes(certificate.boxKey, crypto.fromBase64Url(publicKey));
}

/**
 * Every stored certificate that verifies, one per account: for an account the current signed
 * directory lists, the listed one (an older certificate the server replays never replaces it); for
 * one it no longer lists (disabled), the one stored, so notes written before still check out. One
 * that does not verify is left out: to the console, its account has no certificate.
 */
export async function loadCertificateBook(crypto: Crypto, organisationKey: Uint8Array): Promise<CertificateBook> {
  return (await loadTrusted(crypto, organisationKey)).certificates;
}
