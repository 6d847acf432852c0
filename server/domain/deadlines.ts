// Deadlines of a case, from the day it was received. Pure: the caller passes the settings. The
// stages and which of them bind a case in each status are contract/domain.ts's.
import { caseStatuses, pendingStages, type CaseStatus, type DeadlineStage } from '../../contract/domain.ts';
import { publicHolidayData, urgentCategories } from '../../db/catalog.ts';

export type Deadlines = Record<DeadlineStage, string>;

/** The government's yearly transfers of days off, on top of the public holidays in db/data/kz-holidays.json. */
export type DayTransfers = {
  /** Extra days off, 'YYYY-MM-DD' (e.g. 31 December made a day off). */
  holidays: string[];
  /** Saturdays and Sundays made working days, 'YYYY-MM-DD' (the other half of a transfer). */
  workingDays: string[];
};

export type DeadlineSettings = DayTransfers & {
  /** Calendar days to acknowledge receipt (the EU Directive's bar is 7). */
  acknowledgeDays: number;
  /** Working days to triage (assess) the case. */
  triageWorkingDays: number;
  /** Working days to answer (the Kazakh Administrative Procedural Code's 15). */
  answerWorkingDays: number;
  /** Months to final feedback. */
  feedbackMonths: number;
};

export const defaultDeadlineSettings: DeadlineSettings = Object.freeze({
  acknowledgeDays: 7,
  triageWorkingDays: 3,
  answerWorkingDays: 15,
  feedbackMonths: 3,
  holidays: [],
  workingDays: [],
}) as DeadlineSettings;

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
const isWeekend = (day: string) => [0, 6].includes(toDate(day).getUTCDay());

/** Whether `text` is a real calendar day written 'YYYY-MM-DD' (not 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(toDate(text).getTime()) && toDay(toDate(text)) === text;
}

export function addCalendarDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

const publicHolidaysByYear = new Map<number, ReadonlySet<string>>();

/**
 * The public holidays of `year` that are days off: the fixed ones, Kurban Ait when the data knows
 * it, and for each non-religious holiday on a Saturday or Sunday the next weekday that is not
 * itself a holiday or already taken by an earlier move (1–2 January on a weekend: 3 and 4 off).
 */
export function publicHolidays(year: number): ReadonlySet<string> {
  const known = publicHolidaysByYear.get(year);
  if (known) return known;
  const fixed = publicHolidayData.fixed.map((h) => ({ day: `${year}-${h.monthDay}`, movable: !h.religious }));
  const kurbanAit = publicHolidayData.kurbanAit.filter((day) => day.startsWith(`${year}-`)).map((day) => ({ day, movable: false }));
  const holidays = [...fixed, ...kurbanAit].sort((a, b) => a.day.localeCompare(b.day));
  const daysOff = new Set(holidays.map((h) => h.day));
  for (const holiday of holidays.filter((h) => h.movable && isWeekend(h.day))) {
    let moved = addCalendarDays(holiday.day, 1);
    while (isWeekend(moved) || daysOff.has(moved)) moved = addCalendarDays(moved, 1);
    daysOff.add(moved);
  }
  publicHolidaysByYear.set(year, daysOff);
  return daysOff;
}

/** Whether `day` is a working day: not a weekend, a public holiday or a transferred day off, unless made working. */
export function isWorkingDay(day: string, transfers: DayTransfers): boolean {
  if (transfers.workingDays.includes(day)) return true;
  return !isWeekend(day) && !publicHolidays(Number(day.slice(0, 4))).has(day) && !transfers.holidays.includes(day);
}

/** The day `days` working days after `day` (the received day itself never counts). */
export function addWorkingDays(day: string, days: number, transfers: DayTransfers): string {
  let current = day;
  for (let counted = 0; counted < days; ) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, transfers)) counted++;
  }
  return current;
}

/** Same day of the month `months` later, or that month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return toDay(target);
}

const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * Due days in the order the workflow meets them: a case is acknowledged before it is triaged,
 * triaged before it is answered, answered before the final feedback. A stage whose own term ends
 * later than the next stage's is due on the next stage's day (7 calendar days to acknowledge, 3
 * working days to triage: both due on the triage day). So the first pending stage is always the
 * nearest deadline, for the queue's column and its sort alike.
 */
function inWorkflowOrder(due: Deadlines): Deadlines {
  const answer = earlier(due.answer, due.feedback);
  const triage = earlier(due.triage, answer);
  return { acknowledge: earlier(due.acknowledge, triage), triage, answer, feedback: due.feedback };
}

/**
 * The four due days of a case. Escalated categories (concealed fatalities, imminent danger) must
 * be acknowledged and triaged the day they arrive.
 */
export function deadlinesFor(receivedDay: string, escalated: boolean, settings: DeadlineSettings): Deadlines {
  return inWorkflowOrder({
    acknowledge: escalated ? receivedDay : addCalendarDays(receivedDay, settings.acknowledgeDays),
    triage: escalated ? receivedDay : addWorkingDays(receivedDay, settings.triageWorkingDays, settings),
    answer: addWorkingDays(receivedDay, settings.answerWorkingDays, settings),
    feedback: addMonths(receivedDay, settings.feedbackMonths),
  });
}

/** The due days of a case received on `receivedDay` in `category`: urgent categories are escalated. */
export function caseDeadlines(receivedDay: string, category: string, settings: DeadlineSettings): Deadlines {
  return deadlinesFor(receivedDay, urgentCategories.includes(category), settings);
}

/** The stages whose due day has passed while they still bind the case; due today is not overdue. */
export function overdueStages(status: CaseStatus, deadlines: Deadlines, today: string): DeadlineStage[] {
  return pendingStages[status].filter((stage) => deadlines[stage] < today);
}

/** The next stage that binds a case in this status, or null once it is closed; its day is the nearest (inWorkflowOrder). */
export function nextStage(status: CaseStatus): DeadlineStage | null {
  return pendingStages[status][0] ?? null;
}

/**
 * Why a list of transfers cannot be stored, or null: each day a real date, listed once, in one
 * list only; a day made working must be a Saturday or Sunday. The console checks the same.
 */
export function transfersProblem(transfers: DayTransfers): { field: keyof DayTransfers; day: string } | null {
  for (const field of ['holidays', 'workingDays'] as const) {
    const seen = new Set<string>();
    for (const day of transfers[field]) {
      if (!isCalendarDay(day) || seen.has(day)) return { field, day };
      seen.add(day);
    }
  }
  const badWorkingDay = transfers.workingDays.find((day) => !isWeekend(day) || transfers.holidays.includes(day));
  return badWorkingDay === undefined ? null : { field: 'workingDays', day: badWorkingDay };
}

const statusesWhere = (stage: DeadlineStage) => caseStatuses.filter((status) => pendingStages[status].includes(stage));

/** For each stage, the statuses in which it still binds (pendingStages inverted), for the queue's SQL. */
export const statusesPendingAt: Readonly<Record<DeadlineStage, readonly CaseStatus[]>> = Object.freeze({
  acknowledge: statusesWhere('acknowledge'),
  triage: statusesWhere('triage'),
  answer: statusesWhere('answer'),
  feedback: statusesWhere('feedback'),
});

/** The next binding stage of every status, for sorting the queue by deadline. */
export const nextStageOf: Readonly<Record<CaseStatus, DeadlineStage | null>> = Object.freeze(
  Object.fromEntries(caseStatuses.map((s) => [s, nextStage(s)])) as Record<CaseStatus, DeadlineStage | null>,
);
