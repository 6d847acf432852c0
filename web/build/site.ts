// What the two Vite configs share (web/vite.config.ts, web/vite.console.config.ts): one app folder
// built into web/dist/<site>, the catalog and integrity plugins, no inlined assets, deterministic
// output, Vite's own runtime preloading off (web/shared/lazy.ts preloads lazy chunks with
// integrity), and a dev server that proxies /api/ to a local server.
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import { catalogPlugin } from './catalog.ts';
import { integrityPlugin, type IntegrityOptions } from './integrity.ts';
import { sodiumPlugin } from './sodium.ts';

const webDir = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export type SiteOptions = {
  site: 'reporter' | 'console';
  /** Browsers the bundle must run in (build.target). */
  target: string[];
  chunkSizeWarningLimit: number;
  integrity: IntegrityOptions;
  define?: Record<string, string>;
  /** Where `npx vite --config …` proxies /api/ (a local server started with npm start). */
  devApi: string;
  previewPort: number;
};

export function siteConfig(options: SiteOptions): UserConfig {
  const plugins: Plugin[] = [sodiumPlugin({ site: options.site }), catalogPlugin(new URL('../../db/data/', import.meta.url)), integrityPlugin(options.integrity)];
  return {
    root: webDir(options.site),
    base: '/',
    publicDir: false,
    clearScreen: false,
    ...(options.define === undefined ? {} : { define: options.define }),
    plugins,
    build: {
      outDir: webDir(`dist/${options.site}`),
      emptyOutDir: true,
      assetsDir: 'assets',
      assetsInlineLimit: 0,
      target: options.target,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: options.chunkSizeWarningLimit,
      modulePreload: {
        polyfill: false,
        // index.html gets modulepreload links (with integrity); lazy chunks are preloaded by
        // web/shared/lazy.ts with integrity, so Vite's own runtime preloading is off.
        resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
      },
    },
    server: { fs: { allow: [webDir('..')] }, proxy: { '/api/': options.devApi } },
    preview: { port: options.previewPort, strictPort: true },
  };
}
