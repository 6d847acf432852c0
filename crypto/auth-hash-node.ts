/**
 * Server side only (Node; not exported by index.ts, never in a web bundle): the auth value hash of
 * passphrase.ts — the same "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>" strings, verifiable
 * both ways with crypto_pwhash_str — computed by Node's own Argon2id (node:crypto, Node ≥ 24.7)
 * in libuv's thread pool. Why not libsodium here: its WebAssembly heap grows to the 64 MiB the
 * hash needs and never shrinks (measured: +64 MiB of resident memory for the server's lifetime
 * after one console login), and it runs on the event loop that answers reporters. Here the
 * memory is freed after each hash and the event loop stays free. One hash at a time, so a burst
 * of logins costs 64 MiB, not 64 MiB each. Node without crypto.argon2 (22) uses libsodium.
 */
import * as nodeCrypto from 'node:crypto';
import { assertLength } from './errors.ts';
import { authHashParametersFor, hashAuthValue, verifyAuthValue } from './passphrase.ts';
import { authHashV1 } from './versions.ts';

type Argon2Parameters = { message: Uint8Array; nonce: Uint8Array; parallelism: number; tagLength: number; memory: number; passes: number };
type Argon2 = (algorithm: 'argon2id', parameters: Argon2Parameters, callback: (error: Error | null, derivedKey: Buffer) => void) => void;

/** Node's Argon2 when this Node has it. */
export const nativeArgon2: Argon2 | undefined = (nodeCrypto as { argon2?: Argon2 }).argon2;

const saltBytes = 16;
const hashBytes = 32;

/** The Argon2id parameters of a stored hash's prefix ("m=65536,t=2,p=1"). */
function argonParameters(prefix: string): { memory: number; passes: number; parallelism: number } {
  const found = /\$m=(\d+),t=(\d+),p=(\d+)\$$/.exec(prefix);
  if (!found) throw new Error(`not an Argon2id parameter prefix: ${prefix}`);
  return { memory: Number(found[1]), passes: Number(found[2]), parallelism: Number(found[3]) };
}

let queue: Promise<unknown> = Promise.resolve();
/** Runs hashes one after another: each takes 64 MiB while it runs. */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

function argon2id(argon2: Argon2, prefix: string, message: Uint8Array, salt: Uint8Array): Promise<Buffer> {
  const { memory, passes, parallelism } = argonParameters(prefix);
  return oneAtATime(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        argon2('argon2id', { message, nonce: salt, parallelism, tagLength: hashBytes, memory, passes }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
const base64Pattern = /^[A-Za-z0-9+/]+$/;

/** hashAuthValue (passphrase.ts), off the event loop. */
export async function hashAuthValueAsync(authValue: Uint8Array, argon2: Argon2 | undefined = nativeArgon2): Promise<string> {
  const parameters = authHashV1;
  assertLength(authValue, parameters.authValueBytes, 'authValue');
  if (!argon2) return hashAuthValue(authValue);
  const salt = nodeCrypto.randomBytes(saltBytes);
  const hash = await argon2id(argon2, parameters.prefix, authValue, salt);
  return `${parameters.prefix}${base64(salt)}$${base64(hash)}`;
}

/** verifyAuthValue (passphrase.ts), off the event loop: false, never a throw, for anything that does not match. */
export async function verifyAuthValueAsync(stored: string, authValue: Uint8Array, argon2: Argon2 | undefined = nativeArgon2): Promise<boolean> {
  if (!argon2) return verifyAuthValue(stored, authValue);
  const parameters = authHashParametersFor(stored, authValue);
  if (!parameters) return false;
  const [saltText, hashText, ...rest] = stored.slice(parameters.prefix.length).split('$');
  if (rest.length > 0 || !saltText || !hashText || !base64Pattern.test(saltText) || !base64Pattern.test(hashText)) return false;
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(hashText, 'base64');
  // Canonical encodings only (no stray bits), the lengths libsodium writes.
  if (base64(salt) !== saltText || base64(expected) !== hashText || salt.length !== saltBytes || expected.length !== hashBytes) return false;
  const actual = await argon2id(argon2, parameters.prefix, authValue, salt);
  return nodeCrypto.timingSafeEqual(actual, expected);
}
