import t from 'tap';
import { loadSodium } from '../../crypto/index.ts';
import { createAbuseGuard } from '../../server/abuse/guard.ts';
import { defaultAbuseSettings, powDifficulty, type AbuseSettings } from '../../server/abuse/policy.ts';
import { createWindowCounter } from '../../server/abuse/window-counter.ts';
import { solve } from '../helpers/fixtures.ts';

t.before(() => loadSodium());

const quietLoad = { submissionsLastMinute: 0, challengesFromAddress: 1 };

t.test('difficulty: cheap when quiet, one bit more per doubling of load or of one address\'s requests, capped', async (t) => {
  const s = defaultAbuseSettings;
  t.equal(powDifficulty(s, 'submit', quietLoad), 14);
  t.equal(powDifficulty(s, 'status', quietLoad), 10);
  t.equal(powDifficulty(s, 'submit', { ...quietLoad, submissionsLastMinute: 120 }), 15);
  t.equal(powDifficulty(s, 'submit', { ...quietLoad, submissionsLastMinute: 480 }), 17);
  t.equal(powDifficulty(s, 'submit', { ...quietLoad, challengesFromAddress: 40 }), 16, 'an office behind one NAT pays more work, not a refusal');
  t.equal(powDifficulty(s, 'submit', { submissionsLastMinute: 1e9, challengesFromAddress: 1e9 }), 24, 'never past the cap');
});

t.test('window counter: counts per key, slides, forgets, and stays bounded', async (t) => {
  let clock = 0;
  const counter = createWindowCounter({ windowMs: 1000, maxKeys: 3, now: () => clock });
  t.equal(counter.hit('a'), 1);
  t.equal(counter.hit('a'), 2);
  t.equal(counter.hit('b'), 1);
  clock = 1500; // half of the previous window still counts
  t.equal(counter.peek('a'), 1);
  clock = 5000;
  t.equal(counter.peek('a'), 0, 'forgotten after two windows');
  for (const key of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']) counter.hit(key);
  t.ok(counter.size() <= 4, 'distinct keys beyond the bound share one slot');
});

const cheap: AbuseSettings = { ...defaultAbuseSettings, bits: { submit: { quiet: 4, max: 12 }, status: { quiet: 2, max: 12 } } };

t.test('a solved challenge is accepted once, for its purpose, before it expires', async (t) => {
  let clock = 1_800_000_000_000;
  const guard = createAbuseGuard(cheap, () => clock);
  const issued = guard.issueChallenge('submit', '192.0.2.1');
  t.equal(issued.difficulty, 4);
  const solution = { challenge: issued.challenge, nonce: solve(issued.challenge) };
  t.throws(() => guard.checkSolution('status', solution), { code: 'pow.invalid' }, 'not for another purpose');
  t.doesNotThrow(() => guard.checkSolution('submit', solution));
  t.throws(() => guard.checkSolution('submit', solution), { code: 'pow.invalid' }, 'not twice');

  const late = guard.issueChallenge('submit', '192.0.2.1');
  const lateSolution = { challenge: late.challenge, nonce: solve(late.challenge) };
  clock += (cheap.challengeTtlSeconds + 1) * 1000;
  t.throws(() => guard.checkSolution('submit', lateSolution), { code: 'pow.expired' });

  const other = createAbuseGuard(cheap, () => clock).issueChallenge('submit', '192.0.2.1');
  t.throws(() => guard.checkSolution('submit', { challenge: other.challenge, nonce: solve(other.challenge) }), { code: 'pow.invalid' }, 'another process\'s challenge');
  t.throws(() => guard.checkSolution('submit', { challenge: 'not base64!', nonce: 'AAAAAAAAAAA' }), { code: 'pow.invalid' });
});

t.test('a busy address gets harder challenges; other addresses stay cheap', async (t) => {
  const guard = createAbuseGuard(cheap, () => 1_800_000_000_000);
  let last = 0;
  for (let i = 0; i < 40; i++) last = guard.issueChallenge('submit', '198.51.100.7').difficulty;
  t.ok(last >= 6, `the 40th challenge for one address asks ${last} bits`);
  t.equal(guard.issueChallenge('submit', '203.0.113.5').difficulty, 4, 'a fresh address is unaffected');
});

t.test('the submission budget refuses past its cap and recovers the next minute', async (t) => {
  let clock = 0;
  const guard = createAbuseGuard({ ...cheap, submissionBudgetPerMinute: 3 }, () => clock);
  for (let i = 0; i < 3; i++) guard.admitSubmission();
  t.throws(() => guard.admitSubmission(), { code: 'intake.busy', statusCode: 503 });
  clock += 2 * 60_000;
  t.doesNotThrow(() => guard.admitSubmission());
});

t.test('unknown paths are limited per address', async (t) => {
  const guard = createAbuseGuard({ ...cheap, notFoundPerMinute: 2 }, () => 0);
  t.same([guard.notFoundLimited('a'), guard.notFoundLimited('a'), guard.notFoundLimited('a'), guard.notFoundLimited('b')], [false, false, true, false]);
});
