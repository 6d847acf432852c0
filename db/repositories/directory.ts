// The signed recipient directory and the certificates it lists (crypto/directory.ts,
// crypto/certificate.ts): both made and signed in an administrator's browser, stored here as
// bytes. Nothing here verifies a signature: the console's publish route checks before storing,
// the intake (server/intake/directory.ts) before routing, and reporters' pages before sealing.
import { desc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { certificates, recipients, signedDirectories } from '../schema.ts';

export type StoredCertificate = { accountId: string; certificate: Buffer; digest: string };

/** A certificate to store with what its recipients row needs (report_key_wraps refer to it). */
export type PublishedCertificate = StoredCertificate & { boxKey: Buffer; displayName: string };

export type Publication = {
  version: number;
  directory: Buffer;
  /** The new or re-issued certificates; each replaces its account's previous one. */
  certificates: readonly PublishedCertificate[];
  publishedBy: string | null;
  at: Date;
};

/** Another directory version was stored meanwhile: `version` is no longer the next one. */
export class DirectoryStaleError extends Error {
  readonly current: number | null;
  constructor(current: number | null) {
    super(`directory version ${current === null ? 'none' : current} is current; publish ${current === null ? 1 : current + 1}`);
    this.name = 'DirectoryStaleError';
    this.current = current;
  }
}

/** The directory with the highest version, if any was published. */
export function getCurrentDirectory(db: Conn): { version: number; directory: Buffer } | undefined {
  return db
    .select({ version: signedDirectories.version, directory: signedDirectories.directory })
    .from(signedDirectories)
    .orderBy(desc(signedDirectories.version))
    .limit(1)
    .get();
}

/** Every stored certificate: staff accounts' (disabled ones too) and the recovery key's. */
export function listCertificates(db: Conn): StoredCertificate[] {
  return db
    .select({ accountId: certificates.accountId, certificate: certificates.certificate, digest: certificates.digest })
    .from(certificates)
    .orderBy(certificates.accountId)
    .all();
}

/** SQLite takes at most 32,766 bound values; directories list far fewer, but stay well under. */
const digestsPerQuery = 500;

/** The stored certificates whose digest column is one of `digests` (the caller verifies the bytes). */
export function certificatesByDigest(db: Conn, digests: readonly string[]): StoredCertificate[] {
  const unique = [...new Set(digests)];
  const found: StoredCertificate[] = [];
  for (let i = 0; i < unique.length; i += digestsPerQuery) {
    found.push(
      ...db
        .select({ accountId: certificates.accountId, certificate: certificates.certificate, digest: certificates.digest })
        .from(certificates)
        .where(inArray(certificates.digest, unique.slice(i, i + digestsPerQuery)))
        .all(),
    );
  }
  return found.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

/**
 * Stores a new directory version with its new certificates, in one transaction. Throws
 * DirectoryStaleError unless `version` is the current one plus one (1 when none): of two
 * administrators publishing at once, one gets to sign again on the other's directory.
 * Each certified key is also a `recipients` row (same id, its box key), which the key wraps of
 * stored reports refer to; its key_signature column holds the certificate.
 */
export function publishDirectory(db: Conn, input: Publication): void {
  db.transaction((tx) => {
    const current = getCurrentDirectory(tx)?.version ?? null;
    if (input.version !== (current ?? 0) + 1) throw new DirectoryStaleError(current);
    const at = input.at.toISOString();
    for (const c of input.certificates) {
      // A re-issued certificate replaces the account's previous one (and frees its digest).
      tx.delete(certificates).where(eq(certificates.accountId, c.accountId)).run();
      tx.insert(certificates).values({ accountId: c.accountId, certificate: c.certificate, digest: c.digest, issuedAt: at }).run();
      tx.insert(recipients)
        .values({ id: c.accountId, displayName: c.displayName, publicKey: c.boxKey, keySignature: c.certificate, wrappedPrivateKey: Buffer.alloc(0), createdDay: at.slice(0, 10) })
        .onConflictDoUpdate({ target: recipients.id, set: { displayName: c.displayName, publicKey: c.boxKey, keySignature: c.certificate } })
        .run();
    }
    tx.insert(signedDirectories).values({ version: input.version, directory: input.directory, publishedAt: at, publishedBy: input.publishedBy }).run();
  });
}
