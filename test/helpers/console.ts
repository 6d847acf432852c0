// Staff for console tests: accounts with a known passphrase made the way the browser makes them
// (key pair, key bundle envelope, signing key, authValue from the envelope's salt), certified
// through test/helpers/directory.ts, what the setup page sends, a login through the API, and
// requests with the session cookie and CSRF header.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { nanoid } from 'nanoid';
import {
  certificateDigest,
  deriveFromPassphrase,
  fromBase64Url,
  generateBoxKeyPair,
  generateSigningKeyPair,
  hashAuthValue,
  issueCertificate,
  passphraseEnvelopeSalt,
  sealStaffKeys,
  signDirectory,
  staffSigningKeyPair,
  toBase64Url,
  wrapWithPassphrase,
  type DirectoryClaim,
  type KeyPair,
} from '../../crypto/index.ts';
import { insertAccount } from '../../db/repositories/accounts.ts';
import { firstDirectory } from '../../server/admin/directory.ts';
import { certifyMember, recoveryGroups } from './directory.ts';
import type { Harness } from './fixtures.ts';

export type StaffMember = {
  id: string;
  username: string;
  passphrase: string;
  keys: KeyPair;
  signingKeys: KeyPair;
  keyEnvelope: Uint8Array;
  authValue: Uint8Array;
  role: 'admin' | 'inspector' | 'analyst';
};
export type Session = { cookie: string; csrfToken: string; me: { id: string; role: string; groups: string[]; mustSign: boolean } };

/**
 * What the console page computes from a passphrase: a new key pair sealed with the organisation
 * key it holds (or, `legacy`, the bare private key as before key bundles), its signing key, and the
 * authValue from the envelope's salt.
 */
export function browserKeys(passphrase: string, organisationKey: Uint8Array | 'legacy') {
  const keys = generateBoxKeyPair();
  const keyEnvelope = organisationKey === 'legacy' ? wrapWithPassphrase(keys.privateKey, passphrase) : sealStaffKeys(keys.privateKey, organisationKey, passphrase);
  const signingKeys = staffSigningKeyPair(keys.privateKey);
  const { authValue } = deriveFromPassphrase(passphrase, passphraseEnvelopeSalt(keyEnvelope));
  return { keys, signingKeys, keyEnvelope, authValue };
}

let counter = 0;

/**
 * An account in the database. Inspectors (and others with `signed`) get a certificate for their
 * groups and the next directory version listing them; `legacy` makes an account from before key
 * bundles (89-byte envelope, no signing key recorded, never certified).
 */
export function createStaff(h: Harness, role: StaffMember['role'], options: { groups?: string[]; signed?: boolean; passphrase?: string; legacy?: boolean } = {}): StaffMember {
  const passphrase = options.passphrase ?? `passphrase of ${role} ${++counter} ${nanoid(6)}`;
  const { keys, signingKeys, keyEnvelope, authValue } = browserKeys(passphrase, options.legacy ? 'legacy' : h.signing.publicKey);
  const id = nanoid(12);
  const username = `${role}${counter}.${id.toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 6)}`;
  insertAccount(h.database.db, {
    id,
    username,
    displayName: `${role} ${counter}`,
    role,
    keyEnvelope: Buffer.from(keyEnvelope),
    publicKey: Buffer.from(keys.publicKey),
    signingPublicKey: options.legacy ? null : Buffer.from(signingKeys.publicKey),
    pendingGroupIds: JSON.stringify(options.groups ?? []),
    authHash: hashAuthValue(authValue),
    createdAt: new Date().toISOString(),
  });
  const member: StaffMember = { id, username, passphrase, keys, signingKeys, keyEnvelope, authValue, role };
  if (!options.legacy && (options.signed ?? role === 'inspector')) certifyMember(h.database.db, h.signing, { id, keys, signingKeys, role, displayName: `${role} ${counter}` }, options.groups ?? []);
  return member;
}

export const setupPassphrase = 'first administrator passphrase';
export const organisationPassphrase = 'organisation passphrase 2026';

/**
 * What the setup page sends: the organisation key (wrapped under the organisation passphrase), the
 * administrator's keys and certificate, the recovery key and its certificate, and the first
 * directory version (`after`'s version + 1 when adopting), all made "in the browser".
 */
export function setupBody(token: string, options: { accountId?: string; signing?: KeyPair; after?: DirectoryClaim } = {}) {
  const signing = options.signing ?? generateSigningKeyPair();
  const admin = browserKeys(setupPassphrase, signing.publicKey);
  const recovery = generateBoxKeyPair();
  const accountId = options.accountId ?? 'AdminAccount01';
  const base = options.after ?? { ...firstDirectory('2026-11-26'), version: 0 };
  const adminCertificate = issueCertificate({ accountId, boxKey: admin.keys.publicKey, signKey: admin.signingKeys.publicKey, role: 'admin', groups: [], issuedDay: '2026-11-26' }, signing.privateKey);
  const recoveryCertificate = issueCertificate({ accountId: 'recovery', boxKey: recovery.publicKey, signKey: null, role: 'recovery', groups: recoveryGroups(base), issuedDay: '2026-11-26' }, signing.privateKey);
  const claim: DirectoryClaim = { ...base, version: base.version + 1, issuedDay: '2026-11-26', recovery: certificateDigest(recoveryCertificate) };
  return {
    admin,
    signing,
    recovery,
    adminCertificate,
    recoveryCertificate,
    claim,
    body: {
      token,
      organisationName: 'Labour inspection',
      username: 'admin',
      displayName: 'First Admin',
      authValue: toBase64Url(admin.authValue),
      keyEnvelope: toBase64Url(admin.keyEnvelope),
      publicKey: toBase64Url(admin.keys.publicKey),
      accountSigningKey: toBase64Url(admin.signingKeys.publicKey),
      signingPublicKey: toBase64Url(signing.publicKey),
      wrappedSigningKey: toBase64Url(wrapWithPassphrase(signing.privateKey, organisationPassphrase)),
      recoveryPublicKey: toBase64Url(recovery.publicKey),
      recoveryCertificate: toBase64Url(recoveryCertificate),
      adminCertificate: toBase64Url(adminCertificate),
      directory: toBase64Url(signDirectory(claim, signing.privateKey)),
      accountId,
    },
  };
}

export async function login(app: FastifyInstance, member: Pick<StaffMember, 'username' | 'authValue'>, totp?: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue), ...(totp ? { totp } : {}) } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { cookie: sessionCookie(res), ...res.json<Omit<Session, 'cookie'>>() };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const header = String(res.headers['set-cookie'] ?? '');
  const match = /qsid=([A-Za-z0-9_-]+)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${header}`);
  return `qsid=${match[1]}`;
}

/** A console request with the session cookie and, unless told otherwise, the CSRF header. */
export function as(app: FastifyInstance, session: Session, options: { csrf?: boolean } = {}) {
  const request = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/console${url}`,
      headers: { cookie: session.cookie, ...(options.csrf === false || method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => request('GET', url),
    post: (url: string, payload?: unknown) => request('POST', url, payload),
    put: (url: string, payload?: unknown) => request('PUT', url, payload),
    patch: (url: string, payload?: unknown) => request('PATCH', url, payload),
  };
}

export const bytes = (text: string) => fromBase64Url(text);
