// Loading crypto/ and one libsodium build lazily, each chunk fetched and verified first (lazy.ts),
// for both apps: the reporter loads the standard build (asm.js where WebAssembly is missing or
// blocked, web/reporter/encryption.ts), the console the sumo build (web/console/keys.ts).
// The only modules of crypto/ the web may import are crypto/index.ts and its subset crypto/page.ts
// (the reporter's); never libsodium itself.
import { preloadChunk, type LazyChunk } from './lazy.ts';

export type Crypto = typeof import('../../crypto/index.ts');
/** What the reporter page loads of crypto/ (crypto/page.ts, a subset of index.ts). */
export type PageCrypto = typeof import('../../crypto/page.ts');
export type SodiumBuild = import('../../crypto/index.ts').SodiumBuild;

/** crypto/'s chunk, verified before it runs; no libsodium build is loaded yet. */
export async function importCrypto(): Promise<Crypto> {
  await preloadChunk('crypto');
  return import('../../crypto/index.ts');
}

/** crypto/'s page subset, verified before it runs (the reporter's chunk is built from it alone). */
export async function importPageCrypto(): Promise<PageCrypto> {
  await preloadChunk('crypto');
  return import('../../crypto/page.ts');
}

/** Verifies a libsodium chunk, then has crypto/ start that build. A failed check throws ChunkLoadError. */
export async function loadSodiumChunk(crypto: Pick<Crypto, 'loadSodium'>, chunk: LazyChunk, build: SodiumBuild): Promise<void> {
  await preloadChunk(chunk);
  await crypto.loadSodium(build);
}
