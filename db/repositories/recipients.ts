// Organisation, recipient groups and recipients (inspectors with their public keys).
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { groupMembers, organisation, recipientGroups, recipients } from '../schema.ts';

export type OrganisationRecord = typeof organisation.$inferSelect;
export type GroupRecord = typeof recipientGroups.$inferSelect;
export type NewGroup = typeof recipientGroups.$inferInsert;
export type RecipientRecord = typeof recipients.$inferSelect;
export type NewRecipient = typeof recipients.$inferInsert;

/**
 * The recovery key's recipient id. It is signed like an inspector's key and every new report's
 * key is wrapped for it too, but it belongs to no group, so routing never counts it.
 */
export const recoveryRecipientId = 'recovery';

/**
 * A number that grows whenever the organisation, its settings, a group, a recipient or a
 * membership changes, from any connection (triggers of migration 0004).
 */
export function getDirectoryRevision(db: Db): number {
  // Read on every report: the driver's statement straight, without drizzle's result mapping.
  const statement = preparedOnce(db, 'getDirectoryRevision', () => db.$client.prepare('SELECT revision FROM directory_revision WHERE id = 1').pluck());
  return (statement.get() as number | undefined) ?? 0;
}

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

export function getOrganisation(db: Pick<Db, 'select'>): OrganisationRecord | undefined {
  return db.select().from(organisation).where(eq(organisation.id, 1)).get();
}

export function createOrganisation(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], org: Omit<typeof organisation.$inferInsert, 'id'>, groups: NewGroup[]): void {
  db.transaction((tx) => {
    tx.insert(organisation).values({ ...org, id: 1 }).run();
    if (groups.length > 0) tx.insert(recipientGroups).values(groups).onConflictDoNothing().run();
  });
}

export function listGroups(db: Db): (GroupRecord & { activeRecipients: number })[] {
  return preparedOnce(db, 'listGroups', () => db
    .select({
      id: recipientGroups.id,
      kind: recipientGroups.kind,
      regionKato: recipientGroups.regionKato,
      nameKk: recipientGroups.nameKk,
      nameRu: recipientGroups.nameRu,
      nameEn: recipientGroups.nameEn,
      createdDay: recipientGroups.createdDay,
      activeRecipients: sql<number>`count(${recipients.id})`,
    })
    .from(recipientGroups)
    .leftJoin(groupMembers, eq(groupMembers.groupId, recipientGroups.id))
    .leftJoin(recipients, and(eq(recipients.id, groupMembers.recipientId), isNull(recipients.disabledDay)))
    .groupBy(recipientGroups.id)
    .orderBy(recipientGroups.id)
    .prepare()).all();
}

export function getGroup(db: Db, groupId: string): GroupRecord | undefined {
  return db.select().from(recipientGroups).where(eq(recipientGroups.id, groupId)).get();
}

/** The recipients who can currently read the group's new reports. */
export function activeRecipientsOf(db: Db, groupId: string): Pick<RecipientRecord, 'id' | 'publicKey' | 'keySignature'>[] {
  return preparedOnce(db, 'activeRecipientsOf', () =>
    db
      .select({ id: recipients.id, publicKey: recipients.publicKey, keySignature: recipients.keySignature })
      .from(groupMembers)
      .innerJoin(recipients, eq(recipients.id, groupMembers.recipientId))
      .where(and(eq(groupMembers.groupId, sql.placeholder('groupId')), isNull(recipients.disabledDay)))
      .orderBy(recipients.id)
      .prepare(),
  ).all({ groupId });
}

export function addRecipient(db: Db | Parameters<Parameters<Db['transaction']>[0]>[0], recipient: NewRecipient, groupIds: string[]): void {
  db.transaction((tx) => {
    tx.insert(recipients).values(recipient).run();
    for (const groupId of groupIds) tx.insert(groupMembers).values({ groupId, recipientId: recipient.id }).run();
  });
}

export function getRecipient(db: Db, recipientId: string): RecipientRecord | undefined {
  return db.select().from(recipients).where(eq(recipients.id, recipientId)).get();
}

export function listRecipients(db: Db): (RecipientRecord & { groups: string[] })[] {
  const members = db.select().from(groupMembers).all();
  return db
    .select()
    .from(recipients)
    .where(ne(recipients.id, recoveryRecipientId))
    .orderBy(recipients.displayName)
    .all()
    .map((r) => ({ ...r, groups: members.filter((m) => m.recipientId === r.id).map((m) => m.groupId) }));
}

export function groupIdsOf(db: Db, recipientId: string): string[] {
  return db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.recipientId, recipientId))
    .all()
    .map((m) => m.groupId);
}
