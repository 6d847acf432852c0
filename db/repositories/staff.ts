// Staff accounts, their sessions and invitations, and the organisation's settings.
import { and, count, eq, isNull, lt, ne, or } from 'drizzle-orm';
import { preparedOnce } from '../prepared.ts';
import type { Db } from '../database.ts';
import { groupMembers, invitations, organisation, organisationSettings, recipientGroups, recipients, staffAccounts, staffSessions } from '../schema.ts';

export type StaffAccount = typeof staffAccounts.$inferSelect;
export type NewStaffAccount = typeof staffAccounts.$inferInsert;
export type StaffRole = StaffAccount['role'];
export type StaffSession = typeof staffSessions.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type SettingsRecord = typeof organisationSettings.$inferSelect;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Conn = Db | Tx;

export class UsernameTakenError extends Error {}

const sqliteCode = (error: unknown): string | undefined => (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;

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

export function countAwaitingSignature(db: Conn): number {
  return (
    db
      .select({ n: count() })
      .from(staffAccounts)
      .where(and(isNull(staffAccounts.keySignature), eq(staffAccounts.status, 'active'), ne(staffAccounts.role, 'analyst')))
      .get()?.n ?? 0
  );
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

/** Whether the account's key is a signed recipient key (a row of `recipients`). */
export function isRecipient(db: Conn, id: string): boolean {
  return db.select({ id: recipients.id }).from(recipients).where(eq(recipients.id, id)).get() !== undefined;
}

/**
 * Records the organisation's signature of an account's key: the account becomes a recipient
 * (same id) and joins the groups it was invited to.
 */
export function signAccountKey(db: Conn, account: StaffAccount, signature: Buffer, day: string): void {
  const pending = JSON.parse(account.pendingGroupIds) as string[];
  db.update(staffAccounts).set({ keySignature: signature, pendingGroupIds: '[]' }).where(eq(staffAccounts.id, account.id)).run();
  db.insert(recipients)
    .values({
      id: account.id,
      displayName: account.displayName,
      publicKey: account.publicKey,
      keySignature: signature,
      wrappedPrivateKey: account.keyEnvelope,
      createdDay: day,
      disabledDay: account.status === 'disabled' ? day : null,
    })
    .onConflictDoUpdate({ target: recipients.id, set: { publicKey: account.publicKey, keySignature: signature, wrappedPrivateKey: account.keyEnvelope } })
    .run();
  for (const groupId of pending) db.insert(groupMembers).values({ groupId, recipientId: account.id }).onConflictDoNothing().run();
}

/** Sets who is in a group: recipients join group_members, accounts still awaiting a signature keep it pending. */
export function setGroupMembers(tx: Conn, groupId: string, accountIds: string[]): void {
  {
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
}

export function updateGroupNames(db: Conn, groupId: string, names: { nameKk: string; nameRu: string; nameEn: string }): void {
  db.update(recipientGroups).set(names).where(eq(recipientGroups.id, groupId)).run();
}

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

// --- Sessions ---

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

// --- Invitations ---

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

// --- Organisation and its settings ---

export function updateOrganisation(db: Conn, changes: Partial<Omit<typeof organisation.$inferInsert, 'id'>>): void {
  db.update(organisation).set(changes).where(eq(organisation.id, 1)).run();
}

export function getSettings(db: Conn): SettingsRecord | undefined {
  return preparedOnce(db, 'getSettings', () => db.select().from(organisationSettings).where(eq(organisationSettings.id, 1)).prepare()).get();
}

export function saveSettings(db: Conn, settings: Omit<SettingsRecord, 'id'>): void {
  db.insert(organisationSettings)
    .values({ id: 1, ...settings })
    .onConflictDoUpdate({ target: organisationSettings.id, set: settings })
    .run();
}
