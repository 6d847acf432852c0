// The case's metadata, deadlines and history: what the server knows without the report key, and
// whether its metadata still says what the reporter sealed into the report.
import type { CaseDetail, CaseEvent } from '../../../../contract/console-api.ts';
import type { CaseStatus } from '../../../../contract/domain.ts';
import type { App } from '../../app.ts';
import { h, type Child } from '../../../shared/dom.ts';
import { format } from '../../../shared/language.ts';
import { categoryLabel, formatDay, formatTime, groupAccident, industryLabel, regionLabel, severityLabel } from '../../labels.ts';
import { deadlineLabel } from '../queue.ts';
import { factList, type CaseView, type MetadataCheck, type MetadataField } from './open.ts';

/** Back to the queue, the title (day received), the case's metadata and whether it is what the reporter sent. */
export function caseHeader({ app, detail, metadata }: CaseView): Child[] {
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
    metadataNotice(app, metadata),
  ];
}

/**
 * A warning naming each field the server's record changed; a note that the details were not checked
 * (the report was not opened here) or, for an older report, cannot be; a warning for a version 1
 * report received after version 2 shipped.
 */
function metadataNotice(app: App, metadata: MetadataCheck): HTMLElement | null {
  const { t, language } = app;
  if (metadata.kind === 'unbound' && metadata.late) return h('p', { class: 'alert', id: 'case-metadata-late' }, t.metadataUnboundLate);
  if (metadata.kind === 'unbound') return h('p', { class: 'note', id: 'case-metadata-unbound' }, t.metadataUnbound);
  if (metadata.kind === 'unchecked') return h('p', { class: 'note', id: 'case-metadata-unchecked' }, t.metadataUnchecked);
  if (metadata.kind !== 'bound' || metadata.differences.length === 0) return null;
  const differences = metadata.differences
    .map(({ field, stored, sent }) =>
      format(t.metadataDifference, { field: metadataFieldName(app, field), stored: metadataValue(app, field, stored), sent: metadataValue(app, field, sent) }, language),
    )
    .join('; ');
  return h('p', { class: 'alert', id: 'case-metadata-warning' }, format(t.metadataDiffers, { differences }, language));
}

function metadataFieldName({ t }: App, field: MetadataField): string {
  return field === 'groupId' ? t.metadataGroup : t[field];
}

/** A metadata value in words: the catalog's label, or the group's name (a region group by its region). */
function metadataValue({ t, language }: App, field: MetadataField, value: string): string {
  if (field === 'region') return regionLabel(value, language);
  if (field === 'industry') return industryLabel(value, language);
  if (field === 'category') return categoryLabel(value, language);
  const region = /^region-([0-9]{2})$/.exec(value)?.[1];
  if (region !== undefined) return format(t.metadataRegionGroup, { region: regionLabel(region, language) }, language);
  return t.metadataGroupNames[value] ?? value;
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

/** Every change to the case: when, what, who (by name: nameOf). */
export function historySection({ app, detail, nameOf }: CaseView): HTMLElement {
  const { t, language } = app;
  const history = detail.events.map((event) => h('li', {}, `${formatTime(event.at, language)} — ${describeEvent(app, event, nameOf)} — ${nameOf(event.actorId)}`));
  return h('section', { 'aria-labelledby': 'case-history-title' }, h('h2', { id: 'case-history-title' }, t.history), history.length > 0 ? h('ul', { id: 'case-history' }, history) : h('p', {}, '—'));
}

function describeEvent(app: App, event: CaseEvent, nameOf: CaseView['nameOf']): string {
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
      return `${t.assignee}: ${event.to === null ? t.assigneeNobody : nameOf(event.to)}`;
    case 'recipient':
      return `${t.recipientEvent}: ${event.to === null ? '—' : nameOf(event.to)}`;
    default:
      return String((event as { kind: unknown }).kind);
  }
}
