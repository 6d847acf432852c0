// Deadlines of a case, from the day it was received. Pure: the caller passes the settings and
// whether the category is escalated the same day.

export const stages = ['acknowledge', 'triage', 'answer', 'feedback'] as const;
export type Stage = (typeof stages)[number];
export type Deadlines = Record<Stage, string>;

export const caseStatuses = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

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

/** Which deadlines still bind a case in each status: a stage is met once the case moved past it. */
export const pendingStages: Readonly<Record<CaseStatus, readonly Stage[]>> = Object.freeze({
  new: ['acknowledge', 'triage', 'answer', 'feedback'],
  acknowledged: ['triage', 'answer', 'feedback'],
  in_review: ['answer', 'feedback'],
  inspection_planned: ['feedback'],
  referred: ['feedback'],
  closed: [],
});

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

/** The stages whose due day has passed while they still bind the case; due today is not overdue. */
export function overdueStages(status: CaseStatus, deadlines: Deadlines, today: string): Stage[] {
  return pendingStages[status].filter((stage) => deadlines[stage] < today);
}

/** The next stage that binds a case in this status, or null once it is closed. */
export function nextStage(status: CaseStatus): Stage | null {
  return pendingStages[status][0] ?? null;
}
