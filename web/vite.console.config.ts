// Builds the inspector console (web/console) into web/dist/console. See web/README.md; what both
// configs share is in web/build/site.ts.
// Same rules as the reporter site (web/vite.config.ts): SRI on every script and stylesheet and on
// the lazy chunks, no inline script or style, no external origin, a bundle manifest; but the
// console loads libsodium's sumo build (Argon2id for passphrases), lazily, after the first screen.
import { defineConfig } from 'vite';
import { siteConfig } from './build/site.ts';

export default defineConfig(
  siteConfig({
    site: 'console',
    integrity: {
      lazyName(moduleId) {
        if (moduleId.endsWith('/crypto/index.ts')) return 'crypto';
        if (moduleId.endsWith('/web/shared/answer-check.ts')) return 'answers';
        if (moduleId.endsWith('/web/console/strength-check.ts')) return 'strength';
        if (moduleId.endsWith('/web/console/qr.ts')) return 'qr';
        if (moduleId.includes('/libsodium-wrappers-sumo/dist/modules-sumo-esm/')) return 'sodium-sumo';
        if (moduleId.includes('sodium-console-unused')) return 'unused-stub';
        return undefined;
      },
      // 'strength' (zxcvbn-ts and its word lists) loads only where a passphrase is chosen.
      paths: { console: ['answers', 'crypto', 'sodium-sumo'], choosePassphrase: ['answers', 'crypto', 'sodium-sumo', 'strength'] },
      budgetPath: 'console',
      // Desktops on the inspectorate's network; the sumo build alone is ~250 KB gzip.
      budgetGzip: 400_000,
      pageWarningGzip: 40_000,
      siteName: 'inspector console',
    },
    target: ['es2022', 'chrome109', 'firefox115', 'safari16.4'],
    chunkSizeWarningLimit: 2000,
    // `npx vite --config web/vite.console.config.ts`: the API comes from a local server's console port.
    devApi: process.env.QAUIPSIZ_DEV_CONSOLE_API ?? 'http://127.0.0.1:8081',
    previewPort: 4174,
  }),
);
