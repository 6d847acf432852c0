// The queue: the cases of the inspector's groups, on clear metadata only (filtered, sorted and
// paged by the server), with counters of new and overdue cases and overdue flags.
import type { CaseSummary, QueueQuery } from '../../../contract/console-api.ts';
import { caseStatuses, pendingStages, severities as severityIds, type CaseStatus, type Severity } from '../../../contract/domain.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format, plural } from '../../shared/language.ts';
import { checkbox, selectField } from '../form.ts';
import type { Messages } from '../i18n/index.ts';
import { categories, categoryLabel, formatDay, industries, industryLabel, regionLabel, regions, severities, severityLabel } from '../labels.ts';

/** The queue's form: '' where a filter is not set. */
export type QueueFilters = {
  status: CaseStatus | '';
  category: string;
  region: string;
  industry: string;
  severity: Severity | '';
  assignee: string;
  overdue: boolean;
  sort: 'received' | 'deadline';
  order: 'asc' | 'desc';
  page: number;
};

export function defaultFilters(): QueueFilters {
  return { status: '', category: '', region: '', industry: '', severity: '', assignee: '', overdue: false, sort: 'received', order: 'desc', page: 1 };
}

const pageSize = '50';

/** The filters that are set, as the queue's query (contract/console-api.ts). */
function queueQuery({ overdue, page, ...filters }: QueueFilters): QueueQuery {
  const query: QueueQuery = { sort: filters.sort, order: filters.order, page: String(page), pageSize };
  if (filters.status !== '') query.status = filters.status;
  if (filters.severity !== '') query.severity = filters.severity;
  if (filters.category !== '') query.category = filters.category;
  if (filters.region !== '') query.region = filters.region;
  if (filters.industry !== '') query.industry = filters.industry;
  if (filters.assignee !== '') query.assignee = filters.assignee;
  if (overdue) query.overdue = 'true';
  return query;
}

export function deadlineLabel(t: Messages, name: string): string {
  return (t.deadlines as Record<string, string>)[name] ?? name;
}

/** The nearest deadline among the stages that still bind the case (the server sorts by the same day). */
function nextDeadline(item: CaseSummary): [name: string, day: string] | null {
  let nearest: [string, string] | null = null;
  for (const name of pendingStages[item.status]) {
    const day = item.deadlines[name];
    if (nearest === null || day < nearest[1]) nearest = [name, day];
  }
  return nearest;
}

/** The first characters of a case id: enough to tell the queue's rows apart and to say aloud. */
const shortReference = (caseId: string) => caseId.slice(0, 6);

/** Who works a case, by name: "me", a colleague, or a former colleague (no longer listed); never an id. */
function assigneeName(t: Messages, assigneeId: string | null, myId: string, names: ReadonlyMap<string, string>): string {
  if (assigneeId === null) return '—';
  if (assigneeId === myId) return t.assigneeMe;
  return names.get(assigneeId) ?? t.formerColleague;
}

export async function renderQueue(app: App): Promise<Child[]> {
  const { t, language } = app;
  const filters = app.queue;
  const [list, colleagues] = await Promise.all([api.cases(queueQuery(filters)), api.colleagues()]);
  const names = new Map(colleagues.map((c) => [c.id, c.displayName]));
  const myId = app.session?.me.id ?? '';

  const any: readonly [string, string] = ['', t.any];
  const status = selectField('filter-status', t.status, [any, ...caseStatuses.map((s) => [s, t.statuses[s]] as const)], filters.status);
  const region = selectField('filter-region', t.region, [any, ...regions.map((r) => [r.id, r[language]] as const)], filters.region);
  const industry = selectField('filter-industry', t.industry, [any, ...industries.map((i) => [i.id, `${i.id} — ${i[language]}`] as const)], filters.industry);
  const category = selectField('filter-category', t.category, [any, ...categories.map((c) => [c.id, c[language]] as const)], filters.category);
  const severity = selectField('filter-severity', t.severity, [any, ...severities.map((s) => [s.id, s[language]] as const)], filters.severity);
  const assignee = selectField('filter-assignee', t.assignee, [any, [myId, t.assigneeMe], ['none', t.assigneeNobody], ...colleagues.map((c) => [c.id, c.displayName] as const)], filters.assignee);
  const overdue = checkbox('filter-overdue', t.onlyOverdue, filters.overdue);
  const sort = selectField(
    'filter-sort',
    t.sortBy,
    [
      ['received:desc', t.sortNewest],
      ['received:asc', t.sortOldest],
      ['deadline:asc', t.sortDeadline],
    ],
    `${filters.sort}:${filters.order}`,
  );

  function apply(event: Event): void {
    event.preventDefault();
    const [sortKey, order] = sort.select.value.split(':');
    Object.assign(filters, {
      status: caseStatuses.find((s) => s === status.select.value) ?? '',
      region: region.select.value,
      industry: industry.select.value,
      category: category.select.value,
      severity: severityIds.find((s) => s === severity.select.value) ?? '',
      assignee: assignee.select.value,
      overdue: overdue.input.checked,
      sort: sortKey === 'deadline' ? 'deadline' : 'received',
      order: order === 'asc' ? 'asc' : 'desc',
      page: 1,
    });
    app.show({ name: 'queue' });
  }

  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const goTo = (page: number) => {
    filters.page = page;
    app.show({ name: 'queue' });
  };

  const rows = list.items.map((item) => {
    const next = nextDeadline(item);
    const isOverdue = item.overdue.length > 0;
    return h(
      'tr',
      { class: isOverdue ? 'overdue' : false },
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', class: 'link', id: `open-${item.id}`, onclick: () => app.show({ name: 'case', id: item.id }) },
          h('code', {}, shortReference(item.id)),
          ' ',
          categoryLabel(item.category, language),
        ),
      ),
      h('td', {}, formatDay(item.receivedDay, language)),
      h('td', {}, h('span', { class: `badge status-${item.status}` }, t.statuses[item.status])),
      h('td', {}, regionLabel(item.region, language)),
      h('td', {}, industryLabel(item.industry, language)),
      h('td', {}, item.severity === null ? '—' : severityLabel(item.severity, language), item.group === true && [h('br'), t.groupAccidentShort]),
      h('td', {}, assigneeName(t, item.assigneeId, myId, names)),
      h('td', {}, next === null ? '—' : `${deadlineLabel(t, next[0])}: ${formatDay(next[1], language)}`),
      h('td', {}, isOverdue ? h('strong', { class: 'flag' }, t.overdue, ': ', item.overdue.map((name) => deadlineLabel(t, name)).join(', ')) : '—'),
    );
  });

  const me = app.session?.me;
  const awaiting = app.session?.keyAwaiting === true;
  return [
    h('h1', { tabindex: -1 }, t.queueTitle),
    awaiting && h('p', { class: 'note', id: 'key-awaiting' }, t.keyAwaiting),
    me?.mustSign === true &&
      h('p', { class: 'note', id: 'keys-to-sign' }, t.keysToSign, ' ', h('button', { type: 'button', class: 'link', id: 'go-sign', onclick: () => app.show({ name: 'accounts' }) }, t.navAccounts)),
    h(
      'ul',
      { class: 'counters', 'aria-label': t.counters },
      h('li', { id: 'counter-new' }, h('strong', {}, String(list.counters.new)), ' ', plural(language, list.counters.new, t.counterNew)),
      h('li', { id: 'counter-overdue', class: list.counters.overdue > 0 ? 'flag' : false }, h('strong', {}, String(list.counters.overdue)), ' ', plural(language, list.counters.overdue, t.counterOverdue)),
    ),
    h(
      'form',
      { id: 'queue-filters', class: 'filters', 'aria-label': t.filters, onsubmit: apply },
      status.wrap,
      category.wrap,
      region.wrap,
      industry.wrap,
      severity.wrap,
      assignee.wrap,
      sort.wrap,
      overdue.wrap,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', id: 'filters-apply', class: 'primary' }, t.applyFilters),
        h(
          'button',
          {
            type: 'button',
            id: 'filters-reset',
            class: 'secondary',
            onclick: () => {
              Object.assign(filters, defaultFilters());
              app.show({ name: 'queue' });
            },
          },
          t.resetFilters,
        ),
      ),
    ),
    h('p', { id: 'queue-total', role: 'status' }, format(t.queueTotal, { count: list.total, page: list.page, pages }, language)),
    list.items.length === 0
      ? h('p', { id: 'queue-empty' }, t.queueEmpty)
      : h(
          'div',
          { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'queue-caption' },
          h(
            'table',
            { id: 'queue-table' },
            h('caption', { id: 'queue-caption' }, t.queueCaption),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t.caseReference, t.received, t.status, t.region, t.industry, t.severity, t.assignee, t.nextDeadline, t.overdue].map((text) => h('th', { scope: 'col' }, text)),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
    pages > 1 &&
      h(
        'nav',
        { class: 'pager', 'aria-label': t.pagination },
        h('button', { type: 'button', id: 'page-previous', class: 'secondary', disabled: list.page <= 1, onclick: () => goTo(list.page - 1) }, t.previousPage),
        h('button', { type: 'button', id: 'page-next', class: 'secondary', disabled: list.page >= pages, onclick: () => goTo(list.page + 1) }, t.nextPage),
      ),
  ];
}
