// Spam and guessing resistance through the real app: proof of work on submissions and status
// checks, harder puzzles for a busy address (not a refusal), a global budget, a 404 limit.
import t from 'tap';
import { fromBase64Url, isSolution, toBase64Url } from '../../crypto/index.ts';
import { defaultAbuseSettings } from '../../server/abuse/policy.ts';
import { buildHarness, injectReport, sealedSubmission, solve, solvedPow, testAbuseSettings } from '../helpers/fixtures.ts';

const challenge = async (app: Awaited<ReturnType<typeof buildHarness>>['app'], purpose: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/v1/challenge?purpose=${purpose}`, remoteAddress, headers });

t.test('challenges are cheap when quiet and never refused, only harder, for a busy address', async (t) => {
  const h = await buildHarness({ abuse: defaultAbuseSettings });
  t.teardown(h.close);
  const first = await challenge(h.app, 'submit', '192.0.2.10');
  t.equal(first.statusCode, 200);
  t.match(first.json(), { challenge: /^[A-Za-z0-9_-]{52}$/, difficulty: 14, expiresInSeconds: 1800 });
  t.equal(first.headers['cache-control'], 'no-store');
  t.equal((await challenge(h.app, 'status', '192.0.2.10')).json().difficulty, 10);

  // An office behind one NAT, or a script; rotating X-Forwarded-For does not escape the count.
  let last = 0;
  for (let i = 0; i < 80; i++) {
    const res = await challenge(h.app, 'submit', '198.51.100.1', { 'x-forwarded-for': `203.0.113.${i}` });
    t.equal(res.statusCode, 200);
    last = res.json().difficulty;
  }
  t.ok(last >= 17, `the 80th puzzle for one address asks ${last} bits, more work but no refusal`);
  t.equal((await challenge(h.app, 'submit', '192.0.2.99')).json().difficulty, 14, 'another address is unaffected');
  t.equal((await challenge(h.app, 'other')).statusCode, 400);
});

t.test('a submission or status check needs a fresh, solved puzzle for its purpose', async (t) => {
  const h = await buildHarness({ abuse: { ...defaultAbuseSettings, bits: { submit: { quiet: 8, max: 8 }, status: { quiet: 8, max: 8 } } } });
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const post = (body: object) => h.app.inject({ method: 'POST', url: '/api/v1/reports', payload: body });
  const fresh = () => sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] }).body;

  const missing = await post(fresh());
  t.equal(missing.statusCode, 400);
  t.match(missing.json().error.message, /pow/);

  const { challenge: token } = (await challenge(h.app, 'submit')).json();
  const failingNonce = [...Array(64).keys()].map((i) => new Uint8Array(8).fill(i)).find((n) => !isSolution(fromBase64Url(token), n))!;
  const unsolved = await post({ ...fresh(), pow: { challenge: token, nonce: toBase64Url(failingNonce) } });
  t.equal(unsolved.json().error.code, 'pow.invalid', 'an unsolved puzzle is refused');

  const statusPuzzle = await solvedPow(h.app, 'status');
  const wrongPurpose = await post({ ...fresh(), pow: statusPuzzle });
  t.equal(wrongPurpose.json().error.code, 'pow.invalid', 'a status puzzle does not pay for a submission');

  const solved = await solvedPow(h.app, 'submit');
  const body = fresh();
  t.equal((await post({ ...body, pow: solved })).statusCode, 201);
  const replay = await post({ ...fresh(), pow: solved });
  t.equal(replay.statusCode, 400);
  t.equal(replay.json().error.code, 'pow.invalid', 'a solution is spent once');

  const forged = await post({ ...fresh(), pow: { challenge: `${solved.challenge.slice(0, -2)}AA`, nonce: solve(solved.challenge) } });
  t.equal(forged.json().error.code, 'pow.invalid', 'a puzzle the server did not mint is refused');

  const status = await h.app.inject({ method: 'POST', url: '/api/v1/status', payload: { lookupId: body.lookupId, pow: await solvedPow(h.app, 'submit') } });
  t.equal(status.json().error.code, 'pow.invalid', 'a submission puzzle does not pay for a status check');
  t.equal((h.database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n, 1, 'only the paid submission is stored');
});

t.test('the global submission budget answers 503 with a retry hint, and stores nothing past it', async (t) => {
  const h = await buildHarness({ abuse: { ...testAbuseSettings, submissionBudgetPerMinute: 2 } });
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const submit = () => injectReport(h.app, sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] }).body);
  t.equal((await submit()).statusCode, 201);
  t.equal((await submit()).statusCode, 201);
  const third = await submit();
  t.equal(third.statusCode, 503);
  t.equal(third.json().error.code, 'intake.busy');
  t.match(third.json().error.message, /not sent, try again in a minute/);
  t.equal((h.database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n, 2);
});

t.test('a burst of paid junk does not use up the budget: a real report after it is stored', async (t) => {
  const h = await buildHarness({ abuse: { ...testAbuseSettings, submissionBudgetPerMinute: 3 } });
  t.teardown(h.close);
  const inspector = h.addInspector(['region-75']);
  const sealed = () => sealedSubmission({ region: '75', category: 'near_miss', groupId: 'region-75', recipients: [inspector] }).body;
  // Each with a valid proof of work, each refused by the use case after the schema let it through.
  const junk = [
    (b: ReturnType<typeof sealed>) => ({ ...b, region: '99' }),
    (b: ReturnType<typeof sealed>) => ({ ...b, content: `${b.content}A` }),
    (b: ReturnType<typeof sealed>) => ({ ...b, recipientWraps: [] }),
    (b: ReturnType<typeof sealed>) => ({ ...b, groupId: 'region-71' }),
  ];
  const codes = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const res = await injectReport(h.app, junk[i % junk.length]!(sealed()));
    t.ok(res.statusCode === 400 || res.statusCode === 422, `junk ${i}: ${res.statusCode}`);
    codes.add(res.json().error.code);
  }
  t.same([...codes].sort(), ['report.recipients_changed', 'request.invalid'], 'the junk was refused as junk, never as intake.busy');
  for (let i = 0; i < 3; i++) t.equal((await injectReport(h.app, sealed())).statusCode, 201, `real report ${i + 1} of the budget is stored`);
  t.equal((await injectReport(h.app, sealed())).json().error.code, 'intake.busy', 'the budget still holds for stored reports');
  t.equal((h.database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n, 3);
});

t.test('unknown paths are limited per address, in the same error format', async (t) => {
  const h = await buildHarness({ abuse: { ...testAbuseSettings, notFoundPerMinute: 3 } });
  t.teardown(h.close);
  const probe = (remoteAddress: string) => h.app.inject({ method: 'GET', url: '/wp-admin/setup.php', remoteAddress });
  for (let i = 0; i < 3; i++) t.equal((await probe('198.51.100.50')).statusCode, 404);
  const limited = await probe('198.51.100.50');
  t.equal(limited.statusCode, 429);
  t.same(limited.json(), { error: { code: 'rate_limited', message: 'Too many requests; slow down' } });
  t.equal((await probe('198.51.100.51')).statusCode, 404, 'another address is not affected');
  t.notOk(h.logs().includes('198.51.100.5'), 'the addresses are not logged');
});
