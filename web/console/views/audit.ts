// The audit log (admin): append-only and hash-chained on the server; shown page by page, each
// action and its detail in the reader's language (audit-detail.ts).
import type { AuditEntry, Group } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format, type Language } from '../../shared/language.ts';
import { formatTime } from '../labels.ts';
import { auditActionLabel, auditDetailLines, type AuditReader } from './audit-detail.ts';

/** The recovery key's place among the accounts a directory certifies. */
const recoveryAccountId = 'recovery';

function groupNameIn(group: Group, language: Language): string {
  return { kk: group.nameKk, ru: group.nameRu, en: group.nameEn }[language];
}

let page = 1;

export async function renderAudit(app: App): Promise<Child[]> {
  const { t, language } = app;
  const [answer, accounts, groups] = await Promise.all([api.audit(page), api.accounts().catch(() => []), api.groups().catch(() => [])]);
  const names = new Map(accounts.map((a) => [a.id, `${a.displayName} (${a.username})`]));
  const groupNames = new Map(groups.map((g) => [g.id, groupNameIn(g, language)]));
  const reader: AuditReader = {
    t,
    language,
    accountName: (id) => (id === recoveryAccountId ? t.recoveryKeyInput : (names.get(id) ?? id)),
    groupName: (id) => groupNames.get(id) ?? id,
  };
  const entries: AuditEntry[] = answer.entries;
  const hasNext = page * answer.pageSize < answer.total;
  const go = (next: number) => {
    page = next;
    app.show({ name: 'audit' });
  };
  return [
    h('h1', { tabindex: -1 }, t.auditTitle),
    h('p', { class: 'hint' }, t.auditIntro),
    h('p', { id: 'audit-page', role: 'status' }, format(t.auditPage, { page }, language)),
    entries.length === 0
      ? h('p', {}, t.auditEmpty)
      : h(
          'div',
          { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'audit-caption' },
          h(
            'table',
            { id: 'audit-table' },
            h('caption', { id: 'audit-caption', class: 'visually-hidden' }, t.auditTitle),
            h('thead', {}, h('tr', {}, [t.auditSeq, t.auditAt, t.auditActor, t.auditAction, t.auditCase, t.auditDetail, t.auditHash].map((text) => h('th', { scope: 'col' }, text)))),
            h(
              'tbody',
              {},
              entries.map((e) =>
                h(
                  'tr',
                  {},
                  h('td', {}, String(e.seq)),
                  h('td', {}, formatTime(e.at, language)),
                  h('td', {}, e.actorId === null ? '—' : (names.get(e.actorId) ?? e.actorId)),
                  h('td', { class: 'audit-action', 'data-action': e.action }, auditActionLabel(t, e.action)),
                  h('td', { class: 'mono' }, e.caseId ?? '—'),
                  h('td', { class: 'small-text' }, auditDetailLines(reader, e.action, e.detail).map((line) => h('div', {}, line))),
                  h('td', { class: 'mono small-text', title: e.hash }, e.hash.slice(0, 12)),
                ),
              ),
            ),
          ),
        ),
    h(
      'nav',
      { class: 'pager', 'aria-label': t.pagination },
      h('button', { type: 'button', id: 'audit-previous', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1) }, t.previousPage),
      h('button', { type: 'button', id: 'audit-next', class: 'secondary', disabled: !hasNext, onclick: () => go(page + 1) }, t.nextPage),
    ),
  ];
}
