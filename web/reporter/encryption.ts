// Loads crypto/ and a libsodium build, lazily, so the form is usable before ~150 KB of
// WebAssembly arrive. Without WebAssembly (Tor Browser "Safer", iOS Lockdown Mode) it loads the
// asm.js build instead; if that fails too, the page says so and never sends anything.
import { importPageCrypto, loadSodiumChunk, type PageCrypto as Crypto } from '../shared/crypto.ts';
import { loadOnce } from '../shared/lazy.ts';
import { ChunkLoadError } from '../shared/lazy.ts';

export type { Crypto };

/** 'load': a chunk did not arrive (network; reload helps). 'unsupported': the browser cannot run it. */
export class EncryptionUnavailable extends Error {
  override readonly name = 'EncryptionUnavailable';
  readonly reason: 'load' | 'unsupported';
  constructor(reason: 'load' | 'unsupported', message: string) {
    super(message);
    this.reason = reason;
  }
}

async function load(): Promise<Crypto> {
  let crypto: Crypto;
  try {
    crypto = await importPageCrypto();
  } catch (error) {
    throw new EncryptionUnavailable('load', String(error));
  }

  let wasmFailed = typeof WebAssembly !== 'object';
  if (!wasmFailed) {
    try {
      await loadSodiumChunk(crypto, 'sodium', 'standard');
    } catch (error) {
      if (error instanceof ChunkLoadError) throw new EncryptionUnavailable('load', String(error));
      wasmFailed = true; // WebAssembly present but blocked or broken: try asm.js
    }
  }
  if (wasmFailed) {
    try {
      await loadSodiumChunk(crypto, 'sodium-asmjs', 'asmjs');
    } catch (error) {
      const reason = error instanceof ChunkLoadError ? 'load' : 'unsupported';
      throw new EncryptionUnavailable(reason, String(error));
    }
  }

  // A round trip through the primitives the page needs; a broken build must not get further.
  try {
    const code = crypto.generateCaseCode();
    const check = crypto.normalizeCaseCode(crypto.formatCaseCode(code));
    if (!check.ok || check.digits !== code || crypto.deriveLookupId(code).length !== 32) throw new Error('self-test failed');
  } catch (error) {
    throw new EncryptionUnavailable('unsupported', String(error));
  }
  return crypto;
}

/** The ready crypto module. Starts loading on first call; after a failure the next call tries again. */
export const encryption: () => Promise<Crypto> = loadOnce(load);
