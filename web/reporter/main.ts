// Entry point of the reporter page.
import { startApp } from './app.ts';
import { encryption, EncryptionUnavailable } from './encryption.ts';
import { pickLanguage } from './i18n/index.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('#app is missing from index.html');
const app = startApp(root, pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]));

// Fetch the encryption code in the background straight away; the form is usable meanwhile.
encryption().then(
  (crypto) => {
    const pinned = __QAUIPSIZ_ORG_KEY__;
    if (pinned !== '') app.setFingerprint(crypto.keyFingerprint(crypto.fromBase64Url(pinned)));
  },
  (error: unknown) => {
    if (!(error instanceof EncryptionUnavailable) || error.reason !== 'unsupported') return; // retried on submit
    app.state.encryptionBroken = { key: 'errorNoCrypto' };
    if (app.state.view === 'home') app.render();
  },
);
