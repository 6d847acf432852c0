/**
 * Loads libsodium once and hands the ready instance to the rest of crypto/.
 * The only file in the project that imports libsodium.
 */
import type standardSodium from 'libsodium-wrappers';
import type sumoSodium from 'libsodium-wrappers-sumo';
import { CryptoError } from './errors.ts';

/**
 * 'standard': libsodium-wrappers (WebAssembly); 'sumo': adds Argon2id; 'asmjs': the reporter page's
 * JavaScript build for browsers without WebAssembly (a build-time module of web/build/sodium.ts).
 */
export type SodiumBuild = 'standard' | 'sumo' | 'asmjs';
export type Sodium = typeof standardSodium;
export type SumoSodium = typeof sumoSodium;

let active: Sodium | undefined;

function isSumo(instance: Sodium): boolean {
  return typeof (instance as Partial<SumoSodium>).crypto_pwhash === 'function';
}

/** True when nothing needs loading: the build is there already, or sumo (a superset) is. */
function satisfied(build: SodiumBuild): boolean {
  return active !== undefined && (build !== 'sumo' || isSumo(active));
}

async function importBuild(build: SodiumBuild): Promise<Sodium> {
  // Literal specifiers so bundlers split each build into its own chunk.
  const mod =
    build === 'sumo' ? await import('libsodium-wrappers-sumo') : build === 'asmjs' ? await import('virtual:sodium-asmjs') : await import('libsodium-wrappers');
  // Bundlers and Node disagree on whether the instance is the default export or the namespace.
  const instance = ((mod as { default?: Sodium }).default ?? mod) as Sodium;
  await instance.ready;
  return instance;
}

/**
 * Loads and initialises a libsodium build; resolves when crypto/ is usable.
 * Idempotent. Loading 'sumo' after 'standard' switches to sumo; never switches back.
 */
export async function loadSodium(build: SodiumBuild = 'standard'): Promise<void> {
  if (satisfied(build)) return;
  const instance = await importBuild(build);
  // A concurrent call may have finished first with sumo; keep the superset.
  if (!satisfied(build)) active = instance;
}

/** Uses an instance that is already ready (the reporter page's asm.js build when WebAssembly is off). */
export function useSodium(instance: Sodium): void {
  active = instance;
}

/** The loaded instance; throws crypto.not_ready before loadSodium()/useSodium(). */
export function sodium(): Sodium {
  if (active === undefined) throw new CryptoError('crypto.not_ready', 'call loadSodium() first');
  return active;
}

/** The loaded instance with Argon2id; throws crypto.needs_sumo if only the standard build is loaded. */
export function sumo(): SumoSodium {
  const instance = sodium();
  if (!isSumo(instance)) throw new CryptoError('crypto.needs_sumo', "call loadSodium('sumo') first");
  return instance as SumoSodium;
}
