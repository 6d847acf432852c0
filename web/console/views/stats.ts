// Statistics (analyst, admin): counts on clear metadata only, by region, category, industry,
// severity and status, for a period.
import { api, type CaseStatus } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { groupDigits } from '../../shared/language.ts';
import { textField } from '../form.ts';
import { categoryLabel, industryLabel, regionLabel, severityLabel } from '../labels.ts';

type Dimension = 'region' | 'category' | 'industry' | 'severity' | 'status';
const dimensions: readonly Dimension[] = ['region', 'category', 'industry', 'severity', 'status'];
const period = { from: '', to: '' };

/** Accepts `{ region: { "75": 3 } }`, `{ byRegion: … }` or `[{ key|value|id, count }]`: the counts as [key, count] pairs. */
function countsOf(answer: Record<string, unknown>, dimension: Dimension): [string, number][] {
  const capital = dimension[0]?.toUpperCase() + dimension.slice(1);
  const raw = answer[dimension] ?? answer[`by${capital}`] ?? answer[`${dimension}s`] ?? (answer.counts as Record<string, unknown> | undefined)?.[dimension];
  if (Array.isArray(raw)) {
    return raw.flatMap((row: Record<string, unknown>) => {
      const key = row.key ?? row.value ?? row.id ?? row[dimension];
      return typeof row.count === 'number' ? [[key === null || key === undefined ? '' : String(key), row.count] as [string, number]] : [];
    });
  }
  if (typeof raw === 'object' && raw !== null) return Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number');
  return [];
}

export async function renderStats(app: App): Promise<Child[]> {
  const { t, language } = app;
  const query = new URLSearchParams();
  if (period.from !== '') query.set('from', period.from);
  if (period.to !== '') query.set('to', period.to);
  const answer = await api.stats(query);
  const from = textField({ id: 'stats-from', label: t.statsFrom, type: 'date', value: period.from });
  const to = textField({ id: 'stats-to', label: t.statsTo, type: 'date', value: period.to });
  const label = (dimension: Dimension, key: string): string => {
    if (key === '' || key === 'null') return t.notSet;
    if (dimension === 'region') return regionLabel(key, language);
    if (dimension === 'category') return categoryLabel(key, language);
    if (dimension === 'industry') return industryLabel(key, language);
    if (dimension === 'severity') return severityLabel(key, language);
    return t.statuses[key as CaseStatus] ?? key;
  };
  return [
    h('h1', { tabindex: -1 }, t.statsTitle),
    h('p', { class: 'hint' }, t.statsIntro),
    h(
      'form',
      {
        id: 'stats-form',
        class: 'filters',
        onsubmit: (event) => {
          event.preventDefault();
          period.from = from.input.value;
          period.to = to.input.value;
          app.show({ name: 'stats' });
        },
      },
      from.wrap,
      to.wrap,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'stats-apply', class: 'primary' }, t.applyFilters)),
    ),
    ...dimensions.map((dimension) => {
      const rows = countsOf(answer, dimension).sort((a, b) => b[1] - a[1]);
      const title = t.statsBy[dimension];
      return h(
        'section',
        { 'aria-labelledby': `stats-${dimension}` },
        h('h2', { id: `stats-${dimension}` }, title),
        rows.length === 0
          ? h('p', {}, t.statsNone)
          : h(
              'table',
              { class: 'stats', id: `stats-table-${dimension}` },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, title), h('th', { scope: 'col', class: 'number' }, t.statsCount))),
              h('tbody', {}, rows.map(([key, count]) => h('tr', {}, h('td', {}, label(dimension, key)), h('td', { class: 'number' }, groupDigits(count, language))))),
            ),
      );
    }),
  ];
}
