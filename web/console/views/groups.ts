// Recipient groups (admin): the server creates them from the data (one per region, national,
// anti-corruption); here they are renamed in three languages and given members. Above them: who
// cannot be reached yet, and the alternative channel workers are shown then (coverage.ts).
import type { Account, Group } from '../../../contract/console-api.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import type { Language } from '../../shared/language.ts';
import { checkbox, errorBox, showProblem, submitBusy, textField } from '../form.ts';
import { channelSection, coverageSection } from './coverage.ts';
import { loadDirectoryState } from './sign-directory.ts';

export function groupName(group: Group | undefined, fallback: string, language: Language): string {
  if (group === undefined) return fallback;
  return { kk: group.nameKk, ru: group.nameRu, en: group.nameEn }[language] || fallback;
}

export async function renderGroups(app: App): Promise<Child[]> {
  const { t, language } = app;
  const [groups, accounts] = await Promise.all([api.groups(), api.accounts()]);
  const state = await loadDirectoryState(accounts);
  const coverage = h('div', { id: 'coverage-area' }, coverageSection(app, state, groups, 'groups'));
  return [
    h('h1', { tabindex: -1 }, t.groupsTitle),
    coverage,
    h(
      'section',
      { 'aria-labelledby': 'groups-list-title' },
      h('h2', { id: 'groups-list-title' }, t.groupsListTitle),
      h('p', {}, t.groupsIntro),
      h('div', { id: 'groups' }, groups.map((g) => groupEditor(app, g, accounts, language))),
    ),
    // A new channel changes what the warning above says to workers nobody can receive.
    channelSection(app, state, () => fill(coverage, coverageSection(app, state, groups, 'groups'))),
  ];
}

function groupEditor(app: App, group: Group, accounts: Account[], language: Language): HTMLElement {
  const { t } = app;
  const prefix = `group-${group.id}`;
  const names = {
    nameKk: textField({ id: `${prefix}-kk`, label: t.nameIn.kk, value: group.nameKk, attributes: { lang: 'kk', maxlength: 200 } }),
    nameRu: textField({ id: `${prefix}-ru`, label: t.nameIn.ru, value: group.nameRu, attributes: { lang: 'ru', maxlength: 200 } }),
    nameEn: textField({ id: `${prefix}-en`, label: t.nameIn.en, value: group.nameEn, attributes: { lang: 'en', maxlength: 200 } }),
  };
  let members = new Set(group.members ?? accounts.filter((a) => a.groups.includes(group.id)).map((a) => a.id));
  const memberBoxes = accounts
    .filter((a) => a.role !== 'analyst')
    .map((a) => ({ id: a.id, box: checkbox(`${prefix}-member-${a.id}`, `${a.displayName} (${a.username})`, members.has(a.id)) }));
  const failure = errorBox(`${prefix}-error`);
  const save = h('button', { type: 'submit', id: `${prefix}-save`, class: 'primary' }, t.save);
  const title = h('span', {}, groupName(group, group.id, language));
  const count = h('span', { class: 'hint', id: `${prefix}-count` }, `(${members.size})`);
  // Beside the button, until the next edit: the live region alone is missed by anyone looking.
  const saved = h('span', { class: 'saved', id: `${prefix}-saved`, hidden: true });
  return h(
    'details',
    { class: 'group', id: prefix },
    h('summary', {}, title, ' ', count),
    h(
      'form',
      {
        novalidate: true,
        oninput: () => {
          saved.hidden = true;
        },
        onsubmit: submitBusy(
          save,
          t.saving,
          async () => {
            failure.show(null);
            saved.hidden = true;
            const renamed = { nameKk: names.nameKk.input.value.trim(), nameRu: names.nameRu.input.value.trim(), nameEn: names.nameEn.input.value.trim() };
            const accountIds = memberBoxes.filter((m) => m.box.input.checked).map((m) => m.id);
            const [named, staffed] = await Promise.all([api.renameGroup(group.id, renamed), api.setMembers(group.id, accountIds)]);
            const membersChanged = staffed.members.length !== members.size || staffed.members.some((id) => !members.has(id));
            members = new Set(staffed.members);
            title.textContent = groupName(named, group.id, language);
            count.textContent = `(${members.size})`;
            // New members receive only once a directory listing them is signed: say so, not just "saved".
            saved.textContent = membersChanged ? t.groupSavedSign : t.saved;
            saved.hidden = false;
            app.announce(saved.textContent);
          },
          showProblem(app, failure),
        ),
      },
      names.nameKk.wrap,
      names.nameRu.wrap,
      names.nameEn.wrap,
      h('fieldset', {}, h('legend', {}, t.members), memberBoxes.length > 0 ? memberBoxes.map((m) => m.box.wrap) : h('p', {}, t.membersNone)),
      failure.box,
      h('div', { class: 'actions' }, save, saved),
    ),
  );
}
