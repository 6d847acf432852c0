// The kk / ru / en buttons both web apps show in their header.
import { h } from './dom.ts';
import { languages, type Language } from './language.ts';

/** One button per language; `choose` switches, then focus returns to the (redrawn) button. */
export function languageButtons(current: Language, nameOf: (code: Language) => string, choose: (code: Language) => void): HTMLButtonElement[] {
  return languages.map((code) =>
    h(
      'button',
      {
        type: 'button',
        id: `language-${code}`,
        lang: code,
        'aria-pressed': code === current ? 'true' : 'false',
        onclick: () => {
          choose(code);
          document.getElementById(`language-${code}`)?.focus(); // the buttons were redrawn
        },
      },
      nameOf(code),
    ),
  );
}
