// The organisation (one row: name, signing key) and the directory revision that triggers bump
// whenever the organisation, its settings, groups, recipients or memberships change.
import { eq } from 'drizzle-orm';
import type { Conn, Db } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { organisation, recipientGroups } from '../schema.ts';
import type { NewGroup } from './groups.ts';

export type OrganisationRecord = typeof organisation.$inferSelect;

export function getOrganisation(db: Pick<Db, 'select'>): OrganisationRecord | undefined {
  return db.select().from(organisation).where(eq(organisation.id, 1)).get();
}

/** Creates the organisation with its first recipient groups (groups that exist already are kept). */
export function createOrganisation(db: Conn, org: Omit<typeof organisation.$inferInsert, 'id'>, groups: NewGroup[]): void {
  db.transaction((tx) => {
    tx.insert(organisation).values({ ...org, id: 1 }).run();
    if (groups.length > 0) tx.insert(recipientGroups).values(groups).onConflictDoNothing().run();
  });
}

export function updateOrganisation(db: Conn, changes: Partial<Omit<typeof organisation.$inferInsert, 'id'>>): void {
  db.update(organisation).set(changes).where(eq(organisation.id, 1)).run();
}

/**
 * A number that grows whenever the organisation, its settings, a group, a recipient or a
 * membership changes, from any connection (triggers of migration 0004).
 */
export function getDirectoryRevision(db: Db): number {
  // Read on every report: the driver's statement straight, without drizzle's result mapping.
  const statement = preparedOnce(db, 'getDirectoryRevision', () => db.$client.prepare('SELECT revision FROM directory_revision WHERE id = 1').pluck());
  return (statement.get() as number | undefined) ?? 0;
}
