// Which organisation the page believes, and the signed directory it encrypts by. The server is not
// trusted to name the organisation: its key is anchored, in this order, by the key built into the
// page (QAUIPSIZ_ORG_KEY); else by the fingerprint in the link or QR code on the organisation's
// poster (#org=<40 hex>&v=<directory version>: a fragment, so it never reaches the server); else by
// nobody, and the page shows the served key's fingerprint on its first screen for the reporter to
// compare before writing. Whatever the server says beyond bytes signed by that key adds no reader.
// No DOM here.
import type { DirectoryClaim } from '../../crypto/index.ts';
import { getDirectory, type DirectoryAnswer } from './api.ts';
import type { Crypto } from './encryption.ts';
import { receiversOf, type Receivers } from './receivers.ts';

export type AnchorSource = 'pin' | 'link' | 'none';

export type Anchor = {
  source: AnchorSource;
  /** base64url organisation key built into the page, or ''. */
  pinnedKey: string;
  /** The poster link's fingerprint: 40 lowercase hex digits, or null. */
  linkFingerprint: string | null;
  /** The lowest directory version the page accepts (0: any): a server cannot bring back a directory from before a key was removed. */
  minVersion: number;
};

const linkFingerprintPattern = /^[0-9a-f]{40}$/;
const versionPattern = /^[1-9][0-9]{0,8}$/;

/** Reads the anchor from the build's pins and the page's URL fragment (`location.hash`). */
export function readAnchor(pinnedKey: string, pinnedMinVersion: number, fragment: string): Anchor {
  const link = new URLSearchParams(fragment.replace(/^#/, ''));
  const org = (link.get('org') ?? '').toLowerCase();
  const linkFingerprint = linkFingerprintPattern.test(org) ? org : null;
  const v = link.get('v') ?? '';
  // A version without the organisation's fingerprint is not a poster link: it raises nothing.
  const linkMinVersion = linkFingerprint !== null && versionPattern.test(v) ? Number(v) : 0;
  return {
    source: pinnedKey !== '' ? 'pin' : linkFingerprint !== null ? 'link' : 'none',
    pinnedKey,
    linkFingerprint,
    minVersion: Math.max(pinnedMinVersion, linkMinVersion),
  };
}

/** What the page encrypts by, once checked. */
export type Trusted = {
  organisationKey: Uint8Array;
  /** keyFingerprint(organisationKey): ten groups of four hex digits. */
  fingerprint: string;
  /** The verified directory; null while the organisation has signed none (nobody can receive yet). */
  directory: DirectoryClaim | null;
};

/**
 * 'other_organisation': the served key is not the pinned or linked one (the page refuses for good).
 * 'stale_directory': a directory older than the page was built or linked with, or older than one it already saw.
 * 'bad_directory': a directory that does not verify with the served key.
 */
export type UntrustedReason = 'other_organisation' | 'stale_directory' | 'bad_directory';

export class Untrusted extends Error {
  override readonly name = 'Untrusted';
  readonly reason: UntrustedReason;
  constructor(reason: UntrustedReason) {
    super(reason);
    this.reason = reason;
  }
}

/** Checks one directory answer against the anchor; `seenVersion` is the newest directory this page already believed. */
export function checkDirectoryAnswer(crypto: Crypto, anchor: Anchor, answer: DirectoryAnswer, seenVersion: number): Trusted {
  const organisationKey = crypto.fromBase64Url(answer.organisationKey);
  const fingerprint = crypto.keyFingerprint(organisationKey);
  if (anchor.pinnedKey !== '' && crypto.toBase64Url(organisationKey) !== anchor.pinnedKey) throw new Untrusted('other_organisation');
  // A pinned page opened through a poster link for another organisation: the poster is what the reporter trusts.
  if (anchor.linkFingerprint !== null && fingerprint.replaceAll(' ', '') !== anchor.linkFingerprint) throw new Untrusted('other_organisation');
  const atLeast = Math.max(anchor.minVersion, seenVersion);
  if (answer.directory === null) {
    if (atLeast > 0) throw new Untrusted('stale_directory');
    return { organisationKey, fingerprint, directory: null };
  }
  const directory = crypto.readDirectory(crypto.fromBase64Url(answer.directory), organisationKey);
  if (directory === null) throw new Untrusted('bad_directory');
  if (directory.version < atLeast) throw new Untrusted('stale_directory');
  return { organisationKey, fingerprint, directory };
}

/**
 * What an earlier load of this tab believed (kept with its unsent draft, draft.ts) and where to
 * report what this one believes.
 */
export type TrustMemory = { seen: { key: string; version: number } | null; note: (seen: { key: string; version: number }) => void };

/**
 * The page's anchor, the key it believed and the newest directory it believed. Within one page
 * load, and across a reload while a draft is kept: the key believed before is then the page's pin
 * (unless the build pins one) and the directory may not be older.
 */
export function trustKeeper(anchor: Anchor, crypto: () => Promise<Crypto>, memory: TrustMemory = { seen: null, note: () => undefined }) {
  let current: Promise<Trusted> | null = null;
  let believedKey = anchor.pinnedKey === '' ? (memory.seen?.key ?? '') : '';
  let seenVersion = memory.seen?.version ?? 0;
  // The directory last checked, with the crypto that checked it, so routing can be asked without waiting.
  let believed: { trusted: Trusted; crypto: Crypto } | null = null;

  async function load(): Promise<Trusted> {
    const [answer, ready] = await Promise.all([getDirectory(), crypto()]);
    // Once believed (and, unanchored, shown to the reporter), the key is this page's pin: a later
    // answer cannot swap it.
    const trusted = checkDirectoryAnswer(ready, believedKey === '' ? anchor : { ...anchor, pinnedKey: believedKey }, answer, seenVersion);
    believedKey = ready.toBase64Url(trusted.organisationKey);
    seenVersion = Math.max(seenVersion, trusted.directory?.version ?? 0);
    memory.note({ key: believedKey, version: seenVersion });
    believed = { trusted, crypto: ready };
    return trusted;
  }

  /** Fetches and checks the directory afresh (at start, and when the server says the recipients changed). */
  function refresh(): Promise<Trusted> {
    const loading = load();
    current = loading;
    // A failed load (network) is tried again by the next caller; a refusal stays.
    loading.catch((error: unknown) => {
      if (!(error instanceof Untrusted) && current === loading) current = null;
    });
    return loading;
  }

  return {
    anchor,
    /** The checked directory: the one loaded at start, or a fresh load if that failed on the network. */
    trusted: (): Promise<Trusted> => current ?? refresh(),
    refresh,
    /** Who would receive a report by the directory checked last; null while none has been checked. */
    receivers: (report: { region: string; category: string }): Receivers | null =>
      believed === null ? null : receiversOf(believed.crypto.routedGroup, believed.trusted.directory, report),
  };
}

export type TrustKeeper = ReturnType<typeof trustKeeper>;
