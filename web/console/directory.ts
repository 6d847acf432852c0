// The signed recipient directory, made in the administrator's browser: which certified keys receive
// for which group, and the routing table. The server stores and serves it; what it says about
// accounts, groups and roles is only a proposal the administrator reviews here (planDirectory lists
// every change), and keys are certified only after their confirmation code was read out.
// Rules (crypto/directory.ts's routeReport reads them the same way):
// - members: active inspectors and administrators with a certificate, per the groups it names;
// - the anti-corruption group (routing.exclusive) lists only inspectors whose certificate names that
//   group alone: never an administrator, never a key that can receive anything else;
// - the recovery key is certified for every region group and the fallback, never an exclusive group.
import type { Account, ConsoleDirectory } from '../../contract/console-api.ts';
import type { Channel } from '../../crypto/index.ts';
import { issueDay, sameBytes, TrustError, type CertificateClaim, type Crypto, type DirectoryClaim, type RoutingTable, type VerifiedCertificate } from './keys.ts';

/** The recovery key's account id in certificates and directories. */
export const recoveryAccountId = 'recovery';
/** The category whose reports only the anti-corruption group may receive (db/catalog.ts inspectorCorruptionCategory). */
const exclusiveCategory = 'inspector_corruption';
/** The default groups' ids (server/domain/groups.ts, from db/data/recipient-groups.json): the routing of the first directory. */
const defaultGroupIds = { region: (kato: string) => `region-${kato}`, national: 'national', antiCorruption: 'anti-corruption' } as const;

const receivingRoles: ReadonlySet<string> = new Set(['inspector', 'admin']);

/** The routing table of the groups every organisation starts with (setup, before any group exists). */
export function defaultRouting(regionPrefixes: readonly string[]): RoutingTable {
  return {
    regions: Object.fromEntries(regionPrefixes.map((kato) => [kato, defaultGroupIds.region(kato)])),
    fallback: defaultGroupIds.national,
    exclusive: { [exclusiveCategory]: defaultGroupIds.antiCorruption },
  };
}

/** The groups the recovery key is certified for: every region group and the fallback, no exclusive group. */
export function recoveryGroups(routing: RoutingTable): string[] {
  const exclusive = new Set(Object.values(routing.exclusive));
  return sortedUnique([...Object.values(routing.regions), routing.fallback].filter((g) => !exclusive.has(g)));
}

/** What the server stores, believed only as far as the anchored organisation key's signatures go. */
export type Trusted = {
  current: DirectoryClaim | null;
  /**
   * Verified certificates by account id ('recovery' included); one that does not verify is left out.
   * For an account the current directory lists, the listed certificate (an older one the server
   * replays beside it never takes its place).
   */
  certificates: Map<string, VerifiedCertificate>;
  byDigest: Map<string, VerifiedCertificate>;
  /** Every certificate digest the current directory lists (members and the recovery key). */
  listed: ReadonlySet<string>;
};

/** Every digest a directory lists: its members' and the recovery key's. */
export function listedDigests(directory: DirectoryClaim | null): Set<string> {
  if (directory === null) return new Set();
  return new Set([...Object.values(directory.members).flat(), ...(directory.recovery === null ? [] : [directory.recovery])]);
}

/**
 * Reads the server's directory and certificates with the anchored key. Stops (directory_invalid)
 * when the directory does not verify, or when a certificate it lists is missing or broken: a server
 * that withheld one would otherwise have the next signing drop that reader, or certify a recovery
 * key of its own. Stops (directory_stale) when the directory is older than one this browser has
 * seen, or missing after one was seen (`seenVersion`): a server cannot replay an old one.
 */
export function readTrusted(c: Crypto, organisationKey: Uint8Array, answer: ConsoleDirectory, seenVersion: number | null = null): Trusted {
  const current = answer.directory === null ? null : c.readDirectory(c.fromBase64Url(answer.directory), organisationKey);
  if (answer.directory !== null && current === null) throw new TrustError('directory_invalid');
  if (seenVersion !== null && (current === null || current.version < seenVersion)) throw new TrustError('directory_stale');
  const listed = listedDigests(current);
  const certificates = new Map<string, VerifiedCertificate>();
  const byDigest = new Map<string, VerifiedCertificate>();
  for (const entry of answer.certificates) {
    const certificate = c.readCertificate(c.fromBase64Url(entry.certificate), organisationKey);
    if (certificate === null || certificate.accountId !== entry.accountId) continue;
    byDigest.set(certificate.digest, certificate);
    if (!listed.has(certificates.get(entry.accountId)?.digest ?? '')) certificates.set(entry.accountId, certificate);
  }
  for (const digest of listed) if (!byDigest.has(digest)) throw new TrustError('directory_invalid');
  const recoveryDigest = current?.recovery ?? null;
  const recovery = recoveryDigest === null ? null : byDigest.get(recoveryDigest);
  if (recovery !== null && (recovery?.accountId !== recoveryAccountId || recovery.role !== 'recovery')) throw new TrustError('directory_invalid');
  return { current, certificates, byDigest, listed };
}

/** The recovery certificate the current directory names (never one the server merely serves), or null. */
function listedRecovery(trusted: Trusted): VerifiedCertificate | null {
  const digest = trusted.current?.recovery ?? null;
  return digest === null ? null : (trusted.byDigest.get(digest) ?? null);
}

/** How an account's key stands before the next directory. */
export type Standing =
  /** Its certificate names its current keys, role and groups: kept as it is. */
  | { kind: 'certified'; certificate: VerifiedCertificate }
  /** Same keys, but role or groups changed: re-issued without a new code (the key did not change). */
  | { kind: 'reissue'; claim: CertificateClaim }
  /** A key no certificate names yet (new, or replaced): certified only with its confirmation code. */
  | { kind: 'needs_code'; claim: CertificateClaim }
  /** A legacy account that has not signed in since keys got a signing half: nothing to certify yet. */
  | { kind: 'not_upgraded' }
  /** Disabled, an analyst, or no key: receives nothing. */
  | { kind: 'inactive' };

export function standing(c: Crypto, account: Account, trusted: Trusted, today: string): Standing {
  if (account.status !== 'active' || !receivingRoles.has(account.role) || account.keyState === 'none') return { kind: 'inactive' };
  if (account.signingKey === null) return { kind: 'not_upgraded' };
  const boxKey = c.fromBase64Url(account.publicKey);
  const signKey = c.fromBase64Url(account.signingKey);
  const claim: CertificateClaim = {
    accountId: account.id,
    boxKey,
    signKey,
    role: account.role,
    groups: sortedUnique(account.groups),
    issuedDay: today,
  };
  const held = currentCertificate(trusted, account.id);
  if (held === undefined || held.signKey === null || !sameBytes(held.boxKey, boxKey) || !sameBytes(held.signKey, signKey)) return { kind: 'needs_code', claim };
  if (held.role === claim.role && sameList(held.groups, claim.groups)) return { kind: 'certified', certificate: held };
  return { kind: 'reissue', claim };
}

/**
 * The account's certificate if it still counts: once a directory exists, only the one it lists (or
 * one naming no groups, which lists nothing). An older certificate the server replays, or the one
 * of an account disabled and switched back on, counts as none: the key needs its code again.
 */
function currentCertificate(trusted: Trusted, accountId: string): VerifiedCertificate | undefined {
  const held = trusted.certificates.get(accountId);
  if (held === undefined || trusted.current === null) return held;
  return trusted.listed.has(held.digest) || held.groups.length === 0 ? held : undefined;
}

/** A change the next directory makes, for the administrator to review before signing. */
export type Change =
  /** withCode: a new key, which joins only if its confirmation code is typed and matches. */
  | { kind: 'joins'; accountId: string; groupId: string; withCode?: true }
  | { kind: 'leaves'; accountId: string; groupId: string }
  | { kind: 'role'; accountId: string; from: string; to: string }
  | { kind: 'excluded'; accountId: string; groupId: string }
  | { kind: 'recovery' };

export type Plan = {
  routing: RoutingTable;
  standings: Map<string, Standing>;
  /** Accounts whose keys wait for a confirmation code. */
  awaitingCode: Account[];
  notUpgraded: Account[];
  /** What signing would change, for review; a new key's groups are listed as joins withCode. */
  changes: Change[];
  /** Whether anything is there to sign: no directory yet, a change, or a key waiting. */
  needed: boolean;
};

/** Receiving membership: account id → the groups it receives for, by the rules above. */
type Membership = Map<string, { role: string; groups: string[] }>;

function eligibleGroups(routing: RoutingTable, role: string, groups: readonly string[]): string[] {
  const exclusive = new Set(Object.values(routing.exclusive));
  return groups.filter((g) => !exclusive.has(g) || (role === 'inspector' && groups.length === 1));
}

function currentMembership(trusted: Trusted): Membership {
  const members: Membership = new Map();
  for (const [groupId, digests] of Object.entries(trusted.current?.members ?? {})) {
    for (const digest of digests) {
      const certificate = trusted.byDigest.get(digest);
      if (certificate === undefined) continue;
      const entry = members.get(certificate.accountId) ?? { role: certificate.role, groups: [] };
      entry.groups.push(groupId);
      members.set(certificate.accountId, entry);
    }
  }
  return members;
}

/**
 * What the next directory would hold and change, before any code is typed. `firstRouting` is the
 * routing of a first directory (defaultRouting from the catalogue); once one is signed, the signed
 * routing stays: the server's group rows never route reports.
 */
export function planDirectory(c: Crypto, accounts: readonly Account[], firstRouting: RoutingTable, trusted: Trusted, recoveryPublicKey: Uint8Array | null, today = issueDay()): Plan {
  const routing = trusted.current?.routing ?? firstRouting;
  const standings = new Map(accounts.map((a) => [a.id, standing(c, a, trusted, today)]));
  const before = currentMembership(trusted);
  const after: Membership = new Map();
  const changes: Change[] = [];
  for (const account of accounts) {
    const s = standings.get(account.id);
    if (s?.kind !== 'certified' && s?.kind !== 'reissue') continue;
    const groupsNamed = s.kind === 'certified' ? s.certificate.groups : s.claim.groups;
    const receiving = eligibleGroups(routing, account.role, groupsNamed);
    for (const g of groupsNamed) if (!receiving.includes(g)) changes.push({ kind: 'excluded', accountId: account.id, groupId: g });
    after.set(account.id, { role: account.role, groups: receiving });
  }
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(id);
    const will = after.get(id);
    for (const g of will?.groups ?? []) if (!(was?.groups ?? []).includes(g)) changes.push({ kind: 'joins', accountId: id, groupId: g });
    for (const g of was?.groups ?? []) if (!(will?.groups ?? []).includes(g)) changes.push({ kind: 'leaves', accountId: id, groupId: g });
    if (was !== undefined && will !== undefined && was.role !== will.role) changes.push({ kind: 'role', accountId: id, from: was.role, to: will.role });
  }
  // A new key's role and groups come from the server's rows too: reviewed beside its code.
  for (const account of accounts) {
    const s = standings.get(account.id);
    if (s?.kind !== 'needs_code') continue;
    const receiving = eligibleGroups(routing, s.claim.role, s.claim.groups);
    for (const g of s.claim.groups) changes.push(receiving.includes(g) ? { kind: 'joins', accountId: account.id, groupId: g, withCode: true } : { kind: 'excluded', accountId: account.id, groupId: g });
  }
  if (recoveryNeedsIssue(trusted, routing, recoveryPublicKey)) changes.push({ kind: 'recovery' });
  const awaitingCode = accounts.filter((a) => standings.get(a.id)?.kind === 'needs_code');
  const notUpgraded = accounts.filter((a) => standings.get(a.id)?.kind === 'not_upgraded');
  return { routing, standings, awaitingCode, notUpgraded, changes, needed: trusted.current === null || awaitingCode.length > 0 || changesNeedSigning(changes) };
}

/** Whether the changes alone call for a new version (a new key's joins wait for its code). */
export function changesNeedSigning(changes: readonly Change[]): boolean {
  return changes.some((ch) => ch.kind !== 'excluded' && !(ch.kind === 'joins' && ch.withCode === true));
}

function recoveryNeedsIssue(trusted: Trusted, routing: RoutingTable, recoveryPublicKey: Uint8Array | null): boolean {
  if (trusted.current === null) return recoveryPublicKey !== null;
  const held = listedRecovery(trusted);
  return held !== null && !sameList(held.groups, recoveryGroups(routing));
}

export type SignedDirectory = { directory: Uint8Array; version: number; certificates: { accountId: string; certificate: Uint8Array }[] };

/**
 * Issues the certificates the plan needs (codes confirmed for `confirmed` account ids) and signs
 * the next directory version. organisationPrivateKey has been checked against the anchored key.
 */
export function signNextDirectory(
  c: Crypto,
  input: { plan: Plan; trusted: Trusted; confirmed: ReadonlySet<string>; recoveryPublicKey: Uint8Array | null; organisationPrivateKey: Uint8Array; today?: string },
): SignedDirectory {
  const { plan, trusted, confirmed, organisationPrivateKey } = input;
  const today = input.today ?? issueDay();
  const issued: SignedDirectory['certificates'] = [];
  const members: Record<string, string[]> = {};
  const list = (groupId: string, digest: string) => (members[groupId] ??= []).push(digest);

  for (const [accountId, s] of plan.standings) {
    let certificate: VerifiedCertificate;
    if (s.kind === 'certified') certificate = s.certificate;
    else if (s.kind === 'reissue' || (s.kind === 'needs_code' && confirmed.has(accountId))) {
      const bytes = c.issueCertificate({ ...s.claim, issuedDay: today }, organisationPrivateKey);
      issued.push({ accountId, certificate: bytes });
      certificate = { ...s.claim, issuedDay: today, bytes, digest: c.certificateDigest(bytes) };
    } else continue;
    for (const g of eligibleGroups(plan.routing, certificate.role, certificate.groups)) list(g, certificate.digest);
  }

  const recovery = recoveryCertificate(c, trusted, plan.routing, input.recoveryPublicKey, organisationPrivateKey, today);
  if (recovery?.issued === true) issued.push({ accountId: recoveryAccountId, certificate: recovery.bytes });
  const version = (trusted.current?.version ?? 0) + 1;
  const claim: DirectoryClaim = {
    version,
    issuedDay: today,
    routing: plan.routing,
    members: Object.fromEntries(Object.entries(members).map(([g, digests]) => [g, sortedUnique(digests)])),
    recovery: recovery?.digest ?? null,
    // The alternative channel is changed only on its own (directoryWithChannel): signing members keeps it.
    channel: trusted.current?.channel ?? null,
  };
  return { directory: c.signDirectory(claim, organisationPrivateKey), version, certificates: issued };
}

/**
 * The recovery key's certificate: the one the current directory lists, kept when it names the right
 * groups, else re-issued for the key it names. The server's recovery public key is certified only
 * when no directory was ever signed (an installation from before certificates); the signing screen
 * shows its fingerprint first. A server that withholds the listed certificate was stopped by readTrusted.
 */
function recoveryCertificate(
  c: Crypto,
  trusted: Trusted,
  routing: RoutingTable,
  serverKey: Uint8Array | null,
  organisationPrivateKey: Uint8Array,
  today: string,
): { bytes: Uint8Array; digest: string; issued: boolean } | null {
  const held = listedRecovery(trusted);
  const groups = recoveryGroups(routing);
  if (held !== null && sameList(held.groups, groups)) return { bytes: held.bytes, digest: held.digest, issued: false };
  const boxKey = trusted.current === null ? serverKey : (held?.boxKey ?? null);
  if (boxKey === null) return null;
  const bytes = c.issueCertificate({ accountId: recoveryAccountId, boxKey, signKey: null, role: 'recovery', groups, issuedDay: today }, organisationPrivateKey);
  return { bytes, digest: c.certificateDigest(bytes), issued: true };
}

/**
 * Setup: the administrator's and the recovery key's certificates and the first directory version
 * the console signs: version 1 (nobody receives yet), or, adopting an organisation the command line
 * made, the CLI's directory (verified) with the new recovery key, one version on.
 */
export function foundingDirectory(
  c: Crypto,
  input: {
    organisationPrivateKey: Uint8Array;
    adminId: string;
    adminBoxKey: Uint8Array;
    adminSignKey: Uint8Array;
    recoveryPublicKey: Uint8Array;
    routing: RoutingTable;
    previous?: DirectoryClaim | null;
    today?: string;
  },
) {
  const today = input.today ?? issueDay();
  const adminCertificate = c.issueCertificate(
    { accountId: input.adminId, boxKey: input.adminBoxKey, signKey: input.adminSignKey, role: 'admin', groups: [], issuedDay: today },
    input.organisationPrivateKey,
  );
  const recoveryCertificate = c.issueCertificate(
    { accountId: recoveryAccountId, boxKey: input.recoveryPublicKey, signKey: null, role: 'recovery', groups: recoveryGroups(input.routing), issuedDay: today },
    input.organisationPrivateKey,
  );
  const previous = input.previous ?? null;
  const directory = c.signDirectory(
    {
      version: (previous?.version ?? 0) + 1,
      issuedDay: today,
      routing: input.routing,
      members: previous?.members ?? {},
      recovery: c.certificateDigest(recoveryCertificate),
      channel: previous?.channel ?? null,
    },
    input.organisationPrivateKey,
  );
  return { adminCertificate, recoveryCertificate, directory };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * The next version of the current directory with one account's keys taken out of every group, and
 * nothing else changed: disabling someone publishes exactly that, not any other pending change.
 */
export function directoryWithout(c: Crypto, trusted: Trusted, accountId: string, organisationPrivateKey: Uint8Array, today = issueDay()): SignedDirectory | null {
  const current = trusted.current;
  if (current === null) return null;
  const theirs = (digest: string) => trusted.byDigest.get(digest)?.accountId === accountId;
  const members: Record<string, string[]> = {};
  for (const [groupId, digests] of Object.entries(current.members)) {
    const kept = digests.filter((d) => !theirs(d));
    if (kept.length > 0) members[groupId] = kept;
  }
  const version = current.version + 1;
  return { directory: c.signDirectory({ ...current, version, issuedDay: today, members }, organisationPrivateKey), version, certificates: [] };
}

/** Whether the current directory lets this account receive anything. */
export function isListed(trusted: Trusted, accountId: string): boolean {
  return Object.values(trusted.current?.members ?? {}).some((digests) => digests.some((d) => trusted.byDigest.get(d)?.accountId === accountId));
}

/**
 * The next version of the current directory with the alternative channel replaced (null: none),
 * and nothing else changed: pending member changes still wait for their own review. Null when no
 * directory was ever signed.
 */
export function directoryWithChannel(c: Crypto, trusted: Trusted, channel: Channel | null, organisationPrivateKey: Uint8Array, today = issueDay()): SignedDirectory | null {
  const current = trusted.current;
  if (current === null) return null;
  const version = current.version + 1;
  return { directory: c.signDirectory({ ...current, version, issuedDay: today, channel }, organisationPrivateKey), version, certificates: [] };
}

/** What the administrator typed for the alternative channel, per language. */
export type ChannelDraft = Record<keyof Channel, string>;
/** Why one language's text cannot be signed: left empty while another is filled, too long, or holding a control character. */
export type ChannelProblem = 'missing' | 'long' | 'control';
export type ChannelReading = { ok: true; channel: Channel | null } | { ok: false; problems: Partial<Record<keyof Channel, ChannelProblem>> };

/**
 * The channel to sign from what was typed, by crypto/directory.ts's rules: each text trimmed, 1 to
 * `maxChars` UTF-16 code units (as a textarea's maxlength counts), no control character but the
 * line feed. All three left empty: no channel (null).
 */
export function readChannelDraft(draft: ChannelDraft, maxChars: number): ChannelReading {
  const texts: Channel = { kk: cleanChannelText(draft.kk), ru: cleanChannelText(draft.ru), en: cleanChannelText(draft.en) };
  if (texts.kk === '' && texts.ru === '' && texts.en === '') return { ok: true, channel: null };
  const problems: Partial<Record<keyof Channel, ChannelProblem>> = {};
  for (const language of ['kk', 'ru', 'en'] as const) {
    const text = texts[language];
    if (text === '') problems[language] = 'missing';
    else if (text.length > maxChars) problems[language] = 'long';
    else if (/[\p{Cc}\p{Cs}]/u.test(text.replaceAll('\n', ''))) problems[language] = 'control';
  }
  return Object.keys(problems).length === 0 ? { ok: true, channel: texts } : { ok: false, problems };
}

/** Whether two channels say the same (null: none). */
export function sameChannel(a: Channel | null, b: Channel | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kk === b.kk && a.ru === b.ru && a.en === b.en;
}

/** Line ends as a textarea may send them (\r\n) made \n, and the whole trimmed. */
function cleanChannelText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Who can receive, by the signed directory alone: exactly what reporters' pages compute before anyone writes. */
export type Coverage = {
  /**
   * Per region (KATO prefix): the group its reports go to, or null when nobody can receive them;
   * viaFallback when that is the fallback group because the region's own group is empty.
   */
  regions: { region: string; groupId: string | null; viaFallback: boolean }[];
  /** Per exclusive category (the anti-corruption rule): its group, and whether anyone in it can receive. */
  exclusive: { category: string; groupId: string; covered: boolean }[];
  /** The group that takes a region's reports while the region's own group is empty. */
  fallback: string;
};

/**
 * Runs routedGroup for every region (with a category no group has to itself) and for each
 * exclusive category. Without a signed directory nobody can receive; `routing` then names the groups.
 */
export function directoryCoverage(c: Pick<Crypto, 'routedGroup'>, directory: DirectoryClaim | null, routing: RoutingTable, regionIds: readonly string[], categoryIds: readonly string[]): Coverage {
  const signed: DirectoryClaim = directory ?? { version: 0, issuedDay: issueDay(), routing, members: {}, recovery: null };
  const { regions: regionGroups, exclusive, fallback } = signed.routing;
  const ordinary = categoryIds.find((id) => !Object.hasOwn(exclusive, id)) ?? '';
  return {
    regions: regionIds.map((region) => {
      const groupId = c.routedGroup(signed, { region, category: ordinary });
      const own = Object.hasOwn(regionGroups, region) ? regionGroups[region] : undefined;
      return { region, groupId, viaFallback: groupId !== null && groupId === fallback && own !== undefined && own !== fallback };
    }),
    exclusive: Object.entries(exclusive).map(([category, groupId]) => ({ category, groupId, covered: c.routedGroup(signed, { region: regionIds[0] ?? '', category }) !== null })),
    fallback,
  };
}
