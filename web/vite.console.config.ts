// Builds the inspector console (web/console) into web/dist/console. See web/README.md.
// Same rules as the reporter site (web/vite.config.ts): SRI on every script and stylesheet and on
// the lazy chunks, no inline script or style, no external origin, a bundle manifest; but the
// console loads libsodium's sumo build (Argon2id for passphrases), lazily, after the first screen.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { catalogPlugin } from './build/catalog.ts';
import { integrityPlugin } from './build/integrity.ts';
import { sodiumPlugin } from './build/sodium.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./console'),
  base: '/',
  publicDir: false,
  clearScreen: false,
  plugins: [
    sodiumPlugin({ site: 'console' }),
    catalogPlugin(new URL('../db/data/', import.meta.url)),
    integrityPlugin({
      lazyName(moduleId) {
        if (moduleId.endsWith('/crypto/index.ts')) return 'crypto';
        if (moduleId.includes('/libsodium-wrappers-sumo/dist/modules-sumo-esm/')) return 'sodium-sumo';
        if (moduleId.includes('sodium-console-unused')) return 'unused-stub';
        return undefined;
      },
      paths: { console: ['crypto', 'sodium-sumo'] },
      budgetPath: 'console',
      // Desktops on the inspectorate's network; the sumo build alone is ~250 KB gzip.
      budgetGzip: 400_000,
      pageWarningGzip: 40_000,
      siteName: 'inspector console',
    }),
  ],
  build: {
    outDir: here('./dist/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    target: ['es2022', 'chrome109', 'firefox115', 'safari16.4'],
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: {
      polyfill: false,
      // As in the reporter build: lazy chunks are preloaded with integrity by web/shared/lazy.ts.
      resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
    },
  },
  // `npx vite --config web/vite.console.config.ts`: the API comes from a local server's console port.
  server: { fs: { allow: [here('..')] }, proxy: { '/api/': process.env.QAUIPSIZ_DEV_CONSOLE_API ?? 'http://127.0.0.1:8081' } },
  preview: { port: 4174, strictPort: true },
});
