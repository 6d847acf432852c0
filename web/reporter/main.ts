// Entry point of the reporter page.
import { startApp } from './app.ts';
import { encryption, EncryptionUnavailable } from './encryption.ts';
import { pickLanguage } from './i18n/index.ts';
import { noteSeenDirectory, readSeenDirectory } from './draft.ts';
import { readAnchor, trustKeeper } from './trust.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('#app is missing from index.html');
// The fragment of a poster link (#org=…&v=…) stays in the address bar, so a reload keeps the anchor.
const anchor = readAnchor(__QAUIPSIZ_ORG_KEY__, __QAUIPSIZ_MIN_DIRECTORY_VERSION__, location.hash);
const app = startApp(root, pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]), trustKeeper(anchor, encryption, { seen: readSeenDirectory(), note: noteSeenDirectory }));

// Fetch the encryption code in the background straight away; the form is usable meanwhile.
encryption().catch((error: unknown) => {
  if (!(error instanceof EncryptionUnavailable) || error.reason !== 'unsupported') return; // retried on submit
  app.state.encryptionBroken = { key: 'errorNoCrypto' };
  if (app.state.view === 'home') app.render();
});
// The organisation key and the signed directory, once the first screen is painted.
requestAnimationFrame(() => setTimeout(() => void app.checkTrust(), 0));
