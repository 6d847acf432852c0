// The signed recipient directory on the console: what staff read (the current directory and
// every certificate) and what an administrator's browser publishes. The browser is the authority
// (it signs with the organisation key it holds); the checks here are defence in depth, so nothing
// a careful page would refuse is ever stored, and a refusal stores nothing at all.
import { readCertificate, readDirectory, toBase64Url, type DirectoryClaim, type VerifiedCertificate } from '../../crypto/index.ts';
import type { Conn } from '../../db/database.ts';
import { getAccount, listAccounts, setCertifiedGroups, type StaffAccount } from '../../db/repositories/accounts.ts';
import { getCurrentDirectory, listCertificates, publishDirectory } from '../../db/repositories/directory.ts';
import { getGroup } from '../../db/repositories/groups.ts';
import { getOrganisation } from '../../db/repositories/organisation.ts';
import { getRecoveryKey, recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { errors } from '../http/errors.ts';
import { appendAudit } from '../shared/audit.ts';
import { decodedBytes } from '../shared/bytes.ts';
import type { ConsoleDeps, Staff } from './context.ts';

export type CertifiedAccountInput = { accountId: string; certificate: string };
export type Publication = { directory: string; certificates: readonly CertifiedAccountInput[] };

type CheckedCertificate = { accountId: string; certificate: Buffer; digest: string; boxKey: Buffer; displayName: string; claim: VerifiedCertificate };
/** A publication that passed every check: what publishDirectory stores. */
export type CheckedPublication = { version: number; directory: Buffer; claim: DirectoryClaim; certificates: CheckedCertificate[] };

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined) => a != null && b != null && Buffer.from(a).equals(Buffer.from(b));

/**
 * Stored certificates by account id, each with whether it names the account's current box key
 * (verified with the stored organisation key, so a row swapped in the database does not count).
 */
export function certificateLookup(db: Conn) {
  const organisationKey = getOrganisation(db)?.signingPublicKey;
  const stored = new Map(listCertificates(db).map((c) => [c.accountId, c.certificate]));
  return (account: Pick<StaffAccount, 'id' | 'publicKey'>): { certificate: Buffer | null; namesCurrentKey: boolean } => {
    const certificate = stored.get(account.id) ?? null;
    const claim = certificate && organisationKey ? readCertificate(certificate, organisationKey) : null;
    return { certificate, namesCurrentKey: claim !== null && claim.accountId === account.id && sameBytes(claim.boxKey, account.publicKey) };
  };
}

/**
 * A certificate the browser sent for `accountId`: it verifies with the organisation key, names
 * that account, its stored box key (the recovery key's for 'recovery'), its recorded signing key
 * and its role, and only groups that exist.
 */
function checkCertificate(db: Conn, organisationKey: Uint8Array, input: CertifiedAccountInput, recoveryKey: Uint8Array | undefined): CheckedCertificate {
  const bytes = decodedBytes(input.certificate);
  const claim = bytes ? readCertificate(bytes, organisationKey) : null;
  if (!bytes || !claim) throw errors.directoryInvalid(`The certificate for ${input.accountId} does not verify with the organisation key`);
  if (claim.accountId !== input.accountId) throw errors.directoryInvalid(`The certificate given for ${input.accountId} names another account`);
  for (const groupId of claim.groups) if (!getGroup(db, groupId)) throw errors.directoryInvalid(`The certificate for ${input.accountId} names a group that does not exist`);
  if (input.accountId === recoveryRecipientId) {
    if (claim.role !== 'recovery' || claim.signKey !== null || !sameBytes(claim.boxKey, recoveryKey)) throw errors.directoryInvalid('The recovery certificate does not name the recovery key');
    return { accountId: input.accountId, certificate: bytes, digest: claim.digest, boxKey: Buffer.from(claim.boxKey), displayName: 'Recovery key', claim };
  }
  const account = getAccount(db, input.accountId);
  if (!account) throw errors.directoryInvalid(`No account ${input.accountId}`);
  if (claim.role !== account.role) throw errors.directoryInvalid(`The certificate for ${input.accountId} names another role`);
  if (!sameBytes(claim.boxKey, account.publicKey) || !sameBytes(claim.signKey, account.signingPublicKey)) throw errors.directoryInvalid(`The certificate for ${input.accountId} names keys the account does not have`);
  return { accountId: account.id, certificate: bytes, digest: claim.digest, boxKey: Buffer.from(claim.boxKey), displayName: account.displayName, claim };
}

/**
 * Checks a publication against the stored organisation key and the stored accounts: the directory
 * verifies (format version 1, or 2 with an alternative channel whose texts readDirectory has
 * checked; either may follow the other) and is the next version (else directory.stale); each certificate is checked; every
 * digest the directory lists is a certificate stored (and not replaced now) or given, of the right
 * kind (the recovery key's as `recovery`, no recovery key or disabled account among the members).
 * `recoveryKey` overrides the stored recovery key (setup, before it is stored).
 */
export function checkPublication(db: Conn, organisationKey: Uint8Array, input: Publication, recoveryKey: Uint8Array | undefined = getRecoveryKey(db)?.publicKey): CheckedPublication {
  const directory = decodedBytes(input.directory);
  const claim = directory ? readDirectory(directory, organisationKey) : null;
  if (!directory || !claim) throw errors.directoryInvalid('The directory does not verify with the organisation key');
  if (claim.version !== (getCurrentDirectory(db)?.version ?? 0) + 1) throw errors.directoryStale();
  const given = new Map<string, CheckedCertificate>();
  for (const certificate of input.certificates) {
    if (given.has(certificate.accountId)) throw errors.directoryInvalid(`Two certificates for ${certificate.accountId}`);
    given.set(certificate.accountId, checkCertificate(db, organisationKey, certificate, recoveryKey));
  }
  // Digest → account id, as stored once this publication replaced each account's certificate.
  const known = new Map(listCertificates(db).filter((c) => !given.has(c.accountId)).map((c) => [c.digest, c.accountId]));
  for (const c of given.values()) known.set(c.digest, c.accountId);
  const disabled = new Set(listAccounts(db).filter((a) => a.status === 'disabled').map((a) => a.id));
  if (claim.recovery !== null && known.get(claim.recovery) !== recoveryRecipientId) throw errors.directoryInvalid('The directory names a recovery certificate that is not stored');
  for (const [groupId, digests] of Object.entries(claim.members)) {
    for (const digest of digests) {
      const accountId = known.get(digest);
      if (accountId === undefined) throw errors.directoryInvalid(`The directory lists an unknown certificate in ${groupId}`);
      if (accountId === recoveryRecipientId || disabled.has(accountId)) throw errors.directoryInvalid(`The directory lists a key in ${groupId} that may not receive`);
    }
  }
  return { version: claim.version, directory, claim, certificates: [...given.values()] };
}

/** Stores a checked publication (call in a transaction): certificates, the directory, recipients, memberships. */
export function storePublication(db: Conn, checked: CheckedPublication, publishedBy: string | null, at: Date): void {
  publishDirectory(db, {
    version: checked.version,
    directory: checked.directory,
    certificates: checked.certificates.map(({ accountId, certificate, digest, boxKey, displayName }) => ({ accountId, certificate, digest, boxKey, displayName })),
    publishedBy,
    at,
  });
  // The case queue and group lists follow the groups each certificate names.
  for (const c of checked.certificates) if (c.accountId !== recoveryRecipientId) setCertifiedGroups(db, c.accountId, c.claim.groups);
}

/** The current directory and every stored certificate, so old notes still verify. */
export function describeDirectory(deps: ConsoleDeps) {
  const current = getCurrentDirectory(deps.db);
  return {
    directory: current ? toBase64Url(current.directory) : null,
    certificates: listCertificates(deps.db).map((c) => ({ accountId: c.accountId, certificate: toBase64Url(c.certificate) })),
  };
}

/** An administrator publishes the next directory version their browser signed. Audited as directory.publish. */
export function publishSignedDirectory(deps: ConsoleDeps, staff: Staff, input: Publication): { version: number } {
  const organisation = getOrganisation(deps.db);
  if (!organisation) throw errors.notFound();
  const now = deps.clock();
  return deps.db.transaction((tx) => {
    const checked = checkPublication(tx, organisation.signingPublicKey, input);
    storePublication(tx, checked, staff.id, now);
    appendAudit(tx, now, { actorId: staff.id, action: 'directory.publish', detail: { version: checked.version, certificates: checked.certificates.map((c) => c.accountId) } });
    return { version: checked.version };
  });
}
