// The console's session cookie and the guard every staff route runs before validation: a live
// session (else 401), the CSRF header on state-changing requests (else 403), the right role.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, needsTotpSetup, staffForToken } from '../console/auth.ts';
import { absoluteSessionHours, type ConsoleDeps, type SignedInStaff, type Staff } from '../console/context.ts';
import { errors } from '../http/errors.ts';
import type { Role } from '../../contract/domain.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: SignedInStaff | null;
  }
}

export const cookieName = 'qsid';

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return undefined;
}

export function setSessionCookie(deps: ConsoleDeps, reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${absoluteSessionHours * 3600}${deps.secureCookies ? '; Secure' : ''}`);
}

export function clearSessionCookie(deps: ConsoleDeps, reply: FastifyReply): void {
  reply.header('Set-Cookie', `${cookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${deps.secureCookies ? '; Secure' : ''}`);
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);


/** A preValidation hook: only staff of these roles, with a live session and, for writes, the CSRF header. */
export function staffOnly(deps: ConsoleDeps, roles: readonly Role[], options: { beforeTotpSetup?: boolean } = {}) {
  return async (request: FastifyRequest) => {
    const staff = staffForToken(deps, sessionToken(request));
    if (!staff) throw errors.authRequired();
    if (stateChanging.has(request.method)) checkCsrf(request, staff);
    if (!roles.includes(staff.role)) throw errors.forbidden();
    if (!options.beforeTotpSetup && needsTotpSetup(deps, staff)) throw errors.totpSetupRequired();
    request.staff = staff;
  };
}

/** State-changing requests carry the session's CSRF token in a header (else 403). */
export function checkCsrf(request: FastifyRequest, staff: Staff): void {
  const header = request.headers['x-csrf-token'];
  if (!csrfMatches(staff, typeof header === 'string' ? header : undefined)) throw errors.csrfInvalid();
}

/** The staff member the guard admitted. */
export function staffOf(request: FastifyRequest): SignedInStaff {
  if (!request.staff) throw errors.authRequired();
  return request.staff;
}
