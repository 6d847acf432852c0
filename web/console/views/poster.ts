// The poster (admins and inspectors): an A4 page in Kazakh, Russian and English with the reporting
// address, a QR code of `<address>#org=<fingerprint>&v=<directory version>` (the highest version this
// browser has seen or published, never merely the one the server serves now), the organisation key's
// fingerprint in text, and three lines on how anonymity works. The fingerprint is the anchored key's
// (from this person's own envelope), so the reporter page opened through the QR code refuses a
// server that answers with another organisation key; the fragment never reaches the server.
// The reporting address is typed here: the console does not know the public site's address (the
// two listeners are separate), and what is printed must be what workers will type.
import type { App } from '../app.ts';
import { fill, h, type Child } from '../../shared/dom.ts';
import { format } from '../../shared/language.ts';
import { loadOnce, preloadChunk } from '../../shared/lazy.ts';
import { errorBox, runBusy, setFieldError, showProblem, textField } from '../form.ts';
import { messages } from '../i18n/index.ts';
import { cryptoReady, heldKeys, type Crypto } from '../keys.ts';
import { loadTrusted, seenDirectoryVersion } from '../memory.ts';

const loadQr = loadOnce(async () => {
  await preloadChunk('qr');
  return import('../qr.ts');
});

// Kept while the console is open, so a language switch or going back does not lose it (memory only).
let lastAddress = '';

/** The address as typed, if it is an http(s) URL without a fragment; else null. */
function readAddress(typed: string): URL | null {
  try {
    const url = new URL(typed.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && url.username === '' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The directory version the poster pins: the highest this browser has seen or published for the
 * anchored key, after reading the server's (verified; a replayed older one does not lower it); null if none.
 */
async function pinnedVersion(crypto: Crypto, organisationKey: Uint8Array): Promise<number | null> {
  try {
    await loadTrusted(crypto, organisationKey);
  } catch {
    // stale, not verifiable or unreachable: what this browser saw before still stands
  }
  return seenDirectoryVersion(crypto, organisationKey);
}

export async function renderPoster(app: App): Promise<Child[]> {
  const { t } = app;
  const keys = heldKeys();
  if (keys === null) return [];
  const crypto = await cryptoReady();
  const version = await pinnedVersion(crypto, keys.organisationKey);
  const fingerprint = crypto.keyFingerprint(keys.organisationKey);
  const compact = fingerprint.replace(/\s/g, '');
  const address = textField({ id: 'poster-address', label: t.posterAddress, hint: t.posterAddressHint, value: lastAddress, attributes: { inputmode: 'url', placeholder: 'https://' } });
  const failure = errorBox('poster-error');
  const make = h('button', { type: 'submit', id: 'poster-make', class: 'primary' }, t.posterMake);
  const print = h('button', { type: 'button', id: 'poster-print', class: 'secondary', hidden: true, onclick: () => window.print() }, t.posterPrint);
  const sheet = h('div', { id: 'poster', class: 'poster', hidden: true });

  async function draw(): Promise<void> {
    failure.show(null);
    const url = readAddress(address.input.value);
    setFieldError(address, url === null ? t.posterAddressInvalid : null);
    if (url === null) return address.input.focus();
    lastAddress = url.href;
    const link = `${url.href}#org=${compact}${version === null ? '' : `&v=${version}`}`;
    const { qrSvg } = await loadQr();
    fill(sheet, posterSheet(link, url.href, fingerprint, version, qrSvg(link, t.posterQrLabel)));
    sheet.hidden = false;
    print.hidden = false;
    app.announce(t.posterReady);
  }

  const form = h(
    'form',
    {
      id: 'poster-form',
      class: 'no-print',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        void runBusy(make, t.loading, draw, showProblem(app, failure));
      },
    },
    address.wrap,
    failure.box,
    h('div', { class: 'actions' }, make, print),
  );
  if (lastAddress !== '') queueMicrotask(() => void runBusy(make, t.loading, draw, showProblem(app, failure)));
  return [
    h('h1', { tabindex: -1, class: 'no-print' }, t.posterTitle),
    h('p', { class: 'no-print' }, t.posterIntro),
    h('p', { class: 'no-print' }, t.organisationFingerprint, ' ', h('span', { class: 'mono', id: 'poster-screen-fingerprint' }, fingerprint)),
    version === null && h('p', { class: 'note no-print', id: 'poster-no-version' }, t.posterNoVersion),
    version !== null && h('p', { class: 'no-print', id: 'poster-screen-version' }, format(t.poster.version, { version }, app.language)),
    form,
    sheet,
  ];
}

/** The printed sheet: the same text in the three languages, whatever the console's language. */
function posterSheet(link: string, address: string, fingerprint: string, version: number | null, qr: SVGSVGElement): Child[] {
  const languages = [messages.kk, messages.ru, messages.en] as const;
  return [
    h(
      'div',
      { class: 'poster-head' },
      h('div', { class: 'poster-qr', id: 'poster-qr' }, qr),
      h(
        'div',
        { class: 'poster-address' },
        languages.map((m) => h('p', { class: 'poster-title', lang: m.poster.lang }, m.poster.title)),
        h('p', { class: 'poster-url mono', id: 'poster-url', translate: 'no' }, address),
      ),
    ),
    h(
      'div',
      { class: 'poster-columns' },
      languages.map((m) =>
        h(
          'section',
          { class: 'poster-language', lang: m.poster.lang },
          h('h2', {}, m.poster.how),
          h('ul', {}, m.poster.anonymity.map((line) => h('li', {}, line))),
          h('p', { class: 'poster-check' }, m.poster.check),
        ),
      ),
    ),
    h('p', { class: 'poster-fingerprint mono', id: 'poster-fingerprint', translate: 'no' }, fingerprint),
    version !== null && h('p', { class: 'poster-version', id: 'poster-version' }, (['kk', 'ru', 'en'] as const).map((code) => format(messages[code].poster.version, { version }, code)).join(' · ')),
    h('p', { class: 'poster-link mono', id: 'poster-link', translate: 'no' }, link),
  ];
}
