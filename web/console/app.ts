// The console shell: header (organisation, navigation by role, language, sign out), live regions,
// and switching screens. Screens are switched in memory; the URL stays `/` (a setup or invitation
// token arrives in the fragment and is removed from the address bar at once).
import type { Me, SessionAnswer } from '../../contract/console-api.ts';
import type { Role } from '../../contract/domain.ts';
import { api, ApiError, setCsrfToken, whenUnauthorized } from './api.ts';
import { fill, h, type Child } from '../shared/dom.ts';
import { languageButtons } from '../shared/language-switch.ts';
import type { Language } from '../shared/language.ts';
import { messages, type Messages } from './i18n/index.ts';
import { holdKeyPair, type KeyPair } from './keys.ts';
import { renderAccount } from './views/account.ts';
import { renderAccounts } from './views/accounts.ts';
import { renderAudit } from './views/audit.ts';
import { renderCase } from './views/case.ts';
import { renderGroups } from './views/groups.ts';
import { renderInvite } from './views/invite.ts';
import { renderLogin } from './views/login.ts';
import { renderQueue, type QueueFilters, defaultFilters } from './views/queue.ts';
import { renderRecovery } from './views/recovery.ts';
import { renderSettings } from './views/settings.ts';
import { renderSetup } from './views/setup.ts';
import { renderStats } from './views/stats.ts';

export type Screen =
  | { name: 'setup'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'login'; notice?: 'expired' | 'signedOut' }
  | { name: 'queue' }
  | { name: 'case'; id: string }
  | { name: 'accounts' }
  | { name: 'groups' }
  | { name: 'settings' }
  | { name: 'audit' }
  | { name: 'recovery' }
  | { name: 'stats' }
  | { name: 'account' };
type ScreenName = Screen['name'];

/** keyAwaiting: this account's key waits for the organisation's signature (so no case is encrypted for it yet). */
export type Session = { me: Me; organisationName: string; keyAwaiting: boolean };

export type App = {
  readonly t: Messages;
  readonly language: Language;
  readonly session: Session | null;
  readonly screen: Screen;
  /** Filters of the queue, kept while moving between the queue and cases. */
  readonly queue: QueueFilters;
  show(screen: Screen): void;
  announce(text: string, urgent?: boolean): void;
  /** A readable sentence for any error a screen catches. */
  problem(error: unknown): string;
  /** After login, setup or accepting an invitation: the key pair is already unwrapped. */
  signedIn(answer: SessionAnswer, keyPair: KeyPair, options?: { keyAwaiting?: boolean }): Promise<void>;
  signOut(): Promise<void>;
};

type Render = (app: App, screen: never) => Child[] | Promise<Child[]>;

const views: Record<ScreenName, Render> = {
  setup: renderSetup,
  invite: renderInvite,
  login: renderLogin,
  queue: renderQueue,
  case: renderCase,
  accounts: renderAccounts,
  groups: renderGroups,
  settings: renderSettings,
  audit: renderAudit,
  recovery: renderRecovery,
  stats: renderStats,
  account: renderAccount,
};

/** The screens in the navigation, by role. Admins see the queue too: they may also be recipients. */
const navigation: Record<Role, readonly ScreenName[]> = {
  admin: ['queue', 'accounts', 'groups', 'settings', 'audit', 'recovery', 'stats', 'account'],
  inspector: ['queue', 'account'],
  analyst: ['stats', 'account'],
};
const home: Record<Role, ScreenName> = { admin: 'accounts', inspector: 'queue', analyst: 'stats' };

function navLabel(t: Messages, name: ScreenName): string {
  const labels: Partial<Record<ScreenName, string>> = {
    queue: t.navQueue,
    accounts: t.navAccounts,
    groups: t.navGroups,
    settings: t.navSettings,
    audit: t.navAudit,
    recovery: t.navRecovery,
    stats: t.navStats,
    account: t.navAccount,
  };
  return labels[name] ?? name;
}

/** Reads and removes `#setup=…` or `#invite=…` so the token stays out of history and screenshots. */
function takeFragment(): Screen | null {
  const match = /^#(setup|invite)=([A-Za-z0-9_-]{8,200})$/.exec(location.hash);
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  if (match === null) return null;
  return match[1] === 'setup' ? { name: 'setup', token: match[2] ?? '' } : { name: 'invite', token: match[2] ?? '' };
}

export async function startApp(root: HTMLElement, initialLanguage: Language): Promise<App> {
  let language = initialLanguage;
  let session: Session | null = null;
  let screen: Screen = { name: 'login' };
  let renderCount = 0;
  const queue = defaultFilters();

  const skip = h('a', { class: 'skip', href: '#main' });
  const brand = h('p', { class: 'brand' });
  const nav = h('nav', { class: 'nav' });
  const languageNav = h('div', { class: 'languages', role: 'group' });
  const user = h('div', { class: 'user' });
  const main = h('main', { id: 'main', tabindex: -1 });
  const polite = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const urgent = h('div', { class: 'visually-hidden', role: 'alert', 'aria-live': 'assertive' });

  function drawShell(): void {
    const t = messages[language];
    document.documentElement.lang = language;
    document.title = session === null ? t.title : `${t.title} — ${session.organisationName}`;
    skip.textContent = t.skipToContent;
    fill(brand, 'Qauipsiz', session !== null && h('span', { class: 'org' }, session.organisationName));
    languageNav.setAttribute('aria-label', t.languages);
    fill(
      languageNav,
      languageButtons(language, (code) => messages[code].languageName, (code) => {
        language = code;
        drawShell();
        app.show(screen);
      }),
    );
    nav.setAttribute('aria-label', t.navLabel);
    nav.hidden = session === null;
    fill(
      nav,
      session !== null &&
        h(
          'ul',
          {},
          navigation[session.me.role].map((name) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', id: `nav-${name}`, 'aria-current': screen.name === name ? 'page' : false, onclick: () => app.show({ name } as Screen) },
                navLabel(t, name),
              ),
            ),
          ),
        ),
    );
    fill(
      user,
      session !== null && [
        h('span', {}, session.me.displayName, ' ', h('span', { class: 'role' }, `(${t.roles[session.me.role]})`)),
        h('button', { type: 'button', id: 'logout', class: 'secondary small', onclick: () => void app.signOut() }, t.logout),
      ],
    );
  }

  const app: App = {
    get t() {
      return messages[language];
    },
    get language() {
      return language;
    },
    get session() {
      return session;
    },
    get screen() {
      return screen;
    },
    queue,
    show(next) {
      // Without a session only setup, invitation and login exist.
      if (session === null && !['setup', 'invite', 'login'].includes(next.name)) next = { name: 'login' };
      screen = next;
      const current = ++renderCount;
      drawShell();
      fill(main, h('p', { class: 'loading' }, messages[language].loading));
      // Drawn whenever it is ready; a failing view draws its error instead, so nothing is left to await.
      void Promise.resolve()
        .then(() => views[next.name](app, next as never))
        .catch((error: unknown) => [h('h1', { tabindex: -1 }, messages[language].errorTitle), h('p', { class: 'alert', role: 'alert' }, app.problem(error))])
        .then((nodes) => {
          if (current !== renderCount) return; // another screen was asked for meanwhile
          fill(main, nodes);
          window.scrollTo(0, 0);
          main.querySelector<HTMLElement>('h1')?.focus();
        });
    },
    announce(text, isUrgent = false) {
      const region = isUrgent ? urgent : polite;
      region.textContent = '';
      // A fresh text node after a tick, so the same message twice is read twice.
      setTimeout(() => (region.textContent = text), 50);
    },
    problem(error) {
      const t = messages[language];
      if (error instanceof ApiError) {
        if (error.status === 0) return t.errorNetwork;
        const known = (t.errors as Record<string, string>)[error.code];
        if (known !== undefined) return known;
        if (error.status >= 500) return t.errorServer;
        return `${t.errorRejected} (${error.code || error.status})`;
      }
      if (error instanceof Error && error.name === 'CryptoError') {
        const code = (error as Error & { code?: string }).code ?? '';
        const known = (t.errors as Record<string, string>)[code];
        return known ?? `${t.errorCrypto} (${code})`;
      }
      if (error instanceof Error && error.name === 'ChunkLoadError') return t.errorLoad;
      return t.errorUnexpected;
    },
    async signedIn(answer, keyPair, options = {}) {
      setCsrfToken(answer.csrfToken);
      holdKeyPair(keyPair);
      let organisationName = '';
      try {
        organisationName = (await api.organisation()).name;
      } catch {
        // The name is only shown in the header.
      }
      const keyAwaiting = answer.me.keyState === 'awaiting_signature' || options.keyAwaiting === true;
      session = { me: answer.me, organisationName, keyAwaiting };
      app.show({ name: home[answer.me.role] } as Screen);
    },
    async signOut() {
      try {
        await api.logout();
      } catch {
        // The session is dropped here in any case; the server's expires by itself.
      }
      forget();
      app.show({ name: 'login', notice: 'signedOut' });
    },
  };

  /** Drops everything the page holds about the signed-in person. */
  function forget(): void {
    session = null;
    setCsrfToken('');
    holdKeyPair(null);
    Object.assign(queue, defaultFilters());
    polite.textContent = '';
    urgent.textContent = '';
  }

  whenUnauthorized(() => {
    if (session === null) return;
    forget();
    app.show({ name: 'login', notice: 'expired' });
  });

  fill(root, skip, h('header', { class: 'top' }, brand, nav, h('div', { class: 'top-end' }, user, languageNav)), main, polite, urgent);
  const fragment = takeFragment();
  if (fragment !== null) {
    app.show(fragment);
  } else {
    // No session survives a reload: the private key would be gone, so start at login.
    try {
      setCsrfToken((await api.me()).csrfToken);
      await api.logout();
    } catch {
      // no session, or offline
    }
    setCsrfToken('');
    app.show({ name: 'login' });
  }
  return app;
}
