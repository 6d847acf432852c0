// Staff accounts of the console. A certificate for an account's key (published with a directory
// version, repositories/directory.ts) makes it a recipient (same id) in the groups the certificate
// names; disabling it also disables that key and ends its sessions.
import { count, eq } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { groupMembers, recipients, staffAccounts, staffSessions } from '../schema.ts';

export type StaffAccount = typeof staffAccounts.$inferSelect;
export type NewStaffAccount = typeof staffAccounts.$inferInsert;
export type StaffRole = StaffAccount['role'];

export class UsernameTakenError extends Error {}

const sqliteCode = (error: unknown): string | undefined => (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;

/** Throws UsernameTakenError when the username (or id) exists already. */
export function insertAccount(db: Conn, account: NewStaffAccount): void {
  try {
    db.insert(staffAccounts).values(account).run();
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UsernameTakenError('username taken');
    throw error;
  }
}

export function getAccount(db: Conn, id: string): StaffAccount | undefined {
  return db.select().from(staffAccounts).where(eq(staffAccounts.id, id)).get();
}

export function getAccountByUsername(db: Conn, username: string): StaffAccount | undefined {
  return db.select().from(staffAccounts).where(eq(staffAccounts.username, username)).get();
}

export function listAccounts(db: Conn): StaffAccount[] {
  return db.select().from(staffAccounts).orderBy(staffAccounts.displayName).all();
}

export function countAdmins(db: Conn): number {
  return db.select({ n: count() }).from(staffAccounts).where(eq(staffAccounts.role, 'admin')).get()?.n ?? 0;
}

export function updateAccount(db: Conn, id: string, changes: Partial<Omit<NewStaffAccount, 'id'>>): void {
  db.update(staffAccounts).set(changes).where(eq(staffAccounts.id, id)).run();
}

/**
 * Disables or enables an account (call in a transaction). Disabling deletes its sessions and
 * stops its key from receiving new reports.
 */
export function setAccountStatus(db: Conn, id: string, status: StaffAccount['status'], day: string): void {
  db.update(staffAccounts).set({ status }).where(eq(staffAccounts.id, id)).run();
  db.update(recipients).set({ disabledDay: status === 'disabled' ? day : null }).where(eq(recipients.id, id)).run();
  if (status === 'disabled') db.delete(staffSessions).where(eq(staffSessions.accountId, id)).run();
}

/** Group ids of an account: its memberships once a recipient, else the groups it was invited to. */
export function accountGroupIds(db: Conn, account: Pick<StaffAccount, 'id' | 'pendingGroupIds'>): string[] {
  const members = db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.recipientId, account.id)).all();
  const pending = JSON.parse(account.pendingGroupIds) as string[];
  return [...new Set([...members.map((m) => m.groupId), ...pending])].sort();
}

/**
 * Sets an account's group memberships to the groups its new certificate names (call in a
 * transaction, after the certificate and its recipients row are stored); the groups it was
 * invited to are then no longer pending.
 */
export function setCertifiedGroups(db: Conn, accountId: string, groupIds: readonly string[]): void {
  db.update(staffAccounts).set({ pendingGroupIds: '[]' }).where(eq(staffAccounts.id, accountId)).run();
  db.delete(groupMembers).where(eq(groupMembers.recipientId, accountId)).run();
  for (const groupId of groupIds) db.insert(groupMembers).values({ groupId, recipientId: accountId }).onConflictDoNothing().run();
}
