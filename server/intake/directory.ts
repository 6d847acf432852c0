// What the intake needs on every report — the signed directory and the certificates it lists,
// both verified with the stored organisation key, and the deadline settings — kept in memory and
// reloaded only when the database's directory revision moved (any change to the organisation,
// settings, groups, recipients, certificates or directories, from any connection or process,
// bumps it). One indexed single-row read per request instead of several queries and signature checks.
import { readCertificate, readDirectory, routeReport, type DirectoryClaim, type Route, type VerifiedCertificate } from '../../crypto/index.ts';
import type { Db } from '../../db/database.ts';
import { certificatesByDigest, getCurrentDirectory } from '../../db/repositories/directory.ts';
import { getDirectoryRevision, getOrganisation, type OrganisationRecord } from '../../db/repositories/organisation.ts';
import { loadDueDays, type DueDays } from '../shared/settings.ts';

export type SignedDirectory = { bytes: Buffer; claim: DirectoryClaim };

export type DirectorySnapshot = {
  revision: number;
  organisation: OrganisationRecord | undefined;
  /** The current directory, when it verifies with the stored organisation key; else null (nothing is routed). */
  signed: SignedDirectory | null;
  /** Which group and exactly which certified keys a report must be encrypted to: crypto's routeReport, as the page runs it. */
  route: (report: { region: string; category: string }) => Route;
  /** The verified certificates the directory lists for a group, then the recovery key's (none without a directory). */
  certificatesOf: (groupId: string) => readonly VerifiedCertificate[];
  /** Due days of a case received on `receivedDay` in `category`, under the current settings. */
  deadlines: DueDays;
};

/** Every digest the directory names: members of all groups and the recovery key. */
function listedDigests(claim: DirectoryClaim): string[] {
  return [...Object.values(claim.members).flat(), ...(claim.recovery === null ? [] : [claim.recovery])];
}

/**
 * The stored directory and its certificates, each verified with the stored organisation key. A
 * certificate row counts only if its bytes verify and hash to a digest the directory lists, so a
 * row added or edited in the database is never routed to nor served.
 */
function verifiedDirectory(db: Db, organisation: OrganisationRecord | undefined): { signed: SignedDirectory; certificates: Map<string, VerifiedCertificate> } | null {
  const stored = organisation && getCurrentDirectory(db);
  if (!organisation || !stored) return null;
  const claim = readDirectory(stored.directory, organisation.signingPublicKey);
  if (claim === null) return null;
  const listed = new Set(listedDigests(claim));
  const certificates = new Map<string, VerifiedCertificate>();
  for (const row of certificatesByDigest(db, [...listed])) {
    const verified = readCertificate(row.certificate, organisation.signingPublicKey);
    if (verified !== null && listed.has(verified.digest)) certificates.set(verified.digest, verified);
  }
  return { signed: { bytes: stored.directory, claim }, certificates };
}

const noRoute: Route = { ok: false, reason: 'no_recipients' };

function load(db: Db, revision: number): DirectorySnapshot {
  const organisation = getOrganisation(db);
  const verified = verifiedDirectory(db, organisation);
  const all = verified === null ? [] : [...verified.certificates.values()];
  const routes = new Map<string, Route>();
  const byGroup = new Map<string, readonly VerifiedCertificate[]>();
  return {
    revision,
    organisation,
    signed: verified?.signed ?? null,
    route: (report) => {
      if (verified === null) return noRoute;
      const key = `${report.region}|${report.category}`;
      let found = routes.get(key);
      if (!found) routes.set(key, (found = routeReport(verified.signed.claim, all, report)));
      return found;
    },
    certificatesOf: (groupId) => {
      if (verified === null) return [];
      const { claim } = verified.signed;
      // Cached only for groups the directory names: any other id (the query's choice) shares one entry.
      const key = Object.hasOwn(claim.members, groupId) ? groupId : '';
      let found = byGroup.get(key);
      if (!found) {
        const digests = [...(key === '' ? [] : (claim.members[key] ?? [])), ...(claim.recovery === null ? [] : [claim.recovery])];
        found = [...new Set(digests)].flatMap((digest) => verified.certificates.get(digest) ?? []);
        byGroup.set(key, found);
      }
      return found;
    },
    deadlines: loadDueDays(db),
  };
}

/** A reader of the directory that reloads it whenever the revision moved. */
export function createDirectory(db: Db): { current: () => DirectorySnapshot } {
  let snapshot: DirectorySnapshot | undefined;
  return {
    current: () => {
      const revision = getDirectoryRevision(db);
      if (snapshot?.revision !== revision) snapshot = load(db, revision);
      return snapshot;
    },
  };
}
