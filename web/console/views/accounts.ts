// Accounts (admin): invite with role, display name and groups (the link is built here from the
// server's token, with the organisation key from this administrator's own envelope in its fragment); the list with state; disable (which
// publishes a directory without the account's keys) and enable; and signing the directory
// (sign-directory.ts).
import type { Group } from '../../../contract/console-api.ts';
import type { Role } from '../../../contract/domain.ts';
import { api } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { busy, checkbox, errorBox, isBusy, runBusy, selectField, setFieldError, showProblem, textField } from '../form.ts';
import { invitationLink } from '../invitation.ts';
import { cryptoReady, heldKeys } from '../keys.ts';
import { coverageSection } from './coverage.ts';
import { groupName } from './groups.ts';
import { directoryWarning, disablePanel, loadDirectoryState, signDirectorySection } from './sign-directory.ts';

const roles: readonly Role[] = ['inspector', 'analyst', 'admin'];

export async function renderAccounts(app: App, screen: Extract<Screen, { name: 'accounts' }>): Promise<Child[]> {
  const { t, language } = app;
  const [accounts, groups] = await Promise.all([api.accounts(), api.groups()]);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const state = await loadDirectoryState(accounts);
  const disableArea = h('div', { id: 'disable-area' });

  return [
    h('h1', { tabindex: -1 }, t.accountsTitle),
    // The first thing after setup: until every region has someone who can receive, what to do next.
    coverageSection(app, state, groups, 'accounts'),
    directoryWarning(app, state),
    signDirectorySection(app, state, accounts, groups, screen.notice),
    inviteSection(app, groups),
    h(
      'section',
      { 'aria-labelledby': 'accounts-list-title' },
      h('h2', { id: 'accounts-list-title' }, t.accountsList),
      disableArea,
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'accounts-list-title' },
        h(
          'table',
          { id: 'accounts-table' },
          h('thead', {}, h('tr', {}, [t.displayName, t.username, t.role, t.groupsColumn, t.keyState, t.accountState, t.actions].map((text) => h('th', { scope: 'col' }, text)))),
          h(
            'tbody',
            {},
            accounts.map((account) =>
              h(
                'tr',
                { id: `account-${account.id}` },
                h('td', {}, account.displayName),
                h('td', { class: 'mono' }, account.username),
                h('td', {}, t.roles[account.role]),
                h('td', {}, account.groups.map((id) => groupName(byId.get(id), id, language)).join('; ') || '—'),
                h('td', {}, t.keyStates[account.keyState], account.totpEnabled && [h('br'), t.totpOn]),
                h('td', {}, t.accountStates[account.status]),
                h(
                  'td',
                  {},
                  account.id !== app.session?.me.id &&
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'secondary small',
                        id: `account-toggle-${account.id}`,
                        onclick: (event) => {
                          const button = event.currentTarget as HTMLButtonElement;
                          if (isBusy(button)) return;
                          // Disabling publishes a directory without the account's keys: the organisation passphrase first.
                          if (account.status === 'active') return disablePanel(app, state, account, disableArea);
                          busy(button, t.saving);
                          api.setAccountEnabled(account.id, true).then(
                            () => {
                              app.show({ name: 'accounts' });
                              app.announce(t.saved);
                            },
                            (error: unknown) => app.announce(app.problem(error), true),
                          );
                        },
                      },
                      account.status === 'active' ? format(t.disableAccount, { name: account.displayName }, language) : format(t.enableAccount, { name: account.displayName }, language),
                    ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  ];
}

function inviteSection(app: App, groups: Group[]): HTMLElement {
  const { t, language } = app;
  const role = selectField('invite-role', t.role, roles.map((r) => [r, t.roles[r]] as const), 'inspector');
  const name = textField({ id: 'invite-display-name', label: t.displayName, required: true, attributes: { maxlength: 200 } });
  const groupBoxes = groups.map((g) => ({ id: g.id, box: checkbox(`invite-group-${g.id}`, groupName(g, g.id, language), false) }));
  const failure = errorBox('invite-create-error');
  const result = h('div', { id: 'invite-result' });
  const submit = h('button', { type: 'submit', id: 'invite-create', class: 'primary' }, t.inviteCreate);
  return h(
    'section',
    { 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, t.inviteNew),
    h(
      'form',
      {
        id: 'invite-create-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (isBusy(submit)) return;
          const displayName = name.input.value.trim();
          setFieldError(name, displayName === '' ? t.errorRequired : null);
          if (displayName === '') return name.input.focus();
          const groupIds = groupBoxes.filter((g) => g.box.input.checked).map((g) => g.id);
          void runBusy(
            submit,
            t.saving,
            async () => {
              failure.show(null);
              const created = await api.invite({ role: role.select.value as Role, displayName, groupIds });
              const invitationUrl = buildInvitationLink(created.invitationUrl, (await cryptoReady()).toBase64Url);
              if (invitationUrl === null) throw new Error('invitation answer without a token');
              const field = h('input', { id: 'invite-link', type: 'text', readonly: true, value: invitationUrl, class: 'mono', 'aria-describedby': 'invite-link-hint' });
              const copy = h('button', { type: 'button', id: 'invite-copy', class: 'secondary' }, t.copy);
              copy.addEventListener('click', () => {
                field.select();
                navigator.clipboard?.writeText(invitationUrl).then(
                  () => app.announce(t.copied),
                  () => app.announce(t.copyManually),
                );
              });
              fill(
                result,
                h('div', { class: 'field' }, h('label', { for: 'invite-link' }, format(t.inviteLinkFor, { name: displayName }, language)), h('p', { id: 'invite-link-hint', class: 'hint' }, t.inviteLinkHint), field),
                h('div', { class: 'actions' }, copy),
              );
              field.focus();
              field.select();
              app.announce(t.inviteCreated);
            },
            showProblem(app, failure),
          );
        },
      },
      role.wrap,
      name.wrap,
      groups.length > 0 && h('fieldset', { class: 'groups-choice' }, h('legend', {}, t.groupsColumn), groupBoxes.map((g) => g.box.wrap)),
      failure.box,
      h('div', { class: 'actions' }, submit),
    ),
    result,
  );
}

/** The invitation link from the answer's token, this console's address and this administrator's organisation key. */
function buildInvitationLink(invitationUrl: string, toBase64Url: (bytes: Uint8Array) => string): string | null {
  const keys = heldKeys();
  return keys === null ? null : invitationLink(location.origin, invitationUrl, toBase64Url(keys.organisationKey));
}
