import type { App } from '../app.ts';
import { h, type Child } from '../../shared/dom.ts';
import { keyBox } from './trust.ts';

/** A phone or tablet without a keyboard at hand: "press Esc twice" would mean nothing there. */
const touchOnly = (): boolean => window.matchMedia('(pointer: coarse)').matches;

export function renderHome(app: App): Child[] {
  const { t, state } = app;
  return [
    h('h1', { tabindex: -1 }, t.homeTitle),
    h('p', { class: 'promise' }, t.homePromise),
    h('p', {}, t.homeWho),
    // Before anything is written: whose page this is (trust.ts).
    keyBox(app),
    state.encryptionBroken !== null && h('p', { class: 'alert' }, app.text(state.encryptionBroken)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'home-report', class: 'primary', onclick: () => app.show('report') }, t.homeReport),
      h('button', { type: 'button', id: 'home-check', class: 'secondary', onclick: () => app.show('check') }, t.homeCheck),
    ),
    h('p', { id: 'exit-hint', class: 'hint' }, touchOnly() ? t.homeExitHintTouch : t.homeExitHint),
  ];
}
