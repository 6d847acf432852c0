// How libsodium reaches the reporter page:
// - the standard ESM WebAssembly build, imported by crypto/sodium.ts, as usual;
// - `virtual:sodium-asmjs`: the CommonJS build of libsodium-wrappers, whose libsodium has an asm.js
//   fallback, in its own lazily loaded chunk for browsers without WebAssembly (Tor Browser "Safer");
// - the sumo build, also named in crypto/sodium.ts, is replaced by a stub: the page never needs it.
// The console (`sodiumPlugin({ site: 'console' })`) is the other way round: it loads only the sumo
// build (Argon2id), and the standard and asm.js builds become stubs.
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const asmjsId = 'virtual:sodium-asmjs';
const sumoStubId = '\0qauipsiz:sodium-sumo-unavailable';
const emptyId = '\0qauipsiz:empty-node-builtin';

const require = createRequire(import.meta.url);
/** The CommonJS entries ('require' condition), which the package exports map hides from ESM subpath imports. */
const cjsWrappers = require.resolve('libsodium-wrappers');
const cjsLibsodium = createRequire(cjsWrappers).resolve('libsodium');

// The CommonJS libsodium carries the WebAssembly module as a base64 literal and falls back to
// asm.js when instantiating it fails. The fallback chunk is only loaded where WebAssembly is
// unavailable, so the literal is dead weight there (~130 KB gzip): replace it with an empty one.
const wasmLiteral = /\("AGFzbQ[A-Za-z0-9+/]+={0,2}"\)/g;

const consoleStubId = '\0qauipsiz:sodium-console-unused';

export function sodiumPlugin(options: { site: 'reporter' | 'console' } = { site: 'reporter' }): Plugin {
  if (options.site === 'console') {
    return {
      name: 'qauipsiz:sodium-console',
      enforce: 'pre',
      resolveId(id) {
        return id === asmjsId || id === 'libsodium-wrappers' ? consoleStubId : undefined;
      },
      load(id) {
        if (id !== consoleStubId) return undefined;
        return [
          "// The console loads only libsodium's sumo build (loadSodium('sumo')).",
          "export default { get ready() { return Promise.reject(new Error('the console uses the sumo build only')); } };",
        ].join('\n');
      },
    };
  }
  return {
    name: 'qauipsiz:sodium',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === asmjsId) return cjsWrappers;
      if (id === 'libsodium-wrappers-sumo') return sumoStubId;
      // Node-only branches of the CommonJS build; never taken in a browser.
      if (importer === cjsLibsodium && (id === 'crypto' || id === 'node:fs')) return emptyId;
      return undefined;
    },
    load(id) {
      if (id === emptyId) return 'export default {};';
      if (id === sumoStubId) {
        return [
          '// The reporter page never loads the sumo build (Argon2id is for inspectors and admins).',
          "export default { get ready() { return Promise.reject(new Error('libsodium sumo is not part of the reporter page')); } };",
        ].join('\n');
      }
      return undefined;
    },
    transform(code, id) {
      if (id !== cjsLibsodium) return undefined;
      const matches = code.match(wasmLiteral) ?? [];
      if (matches.length !== 1) {
        this.warn(`expected one embedded WebAssembly literal in ${id}, found ${matches.length}; the asm.js chunk keeps it`);
        return undefined;
      }
      return { code: code.replace(wasmLiteral, '("")'), map: null };
    },
  };
}
