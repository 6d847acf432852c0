// Attacks on the proof of work's own memory and prices, through the guard with an injected clock:
// a flood of spent challenges must not grow the process, puzzles stockpiled while quiet must not
// pay for a flood, and no challenge is ever redeemed twice while it is valid.
import t from 'tap';
import { loadSodium } from '../../crypto/index.ts';
import { createAbuseGuard } from '../../server/abuse/guard.ts';
import { defaultAbuseSettings, type AbuseSettings } from '../../server/abuse/policy.ts';
import { solve } from '../helpers/fixtures.ts';

t.before(() => loadSodium());

const start = 1_800_000_000_000;

t.test('30,000 status checks keep the spent challenges under their bound; puzzles get harder as it fills', async (t) => {
  const settings: AbuseSettings = { ...defaultAbuseSettings, bits: { submit: { quiet: 0, max: 3 }, status: { quiet: 0, max: 3 } }, challengeTtlSeconds: 300, spentChallengesMax: 3000 };
  let clock = start;
  const guard = createAbuseGuard(settings, () => clock);
  let largest = 0;
  let hardest = 0;
  const refused = new Map<string, number>();
  const seen = new Set<number>();
  for (let i = 0; i < 30_000; i++) {
    clock += 30; // 10,000 checks inside one lifetime of a challenge (three times the bound), for three lifetimes
    const issued = guard.issueChallenge('status', `198.51.100.${i % 250}`);
    hardest = Math.max(hardest, issued.difficulty);
    seen.add(issued.difficulty);
    try {
      guard.checkSolution('status', { challenge: issued.challenge, nonce: solve(issued.challenge) });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'thrown';
      refused.set(code, (refused.get(code) ?? 0) + 1);
    }
    largest = Math.max(largest, guard.spentCount());
  }
  t.ok(largest <= settings.spentChallengesMax, `at most ${largest} spent challenges held (bound ${settings.spentChallengesMax})`);
  t.equal(hardest, 3, 'the price reached the cap as the memory filled');
  t.ok(seen.has(1) && seen.has(2), `difficulty rose step by step with the fill (${[...seen].sort((a, b) => a - b).join(', ')} bits seen)`);
  t.same([...refused.keys()], ['rate_limited'], 'a full memory refuses a check (429) rather than forget a valid challenge');
  clock += (settings.challengeTtlSeconds + 61) * 1000;
  t.equal(guard.issueChallenge('status', '203.0.113.1').difficulty, 0, 'once they expire, the memory empties and puzzles are cheap again');
  t.equal(guard.spentCount(), 0);
});

t.test('a puzzle taken cheap while quiet is refused during a flood; a fresh one is not', async (t) => {
  const settings: AbuseSettings = { ...defaultAbuseSettings, bits: { submit: { quiet: 2, max: 12 }, status: { quiet: 2, max: 12 } }, quietSubmissionsPerMinute: 2 };
  let clock = start;
  const guard = createAbuseGuard(settings, () => clock);
  // Stockpiled during a quiet hour, each from its own address so none is priced up.
  const stock = Array.from({ length: 3 }, (_, i) => guard.issueChallenge('submit', `192.0.2.${i}`));
  t.same(stock.map((c) => c.difficulty), [2, 2, 2]);
  const stockSolutions = stock.map((c) => ({ challenge: c.challenge, nonce: solve(c.challenge) }));
  t.doesNotThrow(() => guard.checkSolution('submit', stockSolutions[0]!), 'while quiet, a quiet puzzle pays');

  clock += 10 * 60_000;
  for (let i = 0; i < 40; i++) {
    const c = guard.issueChallenge('submit', `198.51.100.${i}`);
    guard.checkSolution('submit', { challenge: c.challenge, nonce: solve(c.challenge) });
  }
  const now = guard.issueChallenge('submit', '203.0.113.9');
  t.ok(now.difficulty >= 2 + settings.redemptionToleranceBits + 1, `the flood raised the price to ${now.difficulty} bits`);
  t.throws(() => guard.checkSolution('submit', stockSolutions[1]!), { code: 'pow.too_easy', statusCode: 400 }, 'the stockpiled puzzle is refused: the page fetches a new one');
  t.doesNotThrow(() => guard.checkSolution('submit', { challenge: now.challenge, nonce: solve(now.challenge) }), 'a puzzle at today\'s price pays');

  clock += 3 * 60_000;
  t.doesNotThrow(() => guard.checkSolution('submit', stockSolutions[2]!), 'when the flood is over, an old puzzle pays again');
});

t.test('a challenge is never redeemed twice while valid, whatever else is spent in between', async (t) => {
  const settings: AbuseSettings = { ...defaultAbuseSettings, bits: { submit: { quiet: 0, max: 0 }, status: { quiet: 0, max: 0 } }, spentChallengesMax: 1000 };
  let clock = start;
  const guard = createAbuseGuard(settings, () => clock);
  const kept = guard.issueChallenge('status', '192.0.2.1');
  const solution = { challenge: kept.challenge, nonce: solve(kept.challenge) };
  guard.checkSolution('status', solution);
  for (let minute = 1; minute * 60 < settings.challengeTtlSeconds; minute += 7) {
    clock = start + minute * 60_000;
    for (let i = 0; i < 50; i++) {
      const c = guard.issueChallenge('status', '198.51.100.1');
      guard.checkSolution('status', { challenge: c.challenge, nonce: solve(c.challenge) });
    }
    t.throws(() => guard.checkSolution('status', solution), { code: 'pow.invalid' }, `still spent after ${minute} minutes`);
  }
  clock = start + (settings.challengeTtlSeconds + 1) * 1000;
  t.throws(() => guard.checkSolution('status', solution), { code: 'pow.expired' }, 'and expired after its lifetime');
});
