import t from 'tap';
import { isSolution, loadSodium, mintChallenge, readChallenge, searchSolution } from '../../crypto/index.ts';

const key = new Uint8Array(32).fill(3);
const otherKey = new Uint8Array(32).fill(4);

t.before(() => loadSodium());

t.test('a challenge carries its purpose, difficulty and expiry under the server key', async (t) => {
  const token = mintChallenge(key, { purpose: 'status', difficulty: 9, expiresAt: 1_800_000_000 });
  t.equal(token.length, 39);
  t.equal(token[0], 1, 'version byte');
  t.same(readChallenge(key, token), { purpose: 'status', difficulty: 9, expiresAt: 1_800_000_000 });
  t.equal(readChallenge(otherKey, token), null, 'another key does not accept it');
});

t.test('altered, truncated or unknown-version challenges are refused', async (t) => {
  const token = mintChallenge(key, { purpose: 'submit', difficulty: 4, expiresAt: 1_800_000_000 });
  for (let i = 0; i < token.length; i++) {
    const altered = token.slice();
    altered[i]! ^= 0x01;
    t.equal(readChallenge(key, altered), null, `byte ${i} flipped`);
  }
  for (const length of [0, 1, 38]) t.equal(readChallenge(key, token.subarray(0, length)), null, `truncated to ${length}`);
  t.equal(readChallenge(key, new Uint8Array([...token, 0])), null, 'one byte too many');
  t.throws(() => mintChallenge(key, { purpose: 'submit', difficulty: 33, expiresAt: 0 }), { code: 'crypto.bad_argument' });
});

t.test('a found nonce solves its challenge and only its own', async (t) => {
  for (const difficulty of [0, 4, 10]) {
    const token = mintChallenge(key, { purpose: 'submit', difficulty, expiresAt: 1_800_000_000 });
    let nonce: Uint8Array | null = null;
    for (let from = 0; !nonce; from += 1000) nonce = searchSolution(token, from, 1000);
    t.ok(isSolution(token, nonce), `difficulty ${difficulty} solved`);
    if (difficulty >= 10) {
      const other = mintChallenge(key, { purpose: 'submit', difficulty, expiresAt: 1_800_000_000 });
      t.notOk(isSolution(other, nonce), 'not a solution for another challenge (fails with probability 2^-10)');
    }
  }
  const hard = mintChallenge(key, { purpose: 'submit', difficulty: 32, expiresAt: 1_800_000_000 });
  t.equal(searchSolution(hard, 0, 100), null, 'a hard challenge is not solved in 100 tries');
  t.notOk(isSolution(hard, new Uint8Array(8)), 'a zero nonce does not pass at 32 bits');
  t.notOk(isSolution(hard, new Uint8Array(7)), 'a short nonce is refused');
});

t.test('known answer: the solution check is pinned', async (t) => {
  // Fixed token bytes (MAC irrelevant to the hash rule) and the first nonce counter that solves at 8 bits.
  const token = new Uint8Array(39).map((_, i) => i);
  token[2] = 8;
  let counter = 0;
  while (!searchSolution(token, counter, 1)) counter++;
  t.equal(counter, 113, 'first solving counter for this token at 8 bits');
});
