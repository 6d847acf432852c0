// Invitations to the console, stored by the SHA-256 of their one-time token.
import { and, eq, isNull } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { invitations } from '../schema.ts';

export type Invitation = typeof invitations.$inferSelect;

export function insertInvitation(db: Conn, invitation: typeof invitations.$inferInsert): void {
  db.insert(invitations).values(invitation).run();
}

/** An unused invitation that has not expired at `now` (ISO), or undefined. */
export function getOpenInvitation(db: Conn, tokenHash: Buffer, now: string): Invitation | undefined {
  const found = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
  return found && found.usedAt === null && found.expiresAt > now ? found : undefined;
}

/** Marks an invitation used; false if it was used meanwhile. */
export function useInvitation(db: Conn, tokenHash: Buffer, now: string): boolean {
  return db.update(invitations).set({ usedAt: now }).where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt))).run().changes === 1;
}
