// Builds the reporter site (web/reporter) into web/dist/reporter. See web/README.md; what both
// configs share is in web/build/site.ts.
// Build-time settings (environment):
//   QAUIPSIZ_ORG_KEY   base64url Ed25519 organisation key; the page then refuses any other key
//   QAUIPSIZ_MIN_DIRECTORY_VERSION  the lowest signed directory version the page accepts (default: any)
//   QAUIPSIZ_EXIT_URL  where the quick-exit button goes (default https://www.google.com/)
import { defineConfig } from 'vite';
import { siteConfig } from './build/site.ts';

function orgKeyPin(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  // 32 bytes in base64url without padding: 43 characters, the last one carrying 4 bits.
  if (!/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(value)) {
    throw new Error('QAUIPSIZ_ORG_KEY must be a 32-byte Ed25519 public key in base64url without padding (43 characters)');
  }
  return value;
}

function minDirectoryVersion(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new Error('QAUIPSIZ_MIN_DIRECTORY_VERSION must be a directory version: a whole number from 1');
  return Number(value);
}

function exitUrl(value: string | undefined): string {
  const url = value === undefined || value === '' ? 'https://www.google.com/' : value;
  if (!/^https:\/\/[^\s"'<>]+$/.test(url)) throw new Error('QAUIPSIZ_EXIT_URL must be an https:// URL');
  return new URL(url).href;
}

export default defineConfig(
  siteConfig({
    site: 'reporter',
    define: {
      __QAUIPSIZ_ORG_KEY__: JSON.stringify(orgKeyPin(process.env.QAUIPSIZ_ORG_KEY)),
      __QAUIPSIZ_MIN_DIRECTORY_VERSION__: JSON.stringify(minDirectoryVersion(process.env.QAUIPSIZ_MIN_DIRECTORY_VERSION)),
      __QAUIPSIZ_EXIT_URL__: JSON.stringify(exitUrl(process.env.QAUIPSIZ_EXIT_URL)),
    },
    integrity: {
      lazyName(moduleId) {
        if (moduleId.endsWith('/crypto/page.ts')) return 'crypto';
        if (moduleId.endsWith('/web/shared/answer-check.ts')) return 'answers';
        if (moduleId.endsWith('/contract/public-api.ts')) return 'contract';
        if (moduleId.includes('/libsodium-wrappers/dist/modules-esm/')) return 'sodium';
        if (moduleId.includes('/libsodium-wrappers/dist/modules/')) return 'sodium-asmjs';
        if (moduleId.includes('sodium-sumo-unavailable')) return 'sumo-stub';
        return undefined;
      },
      paths: { report: ['answers', 'contract', 'crypto', 'sodium'], noWasm: ['answers', 'contract', 'crypto', 'sodium-asmjs'] },
      budgetPath: 'report',
      budgetGzip: 200_000,
      pageWarningGzip: 25_000,
    },
    // Old phones that never updated their browser: as far back as crypto/ can go (Object.hasOwn).
    target: ['es2021', 'chrome93', 'firefox92', 'safari15.4'],
    chunkSizeWarningLimit: 1200,
    // `npx vite --config web/vite.config.ts`: the API comes from a local server (npm start).
    devApi: process.env.QAUIPSIZ_DEV_API ?? 'http://127.0.0.1:8080',
    previewPort: 4173,
  }),
);
