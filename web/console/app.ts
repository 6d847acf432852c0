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
import { cryptoReady, holdKeys, serverRecordProblem, TrustError, type RecordProblem, type StaffKeys } from './keys.ts';
import { rememberAnchor, rememberedAnchor } from './memory.ts';
import { renderAccount } from './views/account.ts';
import { renderAccounts } from './views/accounts.ts';
import { renderAudit } from './views/audit.ts';
import { renderCase } from './views/case.ts';
import { renderGroups } from './views/groups.ts';
import { renderInvite } from './views/invite.ts';
import { renderLogin } from './views/login.ts';
import { renderPoster } from './views/poster.ts';
import { renderQueue, type QueueFilters, defaultFilters } from './views/queue.ts';
import { renderRecovery } from './views/recovery.ts';
import { renderSettings } from './views/settings.ts';
import { renderSetup } from './views/setup.ts';
import { renderStats } from './views/stats.ts';
import { renderAnchor, renderStop } from './views/trust.ts';
import type { SignNotice } from './views/sign-directory.ts';

export type Screen =
  | { name: 'setup'; token: string }
  | { name: 'invite'; token: string; organisationKey?: string }
  | { name: 'login'; notice?: 'expired' | 'signedOut' }
  /** A key envelope from before bundles: the server's organisation key, to compare before it is sealed in. */
  | { name: 'anchor'; pending: PendingSignIn }
  /** The server's record of this account does not match the keys opened here: nothing else is usable. */
  | { name: 'stop'; problem: RecordProblem }
  | { name: 'poster' }
  | { name: 'queue' }
  | { name: 'case'; id: string }
  | { name: 'accounts'; notice?: SignNotice }
  | { name: 'groups' }
  | { name: 'settings' }
  | { name: 'audit' }
  | { name: 'recovery' }
  | { name: 'stats' }
  | { name: 'account' };
type ScreenName = Screen['name'];

/** keyAwaiting: this account's key waits for the organisation's signature (so no case is encrypted for it yet). */
export type Session = { me: Me; organisationName: string; keyAwaiting: boolean };

/**
 * The keys a sign-in, setup or invitation opened or made here. envelope and wrappingKey are kept
 * only while a legacy envelope may still be rewrapped (same salt, so the passphrase keeps working).
 */
export type OpenedKeys = {
  staff: StaffKeys;
  envelope: Uint8Array;
  wrappingKey: Uint8Array | null;
  /** The username typed at sign-in: what the remembered anchor is keyed by (not the name an answer carries). */
  username?: string;
};
export type PendingSignIn = { answer: SessionAnswer; opened: OpenedKeys };

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
  /**
   * After login, setup or accepting an invitation, with the keys opened here: compares them with the
   * server's record (and its certificate) before anything else is shown.
   */
  signedIn(answer: SessionAnswer, opened: OpenedKeys, options?: { keyAwaiting?: boolean }): Promise<void>;
  signOut(): Promise<void>;
};

type Render = (app: App, screen: never) => Child[] | Promise<Child[]>;

const views: Record<ScreenName, Render> = {
  setup: renderSetup,
  invite: renderInvite,
  login: renderLogin,
  anchor: renderAnchor,
  stop: renderStop,
  poster: renderPoster,
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
  admin: ['queue', 'accounts', 'groups', 'settings', 'audit', 'recovery', 'stats', 'poster', 'account'],
  inspector: ['queue', 'poster', 'account'],
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
    poster: t.navPoster,
    account: t.navAccount,
  };
  return labels[name] ?? name;
}

/**
 * Reads and removes `#setup=…` or `#invite=…[&org=<organisation key>]` so the token stays out of
 * history and screenshots. The organisation key in an invitation link comes from the inviting
 * administrator's own envelope; the fragment never reaches the server.
 */
function takeFragment(): Screen | null {
  const match = /^#(setup|invite)=([A-Za-z0-9_-]{8,200})(?:&org=([A-Za-z0-9_-]{43}))?$/.exec(location.hash);
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  if (match === null) return null;
  if (match[1] === 'setup') return { name: 'setup', token: match[2] ?? '' };
  return { name: 'invite', token: match[2] ?? '', ...(match[3] === undefined ? {} : { organisationKey: match[3] }) };
}

/** Screens that exist without a session. */
const withoutSession: readonly ScreenName[] = ['setup', 'invite', 'login', 'anchor', 'stop'];

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
      // Without a session only setup, invitation, login and the two sign-in checks (anchor, stop) exist.
      if (session === null && !withoutSession.includes(next.name)) next = { name: 'login' };
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
      if (error instanceof TrustError) return t.trustErrors[error.code] ?? t.errorUnexpected;
      return t.errorUnexpected;
    },
    async signedIn(answer, opened, options = {}) {
      setCsrfToken(answer.csrfToken);
      const crypto = await cryptoReady();
      const { keyPair, signingKeyPair, organisationKey } = opened.staff;
      if (answer.me.publicKey !== crypto.toBase64Url(keyPair.publicKey)) return stop(opened, 'box_key');
      // A legacy envelope holds no organisation key: the person compares the server's before it is sealed
      // in, once. A server that serves the old envelope again, to have another key accepted, is stopped.
      const anchorName = (opened.username ?? answer.me.username).toLowerCase();
      if (organisationKey === null && rememberedAnchor(anchorName) !== null) return stop(opened, 'legacy_again');
      if (organisationKey === null) return app.show({ name: 'anchor', pending: { answer, opened } });
      opened.wrappingKey?.fill(0);
      const keys = { keyPair, signingKeyPair, organisationKey };
      const problem = serverRecordProblem(crypto, keys, answer.me);
      if (problem !== null) return stop(opened, problem);
      rememberAnchor(crypto, anchorName, organisationKey);
      holdKeys(keys);
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

  /** The full stop: the keys are wiped and only signing out remains. */
  function stop(opened: OpenedKeys, problem: RecordProblem): void {
    opened.wrappingKey?.fill(0);
    opened.staff.keyPair.privateKey.fill(0);
    opened.staff.signingKeyPair.privateKey.fill(0);
    holdKeys(null);
    app.show({ name: 'stop', problem });
    app.announce(messages[language].stopTitle, true);
  }

  /** Drops everything the page holds about the signed-in person. */
  function forget(): void {
    session = null;
    setCsrfToken('');
    holdKeys(null);
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
