// The page shell: quick exit, language switch, footer, live regions, switching views, and the
// unsent form kept for this tab (draft.ts) with a warning before leaving it.
import { fill, h, type Child } from '../shared/dom.ts';
import { languageButtons } from '../shared/language-switch.ts';
import { forgetDraft, hasUnsentText, keepDraft, readDraft } from './draft.ts';
import { messages, say, type Language, type Messages } from './i18n/index.ts';
import { initialState, type Problem, type State, type TrustState, type View } from './state.ts';
import { forgetUnsent } from './submit.ts';
import { Untrusted, type TrustKeeper } from './trust.ts';
import { forgetWork } from './work.ts';
import { renderCheck } from './views/check.ts';
import { renderCode } from './views/code.ts';
import { renderHome } from './views/home.ts';
import { renderReport } from './views/report.ts';
import { showReceivers } from './views/report/receivers.ts';
import { keyBox, keyBoxId, renderRefused } from './views/trust.ts';

export type App = {
  readonly state: State;
  /** Messages in the current language. */
  readonly t: Messages;
  show(view: View): void;
  /** Redraws the current view, keeping focus on the element with the same id. */
  render(): void;
  /** Says something to screen readers; `urgent` interrupts. */
  announce(text: string, urgent?: boolean): void;
  text(problem: Problem): string;
  /** The anchored organisation key and the checked directory (trust.ts). */
  readonly trust: TrustKeeper;
  /** Fetches and checks the organisation key and directory, and shows the outcome. */
  checkTrust(): Promise<void>;
  /** Shows what is known about the organisation key; a refusal drops everything and offers nothing. */
  setTrust(trust: TrustState): void;
  /** After each edit of the report form: keeps it for this tab (a moment later) and warns before leaving it. */
  formEdited(): void;
  /** Drops everything the page holds. */
  reset(): void;
};

const exitUrl = __QAUIPSIZ_EXIT_URL__;
const views: Record<View, (app: App) => Child[]> = { home: renderHome, report: renderReport, code: renderCode, check: renderCheck };
/** Typing is kept this long after the last key, and always when the page is hidden or left. */
const draftDelayMs = 300;

export function startApp(root: HTMLElement, language: Language, trust: TrustKeeper): App {
  let state = initialState(language, { status: 'checking', source: trust.anchor.source });
  let lastEscape = 0;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  // A reload in the middle of the form brings the worker back to it, as it was.
  const draft = readDraft();
  if (draft !== null) {
    state.form = draft;
    state.view = 'report';
  }

  const main = h('main', { id: 'main', tabindex: -1 });
  const exitLink = h('a', { id: 'quick-exit', class: 'quick-exit', href: exitUrl, rel: 'noreferrer', onclick: (event) => (event.preventDefault(), quickExit()) });
  const brand = h('p', { class: 'brand' }, 'Qauipsiz');
  const languageNav = h('nav', { class: 'languages' });
  const footer = h('footer', { class: 'footer' });
  const polite = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const urgent = h('div', { class: 'visually-hidden', role: 'alert', 'aria-live': 'assertive' });

  // Leaving while the case code is on screen and not confirmed loses it for good; leaving the tab
  // with unsent words loses them (a reload keeps them, closing the tab does not).
  const guard = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    event.returnValue = '';
  };
  let guarded = false;
  function guardUnload(on: boolean): void {
    if (on === guarded) return;
    guarded = on;
    if (on) window.addEventListener('beforeunload', guard);
    else window.removeEventListener('beforeunload', guard);
  }

  const mustWarn = () => (state.view === 'code' && !state.codeConfirmed) || hasUnsentText(state.form);

  function quickExit(): void {
    guardUnload(false);
    app.reset();
    main.replaceChildren();
    document.title = '';
    location.replace(exitUrl);
  }

  function drawShell(): void {
    const t = messages[state.language];
    document.documentElement.lang = state.language;
    exitLink.textContent = t.quickExit;
    exitLink.setAttribute('aria-label', t.quickExitLabel);
    languageNav.setAttribute('aria-label', t.languages);
    fill(
      languageNav,
      languageButtons(state.language, (code) => messages[code].languageName, (code) => {
        state.language = code;
        drawShell();
        app.render();
      }),
    );
    fill(footer, h('p', {}, t.footerPrivacy));
  }

  const app: App = {
    get state() {
      return state;
    },
    get t() {
      return messages[state.language];
    },
    show(view) {
      state.view = view;
      app.render();
      window.scrollTo(0, 0);
      main.querySelector<HTMLElement>('h1')?.focus();
    },
    render() {
      const activeId = document.activeElement?.id;
      // Refused: the page offers nothing but the warning (and quick exit).
      fill(main, state.trust.status === 'refused' ? renderRefused(app) : views[state.view](app));
      guardUnload(mustWarn());
      if (activeId) document.getElementById(activeId)?.focus({ preventScroll: true });
    },
    announce(text, isUrgent = false) {
      const region = isUrgent ? urgent : polite;
      region.textContent = '';
      // A fresh text node after a tick, so the same message twice is read twice.
      setTimeout(() => (region.textContent = text), 50);
    },
    text(problem) {
      return say(messages[state.language][problem.key], problem.values ?? {}, state.language);
    },
    trust,
    async checkTrust() {
      const { source } = trust.anchor;
      try {
        app.setTrust({ status: 'checked', source, fingerprint: (await trust.trusted()).fingerprint });
      } catch (error) {
        if (error instanceof Untrusted && error.reason !== 'bad_directory') app.setTrust({ status: 'refused', source, reason: error.reason });
        // Not loaded (network), or a directory that does not verify: Send says so and tries again.
        else app.setTrust({ status: 'unavailable', source });
      }
    },
    setTrust(next) {
      state.trust = next;
      if (next.status === 'refused') {
        app.reset();
        app.show('home');
        app.announce(main.querySelector('h1')?.textContent ?? '', true);
        return;
      }
      // Unanchored, the form is open while the key is checked and the reporter may be typing: the key
      // box changes in place, the form is not redrawn (that would move the caret).
      const box = document.getElementById(keyBoxId);
      if (state.view === 'report' && next.source === 'none' && box !== null) {
        box.replaceWith(keyBox(app));
        showReceivers(app);
      } else if (state.view === 'home' || state.view === 'report') app.render();
    },
    formEdited() {
      guardUnload(mustWarn());
      clearTimeout(draftTimer);
      draftTimer = setTimeout(() => keepDraft(state.form), draftDelayMs);
    },
    reset() {
      clearTimeout(draftTimer);
      forgetDraft();
      forgetUnsent();
      forgetWork();
      const { language, trust: trustState, encryptionBroken } = state;
      state = { ...initialState(language, trustState), encryptionBroken };
      polite.textContent = '';
      urgent.textContent = '';
    },
  };

  // Escape twice within a second: quick exit.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.repeat) return;
    const now = Date.now();
    if (now - lastEscape < 1000) quickExit();
    lastEscape = now;
  });

  // Left, reloaded or put in the back/forward cache: whatever was typed since the last keep is kept now.
  window.addEventListener('pagehide', () => {
    clearTimeout(draftTimer);
    keepDraft(state.form);
  });

  drawShell();
  // The exit sits in a bar of its own that stays at the top while scrolling and takes its own
  // room, so it never lies over the language buttons or a field.
  fill(root, h('header', { class: 'top' }, exitLink, brand), languageNav, main, footer, polite, urgent);
  app.render();
  return app;
}
