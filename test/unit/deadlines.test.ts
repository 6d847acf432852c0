import t from 'tap';
import { caseStatuses, deadlineStages, pendingStages } from '../../contract/domain.ts';
import holidayData from '../../db/data/kz-holidays.json' with { type: 'json' };
import {
  addMonths,
  addWorkingDays,
  deadlinesFor,
  defaultDeadlineSettings,
  isCalendarDay,
  isWorkingDay,
  nextStage,
  overdueStages,
  publicHolidays,
  transfersProblem,
} from '../../server/domain/deadlines.ts';

const settings = defaultDeadlineSettings;
const noTransfers = { holidays: [], workingDays: [] };

t.test('default deadlines: 3 working days to triage and acknowledge, 15 to answer, 3 months to feedback', async (t) => {
  // Thursday 26 November 2026: 7 calendar days would end on 3 December, after triage on 1 December.
  t.same(deadlinesFor('2026-11-26', false, settings), { acknowledge: '2026-12-01', triage: '2026-12-01', answer: '2026-12-18', feedback: '2027-02-26' }, 'Independence Day (16 December) is not a working day');
});

t.test('stages fall due in workflow order under any settings, so the first pending stage is the nearest', async (t) => {
  const terms = [0, 1, 3, 7, 15, 40, 366];
  let checked = 0;
  for (const acknowledgeDays of terms)
    for (const triageWorkingDays of terms)
      for (const answerWorkingDays of terms)
        for (const feedbackMonths of [0, 1, 3])
          for (const escalated of [false, true]) {
            const due = deadlinesFor('2026-03-20', escalated, { ...settings, acknowledgeDays, triageWorkingDays, answerWorkingDays, feedbackMonths });
            const days = deadlineStages.map((stage) => due[stage]);
            if (days.some((day, i) => i > 0 && day < days[i - 1]!)) t.fail(`out of order: ${JSON.stringify({ acknowledgeDays, triageWorkingDays, answerWorkingDays, feedbackMonths, escalated, due })}`);
            for (const status of caseStatuses) {
              const nearest = pendingStages[status].map((stage) => due[stage]).sort()[0];
              const next = nextStage(status);
              if ((next === null ? undefined : due[next]) !== nearest) t.fail(`the next stage of ${status} is not the nearest`);
            }
            checked++;
          }
  t.equal(checked, 7 * 7 * 7 * 3 * 2);
  t.same(deadlinesFor('2026-11-26', false, { ...settings, answerWorkingDays: 200, feedbackMonths: 1 }).answer, '2026-12-26', 'an answer term beyond the feedback ends with it');
  t.same(deadlinesFor('2026-11-26', false, { ...settings, acknowledgeDays: 1 }).acknowledge, '2026-11-27', 'a shorter acknowledgement term stays as it is');
});

t.test('working days skip weekends, public holidays and the government\'s days off; the received day never counts', async (t) => {
  t.equal(addWorkingDays('2026-11-27', 1, noTransfers), '2026-11-30', 'Friday + 1 = Monday');
  t.equal(addWorkingDays('2026-11-28', 1, noTransfers), '2026-11-30', 'Saturday + 1 = Monday');
  t.equal(addWorkingDays('2026-12-15', 1, noTransfers), '2026-12-17', 'Independence Day skipped');
  t.equal(addWorkingDays('2026-12-15', 1, { holidays: ['2026-12-17'], workingDays: [] }), '2026-12-18', 'an extra day off skipped');
  t.equal(addWorkingDays('2026-12-15', 0, noTransfers), '2026-12-15');
  t.equal(addWorkingDays('2027-01-08', 1, { holidays: [], workingDays: ['2027-01-09'] }), '2027-01-09', 'a Saturday made working counts');
  t.notOk(isWorkingDay('2026-05-27', noTransfers), 'Kurban Ait 2026');
});

t.test('Kazakhstan\'s public holidays, with days off moved off weekends except religious holidays', async (t) => {
  t.same(
    [...publicHolidays(2025)].sort(),
    [
      ...['01-01', '01-02', '01-07', '03-08', '03-10', '03-21', '03-22', '03-23', '03-24', '03-25', '05-01', '05-07', '05-09', '06-06'],
      ...['07-06', '07-07', '08-30', '09-01', '10-25', '10-27', '12-16'],
    ].map((d) => `2025-${d}`),
    '2025: 8 March (Saturday) → 10 March, Nauryz over a weekend → 24–25 March, 6 July → 7 July, 30 August → 1 September, 25 October → 27 October',
  );
  const year2022 = publicHolidays(2022);
  t.ok(['2022-01-03', '2022-01-04'].every((d) => year2022.has(d)), 'New Year on Saturday and Sunday: 3 and 4 January off');
  const year2026 = publicHolidays(2026);
  t.ok(['2026-03-24', '2026-03-25'].every((d) => year2026.has(d)), 'Nauryz 2026 (Saturday to Monday): 24 and 25 March off');
  t.ok(isWorkingDay('2024-01-08', noTransfers), 'Orthodox Christmas on Sunday 7 January 2024 moves nothing');
  t.ok(isWorkingDay('2024-06-17', noTransfers), 'Kurban Ait on Sunday 16 June 2024 moves nothing');
  t.notOk(isWorkingDay('2024-06-16', noTransfers));
  t.ok(isWorkingDay('2026-12-01', noTransfers), '1 December is no longer a holiday');
});

t.test('the holiday data: every Kurban Ait day real, one a year, later years marked provisional', async (t) => {
  const days = holidayData.kurbanAit.map((k) => k.day);
  t.ok(days.every(isCalendarDay), 'real days');
  t.equal(new Set(days.map((d) => d.slice(0, 4))).size, days.length, 'one a year');
  t.same(holidayData.kurbanAit.filter((k) => !k.confirm).map((k) => k.day), ['2024-06-16', '2025-06-06', '2026-05-27'], 'the announced ones');
  t.equal(holidayData.fixed.filter((h) => h.religious).map((h) => h.monthDay).join(), '01-07', 'Orthodox Christmas is the fixed religious holiday');
});

t.test('the government\'s transfers are checked before they are stored', async (t) => {
  t.equal(transfersProblem({ holidays: ['2026-12-31'], workingDays: ['2026-12-26'] }), null, 'a Thursday off, a Saturday worked');
  t.same(transfersProblem({ holidays: ['2026-02-30'], workingDays: [] }), { field: 'holidays', day: '2026-02-30' }, 'no such day');
  t.same(transfersProblem({ holidays: ['2026-12-31', '2026-12-31'], workingDays: [] }), { field: 'holidays', day: '2026-12-31' }, 'listed twice');
  t.same(transfersProblem({ holidays: [], workingDays: ['2026-12-28'] }), { field: 'workingDays', day: '2026-12-28' }, 'a Monday is working already');
  t.same(transfersProblem({ holidays: ['2026-12-26'], workingDays: ['2026-12-26'] }), { field: 'workingDays', day: '2026-12-26' }, 'not in both lists');
  t.notOk(isCalendarDay('2026-1-01'));
  t.ok(isCalendarDay('2028-02-29'));
  t.notOk(isCalendarDay('2027-02-29'));
});

t.test('months end at the month\'s last day', async (t) => {
  t.equal(addMonths('2026-11-30', 3), '2027-02-28');
  t.equal(addMonths('2027-11-30', 3), '2028-02-29', 'leap year');
  t.equal(addMonths('2026-10-15', 3), '2027-01-15', 'across the year');
});

t.test('concealed fatalities and imminent danger are due the day they arrive', async (t) => {
  const due = deadlinesFor('2026-11-26', true, settings);
  t.equal(due.acknowledge, '2026-11-26');
  t.equal(due.triage, '2026-11-26');
  t.equal(due.answer, '2026-12-18', 'the answer term stays');
});

t.test('a stage is overdue only after its due day and only while the case has not passed it', async (t) => {
  const due = deadlinesFor('2026-11-26', false, settings);
  t.same(overdueStages('new', due, '2026-12-01'), [], 'due today is not overdue');
  t.same(overdueStages('new', due, '2026-12-02'), ['acknowledge', 'triage']);
  t.same(overdueStages('acknowledged', due, '2026-12-04'), ['triage']);
  t.same(overdueStages('in_review', due, '2026-12-19'), ['answer']);
  t.same(overdueStages('referred', due, '2027-03-01'), ['feedback']);
  t.same(overdueStages('closed', due, '2030-01-01'), []);
  t.equal(nextStage('new'), 'acknowledge');
  t.equal(nextStage('in_review'), 'answer');
  t.equal(nextStage('closed'), null);
});

t.test('settings change the terms', async (t) => {
  t.same(deadlinesFor('2026-11-26', false, { ...settings, acknowledgeDays: 1, triageWorkingDays: 1, answerWorkingDays: 1, feedbackMonths: 1 }), {
    acknowledge: '2026-11-27',
    triage: '2026-11-27',
    answer: '2026-11-27',
    feedback: '2026-12-26',
  });
});
