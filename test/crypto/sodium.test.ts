// Loading: nothing works before loadSodium(); sumo replaces standard, never the reverse.
import t from 'tap';
import standardBuild from 'libsodium-wrappers';
import { CryptoError, deriveFromPassphrase, generateBoxKeyPair, loadSodium, randomBytes, useSodium } from '../../crypto/index.ts';

// Cheap probe of the active build: with sumo the 15-byte salt is rejected, without it Argon2id is missing.
function activeBuild(): string {
  try {
    deriveFromPassphrase('probe', new Uint8Array(15));
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'crypto.needs_sumo') return 'standard';
    if (error instanceof CryptoError && error.code === 'crypto.bad_length') return 'sumo';
  }
  return 'unexpected';
}

t.test('before loading, every operation fails with crypto.not_ready', async (t) => {
  t.throws(() => generateBoxKeyPair(), { code: 'crypto.not_ready' });
  t.throws(() => deriveFromPassphrase('x', new Uint8Array(16)), { code: 'crypto.not_ready' });
});

t.test('concurrent loads of both builds settle on sumo', async (t) => {
  await Promise.all([loadSodium('sumo'), loadSodium('standard'), loadSodium()]);
  t.equal(activeBuild(), 'sumo');
});

t.test('useSodium injects a ready instance (the asm.js fallback path)', async (t) => {
  await standardBuild.ready;
  useSodium(standardBuild);
  t.equal(activeBuild(), 'standard');
  t.equal(randomBytes(16).length, 16);
});

t.test('standard is idempotent, sumo after standard switches, standard after sumo keeps sumo', async (t) => {
  await loadSodium('standard');
  t.equal(activeBuild(), 'standard');
  await loadSodium('sumo');
  t.equal(activeBuild(), 'sumo');
  await loadSodium('standard');
  t.equal(activeBuild(), 'sumo');
});
