// Recipient groups and their members (group_members). An account whose key awaits the
// organisation's signature keeps the groups it was given in staff_accounts.pending_group_ids.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Conn, Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { groupMembers, recipientGroups, recipients, staffAccounts } from '../schema.ts';
import { getAccount } from './accounts.ts';
import { isRecipient, type RecipientRecord } from './recipients.ts';

export type GroupRecord = typeof recipientGroups.$inferSelect;
export type NewGroup = typeof recipientGroups.$inferInsert;

/** Every group with how many active recipients can read its new reports. */
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

export function getGroup(db: Conn, groupId: string): GroupRecord | undefined {
  return db.select().from(recipientGroups).where(eq(recipientGroups.id, groupId)).get();
}

export function updateGroupNames(db: Conn, groupId: string, names: { nameKk: string; nameRu: string; nameEn: string }): void {
  db.update(recipientGroups).set(names).where(eq(recipientGroups.id, groupId)).run();
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

/** The groups a recipient belongs to. */
export function groupIdsOf(db: Conn, recipientId: string): string[] {
  return db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.recipientId, recipientId))
    .all()
    .map((m) => m.groupId);
}

/** Sets who is in a group: recipients join group_members, accounts still awaiting a signature keep it pending. */
export function setGroupMembers(tx: Conn, groupId: string, accountIds: string[]): void {
  tx.delete(groupMembers).where(eq(groupMembers.groupId, groupId)).run();
  for (const account of tx.select().from(staffAccounts).all()) {
    const pending = new Set(JSON.parse(account.pendingGroupIds) as string[]);
    const wanted = accountIds.includes(account.id);
    if (wanted && isRecipient(tx, account.id)) {
      tx.insert(groupMembers).values({ groupId, recipientId: account.id }).run();
      pending.delete(groupId);
    } else if (wanted) pending.add(groupId);
    else pending.delete(groupId);
    tx.update(staffAccounts).set({ pendingGroupIds: JSON.stringify([...pending].sort()) }).where(eq(staffAccounts.id, account.id)).run();
  }
  // Recipients made by the CLI before the console had accounts keep working.
  for (const id of accountIds) {
    if (!getAccount(tx, id) && isRecipient(tx, id)) tx.insert(groupMembers).values({ groupId, recipientId: id }).onConflictDoNothing().run();
  }
}

/** Members of a group: its recipients and the accounts that will join once their key is signed. */
export function groupMemberIds(db: Conn, groupId: string): string[] {
  const members = db.select({ id: groupMembers.recipientId }).from(groupMembers).where(eq(groupMembers.groupId, groupId)).all().map((m) => m.id);
  const pending = db
    .select({ id: staffAccounts.id, pending: staffAccounts.pendingGroupIds })
    .from(staffAccounts)
    .all()
    .filter((a) => (JSON.parse(a.pending) as string[]).includes(groupId))
    .map((a) => a.id);
  return [...new Set([...members, ...pending])].sort();
}
