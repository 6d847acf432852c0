// Staff for console tests: accounts with a known passphrase made the way the browser makes them
// (key pair, key envelope, authValue from the envelope's salt), a login through the API, and
// requests with the session cookie and CSRF header.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { nanoid } from 'nanoid';
import {
  deriveFromPassphrase,
  passphraseEnvelopeSalt,
  fromBase64Url,
  generateBoxKeyPair,
  hashAuthValue,
  signRecipientKey,
  toBase64Url,
  wrapWithPassphrase,
  type KeyPair,
} from '../../crypto/index.ts';
import { insertAccount, signAccountKey, getAccount } from '../../db/repositories/accounts.ts';
import type { Harness } from './fixtures.ts';

export type StaffMember = { id: string; username: string; passphrase: string; keys: KeyPair; keyEnvelope: Uint8Array; authValue: Uint8Array; role: 'admin' | 'inspector' | 'analyst' };
export type Session = { cookie: string; csrfToken: string; me: { id: string; role: string; groups: string[]; mustSign: boolean } };

/** What the console page computes from a passphrase: an envelope of a new key and the authValue from its salt. */
export function browserKeys(passphrase: string) {
  const keys = generateBoxKeyPair();
  const keyEnvelope = wrapWithPassphrase(keys.privateKey, passphrase);
  const { authValue } = deriveFromPassphrase(passphrase, passphraseEnvelopeSalt(keyEnvelope));
  return { keys, keyEnvelope, authValue };
}

let counter = 0;

/** An account in the database; inspectors (and admins with `signed`) get a signed key and their groups. */
export function createStaff(h: Harness, role: StaffMember['role'], options: { groups?: string[]; signed?: boolean; passphrase?: string } = {}): StaffMember {
  const passphrase = options.passphrase ?? `passphrase of ${role} ${++counter} ${nanoid(6)}`;
  const { keys, keyEnvelope, authValue } = browserKeys(passphrase);
  const id = nanoid(12);
  const username = `${role}${counter}.${id.toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 6)}`;
  insertAccount(h.database.db, {
    id,
    username,
    displayName: `${role} ${counter}`,
    role,
    keyEnvelope: Buffer.from(keyEnvelope),
    publicKey: Buffer.from(keys.publicKey),
    pendingGroupIds: JSON.stringify(options.groups ?? []),
    authHash: hashAuthValue(authValue),
    createdAt: new Date().toISOString(),
  });
  if (options.signed ?? role === 'inspector') {
    const signature = signRecipientKey({ recipientId: id, publicKey: keys.publicKey }, h.signing.privateKey);
    signAccountKey(h.database.db, getAccount(h.database.db, id)!, Buffer.from(signature), '2026-11-01');
  }
  return { id, username, passphrase, keys, keyEnvelope, authValue, role };
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
