// Statistics (analyst, admin): counts on clear metadata only, by region, category, industry,
// severity and status, for a period.
import { caseStatuses } from '../../../contract/domain.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { groupDigits } from '../../shared/language.ts';
import { textField } from '../form.ts';
import { categoryLabel, industryLabel, regionLabel, severityLabel } from '../labels.ts';

type Dimension = 'region' | 'category' | 'industry' | 'severity' | 'status';
const dimensions: readonly Dimension[] = ['region', 'category', 'industry', 'severity', 'status'];
const period = { from: '', to: '' };

export async function renderStats(app: App): Promise<Child[]> {
  const { t, language } = app;
  const answer = await api.stats({ ...(period.from === '' ? {} : { from: period.from }), ...(period.to === '' ? {} : { to: period.to }) });
  const from = textField({ id: 'stats-from', label: t.statsFrom, type: 'date', value: period.from });
  const to = textField({ id: 'stats-to', label: t.statsTo, type: 'date', value: period.to });
  const label = (dimension: Dimension, key: string | null): string => {
    if (key === null || key === '') return t.notSet;
    if (dimension === 'region') return regionLabel(key, language);
    if (dimension === 'category') return categoryLabel(key, language);
    if (dimension === 'industry') return industryLabel(key, language);
    if (dimension === 'severity') return severityLabel(key, language);
    const status = caseStatuses.find((s) => s === key);
    return status === undefined ? key : t.statuses[status];
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
      const rows = [...answer[dimension]].sort((a, b) => b.count - a.count);
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
              h('tbody', {}, rows.map(({ key, count }) => h('tr', {}, h('td', {}, label(dimension, key)), h('td', { class: 'number' }, groupDigits(count, language))))),
            ),
      );
    }),
  ];
}
