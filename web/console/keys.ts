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

/** A new account's keys: an X25519 key pair, its private key wrapped under the passphrase, and the authValue from the same salt. */
export function newAccountKeys(c: Crypto, passphrase: string) {
  const keyPair = c.generateBoxKeyPair();
  const keyEnvelope = c.wrapWithPassphrase(keyPair.privateKey, passphrase);
  const { authValue, wrappingKey } = c.deriveFromPassphrase(passphrase, c.passphraseEnvelopeSalt(keyEnvelope));
  wrappingKey.fill(0);
  return { keyPair, keyEnvelope, authValue };
}

/** A new staff account id, chosen in the browser at setup: 9 random bytes, 12 base64url characters. */
export function newAccountId(c: Crypto): string {
  return c.toBase64Url(c.randomBytes(9));
}

/** What the setup screen sends, all made here: the organisation key, the admin's keys, the recovery key. */
export function newOrganisationKeys(c: Crypto, passphrase: string, adminRecipientId: string) {
  const signing = c.generateSigningKeyPair();
  const wrappedSigningKey = c.wrapWithPassphrase(signing.privateKey, passphrase);
  const admin = newAccountKeys(c, passphrase);
  const recovery = c.generateBoxKeyPair();
  const recoverySignature = c.signRecipientKey({ recipientId: 'recovery', publicKey: recovery.publicKey }, signing.privateKey);
  const adminSignature = c.signRecipientKey({ recipientId: adminRecipientId, publicKey: admin.keyPair.publicKey }, signing.privateKey);
  signing.privateKey.fill(0);
  return { signing, wrappedSigningKey, admin, recovery, recoverySignature, adminSignature };
}

/** Private key in base64url, grouped by four characters for reading aloud and writing down. */
export function groupKey(text: string): string[] {
  return text.match(/.{1,4}/g) ?? [];
}

/** Reads a typed recovery key: base64url with any spaces or line breaks; null unless it is 32 bytes. */
export function readRecoveryKey(c: Crypto, typed: string): Uint8Array | null {
  const compact = typed.replace(/\s+/g, '');
  try {
    const bytes = c.fromBase64Url(compact);
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

// The signed-in person's key pair: in this module's memory only, never in storage or the DOM.
let held: KeyPair | null = null;

export function holdKeyPair(keyPair: KeyPair | null): void {
  if (held !== null) held.privateKey.fill(0);
  held = keyPair;
}

export function heldKeyPair(): KeyPair | null {
  return held;
}
