/**
 * The signed recipient directory: which group receives a report (routing table), which
 * certified keys receive for each group (members, by certificate digest) and, from version 2,
 * where a worker can turn when nobody can receive (the alternative channel), signed by the
 * organisation key. routeReport decides, from the directory and the certificates alone, exactly
 * which keys a report is encrypted to; the page and the server both run it, so they agree.
 * Byte layout: crypto/README.md.
 */
import {
  canonicalJson,
  digestPattern,
  groupIdPattern,
  isDay,
  isRecord,
  isSortedUnique,
  isStringList,
  parseJson,
  sortedEntries,
  sortedUnique,
  type CanonicalValue,
} from './canonical.ts';
import type { VerifiedCertificate } from './certificate.ts';
import { utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { openStatement, signStatement } from './signed-statement.ts';
import { directoryV1, directoryV2, directoryVersions } from './versions.ts';

export type RoutingTable = {
  /** KATO prefix → group id ('75' → 'region-75'). */
  regions: Record<string, string>;
  /** The group that takes a region's reports while the region has no member ('national'). */
  fallback: string;
  /** Category → the only group that may receive it ('inspector_corruption' → 'anti-corruption'). */
  exclusive: Record<string, string>;
};
/** The organisation's alternative channel, plain text per language (white space kept, shown pre-line). */
export type Channel = { kk: string; ru: string; en: string };
export type DirectoryClaim = {
  /** 1, 2, 3 … never reused. */
  version: number;
  issuedDay: string;
  routing: RoutingTable;
  /** Group id → certificate digests of the keys that receive for it. */
  members: Record<string, string[]>;
  /** Digest of the recovery key's certificate. */
  recovery: string | null;
  /**
   * Where to report when nobody can receive (version 2). Null or absent: none, and the directory
   * is version 1; readDirectory answers a version 1 directory without this entry.
   */
  channel?: Channel | null;
};
export type Route =
  | { ok: true; groupId: string; recipients: VerifiedCertificate[] }
  | { ok: false; reason: 'no_recipients' };

/** A KATO prefix: digits. */
const regionPattern = /^[0-9]{1,9}$/;
/** A category id: lower-case words joined by '_' and '.' ('concealed_injury.unreported'); a letter first, so never '__proto__'. */
const categoryPattern = /^[a-z][a-z0-9_.]{0,63}$/;
const payloadKeys = ['version', 'issued', 'routing', 'members', 'recovery'] as const;
const payloadKeysV2 = [...payloadKeys, 'channel'] as const;
const routingKeys = ['regions', 'fallback', 'exclusive'] as const;
const channelLanguages = ['kk', 'ru', 'en'] as const;
/** Control characters other than the line feed, and lone surrogates (not text; UTF-8 cannot carry them). */
const forbiddenInChannel = /[\p{Cc}\p{Cs}]/u;

function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const actual = Object.keys(value);
  return actual.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

/** A map whose keys match `keyPattern` and values are group ids. */
function isGroupMap(value: unknown, keyPattern: RegExp): value is Record<string, string> {
  return isRecord(value) && Object.entries(value).every(([key, group]) => keyPattern.test(key) && typeof group === 'string' && groupIdPattern.test(group));
}

function isMembers(value: unknown): value is Record<string, string[]> {
  return isRecord(value) && Object.entries(value).every(([group, digests]) => groupIdPattern.test(group) && isStringList(digests, digestPattern) && isSortedUnique(digests));
}

/** The text as signed: without leading and trailing white space. */
function channelText(text: string): string {
  return text.trim();
}

/** Why a channel cannot be signed, or null: each language 1..600 UTF-16 code units once trimmed, no control character but the line feed. */
function channelProblem(channel: unknown): string | null {
  if (!isRecord(channel) || !hasExactKeys(channel, channelLanguages)) return 'channel must have exactly kk, ru and en';
  for (const language of channelLanguages) {
    const text = channel[language];
    if (typeof text !== 'string') return `channel.${language} must be text`;
    const trimmed = channelText(text);
    if (trimmed.length === 0 || trimmed.length > directoryV2.channelMaxChars) return `channel.${language} must be 1..${directoryV2.channelMaxChars} characters`;
    if (forbiddenInChannel.test(trimmed.replaceAll('\n', ''))) return `channel.${language} may hold no control character but a line break`;
  }
  return null;
}

/** Why a claim cannot be signed, or null. */
function claimProblem(claim: DirectoryClaim): string | null {
  if (!isRecord(claim)) return 'a directory is an object';
  const { version, issuedDay, routing, members, recovery } = claim;
  if (!Number.isSafeInteger(version) || version < 1) return 'version must be a positive integer';
  if (!isDay(issuedDay)) return "issuedDay must be 'YYYY-MM-DD'";
  if (!isRecord(routing) || !isGroupMap(routing.regions, regionPattern) || !isGroupMap(routing.exclusive, categoryPattern)) return 'routing must map regions and categories to group ids';
  if (typeof routing.fallback !== 'string' || !groupIdPattern.test(routing.fallback)) return 'fallback must be a group id';
  if (!isRecord(members) || !Object.entries(members).every(([group, digests]) => groupIdPattern.test(group) && isStringList(digests, digestPattern))) return 'members must map group ids to certificate digests';
  if (recovery !== null && (typeof recovery !== 'string' || !digestPattern.test(recovery))) return 'recovery must be a digest or null';
  if (claim.channel != null) return channelProblem(claim.channel);
  return null;
}

/** The canonical payload, as text: every map's keys sorted, every digest list sorted and unique. */
function payloadText(claim: DirectoryClaim): string {
  const group = (id: string): CanonicalValue => id;
  const value: CanonicalValue = {
    entries: [
      ['version', claim.version],
      ['issued', claim.issuedDay],
      [
        'routing',
        {
          entries: [
            ['regions', sortedEntries(claim.routing.regions, group)],
            ['fallback', claim.routing.fallback],
            ['exclusive', sortedEntries(claim.routing.exclusive, group)],
          ],
        },
      ],
      ['members', sortedEntries(claim.members, (digests) => sortedUnique(digests))],
      ['recovery', claim.recovery],
      ...(claim.channel == null ? [] : [['channel', sortedEntries(claim.channel, channelText)] satisfies [string, CanonicalValue]]),
    ],
  };
  return canonicalJson(value);
}

/**
 * Signs a directory with the organisation's Ed25519 private key (64 bytes). Returns
 * version | signature (64) | canonical payload (at most 256 KiB): version 0x01, byte for byte as
 * before channels, without a channel; 0x02 with one (its texts trimmed). Throws
 * crypto.bad_argument for a claim outside its domain or too large, crypto.bad_length for a key of another size.
 */
export function signDirectory(claim: DirectoryClaim, organisationPrivateKey: Uint8Array): Uint8Array {
  const problem = claimProblem(claim);
  if (problem !== null) throw new CryptoError('crypto.bad_argument', problem);
  return signStatement(claim.channel == null ? directoryV1 : directoryV2, utf8Encode(payloadText(claim)), organisationPrivateKey, 'directory');
}

/** A parsed channel entry: exactly kk, ru and en, each text (the rest is claimProblem's). */
function isChannel(value: unknown): value is Channel {
  return isRecord(value) && hasExactKeys(value, channelLanguages) && channelLanguages.every((language) => typeof value[language] === 'string');
}

/**
 * The claim a parsed payload states, or null if any part is missing, extra or of the wrong type.
 * Version 1 has no channel entry; version 2 must have one.
 */
function claimFromPayload(value: unknown, formatVersion: number): DirectoryClaim | null {
  if (!isRecord(value) || !hasExactKeys(value, formatVersion === directoryV2.version ? payloadKeysV2 : payloadKeys)) return null;
  const { version, issued, routing, members, recovery, channel } = value;
  if (typeof version !== 'number' || typeof issued !== 'string' || !isRecord(routing) || !hasExactKeys(routing, routingKeys)) return null;
  const { regions, fallback, exclusive } = routing;
  if (!isGroupMap(regions, regionPattern) || !isGroupMap(exclusive, categoryPattern) || typeof fallback !== 'string' || !isMembers(members)) return null;
  if (recovery !== null && typeof recovery !== 'string') return null;
  const claim: DirectoryClaim = { version, issuedDay: issued, routing: { regions, fallback, exclusive }, members, recovery };
  if (formatVersion === directoryV2.version) {
    if (!isChannel(channel)) return null;
    claim.channel = { kk: channel.kk, ru: channel.ru, en: channel.en };
  }
  return claimProblem(claim) === null ? claim : null;
}

/**
 * The verified directory, or null for anything malformed, non-canonical (the payload must be byte
 * for byte what signDirectory writes, so an untrimmed channel text too), of unknown version, too
 * long or not signed by this organisation key (32 bytes). Version 1 answers a claim without a
 * `channel` entry, version 2 one with its channel. Never throws.
 */
export function readDirectory(directory: Uint8Array, organisationKey: Uint8Array): DirectoryClaim | null {
  const opened = openStatement(directoryVersions, directory, organisationKey);
  if (opened === null) return null;
  const claim = claimFromPayload(parseJson(opened.text), directory[0]!);
  return claim !== null && payloadText(claim) === opened.text ? claim : null;
}

/** `record[key]` when it is the record's own entry (a category named 'constructor' must not reach Object.prototype). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The groups that may take a report, in order, and whether they are an exclusive category's. */
function candidates(directory: DirectoryClaim, { region, category }: { region: string; category: string }): { groups: string[]; exclusive: boolean } {
  const exclusiveGroup = own(directory.routing.exclusive, category);
  if (exclusiveGroup !== undefined) return { groups: [exclusiveGroup], exclusive: true };
  const regionGroup = own(directory.routing.regions, region);
  return { groups: regionGroup === undefined ? [directory.routing.fallback] : [regionGroup, directory.routing.fallback], exclusive: false };
}

/** The first candidate whose member list is non-empty: decided by the signed directory alone. */
function firstStaffedGroup(directory: DirectoryClaim, groups: readonly string[]): string | undefined {
  return groups.find((group) => (own(directory.members, group)?.length ?? 0) > 0);
}

/**
 * Pure: the group a report would go to from the directory's member lists alone (the reporter's
 * first screen), or null when no candidate group has members.
 */
export function routedGroup(directory: DirectoryClaim, report: { region: string; category: string }): string | null {
  return firstStaffedGroup(directory, candidates(directory, report).groups) ?? null;
}

/**
 * Whether a certificate may receive a group's reports. Regular groups: listed for the group,
 * naming it, role inspector or admin. Exclusive groups (the anti-corruption rule): also role
 * inspector only and no other group, so a key that can receive anything else never gets them.
 */
function isEligible(certificate: VerifiedCertificate, group: string, members: readonly string[], exclusive: boolean): boolean {
  if (!members.includes(certificate.digest) || !certificate.groups.includes(group)) return false;
  if (exclusive) return certificate.role === 'inspector' && certificate.groups.length === 1;
  return certificate.role === 'inspector' || certificate.role === 'admin';
}

/**
 * Pure (no libsodium): which group, and exactly which certified keys, a report must be encrypted
 * to. `certificates` are already verified (readCertificate) with the same organisation key as the
 * directory. The group is chosen from the signed member lists, never from which certificates
 * arrived, so a server that withholds certificates gets { ok: false }, not another group.
 * Recipients come in the order of the group's member list; the recovery key's certificate is
 * added last when it names the group, never for an exclusive group.
 */
export function routeReport(directory: DirectoryClaim, certificates: readonly VerifiedCertificate[], report: { region: string; category: string }): Route {
  const { groups, exclusive } = candidates(directory, report);
  const groupId = firstStaffedGroup(directory, groups);
  if (groupId === undefined) return { ok: false, reason: 'no_recipients' };
  const members = own(directory.members, groupId) ?? [];
  const byDigest = new Map(certificates.map((certificate) => [certificate.digest, certificate]));
  const recipients = members.flatMap((digest) => {
    const certificate = byDigest.get(digest);
    return certificate !== undefined && isEligible(certificate, groupId, members, exclusive) ? [certificate] : [];
  });
  if (recipients.length === 0) return { ok: false, reason: 'no_recipients' };
  const recovery = directory.recovery === null ? undefined : byDigest.get(directory.recovery);
  if (!exclusive && recovery !== undefined && recovery.role === 'recovery' && recovery.groups.includes(groupId)) recipients.push(recovery);
  return { ok: true, groupId, recipients };
}
