// Who can receive reports, by the signed directory alone (what reporters' pages compute before a
// worker writes a word), and the alternative channel those pages show when nobody can. The
// administrator's start page (Accounts) and Groups name every region and exclusive category
// nobody can receive yet, with the next steps; Groups edits the channel, which is signed here
// into a new directory version (the server cannot change what workers are told).
import type { Group } from '../../../contract/console-api.ts';
import type { App } from '../app.ts';
import { directoryCoverage, directoryWithChannel, readChannelDraft, sameChannel, type ChannelProblem } from '../directory.ts';
import { h, type Child } from '../../shared/dom.ts';
import { format, languages, plural, type Language } from '../../shared/language.ts';
import { errorBox, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { categories, categoryLabel, regionLabel, regions } from '../labels.ts';
import { loadTrusted } from '../memory.ts';
import { groupName } from './groups.ts';
import { openKey, publish, type DirectoryState } from './sign-directory.ts';

/** The regions and categories a worker can choose (the catalogue the reporter page shows). */
const regionIds = () => regions.map((r) => r.id);
const categoryIds = () => categories.map((c) => c.id);

/** The screen that shows the warning: the steps point to the other one. */
type Place = 'accounts' | 'groups';

/**
 * The warning while some region or exclusive category has nobody who can receive, with what to do;
 * on Groups, when everyone can be reached, a line saying so. Null on Accounts when nothing is missing.
 */
export function coverageSection(app: App, state: DirectoryState, groups: readonly Group[], place: Place): Child {
  const { t, language } = app;
  const coverage = directoryCoverage(state.crypto, state.trusted.current, state.plan.routing, regionIds(), categoryIds());
  const byId = new Map(groups.map((g) => [g.id, g]));
  const name = (id: string) => groupName(byId.get(id), id, language);
  const uncovered = coverage.regions.filter((r) => r.groupId === null);
  const exclusive = coverage.exclusive.filter((e) => !e.covered);
  const viaFallback = coverage.regions.filter((r) => r.viaFallback).length;
  const fallbackNote =
    viaFallback > 0 && h('p', { class: 'note', id: 'coverage-fallback' }, format(plural(language, viaFallback, t.coverageFallback), { group: name(coverage.fallback) }, language));
  const pending = state.plan.needed && h('p', { class: 'hint', id: 'coverage-pending' }, t.coveragePending);
  if (uncovered.length === 0 && exclusive.length === 0) {
    return place === 'accounts' ? null : h('div', { id: 'coverage' }, h('p', { class: 'note', id: 'coverage-all' }, t.coverageAll), fallbackNote, pending);
  }
  const regionsLine =
    uncovered.length === coverage.regions.length
      ? t.coverageNoRegion
      : format(plural(language, uncovered.length, t.coverageRegions), { regions: uncovered.map((r) => regionLabel(r.region, language)).join(', ') }, language);
  const otherPlace: Place = place === 'accounts' ? 'groups' : 'accounts';
  return h(
    'section',
    { id: 'coverage', class: 'panel coverage', 'aria-labelledby': 'coverage-title' },
    h('h2', { id: 'coverage-title' }, t.coverageTitle),
    uncovered.length > 0 && h('p', { id: 'coverage-regions' }, regionsLine),
    exclusive.map((e) => h('p', { class: 'coverage-exclusive', id: `coverage-exclusive-${e.groupId}` }, format(t.coverageExclusive, { category: categoryLabel(e.category, language), group: name(e.groupId) }, language))),
    fallbackNote,
    h('h3', {}, t.coverageStepsTitle),
    h('ol', { id: 'coverage-steps' }, [t.coverageStepInvite, t.coverageStepGroup, t.coverageStepSign].map((step) => h('li', {}, step))),
    h('p', { id: 'coverage-channel' }, state.trusted.current?.channel == null ? t.coverageChannelMissing : t.coverageChannelSet),
    pending,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: `coverage-to-${otherPlace}`, onclick: () => app.show({ name: otherPlace }) }, otherPlace === 'groups' ? t.coverageToGroups : t.coverageToAccounts),
    ),
  );
}

/** A labelled textarea with its hint and error line, like form.ts's textField. */
function textArea(id: string, label: string, hint: string, value: string, attributes: Record<string, string | number>): { wrap: HTMLElement; input: HTMLTextAreaElement; error: HTMLElement } {
  const error = h('p', { id: `${id}-error`, class: 'error', hidden: true });
  const input = h('textarea', { id, rows: 4, spellcheck: 'false', 'aria-describedby': `${id}-hint ${id}-error`, ...attributes });
  input.value = value;
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), h('p', { id: `${id}-hint`, class: 'hint' }, hint), input, error);
  return { wrap, input, error };
}

/** form.ts's setFieldError, for a textarea. */
function markProblem(field: { input: HTMLTextAreaElement; error: HTMLElement }, text: string | null): void {
  field.error.textContent = text ?? '';
  field.error.hidden = text === null;
  if (text === null) field.input.removeAttribute('aria-invalid');
  else field.input.setAttribute('aria-invalid', 'true');
}

/**
 * The alternative channel editor (Groups): three texts, the organisation passphrase, and a new
 * directory version that changes the channel and nothing else. `onSigned` redraws what depends on it.
 */
export function channelSection(app: App, state: DirectoryState, onSigned: () => void): HTMLElement {
  const { t, language } = app;
  const head: Child[] = [h('h2', { id: 'channel-title' }, t.channelTitle), h('p', {}, t.channelIntro)];
  const attributes = { id: 'channel', 'aria-labelledby': 'channel-title' };
  if (state.trusted.current === null) return h('section', attributes, head, h('p', { class: 'note', id: 'channel-no-directory' }, t.channelNoDirectory));
  const max = state.crypto.channelMaxChars;
  const current = state.trusted.current.channel ?? null;
  const hint = format(t.channelHint, { max }, language);
  const fields = Object.fromEntries(
    languages.map((l) => [l, textArea(`channel-${l}`, t.channelIn[l], hint, current?.[l] ?? '', { lang: l, maxlength: max })]),
  ) as Record<Language, ReturnType<typeof textArea>>;
  const legacyWrap = state.organisation.signingKeyProtection === 'login_passphrase';
  const passphrase = textField({ id: 'channel-passphrase', label: legacyWrap ? t.signPassphraseLegacy : t.signPassphrase, hint: t.signPassphraseHint, type: 'password', attributes: { autocomplete: 'off' } });
  const failure = errorBox('channel-error');
  const done = h('p', { class: 'note', id: 'channel-done', hidden: true });
  const submit = h('button', { type: 'submit', id: 'channel-submit', class: 'primary' }, t.channelSave);
  const problemText: Record<ChannelProblem, string> = { missing: t.channelMissing, long: format(t.channelLong, { max }, language), control: t.channelControl };

  async function sign(): Promise<void> {
    failure.show(null);
    done.hidden = true;
    const reading = readChannelDraft({ kk: fields.kk.input.value, ru: fields.ru.input.value, en: fields.en.input.value }, max);
    const problems = reading.ok ? {} : reading.problems;
    for (const l of languages) markProblem(fields[l], problems[l] === undefined ? null : problemText[problems[l]]);
    if (!reading.ok) return fields[languages.find((l) => problems[l] !== undefined) ?? 'kk'].input.focus();
    if (sameChannel(reading.channel, state.trusted.current?.channel ?? null)) return failure.show(t.channelUnchanged);
    if (passphrase.input.value === '') {
      setFieldError(passphrase, t.errorRequired);
      return passphrase.input.focus();
    }
    setFieldError(passphrase, null);
    const privateKey = await openKey(state, passphrase.input.value);
    passphrase.input.value = '';
    let version: number;
    try {
      const signed = directoryWithChannel(state.crypto, state.trusted, reading.channel, privateKey);
      if (signed === null) throw new Error('no directory to sign the channel into');
      version = await publish(state, signed);
    } finally {
      privateKey.fill(0);
    }
    // Read back as any page would, verified: the next change then signs on top of this version.
    state.trusted = await loadTrusted(state.crypto, state.anchored);
    for (const l of languages) fields[l].input.value = state.trusted.current?.channel?.[l] ?? '';
    done.textContent = format(reading.channel === null ? t.channelRemoved : t.channelSigned, { version }, language);
    done.hidden = false;
    app.announce(done.textContent);
    onSigned();
  }

  return h(
    'section',
    attributes,
    head,
    h(
      'form',
      {
        id: 'channel-form',
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          void runBusy(submit, t.checking, sign, showProblem(app, failure));
        },
      },
      languages.map((l) => fields[l].wrap),
      passphrase.wrap,
      failure.box,
      h('div', { class: 'actions' }, submit),
      done,
    ),
  );
}
