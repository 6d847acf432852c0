// Staff authentication: one-time setup, login with a passphrase-derived authValue (and TOTP),
// sessions with an idle and an absolute timeout, CSRF tokens, invitations.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import { hashAuthValueAsync, verifyAuthValueAsync } from '../../crypto/auth-hash-node.ts';
import { formatBytes, isWrappedSigningKey, passphraseEnvelopeSalt, toBase64Url } from '../../crypto/index.ts';
import { accountGroupIds, countAdmins, getAccount, getAccountByUsername, insertAccount, updateAccount, UsernameTakenError, type StaffAccount, type StaffRole } from '../../db/repositories/accounts.ts';
import { getGroup } from '../../db/repositories/groups.ts';
import { getOpenInvitation, insertInvitation, useInvitation } from '../../db/repositories/invitations.ts';
import { createOrganisation, getOrganisation, updateOrganisation } from '../../db/repositories/organisation.ts';
import { recoveryRecipientId } from '../../db/repositories/recipients.ts';
import { deleteSession, deleteStaleSessions, getSession, insertSession, touchSession } from '../../db/repositories/sessions.ts';
import { createWindowCounter } from '../abuse/window-counter.ts';
import { dayIn } from '../config.ts';
import { defaultGroupRows } from '../domain/groups.ts';
import { otpauthUrl, totpParameters, verifyTotp } from '../domain/totp.ts';
import { AppError, errors } from '../http/errors.ts';
import { addressHasher } from '../shared/anonymous-address.ts';
import { appendAudit } from '../shared/audit.ts';
import { decodedBytes } from '../shared/bytes.ts';
import { loadSettings } from '../shared/settings.ts';
import { keyState, someKeyAwaitsCertificate } from './administration.ts';
import { absoluteSessionHours, invitationDays, type ConsoleDeps, type LoginLimits, type SignedInStaff, type Staff } from './context.ts';
import { certificateLookup, checkPublication, describeDirectory, storePublication, type CertifiedAccountInput } from './directory.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const newToken = () => randomBytes(32).toString('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A key or signature of the request that must be `wellFormed` (crypto/'s shape checks); key.invalid naming it otherwise. */
function decodeKey(text: string, what: string, wellFormed: (bytes: Uint8Array) => boolean): Buffer {
  const bytes = decodedBytes(text);
  if (!bytes || !wellFormed(bytes)) throw errors.badKey(what);
  return bytes;
}

const ofLength = (length: number) => (bytes: Uint8Array) => bytes.length === length;
const isPublicKey = ofLength(formatBytes.publicKey);
const isAuthValue = ofLength(formatBytes.authValue);
/** A key envelope made now: a staff key bundle (X25519 private key and the organisation key), 122 bytes. */
const isBundleEnvelope = ofLength(formatBytes.keyEnvelope);
const anyBytes = () => true;

/** A new active account without TOTP or a certificate yet; a taken username is account.username_taken. */
function createAccount(
  tx: Parameters<typeof insertAccount>[0],
  now: Date,
  fields: Pick<StaffAccount, 'id' | 'username' | 'displayName' | 'role' | 'keyEnvelope' | 'publicKey' | 'signingPublicKey' | 'authHash' | 'pendingGroupIds'>,
): StaffAccount {
  try {
    insertAccount(tx, { ...fields, status: 'active', totpEnabled: false, createdAt: now.toISOString() });
  } catch (error) {
    if (error instanceof UsernameTakenError) throw errors.usernameTaken();
    throw error;
  }
  return getAccount(tx, fields.id)!;
}

// --- Sessions ---

export type SessionAnswer = { csrfToken: string; me: ReturnType<typeof describeMe> };

export function describeMe(deps: ConsoleDeps, account: StaffAccount) {
  const { certificate, namesCurrentKey } = certificateLookup(deps.db)(account);
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    keyEnvelope: toBase64Url(account.keyEnvelope),
    publicKey: toBase64Url(account.publicKey),
    signingKey: account.signingPublicKey ? toBase64Url(account.signingPublicKey) : null,
    // Whatever is stored: the browser checks it names the keys it unwrapped.
    certificate: certificate ? toBase64Url(certificate) : null,
    groups: accountGroupIds(deps.db, account),
    totpEnabled: account.totpEnabled,
    keyState: keyState(account, namesCurrentKey),
    // Administrators: some key awaits a certificate, which only their browser can issue.
    mustSign: account.role === 'admin' && someKeyAwaitsCertificate(deps.db),
  };
}

/**
 * Replaces a legacy key envelope (the bare X25519 private key, 89 bytes) by a key bundle with the
 * organisation key the person confirmed (122 bytes), sealed with the same salt so the login does
 * not change, and records the signing key derived in the browser. Once only: a bundle is never
 * replaced this way (key.not_legacy), so a stolen session cannot swap the anchored organisation key.
 */
export function upgradeKeys(deps: ConsoleDeps, staff: SignedInStaff, input: { keyEnvelope: string; signingKey: string }): void {
  const keyEnvelope = decodeKey(input.keyEnvelope, 'keyEnvelope', isBundleEnvelope);
  const signingKey = decodeKey(input.signingKey, 'signingKey', isPublicKey);
  const now = deps.clock();
  deps.db.transaction((tx) => {
    const account = getAccount(tx, staff.id);
    if (!account) throw errors.authRequired();
    if (account.keyEnvelope.length !== formatBytes.legacyKeyEnvelope) throw errors.keyNotLegacy();
    if (!Buffer.from(passphraseEnvelopeSalt(keyEnvelope)).equals(Buffer.from(passphraseEnvelopeSalt(account.keyEnvelope)))) throw errors.keyMismatch();
    updateAccount(tx, account.id, { keyEnvelope, signingPublicKey: signingKey });
    appendAudit(tx, now, { actorId: account.id, action: 'account.upgrade_keys' });
  });
}

/** Opens a session; returns the cookie token (never stored) and the answer for the page. */
function openSession(deps: ConsoleDeps, tx: Parameters<typeof insertSession>[0], account: StaffAccount): { token: string; csrfToken: string } {
  const token = newToken();
  const csrfToken = newToken();
  const now = deps.clock().toISOString();
  insertSession(tx, { tokenHash: sha256(token), accountId: account.id, csrfToken, createdAt: now, lastSeenAt: now });
  return { token, csrfToken };
}

/**
 * The staff member behind a session cookie, or null when there is none, it expired (idle or
 * absolute) or the account is disabled. Refreshes the idle timer.
 */
export function staffForToken(deps: ConsoleDeps, token: string | undefined): (SignedInStaff) | null {
  if (!token || token.length > 100) return null;
  const now = deps.clock();
  deleteStaleSessions(deps.db, new Date(now.getTime() - deps.idleMinutes * 60_000).toISOString(), new Date(now.getTime() - absoluteSessionHours * 3_600_000).toISOString());
  const tokenHash = sha256(token);
  const session = getSession(deps.db, tokenHash);
  if (!session) return null;
  const account = getAccount(deps.db, session.accountId);
  if (!account || account.status !== 'active') return null;
  touchSession(deps.db, tokenHash, now.toISOString());
  return { id: account.id, role: account.role, sessionHash: tokenHash, csrfToken: session.csrfToken, totpEnabled: account.totpEnabled, account };
}

export function csrfMatches(staff: Staff, header: string | undefined): boolean {
  return typeof header === 'string' && sameText(header, staff.csrfToken);
}

export function logout(deps: ConsoleDeps, staff: Staff): void {
  deps.db.transaction((tx) => {
    deleteSession(tx, staff.sessionHash);
    appendAudit(tx, deps.clock(), { actorId: staff.id, action: 'auth.logout' });
  });
}

/** Whether the organisation requires TOTP and this account has not set it up yet. */
export function needsTotpSetup(deps: ConsoleDeps, staff: Staff): boolean {
  return !staff.totpEnabled && loadSettings(deps.db).requireTotp;
}

// --- Setup ---

export function setupNeeded(deps: ConsoleDeps): boolean {
  return countAdmins(deps.db) === 0;
}

/** What a browser adopting an organisation made by the CLI needs (only with the setup token). */
export function setupState(deps: ConsoleDeps, token: string | undefined) {
  const needed = setupNeeded(deps);
  const organisation = getOrganisation(deps.db);
  const tokenOk = needed && token !== undefined && deps.setupToken !== undefined && sameText(token, deps.setupToken);
  return {
    needed,
    ...(tokenOk && organisation
      ? {
          organisation: {
            name: organisation.name,
            signingPublicKey: toBase64Url(organisation.signingPublicKey),
            wrappedSigningKey: toBase64Url(organisation.wrappedSigningKey),
            // The CLI's directory and certificates, which the adopting browser verifies with the key it unwraps and extends.
            ...describeDirectory(deps),
          },
        }
      : {}),
  };
}

export type SetupInput = {
  token: string;
  organisationName: string;
  username: string;
  displayName: string;
  authValue: string;
  keyEnvelope: string;
  publicKey: string;
  accountSigningKey: string;
  signingPublicKey: string;
  wrappedSigningKey: string;
  recoveryPublicKey: string;
  recoveryCertificate: string;
  adminCertificate: string;
  directory: string;
  certificates?: CertifiedAccountInput[];
  accountId: string;
};

export async function setup(deps: ConsoleDeps, guard: LoginGuard, address: string, input: SetupInput): Promise<{ token: string; answer: SessionAnswer }> {
  return guard.attempt(address, () => setupAdmitted(deps, input));
}

/**
 * Creates (or adopts) the organisation, the first administrator, and publishes the first
 * directory version the browser signed: with the administrator's certificate, the recovery
 * key's and any the CLI issued before, all checked like a later publication. The organisation
 * key comes wrapped under the organisation passphrase.
 */
async function setupAdmitted(deps: ConsoleDeps, input: SetupInput): Promise<{ token: string; answer: SessionAnswer }> {
  if (!setupNeeded(deps)) throw errors.setupDone();
  if (deps.setupToken === undefined || !sameText(input.token, deps.setupToken)) throw errors.setupToken();
  const signingPublicKey = decodeKey(input.signingPublicKey, 'signingPublicKey', isPublicKey);
  const wrappedSigningKey = decodeKey(input.wrappedSigningKey, 'wrappedSigningKey', anyBytes);
  if (!isWrappedSigningKey(wrappedSigningKey)) throw errors.badKey('wrappedSigningKey');
  const publicKey = decodeKey(input.publicKey, 'publicKey', isPublicKey);
  const signingKey = decodeKey(input.accountSigningKey, 'accountSigningKey', isPublicKey);
  const keyEnvelope = decodeKey(input.keyEnvelope, 'keyEnvelope', isBundleEnvelope);
  const authValue = decodeKey(input.authValue, 'authValue', isAuthValue);
  const recoveryPublicKey = decodeKey(input.recoveryPublicKey, 'recoveryPublicKey', isPublicKey);
  const authHash = await hashAuthValueAsync(authValue);
  const now = deps.clock();
  const today = dayIn(deps.timeZone, now);
  const id = input.accountId;
  return deps.db.transaction((tx) => {
    const existing = getOrganisation(tx);
    if (existing && !existing.signingPublicKey.equals(signingPublicKey)) throw errors.organisationMismatch();
    if (existing) updateOrganisation(tx, { wrappedSigningKey, signingKeyProtection: 'organisation_passphrase' });
    else createOrganisation(tx, { name: input.organisationName, signingPublicKey, wrappedSigningKey, signingKeyProtection: 'organisation_passphrase', createdDay: today }, defaultGroupRows(today));
    const account = createAccount(tx, now, { id, username: input.username, displayName: input.displayName, role: 'admin', keyEnvelope, publicKey, signingPublicKey: signingKey, authHash, pendingGroupIds: '[]' });
    const others = (input.certificates ?? []).filter((c) => c.accountId !== id && c.accountId !== recoveryRecipientId);
    const checked = checkPublication(
      tx,
      signingPublicKey,
      { directory: input.directory, certificates: [{ accountId: id, certificate: input.adminCertificate }, { accountId: recoveryRecipientId, certificate: input.recoveryCertificate }, ...others] },
      recoveryPublicKey,
    );
    const recovery = checked.certificates.find((c) => c.accountId === recoveryRecipientId);
    if (checked.claim.recovery !== recovery?.digest) throw errors.directoryInvalid('The first directory must name the recovery certificate');
    storePublication(tx, checked, id, now);
    appendAudit(tx, now, { actorId: id, action: 'setup', detail: { organisation: existing ? 'adopted' : 'created', directoryVersion: checked.version } });
    const session = openSession(deps, tx, account);
    return { token: session.token, answer: { csrfToken: session.csrfToken, me: describeMe(deps, getAccount(tx, id)!) } };
  });
}

// --- Login ---

/**
 * Failed attempts per username: a growing delay before the answer, never a lockout. Attempts still
 * in progress count as failures-to-be, so concurrent guesses at one username each pay a delay.
 */
export function createLoginThrottle(now: () => number, maxEntries = 10_000) {
  const failures = new Map<string, { count: number; pending: number; last: number }>();
  const forgetAfterMs = 60 * 60_000;
  const current = (username: string) => {
    const entry = failures.get(username);
    return entry && now() - entry.last <= forgetAfterMs ? entry : { count: 0, pending: 0, last: now() };
  };
  const store = (username: string, entry: { count: number; pending: number; last: number }) => {
    failures.delete(username);
    if (failures.size >= maxEntries) failures.delete(failures.keys().next().value!);
    failures.set(username, entry);
  };
  /** 0 ms, then 0.5 s doubling per earlier failure or attempt in progress, at most 30 s. */
  const delayAfter = (earlier: number) => (earlier === 0 ? 0 : Math.min(500 * 2 ** Math.min(earlier - 1, 16), 30_000));
  return {
    /** Counts an attempt in progress; returns its delay. */
    begin(username: string): number {
      const entry = current(username);
      store(username, { count: entry.count, pending: entry.pending + 1, last: now() });
      return delayAfter(entry.count + entry.pending);
    },
    /** The delay the next attempt at this username would wait now, without counting one. */
    nextDelay(username: string): number {
      const entry = current(username);
      return delayAfter(entry.count + entry.pending);
    },
    /** The attempt of `begin` is over (whatever its outcome). */
    end(username: string): void {
      const entry = failures.get(username);
      if (entry) entry.pending = Math.max(0, entry.pending - 1);
    },
    failed(username: string): void {
      const entry = current(username);
      store(username, { count: entry.count + 1, pending: entry.pending, last: now() });
    },
    succeeded(username: string): void {
      const entry = failures.get(username);
      // Other attempts still in progress keep counting until they end.
      if (entry) store(username, { count: 0, pending: entry.pending, last: now() });
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export const defaultLoginLimits: LoginLimits = { attemptsPerAddressPerMinute: 30, concurrentPerAddress: 2, queuedVerifications: 16 };

/**
 * Budgets on unauthenticated attempts, all checked before any Argon2id work, so a flood cannot
 * queue passphrase checks in front of an inspector's: per address (held only as an HMAC under a
 * key that lives in this process's memory, as in server/abuse/guard.ts) and, over all addresses,
 * for the checks waiting their turn. Over a budget: auth.rate_limited at once. Neither depends on
 * the username, so a refusal says nothing about whether an account exists.
 */
export function createLoginGuard(limits: LoginLimits, now: () => number, verify: (stored: string, authValue: Uint8Array) => Promise<boolean> = verifyAuthValueAsync) {
  const anonymous = addressHasher();
  const attempts = createWindowCounter({ windowMs: 60_000, maxKeys: 100_000, now });
  const inProgress = new Map<string, number>();
  let waiting = 0;
  let verified = 0;

  /** Counts an attempt of `address` (refusing it over either budget); returns what ends it. */
  function admit(address: string): () => void {
    const key = anonymous(address);
    if (limits.attemptsPerAddressPerMinute > 0 && attempts.hit(key) > limits.attemptsPerAddressPerMinute) throw errors.authRateLimited();
    const running = inProgress.get(key) ?? 0;
    if (limits.concurrentPerAddress > 0 && running >= limits.concurrentPerAddress) throw errors.authRateLimited();
    inProgress.set(key, running + 1);
    return () => {
      const left = (inProgress.get(key) ?? 1) - 1;
      if (left > 0) inProgress.set(key, left);
      else inProgress.delete(key);
    };
  }

  return {
    /** Runs an unauthenticated attempt of `address` within its budget. */
    async attempt<T>(address: string, work: () => Promise<T> | T): Promise<T> {
      const done = admit(address);
      try {
        return await work();
      } finally {
        done();
      }
    },
    /** verifyAuthValueAsync, refused at once while the queue of checks is full. */
    async verify(stored: string, authValue: Uint8Array): Promise<boolean> {
      if (limits.queuedVerifications > 0 && waiting >= limits.queuedVerifications) throw errors.authRateLimited();
      waiting++;
      verified++;
      try {
        return await verify(stored, authValue);
      } finally {
        waiting--;
      }
    },
    /** Passphrase checks started since the guard was made. */
    verifications: () => verified,
  };
}
export type LoginGuard = ReturnType<typeof createLoginGuard>;

/** The login salt: the salt of the account's key envelope, or for unknown users a stable keyed fake. */
export function loginSalt(deps: ConsoleDeps, guard: LoginGuard, address: string, username: string): Promise<{ salt: string }> {
  return guard.attempt(address, () => saltFor(deps, username));
}

function saltFor(deps: ConsoleDeps, username: string): { salt: string } {
  const account = getAccountByUsername(deps.db, username);
  if (account) return { salt: toBase64Url(passphraseEnvelopeSalt(account.keyEnvelope)) };
  const fake = createHmac('sha256', deps.serverSecret).update(`qauipsiz.login-salt|${username}`).digest().subarray(0, formatBytes.passphraseSalt);
  return { salt: toBase64Url(fake) };
}

let decoyHash: Promise<string> | undefined;
/** Verifying against a decoy for unknown users keeps their answer as slow as a wrong passphrase. */
const decoy = () => (decoyHash ??= hashAuthValueAsync(new Uint8Array(randomBytes(32))));

type LoginInput = { username: string; authValue: string; totp?: string };

/**
 * A refused sign-in says how long the next attempt at this username will wait, so the page can say
 * why it is slow instead of promising a second. The same for a known and an unknown username: the
 * delay counts attempts at the name, not at an account.
 */
export async function login(deps: ConsoleDeps, guard: LoginGuard, throttle: LoginThrottle, address: string, input: LoginInput): Promise<{ token: string; answer: SessionAnswer }> {
  try {
    return await guard.attempt(address, async () => {
      const delay = throttle.begin(input.username);
      try {
        if (delay > 0) await deps.sleep(delay);
        return await checkLogin(deps, guard, throttle, input);
      } finally {
        throttle.end(input.username);
      }
    });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'auth.failed' || error.code === 'auth.rate_limited')) {
      error.retryAfterSeconds = Math.ceil(throttle.nextDelay(input.username) / 1000);
    }
    throw error;
  }
}

async function checkLogin(deps: ConsoleDeps, guard: LoginGuard, throttle: LoginThrottle, input: LoginInput): Promise<{ token: string; answer: SessionAnswer }> {
  const account = getAccountByUsername(deps.db, input.username);
  const authValue = decodedBytes(input.authValue) ?? new Uint8Array(0);
  const passes = (await guard.verify(account?.authHash ?? (await decoy()), authValue)) && account !== undefined && account.status === 'active';
  const now = deps.clock();
  const fail = () => {
    throttle.failed(input.username);
    // Only for real accounts: random usernames must not grow the log without bound.
    if (account) appendAudit(deps.db, now, { actorId: account.id, action: 'auth.login_failed' });
    return errors.authFailed();
  };
  if (!passes || !account) throw fail();
  if (account.totpEnabled) {
    if (input.totp === undefined) throw errors.totpRequired();
    const totpTries = totpAttempts(deps);
    totpTries.admit(account.id, now.getTime());
    const step = account.totpSecret ? verifyTotp(account.totpSecret, input.totp, now, account.totpLastStep) : null;
    if (step === null) {
      totpTries.failed(account.id, now.getTime());
      throw fail();
    }
    totpTries.succeeded(account.id);
    updateAccount(deps.db, account.id, { totpLastStep: step });
  }
  throttle.succeeded(input.username);
  return deps.db.transaction((tx) => {
    const session = openSession(deps, tx, account);
    appendAudit(tx, now, { actorId: account.id, action: 'auth.login' });
    return { token: session.token, answer: { csrfToken: session.csrfToken, me: describeMe(deps, account) } };
  });
}

// --- TOTP ---

/** Wrong codes an account may send before each further try waits; the wait then doubles. */
export const totpFreeFailures = 5;
const totpFirstWaitMs = 30_000;
const totpLongestWaitMs = 60 * 60_000;

/**
 * Failed TOTP codes per account (login and confirmation), so a known passphrase does not let
 * anyone try all million codes: after 5 failures each further try waits 30 s, doubling per failure
 * up to an hour; a success resets. Held in memory, per database: a restart forgets, and only the
 * operator restarts. Keyed by account id, so bounded by the number of accounts.
 */
function createTotpAttempts() {
  const failures = new Map<string, { count: number; lastMs: number }>();
  return {
    /** Throws auth.rate_limited while the account must wait; the code is then not even checked. */
    admit(accountId: string, nowMs: number): void {
      const entry = failures.get(accountId);
      if (!entry || entry.count < totpFreeFailures) return;
      const waitMs = Math.min(totpFirstWaitMs * 2 ** Math.min(entry.count - totpFreeFailures, 16), totpLongestWaitMs);
      if (nowMs - entry.lastMs < waitMs) throw errors.authRateLimited();
    },
    failed(accountId: string, nowMs: number): void {
      failures.set(accountId, { count: (failures.get(accountId)?.count ?? 0) + 1, lastMs: nowMs });
    },
    succeeded(accountId: string): void {
      failures.delete(accountId);
    },
  };
}
const totpAttemptsByDatabase = new WeakMap<object, ReturnType<typeof createTotpAttempts>>();
/** One count per app (its database), without threading another object through the routes. */
function totpAttempts(deps: ConsoleDeps): ReturnType<typeof createTotpAttempts> {
  let attempts = totpAttemptsByDatabase.get(deps.db);
  if (!attempts) totpAttemptsByDatabase.set(deps.db, (attempts = createTotpAttempts()));
  return attempts;
}

export function startTotp(deps: ConsoleDeps, staff: SignedInStaff) {
  if (staff.account.totpEnabled) throw errors.totpAlreadyEnabled();
  const secret = randomBytes(totpParameters.secretBytes);
  updateAccount(deps.db, staff.id, { totpSecret: secret, totpEnabled: false, totpLastStep: null });
  const url = otpauthUrl({ issuer: 'Qauipsiz', account: staff.account.username, secret });
  return { secret: new URL(url).searchParams.get('secret') ?? '', otpauthUrl: url };
}

export function confirmTotp(deps: ConsoleDeps, staff: SignedInStaff, code: string): void {
  const account = getAccount(deps.db, staff.id)!;
  if (account.totpEnabled) throw errors.totpAlreadyEnabled();
  if (!account.totpSecret) throw errors.totpNotStarted();
  const now = deps.clock();
  const totpTries = totpAttempts(deps);
  totpTries.admit(account.id, now.getTime());
  const step = verifyTotp(account.totpSecret, code, now, null);
  if (step === null) {
    totpTries.failed(account.id, now.getTime());
    throw errors.totpInvalid();
  }
  totpTries.succeeded(account.id);
  deps.db.transaction((tx) => {
    updateAccount(tx, staff.id, { totpEnabled: true, totpLastStep: step });
    appendAudit(tx, now, { actorId: staff.id, action: 'totp.enable' });
  });
}

// --- Invitations ---

export function createInvitation(deps: ConsoleDeps, staff: Staff, input: { role: StaffRole; displayName: string; groupIds: string[] }, origin: string): { invitationUrl: string } {
  for (const groupId of input.groupIds) if (!getGroup(deps.db, groupId)) throw errors.groupNotFound();
  const token = newToken();
  const now = deps.clock();
  deps.db.transaction((tx) => {
    insertInvitation(tx, {
      tokenHash: sha256(token),
      role: input.role,
      displayName: input.displayName,
      groupIds: JSON.stringify(input.role === 'inspector' ? [...new Set(input.groupIds)] : []),
      createdBy: staff.id,
      expiresAt: new Date(now.getTime() + invitationDays * 86_400_000).toISOString(),
      usedAt: null,
    });
    appendAudit(tx, now, { actorId: staff.id, action: 'invitation.create', detail: { role: input.role, groupIds: input.groupIds } });
  });
  return { invitationUrl: `${origin}/#invite=${token}` };
}

export function describeInvitation(deps: ConsoleDeps, token: string) {
  const invitation = getOpenInvitation(deps.db, sha256(token), deps.clock().toISOString());
  if (!invitation) throw errors.invitationNotFound();
  const inviter = getAccount(deps.db, invitation.createdBy);
  const organisation = getOrganisation(deps.db);
  return {
    displayName: invitation.displayName,
    role: invitation.role,
    organisationName: organisation?.name ?? '',
    ...(inviter ? { invitedBy: inviter.displayName } : {}),
    ...(organisation ? { organisationKey: toBase64Url(organisation.signingPublicKey) } : {}),
  };
}

/** The invitation's token comes in the body, as the link's fragment gave it to the page. */
type AcceptInput = { token: string; username: string; authValue: string; keyEnvelope: string; publicKey: string; signingKey: string };

export async function acceptInvitation(deps: ConsoleDeps, guard: LoginGuard, address: string, input: AcceptInput): Promise<{ token: string; answer: SessionAnswer }> {
  return guard.attempt(address, () => acceptAdmitted(deps, input));
}

async function acceptAdmitted(deps: ConsoleDeps, input: AcceptInput): Promise<{ token: string; answer: SessionAnswer }> {
  const tokenHash = sha256(input.token);
  const now = deps.clock();
  if (!getOpenInvitation(deps.db, tokenHash, now.toISOString())) throw errors.invitationNotFound();
  const keyEnvelope = decodeKey(input.keyEnvelope, 'keyEnvelope', isBundleEnvelope);
  const publicKey = decodeKey(input.publicKey, 'publicKey', isPublicKey);
  const signingKey = decodeKey(input.signingKey, 'signingKey', isPublicKey);
  const authHash = await hashAuthValueAsync(decodeKey(input.authValue, 'authValue', isAuthValue));
  return deps.db.transaction((tx) => {
    const invitation = getOpenInvitation(tx, tokenHash, now.toISOString());
    if (!invitation || !useInvitation(tx, tokenHash, now.toISOString())) throw errors.invitationNotFound();
    const account = createAccount(tx, now, {
      id: nanoid(12),
      username: input.username,
      displayName: invitation.displayName,
      role: invitation.role,
      keyEnvelope,
      publicKey,
      signingPublicKey: signingKey,
      authHash,
      pendingGroupIds: invitation.groupIds,
    });
    appendAudit(tx, now, { actorId: account.id, action: 'invitation.accept', detail: { role: account.role, invitedBy: invitation.createdBy } });
    const session = openSession(deps, tx, account);
    return { token: session.token, answer: { csrfToken: session.csrfToken, me: describeMe(deps, account) } };
  });
}
