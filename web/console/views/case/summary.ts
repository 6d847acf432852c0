// The case's metadata, deadlines and history: what the server knows without the report key.
import type { CaseDetail, CaseEvent } from '../../../../contract/console-api.ts';
import type { CaseStatus } from '../../../../contract/domain.ts';
import type { App } from '../../app.ts';
import { h, type Child } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { categoryLabel, formatDay, formatTime, groupAccident, industryLabel, regionLabel, severityLabel } from '../../labels.ts';
import { deadlineLabel } from '../queue.ts';
import { factList, type CaseView } from './open.ts';

/** Back to the queue, the title (day received) and the case's metadata. */
export function caseHeader({ app, detail }: CaseView): Child[] {
  const { t, language } = app;
  return [
    h('p', {}, h('button', { type: 'button', id: 'back-to-queue', class: 'link', onclick: () => app.show({ name: 'queue' }) }, `← ${t.backToQueue}`)),
    h('h1', { tabindex: -1 }, format(t.caseTitle, { day: formatDay(detail.receivedDay, language) }, language)),
    factList([
      [t.received, formatDay(detail.receivedDay, language)],
      [t.status, t.statuses[detail.status]],
      [t.category, categoryLabel(detail.category, language)],
      [t.region, regionLabel(detail.region, language)],
      [t.industry, industryLabel(detail.industry, language)],
    ]),
  ];
}

/** Each deadline's day, overdue ones flagged. */
export function deadlinesSection({ app, detail }: CaseView): HTMLElement {
  const { t, language } = app;
  const overdue = new Set(detail.overdue);
  const items = (Object.keys(detail.deadlines) as (keyof CaseDetail['deadlines'])[]).map((name) => {
    const day = detail.deadlines[name];
    const late = overdue.has(name);
    return h('li', { class: late ? 'flag' : false }, `${deadlineLabel(t, name)}: ${formatDay(day, language)}`, late && h('strong', {}, ` — ${t.overdue}`));
  });
  return h('section', { 'aria-labelledby': 'case-deadlines-title' }, h('h2', { id: 'case-deadlines-title' }, t.deadlinesTitle), h('ul', { id: 'case-deadlines' }, items));
}

/** Every change to the case: when, what, who. */
export function historySection({ app, detail }: CaseView): HTMLElement {
  const { t, language } = app;
  const me = app.session?.me;
  const history = detail.events.map((event) => {
    const who = event.actorName ?? (event.actorId === me?.id ? t.assigneeMe : event.actorId);
    return h('li', {}, `${formatTime(event.at, language)} — ${describeEvent(app, event)} — ${who}`);
  });
  return h('section', { 'aria-labelledby': 'case-history-title' }, h('h2', { id: 'case-history-title' }, t.history), history.length > 0 ? h('ul', { id: 'case-history' }, history) : h('p', {}, '—'));
}

function describeEvent(app: App, event: CaseEvent): string {
  const { t, language } = app;
  const status = (value: string | null) => (value !== null && value in t.statuses ? t.statuses[value as CaseStatus] : (value ?? '—'));
  switch (event.kind) {
    case 'status':
      return `${t.status}: ${status(event.from)} → ${status(event.to)}${event.outcome ? ` (${t.outcomes[event.outcome]})` : ''}`;
    case 'severity':
      return `${t.severity}: ${event.to === null ? t.severityNone : severityLabel(event.to, language)}`;
    case 'group':
      return `${groupAccident[language]}: ${event.to === 'true' ? t.yes : t.no}`;
    case 'assignee':
      return `${t.assignee}: ${event.to ?? t.assigneeNobody}`;
    case 'recipient':
      return `${t.recipientEvent}: ${event.to ?? '—'}`;
    default:
      return String((event as { kind: unknown }).kind);
  }
}
