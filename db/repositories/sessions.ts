// Console sessions, stored by the SHA-256 of their cookie; the cookie itself never is.
import { eq, lt, or } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { staffSessions } from '../schema.ts';

export type StaffSession = typeof staffSessions.$inferSelect;

export function insertSession(db: Conn, session: StaffSession): void {
  db.insert(staffSessions).values(session).run();
}

export function getSession(db: Conn, tokenHash: Buffer): StaffSession | undefined {
  return db.select().from(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)).get();
}

export function touchSession(db: Conn, tokenHash: Buffer, lastSeenAt: string): void {
  db.update(staffSessions).set({ lastSeenAt }).where(eq(staffSessions.tokenHash, tokenHash)).run();
}

export function deleteSession(db: Conn, tokenHash: Buffer): void {
  db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)).run();
}

/** Deletes sessions idle since before `idleBefore` or created before `createdBefore` (ISO times). */
export function deleteStaleSessions(db: Conn, idleBefore: string, createdBefore: string): void {
  db.delete(staffSessions).where(or(lt(staffSessions.lastSeenAt, idleBefore), lt(staffSessions.createdAt, createdBefore))).run();
}
