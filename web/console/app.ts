// The console shell: header (organisation, navigation by role, language, sign out), live regions,
// and switching screens. Screens are switched in memory; the URL stays `/` (a setup or invitation
// token arrives in the fragment and is removed from the address bar at once). A language switch
// draws the screen again with what was typed in it, and a screen redrawn after a save keeps its
// scroll position and focus.
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
  /** reloaded: a session was open when the page loaded; its keys died with the page before. */
  | { name: 'login'; notice?: 'expired' | 'signedOut' | 'reloaded' }
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
  /**
   * Draws a screen. `keepPlace`: the same screen again after a change made on it (a save): the old
   * content stays until the new is ready, then the scroll position, the focus and what was typed
   * elsewhere on it are kept; the part just saved (`saved`) is drawn as the server now has it.
   */
  show(screen: Screen, options?: { keepPlace?: boolean; saved?: Element }): void;
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

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
/** What was typed or chosen in a screen, by field id (checkboxes and radio buttons: whether checked). Held only while it is redrawn. */
type TypedValues = Map<string, string | boolean>;

const isToggle = (field: Field): field is HTMLInputElement => field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');

/** The values in `root`, leaving out the fields inside `except`. */
function typedValues(root: HTMLElement, except?: Element): TypedValues {
  const values: TypedValues = new Map();
  for (const field of root.querySelectorAll<Field>('input[id], textarea[id], select[id]')) {
    if (except?.contains(field) === true) continue;
    if (isToggle(field)) values.set(field.id, field.checked);
    else if (field.type !== 'file') values.set(field.id, field.value);
  }
  return values;
}

/** Puts typed values back into the redrawn fields with the same ids, and tells the screen as typing would. */
function restoreValues(root: HTMLElement, values: TypedValues): void {
  for (const field of root.querySelectorAll<Field>('input[id], textarea[id], select[id]')) {
    const value = values.get(field.id);
    if (value === undefined) continue;
    if (isToggle(field)) {
      if (typeof value !== 'boolean' || field.checked === value) continue;
      field.checked = value;
    } else {
      if (typeof value !== 'string' || field.value === value) continue;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }
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
        draw(screen, { keepPlace: true });
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
    show(next, options = {}) {
      draw(next, { keepPlace: options.keepPlace === true && next.name === screen.name, ...(options.saved === undefined ? {} : { saved: options.saved }) });
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

  /**
   * Draws `next` in main once its view is ready; a failing view draws its error instead, so nothing is
   * left to await. A new screen starts at the top with its heading focused. `keepPlace` (a language
   * switch, a save) leaves the old content in place but inert meanwhile, then keeps the scroll
   * position, the focused element (by id) and the values of the fields outside `saved`.
   */
  function draw(next: Screen, keep: { keepPlace: boolean; saved?: Element }): void {
    // Without a session only setup, invitation, login and the two sign-in checks (anchor, stop) exist.
    if (session === null && !withoutSession.includes(next.name)) next = { name: 'login' };
    screen = next;
    const current = ++renderCount;
    const focusedId = document.activeElement?.id ?? '';
    drawShell();
    if (keep.keepPlace) main.inert = true;
    else fill(main, h('p', { class: 'loading' }, messages[language].loading));
    void Promise.resolve()
      .then(() => views[next.name](app, next as never))
      .catch((error: unknown) => [h('h1', { tabindex: -1 }, messages[language].errorTitle), h('p', { class: 'alert', role: 'alert' }, app.problem(error))])
      .then((nodes) => {
        if (current !== renderCount) return; // another screen was asked for meanwhile
        main.inert = false;
        if (!keep.keepPlace) {
          fill(main, nodes);
          window.scrollTo(0, 0);
          main.querySelector<HTMLElement>('h1')?.focus();
          return;
        }
        const scrolled = window.scrollY;
        const typed = typedValues(main, keep.saved);
        fill(main, nodes);
        restoreValues(main, typed);
        window.scrollTo(0, scrolled);
        const focused = focusedId === '' ? null : document.getElementById(focusedId);
        (focused ?? main.querySelector<HTMLElement>('h1'))?.focus({ preventScroll: true });
      });
  }

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
    // No session survives a reload: the private key is gone, so end the server's session and say why.
    let reloaded = false;
    try {
      setCsrfToken((await api.me()).csrfToken);
      reloaded = true;
      await api.logout();
    } catch {
      // no session, or offline
    }
    setCsrfToken('');
    app.show({ name: 'login', ...(reloaded ? { notice: 'reloaded' as const } : {}) });
  }
  return app;
}
