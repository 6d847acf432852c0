// Who will read the report, said under the region and category as soon as both are chosen, from the
// checked directory (receivers.ts): the rest of the form opens only when someone can receive it;
// otherwise the page says so, rightly for the corruption category too, and where to turn instead.
import type { App } from '../../app.ts';
import { fill, h, type Child } from '../../../shared/dom.ts';
import type { Receivers } from '../../receivers.ts';

export const receiversId = 'receivers';
export const restId = 'report-rest';

type Verdict = { open: boolean; said: Child[] };

function nobody(app: App, receivers: Extract<Receivers, { ok: false }>): Child[] {
  const { t, state } = app;
  const channel = receivers.channel?.[state.language] ?? null;
  const nobodyText = h('p', { id: 'receivers-nobody', class: 'alert' }, receivers.exclusive ? t.routeNobodyExclusive : t.routeNobodyRegion);
  if (channel === null) return [nobodyText, h('p', { id: 'receivers-fallback' }, receivers.exclusive ? t.routeFallbackExclusive : t.routeFallbackRegion)];
  return [nobodyText, h('p', { class: 'channel-title' }, t.routeChannel), h('p', { id: 'receivers-channel', class: 'channel' }, channel)];
}

function verdict(app: App): Verdict {
  const { t, state } = app;
  const { region, category } = state.form;
  // The form's introduction already asks for these two first.
  if (region === '' || category === '') return { open: false, said: [] };
  if (state.trust.status === 'unavailable') return { open: false, said: [h('p', {}, t.routeUnknown)] };
  const receivers = state.trust.status === 'checked' ? app.trust.receivers({ region, category }) : null;
  if (receivers === null) return { open: false, said: [h('p', { class: 'status' }, t.routeChecking)] };
  if (!receivers.ok) return { open: false, said: nobody(app, receivers) };
  const readers = { region: t.routeRegion, national: t.routeNational, 'anti-corruption': t.routeAntiCorruption }[receivers.readers];
  return { open: true, said: [h('p', { class: 'readers' }, readers)] };
}

/** The panel, drawn with the form; a polite live region, so a change of answer is read out. */
export function receiversPanel(app: App): HTMLElement {
  const { open, said } = verdict(app);
  return h('div', { id: receiversId, class: open ? 'receivers' : 'receivers closed', role: 'status', 'aria-live': 'polite' }, said);
}

/** Whether the rest of the form is open now. */
export function formIsOpen(app: App): boolean {
  return verdict(app).open;
}

/** After a choice or the end of the check: the panel and the rest of the form change in place (the caret stays). */
export function showReceivers(app: App): void {
  const panel = document.getElementById(receiversId);
  const rest = document.getElementById(restId);
  if (panel === null || rest === null) return;
  const { open, said } = verdict(app);
  fill(panel, said);
  panel.className = open ? 'receivers' : 'receivers closed';
  rest.hidden = !open;
}
