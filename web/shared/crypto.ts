// Loading crypto/ and one libsodium build lazily, each chunk fetched and verified first (lazy.ts),
// for both apps: the reporter loads the standard build (asm.js where WebAssembly is missing or
// blocked, web/reporter/encryption.ts), the console the sumo build (web/console/keys.ts).
// The only module of crypto/ the web may import is crypto/index.ts; never libsodium itself.
import { preloadChunk, type LazyChunk } from './lazy.ts';

export type Crypto = typeof import('../../crypto/index.ts');
export type SodiumBuild = import('../../crypto/index.ts').SodiumBuild;

/** crypto/'s chunk, verified before it runs; no libsodium build is loaded yet. */
export async function importCrypto(): Promise<Crypto> {
  await preloadChunk('crypto');
  return import('../../crypto/index.ts');
}

/** Verifies a libsodium chunk, then has crypto/ start that build. A failed check throws ChunkLoadError. */
export async function loadSodiumChunk(crypto: Crypto, chunk: LazyChunk, build: SodiumBuild): Promise<void> {
  await preloadChunk(chunk);
  await crypto.loadSodium(build);
}
