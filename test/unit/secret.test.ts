import t from 'tap';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateServerSecret, secretFileName } from '../../server/secret.ts';

t.test('the server secret is created once, owner-only, and reused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qauipsiz-secret-'));
  const first = loadOrCreateServerSecret(dir);
  t.equal(first.length, 32);
  t.equal(statSync(join(dir, secretFileName)).mode & 0o777, 0o600);
  t.same(loadOrCreateServerSecret(dir), first, 'same secret on the next start');
});

t.test('a secret others can read, or of the wrong size, stops the start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qauipsiz-secret-'));
  loadOrCreateServerSecret(dir);
  chmodSync(join(dir, secretFileName), 0o644);
  t.throws(() => loadOrCreateServerSecret(dir), /readable by others .*chmod 600/);
  const other = mkdtempSync(join(tmpdir(), 'qauipsiz-secret-'));
  writeFileSync(join(other, secretFileName), 'short', { mode: 0o600 });
  t.throws(() => loadOrCreateServerSecret(other), /exactly 32 bytes/);
});
