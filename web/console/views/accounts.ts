// Accounts (admin): invite with role, display name and groups; the list with state; disable and
// enable; and signing the keys that await the organisation's signature, with the organisation key
// unwrapped here from the administrator's passphrase.
import type { Account, Group } from '../../../contract/console-api.ts';
import type { Role } from '../../../contract/domain.ts';
import { api } from '../api.ts';
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { busy, checkbox, errorBox, isBusy, runBusy, selectField, setFieldError, showProblem, textField } from '../form.ts';
import { afterPaint, cryptoReady } from '../keys.ts';
import { groupName } from './groups.ts';

const roles: readonly Role[] = ['inspector', 'analyst', 'admin'];

export async function renderAccounts(app: App): Promise<Child[]> {
  const { t, language } = app;
  const [accounts, groups] = await Promise.all([api.accounts(), api.groups()]);
  const byId = new Map(groups.map((g) => [g.id, g]));

  return [
    h('h1', { tabindex: -1 }, t.accountsTitle),
    inviteSection(app, groups),
    signSection(app, accounts),
    h(
      'section',
      { 'aria-labelledby': 'accounts-list-title' },
      h('h2', { id: 'accounts-list-title' }, t.accountsList),
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
                          busy(button, t.saving);
                          api.setAccountEnabled(account.id, account.status !== 'active').then(
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
              const { invitationUrl } = await api.invite({ role: role.select.value as Role, displayName, groupIds });
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

/** Keys awaiting the organisation's signature; signed in this browser after the passphrase opens the organisation key. */
function signSection(app: App, accounts: Account[]): HTMLElement {
  const { t } = app;
  const awaiting = accounts.filter((a) => a.keyState === 'awaiting_signature' && a.status === 'active');
  const section = h('section', { 'aria-labelledby': 'sign-title' }, h('h2', { id: 'sign-title' }, t.signTitle));
  if (awaiting.length === 0) {
    section.append(h('p', { id: 'sign-none' }, t.signNone));
    return section;
  }
  const list = h('ul', { class: 'awaiting', id: 'sign-list' });
  const passphrase = textField({ id: 'sign-passphrase', label: t.signPassphrase, hint: t.signPassphraseHint, type: 'password', attributes: { autocomplete: 'current-password' } });
  const failure = errorBox('sign-error');
  const submit = h('button', { type: 'submit', id: 'sign-submit', class: 'primary' }, t.signAll);
  const chosen = new Map<string, HTMLInputElement>();
  void cryptoReady().then((crypto) => {
    fill(
      list,
      awaiting.map((a) => {
        const fingerprint = a.publicKey === undefined ? t.publicKeyMissing : crypto.keyFingerprint(crypto.fromBase64Url(a.publicKey));
        const box = checkbox(`sign-${a.id}`, `${a.displayName} (${a.username}, ${t.roles[a.role]}) — ${t.fingerprint}: ${fingerprint}`, a.publicKey !== undefined, {
          disabled: a.publicKey === undefined,
        });
        chosen.set(a.id, box.input);
        return h('li', {}, box.wrap);
      }),
    );
  });
  section.append(
    h('p', {}, t.signIntro),
    list,
    h(
      'form',
      {
        id: 'sign-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (isBusy(submit)) return;
          if (passphrase.input.value === '') {
            setFieldError(passphrase, t.errorRequired);
            return passphrase.input.focus();
          }
          setFieldError(passphrase, null);
          failure.show(null);
          app.announce(t.checking);
          void runBusy(
            submit,
            t.checking,
            async () => {
              const crypto = await cryptoReady();
              const organisation = await api.organisation();
              if (organisation.wrappedSigningKey === undefined) throw new Error('no wrapped organisation key');
              await afterPaint();
              const signingKey = crypto.unwrapWithPassphrase(crypto.fromBase64Url(organisation.wrappedSigningKey), passphrase.input.value);
              passphrase.input.value = '';
              let signed = 0;
              try {
                for (const account of awaiting) {
                  if (account.publicKey === undefined || chosen.get(account.id)?.checked !== true) continue;
                  const signature = crypto.signRecipientKey({ recipientId: account.id, publicKey: crypto.fromBase64Url(account.publicKey) }, signingKey);
                  await api.signAccount(account.id, crypto.toBase64Url(signature));
                  signed++;
                }
              } finally {
                signingKey.fill(0);
              }
              app.show({ name: 'accounts' });
              app.announce(format(t.signDone, { count: signed }, app.language));
            },
            showProblem(app, failure),
          );
        },
      },
      passphrase.wrap,
      failure.box,
      h('div', { class: 'actions' }, submit),
    ),
  );
  return section;
}
