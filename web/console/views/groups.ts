// Recipient groups (admin): the server creates them from the data (one per region, national,
// anti-corruption); here they are renamed in three languages and given members.
import type { Account, Group } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import type { Language } from '../../shared/language.ts';
import { checkbox, errorBox, showProblem, submitBusy, textField } from '../form.ts';

export function groupName(group: Group | undefined, fallback: string, language: Language): string {
  if (group === undefined) return fallback;
  return { kk: group.nameKk, ru: group.nameRu, en: group.nameEn }[language] || fallback;
}

export async function renderGroups(app: App): Promise<Child[]> {
  const { t, language } = app;
  const [groups, accounts] = await Promise.all([api.groups(), api.accounts()]);
  return [h('h1', { tabindex: -1 }, t.groupsTitle), h('p', {}, t.groupsIntro), h('div', { id: 'groups' }, groups.map((g) => groupEditor(app, g, accounts, language)))];
}

function groupEditor(app: App, group: Group, accounts: Account[], language: Language): HTMLElement {
  const { t } = app;
  const prefix = `group-${group.id}`;
  const names = {
    nameKk: textField({ id: `${prefix}-kk`, label: t.nameIn.kk, value: group.nameKk, attributes: { lang: 'kk', maxlength: 200 } }),
    nameRu: textField({ id: `${prefix}-ru`, label: t.nameIn.ru, value: group.nameRu, attributes: { lang: 'ru', maxlength: 200 } }),
    nameEn: textField({ id: `${prefix}-en`, label: t.nameIn.en, value: group.nameEn, attributes: { lang: 'en', maxlength: 200 } }),
  };
  const members = new Set(group.members ?? accounts.filter((a) => a.groups.includes(group.id)).map((a) => a.id));
  const memberBoxes = accounts
    .filter((a) => a.role !== 'analyst')
    .map((a) => ({ id: a.id, box: checkbox(`${prefix}-member-${a.id}`, `${a.displayName} (${a.username})`, members.has(a.id)) }));
  const failure = errorBox(`${prefix}-error`);
  const save = h('button', { type: 'submit', id: `${prefix}-save`, class: 'primary' }, t.save);
  return h(
    'details',
    { class: 'group' },
    h('summary', {}, groupName(group, group.id, language), ' ', h('span', { class: 'hint' }, `(${members.size})`)),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: submitBusy(
          save,
          t.saving,
          async () => {
            failure.show(null);
            const renamed = { nameKk: names.nameKk.input.value.trim(), nameRu: names.nameRu.input.value.trim(), nameEn: names.nameEn.input.value.trim() };
            const accountIds = memberBoxes.filter((m) => m.box.input.checked).map((m) => m.id);
            await Promise.all([api.renameGroup(group.id, renamed), api.setMembers(group.id, accountIds)]);
            app.announce(t.saved);
          },
          showProblem(app, failure),
        ),
      },
      names.nameKk.wrap,
      names.nameRu.wrap,
      names.nameEn.wrap,
      h('fieldset', {}, h('legend', {}, t.members), memberBoxes.length > 0 ? memberBoxes.map((m) => m.box.wrap) : h('p', {}, t.membersNone)),
      failure.box,
      h('div', { class: 'actions' }, save),
    ),
  );
}
