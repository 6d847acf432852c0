// Recipients: the public keys new reports are wrapped for, each signed by the organisation key.
// A console account with a signed key is a recipient with the same id (accounts.ts makes it);
// the admin CLI adds inspectors directly; the recovery key is a recipient in no group.
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Conn, Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { groupMembers, recipients } from '../schema.ts';

export type RecipientRecord = typeof recipients.$inferSelect;
export type NewRecipient = typeof recipients.$inferInsert;

/**
 * The recovery key's recipient id. It is signed like an inspector's key and every new report's
 * key is wrapped for it too, but it belongs to no group, so routing never counts it.
 */
export const recoveryRecipientId = 'recovery';

export function getRecoveryKey(db: Pick<Db, 'select'>): Pick<RecipientRecord, 'id' | 'publicKey' | 'keySignature'> | undefined {
  return preparedOnce(db, 'getRecoveryKey', () =>
    db
      .select({ id: recipients.id, publicKey: recipients.publicKey, keySignature: recipients.keySignature })
      .from(recipients)
      .where(and(eq(recipients.id, recoveryRecipientId), isNull(recipients.disabledDay)))
      .prepare(),
  ).get();
}

export function saveRecoveryKey(db: Pick<Db, 'insert'>, key: { publicKey: Buffer; keySignature: Buffer; createdDay: string }): void {
  db.insert(recipients)
    .values({ id: recoveryRecipientId, displayName: 'Recovery key', publicKey: key.publicKey, keySignature: key.keySignature, wrappedPrivateKey: Buffer.alloc(0), createdDay: key.createdDay })
    .onConflictDoUpdate({ target: recipients.id, set: { publicKey: key.publicKey, keySignature: key.keySignature } })
    .run();
}

/** Adds a recipient to the given groups (the admin CLI's inspectors). */
export function addRecipient(db: Conn, recipient: NewRecipient, groupIds: string[]): void {
  db.transaction((tx) => {
    tx.insert(recipients).values(recipient).run();
    for (const groupId of groupIds) tx.insert(groupMembers).values({ groupId, recipientId: recipient.id }).run();
  });
}

export function getRecipient(db: Conn, recipientId: string): RecipientRecord | undefined {
  return db.select().from(recipients).where(eq(recipients.id, recipientId)).get();
}

/** Every recipient but the recovery key, with the groups each belongs to. */
export function listRecipients(db: Conn): (RecipientRecord & { groups: string[] })[] {
  const members = db.select().from(groupMembers).all();
  return db
    .select()
    .from(recipients)
    .where(ne(recipients.id, recoveryRecipientId))
    .orderBy(recipients.displayName)
    .all()
    .map((r) => ({ ...r, groups: members.filter((m) => m.recipientId === r.id).map((m) => m.groupId) }));
}

/** Whether this id is a recipient (for an account: whether its key was signed). */
export function isRecipient(db: Conn, id: string): boolean {
  return db.select({ id: recipients.id }).from(recipients).where(eq(recipients.id, id)).get() !== undefined;
}

/** An enabled recipient (a case key may be wrapped for it). */
export function isActiveRecipient(db: Conn, recipientId: string): boolean {
  return db.select({ id: recipients.id }).from(recipients).where(and(eq(recipients.id, recipientId), isNull(recipients.disabledDay))).get() !== undefined;
}
