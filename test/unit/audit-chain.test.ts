import t from 'tap';
import { createHash } from 'node:crypto';
import { canonicalJson, entryHash, genesisHash, verifyChain, type ChainedEntry } from '../../server/domain/audit-chain.ts';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq++) {
    const entry = { seq, at: `2026-11-26T10:00:0${seq}.000Z`, actorId: 'abc', action: 'case.decrypt', caseId: null, detail: { n: seq, z: [1, { b: 2, a: 1 }] } };
    const hash = entryHash(prevHash, entry);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

t.test('canonical JSON sorts keys at every level', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
});

t.test('the hash is SHA-256 of the previous hash and the canonical entry', async (t) => {
  const entry = { seq: 1, at: '2026-11-26T10:00:00.000Z', actorId: null, action: 'setup', caseId: null, detail: {} };
  t.equal(entryHash(genesisHash, entry), createHash('sha256').update(genesisHash + '{"action":"setup","actorId":null,"at":"2026-11-26T10:00:00.000Z","caseId":null,"detail":{},"seq":1}').digest('hex'));
});

t.test('an intact chain verifies; an altered, reordered or missing entry names its seq', async (t) => {
  t.same(verifyChain(chain(5)), { ok: true, entries: 5 });
  t.same(verifyChain([]), { ok: true, entries: 0 });
  const altered = chain(5);
  altered[2] = { ...altered[2]!, action: 'case.transition' };
  t.match(verifyChain(altered), { ok: false, seq: 3, reason: /content/ });
  const rehashed = chain(5);
  rehashed[2] = { ...rehashed[2]!, detail: {}, hash: entryHash(rehashed[2]!.prevHash, { ...rehashed[2]!, detail: {} }) };
  t.match(verifyChain(rehashed), { ok: false, seq: 4, reason: /prevHash/ }, 'rehashing one entry breaks the next link');
  const gap = chain(5);
  gap.splice(1, 1);
  t.match(verifyChain(gap), { ok: false, seq: 2, reason: /missing/ });
});
