// Deadlines of a case, from the day it was received. Pure: the caller passes the settings. The
// stages and which of them bind a case in each status are contract/domain.ts's.
import { caseStatuses, pendingStages, type CaseStatus, type DeadlineStage } from '../../contract/domain.ts';
import { urgentCategories } from '../../db/catalog.ts';

// Until server/routes/console.ts imports it from contract/domain.ts.

export type Deadlines = Record<DeadlineStage, string>;

export type DeadlineSettings = {
  /** Calendar days to acknowledge receipt (the EU Directive's bar is 7). */
  acknowledgeDays: number;
  /** Working days to triage (assess) the case. */
  triageWorkingDays: number;
  /** Working days to answer (the Kazakh Administrative Procedural Code's 15). */
  answerWorkingDays: number;
  /** Months to final feedback. */
  feedbackMonths: number;
  /** Public holidays, 'YYYY-MM-DD', that are not working days (Saturdays and Sundays never are). */
  holidays: string[];
};

export const defaultDeadlineSettings: DeadlineSettings = Object.freeze({
  acknowledgeDays: 7,
  triageWorkingDays: 3,
  answerWorkingDays: 15,
  feedbackMonths: 3,
  holidays: [],
}) as DeadlineSettings;

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addCalendarDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

export function isWorkingDay(day: string, holidays: readonly string[]): boolean {
  const weekday = toDate(day).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(day);
}

/** The day `days` working days after `day` (the received day itself never counts). */
export function addWorkingDays(day: string, days: number, holidays: readonly string[]): string {
  let current = day;
  for (let counted = 0; counted < days; ) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, holidays)) counted++;
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

/**
 * The four due days of a case. Escalated categories (concealed fatalities, imminent danger) must
 * be acknowledged and triaged the day they arrive.
 */
export function deadlinesFor(receivedDay: string, escalated: boolean, settings: DeadlineSettings): Deadlines {
  return {
    acknowledge: escalated ? receivedDay : addCalendarDays(receivedDay, settings.acknowledgeDays),
    triage: escalated ? receivedDay : addWorkingDays(receivedDay, settings.triageWorkingDays, settings.holidays),
    answer: addWorkingDays(receivedDay, settings.answerWorkingDays, settings.holidays),
    feedback: addMonths(receivedDay, settings.feedbackMonths),
  };
}

/** The due days of a case received on `receivedDay` in `category`: urgent categories are escalated. */
export function caseDeadlines(receivedDay: string, category: string, settings: DeadlineSettings): Deadlines {
  return deadlinesFor(receivedDay, urgentCategories.includes(category), settings);
}

/** The stages whose due day has passed while they still bind the case; due today is not overdue. */
export function overdueStages(status: CaseStatus, deadlines: Deadlines, today: string): DeadlineStage[] {
  return pendingStages[status].filter((stage) => deadlines[stage] < today);
}

/** The next stage that binds a case in this status, or null once it is closed. */
export function nextStage(status: CaseStatus): DeadlineStage | null {
  return pendingStages[status][0] ?? null;
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
