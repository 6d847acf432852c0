// The signed directory as an administrator's browser keeps it, for tests that need people who
// receive reports: certificates issued and directory versions signed with the organisation key
// the test holds, stored through the repository (db/repositories/directory.ts) as the console's
// publish route stores them. And the reporter page's side: route a report over the directory
// and certificates the server serves, verified with the key the page was given, then seal it.
import type { FastifyInstance } from 'fastify';
import {
  certificateDigest,
  fromBase64Url,
  issueCertificate,
  readCertificate,
  readDirectory,
  routedGroup,
  routeReport,
  signDirectory,
  type CertificateRole,
  type DirectoryClaim,
  type KeyPair,
  type Route,
} from '../../crypto/index.ts';
import type { Conn } from '../../db/database.ts';
import { getCurrentDirectory, listCertificates, publishDirectory, type PublishedCertificate } from '../../db/repositories/directory.ts';
import { groupMembers } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { firstDirectory } from '../../server/admin/directory.ts';

/** The day certificates and directories of tests are issued. */
export const issuedDay = '2026-11-01';

/** Who holds a certified key: an account id, its box key pair and (but for the recovery key) its signing key pair. */
export type Holder = { id: string; keys: KeyPair; signingKeys: KeyPair | null; role: CertificateRole; displayName?: string };

/** The current directory's claim verified with `organisationKey`, or an organisation's first (version 0: nothing published). */
export function currentClaim(db: Conn, organisationKey: Uint8Array): DirectoryClaim {
  const stored = getCurrentDirectory(db);
  if (!stored) return { ...firstDirectory(issuedDay), version: 0 };
  const claim = readDirectory(stored.directory, organisationKey);
  if (!claim) throw new Error('the stored directory does not verify with the organisation key the test holds');
  return claim;
}

export function issueFor(holder: Holder, groups: readonly string[], organisation: KeyPair): Uint8Array {
  return issueCertificate(
    { accountId: holder.id, boxKey: holder.keys.publicKey, signKey: holder.signingKeys?.publicKey ?? null, role: holder.role, groups: [...groups], issuedDay },
    organisation.privateKey,
  );
}

/** Signs `claim` (version: the next one unless given) and stores it with `certificates`; returns the version. */
export function publishClaim(db: Conn, organisation: KeyPair, claim: Omit<DirectoryClaim, 'version'> & { version?: number }, certificates: PublishedCertificate[] = [], signingKey = organisation.privateKey): number {
  const version = claim.version ?? (getCurrentDirectory(db)?.version ?? 0) + 1;
  publishDirectory(db, { version, directory: Buffer.from(signDirectory({ ...claim, version }, signingKey)), certificates, publishedBy: null, at: new Date() });
  return version;
}

function stored(holder: Holder, certificate: Uint8Array): PublishedCertificate {
  return { accountId: holder.id, certificate: Buffer.from(certificate), digest: certificateDigest(certificate), boxKey: Buffer.from(holder.keys.publicKey), displayName: holder.displayName ?? holder.id };
}

/**
 * Certifies `holder` for `groups` and publishes the next directory version with its digest in
 * those groups, in place of its earlier certificate's (an analyst is certified but listed nowhere).
 * Group memberships follow, so the console shows it the groups' cases.
 */
export function certifyMember(db: Conn, organisation: KeyPair, holder: Holder, groups: readonly string[]): Uint8Array {
  const certificate = issueFor(holder, groups, organisation);
  const digest = certificateDigest(certificate);
  const current = currentClaim(db, organisation.publicKey);
  const previous = listCertificates(db).find((c) => c.accountId === holder.id)?.digest;
  const members: Record<string, string[]> = {};
  for (const [groupId, digests] of Object.entries(current.members)) {
    const kept = digests.filter((d) => d !== previous);
    if (kept.length > 0) members[groupId] = kept;
  }
  if (holder.role !== 'analyst') for (const groupId of groups) members[groupId] = [...new Set([...(members[groupId] ?? []), digest])].sort();
  db.transaction((tx) => {
    publishClaim(tx, organisation, { ...current, version: current.version + 1, members }, [stored(holder, certificate)]);
    tx.delete(groupMembers).where(eq(groupMembers.recipientId, holder.id)).run();
    for (const groupId of groups) tx.insert(groupMembers).values({ groupId, recipientId: holder.id }).run();
  });
  return certificate;
}

/** The groups the console certifies the recovery key for: every region group and the fallback, never an exclusive one. */
export function recoveryGroups(claim: DirectoryClaim): string[] {
  return [...new Set([...Object.values(claim.routing.regions), claim.routing.fallback])].sort();
}

/** Certifies the recovery key and publishes the next directory version naming it. */
export function certifyRecoveryKey(db: Conn, organisation: KeyPair, recovery: KeyPair): Uint8Array {
  const current = currentClaim(db, organisation.publicKey);
  const holder: Holder = { id: 'recovery', keys: recovery, signingKeys: null, role: 'recovery', displayName: 'Recovery key' };
  const certificate = issueFor(holder, recoveryGroups(current), organisation);
  publishClaim(db, organisation, { ...current, version: current.version + 1, recovery: certificateDigest(certificate) }, [stored(holder, certificate)]);
  return certificate;
}

/** A route as the reporter page computes it: from what the server serves, trusting only `organisationKey`. */
export type PageRoute = { ok: true; route: Extract<Route, { ok: true }>; directoryVersion: number } | { ok: false; why: string };

/** GETs the directory and the group's certificates from `app` and routes the report the way the page does. */
export async function routeAsPage(app: Pick<FastifyInstance, 'inject'>, organisationKey: Uint8Array, report: { region: string; category: string }): Promise<PageRoute> {
  const answer = (await app.inject({ method: 'GET', url: '/api/v1/directory' })).json<{ directory: string | null }>();
  return routeFrom(organisationKey, report, answer.directory, async (group) => (await app.inject({ method: 'POST', url: '/api/v1/certificates', payload: { group } })).json<{ certificates: string[] }>().certificates);
}

/** The same over HTTP against a running server. */
export async function routeAsPageOver(baseUrl: string, organisationKey: Uint8Array | null, report: { region: string; category: string }, headers: Record<string, string> = {}): Promise<PageRoute> {
  const answer = (await (await fetch(`${baseUrl}/api/v1/directory`, { headers })).json()) as { organisationKey: string; directory: string | null };
  const key = organisationKey ?? fromBase64Url(answer.organisationKey);
  return routeFrom(key, report, answer.directory, async (group) => ((await (await fetch(`${baseUrl}/api/v1/certificates`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ group }) })).json()) as { certificates: string[] }).certificates);
}

async function routeFrom(organisationKey: Uint8Array, report: { region: string; category: string }, directory: string | null, fetchCertificates: (group: string) => Promise<string[]>): Promise<PageRoute> {
  const claim = directory === null ? null : readDirectory(fromBase64Url(directory), organisationKey);
  if (claim === null) return { ok: false, why: directory === null ? 'no directory' : 'the directory does not verify' };
  const group = routedGroup(claim, report);
  if (group === null) return { ok: false, why: 'no group has members' };
  const certificates = (await fetchCertificates(group)).flatMap((text) => readCertificate(fromBase64Url(text), organisationKey) ?? []);
  const route = routeReport(claim, certificates, report);
  return route.ok ? { ok: true, route, directoryVersion: claim.version } : { ok: false, why: 'no eligible certificate' };
}
