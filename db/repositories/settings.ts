// The organisation's settings (one row, absent until an administrator saves them). Defaults and
// the meaning of the deadlines JSON: server/shared/settings.ts.
import { eq } from 'drizzle-orm';
import type { Conn } from '../database.ts';
import { preparedOnce } from '../prepared.ts';
import { organisationSettings } from '../schema.ts';

export type SettingsRecord = typeof organisationSettings.$inferSelect;

export function getSettings(db: Conn): SettingsRecord | undefined {
  return preparedOnce(db, 'getSettings', () => db.select().from(organisationSettings).where(eq(organisationSettings.id, 1)).prepare()).get();
}

export function saveSettings(db: Conn, settings: Omit<SettingsRecord, 'id'>): void {
  db.insert(organisationSettings)
    .values({ id: 1, ...settings })
    .onConflictDoUpdate({ target: organisationSettings.id, set: settings })
    .run();
}
