// The organisation's settings (with defaults until an administrator changes them) and the due
// days of cases computed from them.
import { urgentCategories } from '../../db/catalog.ts';
import type { Db } from '../../db/database.ts';
import { rewriteDueDays } from '../../db/repositories/cases.ts';
import { getSettings } from '../../db/repositories/staff.ts';
import { deadlinesFor, defaultDeadlineSettings, type Deadlines, type DeadlineSettings } from '../domain/deadlines.ts';

type Conn = Parameters<typeof getSettings>[0];

export type Settings = { requireTotp: boolean; retentionDays: number | null; deadlines: DeadlineSettings };

export function loadSettings(db: Conn): Settings {
  const stored = getSettings(db);
  if (!stored) return { requireTotp: false, retentionDays: null, deadlines: { ...defaultDeadlineSettings, holidays: [] } };
  return { requireTotp: stored.requireTotp, retentionDays: stored.retentionDays, deadlines: { ...defaultDeadlineSettings, ...(JSON.parse(stored.deadlines) as Partial<DeadlineSettings>) } };
}

export function caseDeadlines(receivedDay: string, category: string, settings: DeadlineSettings): Deadlines {
  return deadlinesFor(receivedDay, urgentCategories.includes(category), settings);
}

/** Stores due days for open cases (all of them, or those that have none yet, e.g. after an upgrade). */
export function recomputeDeadlines(db: Db, onlyMissing: boolean): number {
  const settings = loadSettings(db).deadlines;
  // Due days depend only on the received day and whether the category is urgent.
  const known = new Map<string, Deadlines>();
  return rewriteDueDays(db, onlyMissing, (receivedDay, category) => {
    const key = `${receivedDay}|${urgentCategories.includes(category)}`;
    let due = known.get(key);
    if (!due) known.set(key, (due = caseDeadlines(receivedDay, category, settings)));
    return due;
  });
}
