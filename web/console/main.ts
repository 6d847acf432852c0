// Entry point of the inspector console.
import { startApp } from './app.ts';
import { pickLanguage } from '../shared/language.ts';
import { cryptoReady } from './keys.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('#app is missing from index.html');
void startApp(root, pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]));
// Fetch crypto/ and libsodium in the background; the first screen does not wait for it.
cryptoReady().catch(() => undefined);
