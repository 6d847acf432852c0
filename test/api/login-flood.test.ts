// A flood of failed sign-ins (issue 10, point 3): per-address budgets and a cap on queued
// passphrase checks refuse attempts with auth.rate_limited before any Argon2id work, an
// inspector on another address still signs in, and concurrent guesses at one username each pay
// a delay. Behaviour only: the times are in test/bench/login-flood.ts.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { toBase64Url } from '../../crypto/index.ts';
import { verifyAuthValueAsync } from '../../crypto/auth-hash-node.ts';
import { buildConsoleApp } from '../../server/app.ts';
import { defaultLoginLimits } from '../../server/console/auth.ts';
import type { LoginLimits } from '../../server/console/context.ts';
import { createLogger } from '../../server/http/logging.ts';
import { createStaff } from '../helpers/console.ts';
import { buildHarness, fixedNow, testAbuseSettings, type Harness } from '../helpers/fixtures.ts';

type Verifier = (stored: string, authValue: Uint8Array) => Promise<boolean>;

/** A console app on the harness's database with these limits, counting every passphrase check. */
async function floodedConsole(h: Harness, limits: LoginLimits, verify: Verifier = verifyAuthValueAsync) {
  const counted = { verifications: 0, delays: [] as number[] };
  const app = await buildConsoleApp({
    db: h.database.db,
    serverSecret: new Uint8Array(32).fill(7),
    timeZone: 'Asia/Almaty',
    clock: () => fixedNow,
    logger: createLogger({ level: 'silent', timeZone: 'Asia/Almaty' }),
    abuse: testAbuseSettings,
    publicApp: h.app,
    sleep: async (ms) => void counted.delays.push(ms),
    loginLimits: limits,
    verifyAuthValue: (stored, authValue) => {
      counted.verifications++;
      return verify(stored, authValue);
    },
  });
  return { app, counted };
}

const wrongValue = Buffer.alloc(32, 1).toString('base64url');
const randomName = (i: number) => `flood.${i}.${Math.random().toString(36).slice(2, 10)}`;
const attempt = (app: FastifyInstance, username: string, address: string, authValue = wrongValue) =>
  app.inject({ method: 'POST', url: '/api/console/login', remoteAddress: address, payload: { username, authValue } });
const saltFor = (app: FastifyInstance, username: string, address: string) =>
  app.inject({ method: 'POST', url: '/api/console/login/salt', remoteAddress: address, payload: { username } });
const countOf = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** A verifier that holds every check until `open()`, then fails it: what is queued stays queued. */
function heldVerifier() {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const verify = async () => {
    await gate;
    return false;
  };
  return { verify, open: () => open() };
}

t.test('40 concurrent failed logins from one address: at most its concurrency reaches Argon2id, then its budget refuses all', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const { app, counted } = await floodedConsole(h, defaultLoginLimits, async () => false);
  t.teardown(() => app.close());
  const flood = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(app, randomName(i), '203.0.113.7')));
  const statuses = flood.map((r) => r.statusCode);
  t.same([...new Set(statuses)].sort((a, b) => a - b), [401, 429], 'failed or refused, nothing else');
  t.ok(countOf(statuses, 401) <= defaultLoginLimits.concurrentPerAddress, 'only the attempts the address may have in progress are checked');
  t.ok(counted.verifications <= defaultLoginLimits.concurrentPerAddress, 'no Argon2id for the refused ones');
  t.ok(flood.some((r) => r.statusCode === 429 && r.json().error.code === 'auth.rate_limited'), 'the console itself refuses some');

  // The same address goes on, one attempt at a time: its budget of a minute runs out.
  let refusal;
  for (let i = 0; i < defaultLoginLimits.attemptsPerAddressPerMinute + 1 && !refusal; i++) {
    const res = await attempt(app, randomName(100 + i), '203.0.113.7');
    if (res.statusCode === 429) refusal = res;
    else t.equal(res.statusCode, 401);
  }
  t.same(
    refusal?.json(),
    { error: { code: 'auth.rate_limited', message: 'Too many sign-in attempts right now; try again in a minute', retryAfterSeconds: 0 } },
    'refused within the budget of a minute (random usernames: no delay of their own to announce)',
  );
  t.ok(counted.verifications <= defaultLoginLimits.attemptsPerAddressPerMinute, 'never more checks than the budget');
  const spent = counted.verifications;
  const later = [];
  for (let i = 0; i < 5; i++) later.push((await attempt(app, randomName(200 + i), '203.0.113.7')).json().error.code);
  later.push((await saltFor(app, 'someone', '203.0.113.7')).json().error.code);
  t.same(later, Array(6).fill('auth.rate_limited'), 'the budget is spent: login and salt refused');
  t.equal(counted.verifications, spent, 'and no further Argon2id');
  t.equal(counted.delays.length, 0, 'random usernames had no delay to pay');
});

t.test('an inspector on another address signs in during the flood', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const { app, counted } = await floodedConsole(h, defaultLoginLimits);
  t.teardown(() => app.close());
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const flood = Promise.all(Array.from({ length: 40 }, (_, i) => attempt(app, randomName(i), '203.0.113.7')));
  const salt = await saltFor(app, inspector.username, '10.20.30.40');
  t.equal(salt.statusCode, 200);
  const signIn = await attempt(app, inspector.username, '10.20.30.40', toBase64Url(inspector.authValue));
  t.equal(signIn.statusCode, 200, signIn.body);
  t.equal(signIn.json().me.id, inspector.id);
  const statuses = (await flood).map((r) => r.statusCode);
  t.ok(countOf(statuses, 429) >= 40 - defaultLoginLimits.concurrentPerAddress, 'the flood was mostly refused');
  t.ok(counted.verifications <= defaultLoginLimits.concurrentPerAddress + 1, "at most its address's share of checks, and the inspector's");
});

t.test('a flood from many addresses: the queue of checks is capped, the excess refused before hashing', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const held = heldVerifier();
  const { app, counted } = await floodedConsole(h, { ...defaultLoginLimits, queuedVerifications: 4 }, held.verify);
  t.teardown(() => app.close());
  let answered = 0;
  const flood = Array.from({ length: 20 }, (_, i) => attempt(app, randomName(i), `198.51.100.${i + 1}`).finally(() => answered++));
  // Bounded wait (10 s) for the 16 over the cap, answered while the 4 checks are still held.
  for (let waited = 0; answered < 16 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(answered, 16, 'the attempts over the cap are answered while the checks in the queue are held');
  t.equal(counted.verifications, 4, "only the queue's worth reached the verifier");
  held.open();
  const statuses = (await Promise.all(flood)).map((r) => r.statusCode);
  t.equal(countOf(statuses, 401), 4);
  t.equal(countOf(statuses, 429), 16);
  t.equal(counted.verifications, 4);
});

t.test('40 concurrent guesses at one username from 40 addresses pay 40 growing delays', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const held = heldVerifier();
  const { app, counted } = await floodedConsole(h, { ...defaultLoginLimits, queuedVerifications: 0 }, held.verify);
  t.teardown(() => app.close());
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const first = attempt(app, inspector.username, '192.0.2.200');
  // Every guess is in progress (its check held) when the next one's delay is computed.
  const guesses = Array.from({ length: 40 }, (_, i) => attempt(app, inspector.username, `192.0.2.${i + 1}`));
  await new Promise((resolve) => setTimeout(resolve, 50));
  held.open();
  const statuses = [await first, ...(await Promise.all(guesses))].map((r) => r.statusCode);
  t.same([...new Set(statuses)], [401], 'all failed');
  const expected = Array.from({ length: 40 }, (_, i) => Math.min(500 * 2 ** i, 30_000));
  t.same([...counted.delays].sort((a, b) => a - b), expected, 'each counted the ones in progress before it: 0.5 s doubling to 30 s, 40 delays in all');
});

t.test('wrong and unknown usernames: the same answer, the same Argon2id work, the same refusal', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const { app, counted } = await floodedConsole(h, { ...defaultLoginLimits, attemptsPerAddressPerMinute: 2 });
  t.teardown(() => app.close());
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const before = counted.verifications;
  const wrong = await attempt(app, inspector.username, '192.0.2.1');
  const afterWrong = counted.verifications;
  const unknown = await attempt(app, 'nobody.here', '192.0.2.1');
  t.equal(wrong.statusCode, 401);
  t.same(wrong.json(), unknown.json(), 'same answer');
  t.equal(afterWrong - before, 1);
  t.equal(counted.verifications - afterWrong, 1, 'one Argon2id check each');
  const wrongRefused = await attempt(app, inspector.username, '192.0.2.1');
  const unknownRefused = await attempt(app, 'nobody.here', '192.0.2.1');
  t.equal(wrongRefused.statusCode, 429);
  t.same(wrongRefused.json(), unknownRefused.json(), 'over the budget, the same refusal');
  t.same(wrongRefused.headers, { ...unknownRefused.headers, date: wrongRefused.headers.date }, 'and the same headers');
});
