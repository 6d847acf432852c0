import t from 'tap';
import { addMonths, addWorkingDays, deadlinesFor, defaultDeadlineSettings, nextStage, overdueStages } from '../../server/domain/deadlines.ts';

const settings = defaultDeadlineSettings;

t.test('default deadlines: 7 days, 3 and 15 working days, 3 months', async (t) => {
  // Thursday 26 November 2026.
  t.same(deadlinesFor('2026-11-26', false, settings), { acknowledge: '2026-12-03', triage: '2026-12-01', answer: '2026-12-17', feedback: '2027-02-26' });
});

t.test('working days skip weekends and holidays; the received day never counts', async (t) => {
  t.equal(addWorkingDays('2026-11-27', 1, []), '2026-11-30', 'Friday + 1 = Monday');
  t.equal(addWorkingDays('2026-11-28', 1, []), '2026-11-30', 'Saturday + 1 = Monday');
  t.equal(addWorkingDays('2026-12-15', 1, ['2026-12-16', '2026-12-17']), '2026-12-18', 'Independence Day holidays skipped');
  t.equal(addWorkingDays('2026-12-15', 0, []), '2026-12-15');
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
  t.equal(due.answer, '2026-12-17', 'the answer term stays');
});

t.test('a stage is overdue only after its due day and only while the case has not passed it', async (t) => {
  const due = deadlinesFor('2026-11-26', false, settings);
  t.same(overdueStages('new', due, '2026-12-01'), [], 'due today is not overdue');
  t.same(overdueStages('new', due, '2026-12-02'), ['triage']);
  t.same(overdueStages('new', due, '2026-12-04'), ['acknowledge', 'triage']);
  t.same(overdueStages('acknowledged', due, '2026-12-04'), ['triage']);
  t.same(overdueStages('in_review', due, '2026-12-18'), ['answer']);
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
