// The organisation's settings with their defaults until an administrator changes them, and the due
// days of cases under them: the one place that loads deadline settings, for the intake (new
// reports), the console (settings changes, cases without stored due days) and the server's start.
import type { Conn, Db } from '../../db/database.ts';
import { urgentCategories } from '../../db/catalog.ts';
import { rewriteDueDays } from '../../db/repositories/cases.ts';
import { getSettings } from '../../db/repositories/settings.ts';
import { caseDeadlines, defaultDeadlineSettings, type Deadlines, type DeadlineSettings } from '../domain/deadlines.ts';

export type Settings = { requireTotp: boolean; retentionDays: number | null; deadlines: DeadlineSettings };

export function loadSettings(db: Conn): Settings {
  const stored = getSettings(db);
  const fresh = { ...defaultDeadlineSettings, holidays: [], workingDays: [] };
  if (!stored) return { requireTotp: false, retentionDays: null, deadlines: fresh };
  // Settings stored before days made working existed have no workingDays: the default fills it.
  return { requireTotp: stored.requireTotp, retentionDays: stored.retentionDays, deadlines: { ...fresh, ...(JSON.parse(stored.deadlines) as Partial<DeadlineSettings>) } };
}

/** A case's due days from its received day and category. */
export type DueDays = (receivedDay: string, category: string) => Deadlines;

/**
 * Loads the deadline settings once and returns the due days of a case under them, remembered
 * per received day and kind (escalated or not: two distinct answers a day).
 */
export function loadDueDays(db: Conn): DueDays {
  const settings = loadSettings(db).deadlines;
  const known = new Map<string, Deadlines>();
  // Due days depend on the category only through whether it is escalated: one answer per day and kind.
  return (receivedDay, category) => {
    const key = `${receivedDay}|${urgentCategories.includes(category) ? 'escalated' : 'ordinary'}`;
    let due = known.get(key);
    if (!due) known.set(key, (due = caseDeadlines(receivedDay, category, settings)));
    return due;
  };
}

/** Stores due days for open cases (all of them, or those that have none yet, e.g. after an upgrade). */
export function recomputeDeadlines(db: Db, onlyMissing: boolean): number {
  return rewriteDueDays(db, onlyMissing, loadDueDays(db));
}
