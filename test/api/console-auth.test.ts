// The console's setup, login, sessions, CSRF, roles, invitations, accounts and TOTP, through the real app.
import t from 'tap';
import { certificateDigest, fromBase64Url, issueCertificate, readCertificate, readDirectory, signDirectory, toBase64Url, unwrapWithPassphrase } from '../../crypto/index.ts';
import { totpFreeFailures } from '../../server/console/auth.ts';
import { hotp, timeStep } from '../../server/domain/totp.ts';
import { as, browserKeys, createStaff, login, organisationPassphrase, sessionCookie, setupBody } from '../helpers/console.ts';
import { buildHarness, fixedNow } from '../helpers/fixtures.ts';

t.test('setup works once, with the printed token only, and opens a session', async (t) => {
  const h = await buildHarness({ withOrganisation: false });
  t.teardown(h.close);
  t.same((await h.consoleApp.inject({ method: 'GET', url: '/api/console/setup' })).json(), { needed: true });
  const wrongToken = setupBody('W'.repeat(43));
  const refused = await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: wrongToken.body });
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().error.code, 'setup.invalid_token');

  const setup = setupBody(h.setupToken, { accountId: 'AdminAccount01' });
  const res = await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: setup.body });
  t.equal(res.statusCode, 201, res.body);
  const cookie = String(res.headers['set-cookie']);
  t.match(cookie, /^qsid=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\//);
  t.notMatch(cookie, /Secure/, 'no Secure flag unless CONSOLE_SECURE_COOKIES');
  const answer = res.json();
  t.equal(answer.me.id, 'AdminAccount01');
  t.equal(answer.me.role, 'admin');
  t.equal(answer.me.keyEnvelope, setup.body.keyEnvelope);
  t.equal(answer.me.signingKey, setup.body.accountSigningKey);
  t.equal(answer.me.certificate, setup.body.adminCertificate, 'the administrator is certified at setup');
  t.equal(answer.me.keyState, 'signed');
  t.equal(answer.me.mustSign, false);

  t.same((await h.consoleApp.inject({ method: 'GET', url: '/api/console/setup' })).json(), { needed: false });
  const again = await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: setupBody(h.setupToken).body });
  t.equal(again.statusCode, 409);
  t.equal(again.json().error.code, 'setup.done');

  const admin = as(h.consoleApp, { cookie: sessionCookie(res), csrfToken: answer.csrfToken, me: answer.me });
  t.equal((await admin.get('/groups')).json().length, 22, 'default groups created');
  const org = (await admin.get('/organisation')).json();
  t.equal(org.recoveryPublicKey, setup.body.recoveryPublicKey);
  t.equal(org.recoveryCertificate, setup.body.recoveryCertificate);
  t.equal(org.directoryVersion, 1);
  t.equal(org.signingKeyProtection, 'organisation_passphrase', 'the organisation key is wrapped under its own passphrase');
  t.equal(org.wrappedSigningKey, setup.body.wrappedSigningKey, 'administrators get the wrapped signing key');
  t.same(unwrapWithPassphrase(fromBase64Url(org.wrappedSigningKey), organisationPassphrase), setup.signing.privateKey);
  t.same(org.settings.deadlines, { acknowledgeDays: 7, triageWorkingDays: 3, answerWorkingDays: 15, feedbackMonths: 3 });

  const directory = (await admin.get('/directory')).json();
  t.same(readDirectory(fromBase64Url(directory.directory), setup.signing.publicKey), setup.claim, 'the first directory as the browser signed it');
  t.same(
    directory.certificates.map((c: { accountId: string }) => c.accountId).sort(),
    ['AdminAccount01', 'recovery'],
    'the administrator\'s and the recovery key\'s certificates',
  );
});

t.test('setup refuses certificates and directories it cannot verify, and stores nothing', async (t) => {
  const h = await buildHarness({ withOrganisation: false });
  t.teardown(h.close);
  const post = (body: object) => h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: body });
  const base = setupBody(h.setupToken);
  const other = setupBody(h.setupToken);
  const attempts: [string, object][] = [
    ['an admin certificate for another key', { ...base.body, adminCertificate: toBase64Url(issueCertificate({ ...readCertificate(base.adminCertificate, base.signing.publicKey)!, boxKey: other.admin.keys.publicKey }, base.signing.privateKey)) }],
    ['an admin certificate signed by another organisation key', { ...base.body, adminCertificate: other.body.adminCertificate }],
    ['a recovery certificate for another key', { ...base.body, recoveryPublicKey: other.body.recoveryPublicKey }],
    ['a directory signed by another key', { ...base.body, directory: toBase64Url(signDirectory(base.claim, other.signing.privateKey)) }],
    ['a directory without the recovery key', { ...base.body, directory: toBase64Url(signDirectory({ ...base.claim, recovery: null }, base.signing.privateKey)) }],
    ['a directory listing an unknown certificate', { ...base.body, directory: toBase64Url(signDirectory({ ...base.claim, members: { 'region-75': ['A'.repeat(22)] } }, base.signing.privateKey)) }],
  ];
  for (const [what, body] of attempts) {
    const res = await post(body);
    t.equal(res.statusCode, 400, what);
    t.equal(res.json().error.code, 'directory.invalid', what);
  }
  const stale = await post({ ...base.body, directory: toBase64Url(signDirectory({ ...base.claim, version: 2 }, base.signing.privateKey)) });
  t.equal(stale.json().error.code, 'directory.stale', 'the first version is 1');
  t.same((await h.consoleApp.inject({ method: 'GET', url: '/api/console/setup' })).json(), { needed: true }, 'nothing was stored');
  t.equal(h.database.sqlite.prepare('select count(*) from organisation').pluck().get(), 0);
  t.equal(h.database.sqlite.prepare('select count(*) from certificates').pluck().get(), 0);
  t.equal(h.database.sqlite.prepare('select count(*) from signed_directories').pluck().get(), 0);
  t.equal((await post(base.body)).statusCode, 201, 'the honest body still works');
});

t.test('setup adopts an organisation made by the CLI only with the same signing key', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const state = (await h.consoleApp.inject({ method: 'GET', url: `/api/console/setup?token=${h.setupToken}` })).json();
  t.equal(state.organisation.signingPublicKey, toBase64Url(h.signing.publicKey), 'with the token, the page learns the key to adopt');
  const cliDirectory = readDirectory(fromBase64Url(state.organisation.directory), h.signing.publicKey);
  t.ok(cliDirectory, 'and the directory it extends');
  t.same(state.organisation.certificates.map((c: { accountId: string }) => c.accountId), [inspector.id]);
  t.notOk((await h.consoleApp.inject({ method: 'GET', url: '/api/console/setup' })).json().organisation, 'without it, nothing');
  const other = await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: setupBody(h.setupToken).body });
  t.equal(other.statusCode, 409);
  t.equal(other.json().error.code, 'setup.organisation_mismatch');
  const staleBody = setupBody(h.setupToken, { signing: h.signing });
  t.equal((await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: staleBody.body })).json().error.code, 'directory.stale', 'version 1 exists already');
  const adopted = setupBody(h.setupToken, { signing: h.signing, after: cliDirectory! });
  const same = await h.consoleApp.inject({ method: 'POST', url: '/api/console/setup', payload: adopted.body });
  t.equal(same.statusCode, 201, same.body);
  t.equal(same.json().me.mustSign, false, 'the administrator was certified at setup');
  t.equal(h.currentClaim().version, cliDirectory!.version + 1);
  t.same(h.currentClaim().members['region-75'], cliDirectory!.members['region-75'], 'the CLI\'s inspector stays in its group');
  t.equal(h.database.sqlite.prepare('select signing_key_protection from organisation').pluck().get(), 'organisation_passphrase');
});

t.test('wrong passphrase and unknown user look the same, and the delay grows without a lockout', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
  const salt = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login/salt', payload: { username: inspector.username } });
  t.same(fromBase64Url(salt.json().salt), inspector.keyEnvelope.subarray(1, 17), 'the salt of the key envelope');
  const fake1 = (await h.consoleApp.inject({ method: 'POST', url: '/api/console/login/salt', payload: { username: 'nobody.here' } })).json().salt;
  const fake2 = (await h.consoleApp.inject({ method: 'POST', url: '/api/console/login/salt', payload: { username: 'nobody.here' } })).json().salt;
  t.equal(fake1, fake2, 'a stable fake salt for unknown users');
  t.equal(fromBase64Url(fake1).length, 16);

  const attempt = (username: string) =>
    h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username, authValue: toBase64Url(new Uint8Array(32).fill(1)) } });
  const wrong = await attempt(inspector.username);
  const unknown = await attempt('nobody.here');
  t.equal(wrong.statusCode, 401);
  t.same(wrong.json(), unknown.json(), 'same answer');
  t.same(wrong.json(), { error: { code: 'auth.failed', message: 'Wrong username or passphrase', retryAfterSeconds: 1 } }, 'the next attempt waits up to a second');
  t.notOk(wrong.headers['set-cookie'], 'no cookie');

  h.loginDelays.length = 0;
  const announced: number[] = [];
  for (let i = 0; i < 8; i++) announced.push((await attempt(inspector.username)).json().error.retryAfterSeconds);
  t.same(h.loginDelays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000], 'doubling from 0.5 s, capped at 30 s');
  t.same(announced, [1, 2, 4, 8, 16, 30, 30, 30], 'each refusal says the delay of the next attempt, in whole seconds');
  const session = await login(h.consoleApp, inspector);
  t.equal(session.me.id, inspector.id, 'never a lockout: the right passphrase still works');
  h.loginDelays.length = 0;
  await attempt(inspector.username);
  t.same(h.loginDelays, [], 'a success resets the delay');
});

t.test('sessions: me, CSRF on writes, idle timeout, logout', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const admin = createStaff(h, 'admin');
  const session = await login(h.consoleApp, admin);
  const me = await as(h.consoleApp, session).get('/me');
  t.equal(me.statusCode, 200);
  t.equal(me.json().csrfToken, session.csrfToken);
  t.equal((await h.consoleApp.inject({ method: 'GET', url: '/api/console/me' })).json().error.code, 'auth.required');

  const noCsrf = await as(h.consoleApp, session, { csrf: false }).post('/invitations', { role: 'analyst', displayName: 'X', groupIds: [] });
  t.equal(noCsrf.statusCode, 403);
  t.equal(noCsrf.json().error.code, 'csrf.invalid');
  const wrongCsrf = await as(h.consoleApp, { ...session, csrfToken: 'x'.repeat(43) }).post('/invitations', { role: 'analyst', displayName: 'X', groupIds: [] });
  t.equal(wrongCsrf.json().error.code, 'csrf.invalid');

  h.advance(29 * 60_000);
  t.equal((await as(h.consoleApp, session).get('/me')).statusCode, 200, 'active within 30 minutes');
  h.advance(29 * 60_000);
  t.equal((await as(h.consoleApp, session).get('/me')).statusCode, 200, 'each request resets the idle timer');
  h.advance(31 * 60_000);
  const idle = await as(h.consoleApp, session).get('/me');
  t.equal(idle.statusCode, 401, 'idle for 31 minutes');
  t.equal(idle.json().error.code, 'auth.required');

  const second = await login(h.consoleApp, admin);
  t.equal((await as(h.consoleApp, second, { csrf: false }).post('/logout')).statusCode, 403, 'logout needs the CSRF header too');
  const out = await as(h.consoleApp, second).post('/logout');
  t.equal(out.statusCode, 204);
  t.match(String(out.headers['set-cookie']), /qsid=; .*Max-Age=0/);
  t.equal((await as(h.consoleApp, second).get('/me')).statusCode, 401, 'the session is gone');

  const third = await login(h.consoleApp, admin);
  h.advance(11 * 3_600_000);
  for (let i = 0; i < 4; i++) {
    h.advance(20 * 60_000);
    await as(h.consoleApp, third).get('/me');
  }
  t.equal((await as(h.consoleApp, third).get('/me')).statusCode, 401, 'absolute lifetime of 12 hours');
});

t.test('roles: analysts see statistics only, inspectors no administration, admins no cases', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const analyst = await login(h.consoleApp, createStaff(h, 'analyst'));
  const inspector = await login(h.consoleApp, createStaff(h, 'inspector', { groups: ['region-75'] }));
  const admin = await login(h.consoleApp, createStaff(h, 'admin'));
  t.equal((await as(h.consoleApp, analyst).get('/stats')).statusCode, 200);
  for (const url of ['/cases', '/cases/AAAAAAAAAAAAAAAAAAAAAA', '/accounts', '/audit']) {
    const res = await as(h.consoleApp, analyst).get(url);
    t.equal(res.statusCode, 403, `analyst ${url}`);
    t.equal(res.json().error.code, 'auth.forbidden');
  }
  for (const url of ['/accounts', '/audit', '/stats']) t.equal((await as(h.consoleApp, inspector).get(url)).statusCode, 403, `inspector ${url}`);
  t.equal((await as(h.consoleApp, inspector).post('/invitations', { role: 'admin', displayName: 'Me again', groupIds: [] })).statusCode, 403, 'inspectors cannot invite');
  t.equal((await as(h.consoleApp, admin).get('/stats')).statusCode, 200);
  t.equal((await as(h.consoleApp, admin).get('/cases')).json().total, 0, 'an admin in no group and holding no wrap sees no case');
});

t.test('invitations are single-use and expire; the invited inspector waits for a signature', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const admin = await login(h.consoleApp, createStaff(h, 'admin', { signed: true }));
  const invite = await as(h.consoleApp, admin).post('/invitations', { role: 'inspector', displayName: 'Aigerim N.', groupIds: ['region-75'] });
  t.equal(invite.statusCode, 201);
  const url = invite.json().invitationUrl as string;
  t.match(url, /^http:\/\/localhost(:\d+)?\/#invite=[A-Za-z0-9_-]{43}$/);
  const token = url.split('#invite=')[1]!;
  const inviter = (await as(h.consoleApp, admin).get('/me')).json().me.displayName;
  t.same((await h.consoleApp.inject({ method: 'POST', url: '/api/console/invitations/lookup', payload: { token } })).json(), { displayName: 'Aigerim N.', role: 'inspector', organisationName: 'Test inspectorate', invitedBy: inviter, organisationKey: toBase64Url(h.signing.publicKey) });

  const passphrase = 'aigerim passphrase 2026';
  const keys = browserKeys(passphrase, h.signing.publicKey);
  const accept = (username: string) =>
    h.consoleApp.inject({
      method: 'POST',
      url: '/api/console/invitations/accept',
      payload: { token, username, authValue: toBase64Url(keys.authValue), keyEnvelope: toBase64Url(keys.keyEnvelope), publicKey: toBase64Url(keys.keys.publicKey), signingKey: toBase64Url(keys.signingKeys.publicKey) },
    });
  const accepted = await accept('aigerim');
  t.equal(accepted.statusCode, 201);
  t.same(accepted.json().me.groups, ['region-75']);
  t.equal(accepted.json().me.signingKey, toBase64Url(keys.signingKeys.publicKey));
  t.equal(accepted.json().me.certificate, null);
  t.equal((await accept('aigerim2')).statusCode, 404, 'single use');
  t.equal((await h.consoleApp.inject({ method: 'POST', url: '/api/console/invitations/lookup', payload: { token } })).json().error.code, 'invitation.not_found');

  const accounts = (await as(h.consoleApp, admin).get('/accounts')).json() as { id: string; username: string; keyState: string; publicKey: string; signingKey: string; certificate: string | null }[];
  const aigerim = accounts.find((a) => a.username === 'aigerim')!;
  t.equal(aigerim.keyState, 'awaiting_signature');
  t.equal(aigerim.certificate, null);
  t.equal((await as(h.consoleApp, admin).get('/me')).json().me.mustSign, true, 'the admin is told a key awaits a certificate');

  // The admin's browser certifies the key it was shown and publishes the next directory version.
  const certificate = issueCertificate({ accountId: aigerim.id, boxKey: fromBase64Url(aigerim.publicKey), signKey: fromBase64Url(aigerim.signingKey), role: 'inspector', groups: ['region-75'], issuedDay: '2026-11-26' }, h.signing.privateKey);
  const claim = h.currentClaim();
  const next = { ...claim, version: claim.version + 1, members: { ...claim.members, 'region-75': [certificateDigest(certificate)] } };
  const published = await as(h.consoleApp, admin).put('/directory', { directory: toBase64Url(signDirectory(next, h.signing.privateKey)), certificates: [{ accountId: aigerim.id, certificate: toBase64Url(certificate) }] });
  t.equal(published.statusCode, 200, published.body);
  t.same(published.json(), { version: next.version });
  t.equal((await as(h.consoleApp, admin).get('/accounts')).json().find((a: { id: string }) => a.id === aigerim.id).keyState, 'signed');
  t.equal((await as(h.consoleApp, admin).get('/me')).json().me.mustSign, false);
  const mine = (await as(h.consoleApp, { cookie: sessionCookie(accepted), csrfToken: accepted.json().csrfToken, me: accepted.json().me }).get('/me')).json().me;
  t.equal(mine.certificate, toBase64Url(certificate), 'her own me shows her certificate');
  t.equal(mine.keyState, 'signed');
  t.same(mine.groups, ['region-75']);

  const expiring = (await as(h.consoleApp, admin).post('/invitations', { role: 'analyst', displayName: 'Late', groupIds: [] })).json().invitationUrl.split('#invite=')[1];
  h.advance(7 * 86_400_000 + 1000);
  t.equal((await h.consoleApp.inject({ method: 'POST', url: '/api/console/invitations/lookup', payload: { token: expiring } })).statusCode, 404, 'expired after 7 days');
});

t.test('disabling an account ends its session at once and stops its key', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const admin = await login(h.consoleApp, createStaff(h, 'admin'));
  const member = createStaff(h, 'inspector', { groups: ['region-75'] });
  const inspector = await login(h.consoleApp, member);
  t.equal((await as(h.consoleApp, inspector).get('/cases')).statusCode, 200);
  t.equal((await as(h.consoleApp, admin).post(`/accounts/${admin.me.id}/disable`)).json().error.code, 'account.self');
  t.equal((await as(h.consoleApp, admin).post(`/accounts/${member.id}/disable`)).statusCode, 204);
  t.equal((await as(h.consoleApp, inspector).get('/cases')).statusCode, 401, 'the next request fails');
  const again = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue) } });
  t.equal(again.json().error.code, 'auth.failed', 'a disabled account cannot log in');
  t.equal((await as(h.consoleApp, admin).post(`/accounts/${member.id}/enable`)).statusCode, 204);
  t.equal((await login(h.consoleApp, member)).me.id, member.id);
});

t.test('TOTP: set up, confirmed, then required at login; the organisation may require it', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const member = createStaff(h, 'inspector', { groups: ['region-75'] });
  const session = await login(h.consoleApp, member);
  const started = await as(h.consoleApp, session).post('/totp/setup');
  t.equal(started.statusCode, 200);
  const secret = base32Decode(started.json().secret);
  t.match(started.json().otpauthUrl, /^otpauth:\/\/totp\/Qauipsiz%3A/);
  let clockMs = fixedNow.getTime();
  const code = (offset = 0) => hotp(secret, timeStep(new Date(clockMs)) + offset);
  t.equal((await as(h.consoleApp, session).post('/totp/confirm', { code: code(3) })).json().error.code, 'totp.invalid');
  t.equal((await as(h.consoleApp, session).post('/totp/confirm', { code: code() })).statusCode, 204);
  t.equal((await as(h.consoleApp, session).get('/me')).json().me.totpEnabled, true);

  const without = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue) } });
  t.equal(without.statusCode, 401);
  t.equal(without.json().error.code, 'auth.totp_required');
  h.advance(60_000);
  clockMs += 60_000;
  const wrongCode = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue), totp: code(5) } });
  t.equal(wrongCode.json().error.code, 'auth.failed');
  const withCode = await login(h.consoleApp, member, code());
  t.equal(withCode.me.id, member.id);
  const replay = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue), totp: code() } });
  t.equal(replay.json().error.code, 'auth.failed', 'a code works once');

  const admin = await login(h.consoleApp, createStaff(h, 'admin'));
  t.equal((await as(h.consoleApp, admin).patch('/organisation', { requireTotp: true })).statusCode, 200);
  const other = await login(h.consoleApp, createStaff(h, 'inspector', { groups: ['region-75'] }));
  const blocked = await as(h.consoleApp, other).get('/cases');
  t.equal(blocked.statusCode, 403);
  t.equal(blocked.json().error.code, 'auth.totp_setup_required');
  t.equal((await as(h.consoleApp, other).get('/me')).statusCode, 200, 'me and the TOTP setup stay open');
});

t.test('TOTP guesses with a known passphrase: after 5 failures each try waits, growing; a success resets', async (t) => {
  const h = await buildHarness();
  t.teardown(h.close);
  const member = createStaff(h, 'inspector', { groups: ['region-75'] });
  const session = await login(h.consoleApp, member);
  const secret = base32Decode((await as(h.consoleApp, session).post('/totp/setup')).json().secret);
  let clockMs = fixedNow.getTime();
  const advance = (ms: number) => {
    h.advance(ms);
    clockMs += ms;
  };
  const code = (offset = 0) => hotp(secret, timeStep(new Date(clockMs)) + offset);
  const confirm = async (totp: string) => {
    const res = await as(h.consoleApp, session).post('/totp/confirm', { code: totp });
    return res.statusCode === 204 ? 'ok' : res.json().error.code;
  };

  // Confirmation: a stolen session guessing codes.
  for (let i = 0; i < totpFreeFailures; i++) t.equal(await confirm(code(7)), 'totp.invalid', `wrong code ${i + 1} is checked`);
  t.equal(await confirm(code(7)), 'auth.rate_limited', 'the next guess waits');
  t.equal(await confirm(code()), 'auth.rate_limited', 'even the right code is not checked while waiting');
  advance(31_000);
  t.equal(await confirm(code()), 'ok', 'after the wait the right code confirms, and resets the count');

  // Login: the passphrase is known, the codes are guessed.
  advance(60_000);
  const attempt = async (totp: string) => {
    const res = await h.consoleApp.inject({ method: 'POST', url: '/api/console/login', payload: { username: member.username, authValue: toBase64Url(member.authValue), totp } });
    return res.statusCode === 200 ? 'ok' : `${res.statusCode} ${res.json().error.code}`;
  };
  for (let i = 0; i < totpFreeFailures; i++) t.equal(await attempt(code(7)), '401 auth.failed', `wrong code ${i + 1}`);
  t.equal(await attempt(code()), '429 auth.rate_limited', 'the right code is refused unchecked while the account waits');
  advance(31_000);
  t.equal(await attempt(code(7)), '401 auth.failed', 'one more guess after 30 s');
  t.equal(await attempt(code(7)), '429 auth.rate_limited');
  advance(31_000);
  t.equal(await attempt(code()), '429 auth.rate_limited', 'the wait has doubled to a minute');
  advance(30_000);
  t.equal(await attempt(code()), 'ok', 'the owner gets in once the wait is over');
  advance(30_000);
  t.equal(await attempt(code(7)), '401 auth.failed', 'after a success the count starts again');
  t.equal(await attempt(code()), 'ok');
});

function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

t.test('the console listener serves the built console with the public site\'s headers, or the placeholder', async (t) => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { gzipSync } = await import('node:zlib');
  const root = mkdtempSync(join(tmpdir(), 'qauipsiz-console-web-'));
  mkdirSync(join(root, 'assets'));
  const page = '<!doctype html><title>Console</title><script type="module" src="/assets/app-1234.js"></script>';
  writeFileSync(join(root, 'index.html'), page);
  writeFileSync(join(root, 'index.html.gz'), gzipSync(page));
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  const h = await buildHarness({ consoleWebRoot: root });
  t.teardown(h.close);
  const res = await h.consoleApp.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-encoding'], 'gzip', 'pre-compressed files are served');
  t.equal(res.headers['cache-control'], 'no-cache');
  t.match(String(res.headers['content-security-policy']), /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  const asset = await h.consoleApp.inject({ method: 'GET', url: '/assets/app-1234.js' });
  t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  t.equal((await h.app.inject({ method: 'GET', url: '/api/console/me' })).statusCode, 404, 'the console API is not on the public listener');

  const placeholder = await buildHarness();
  t.teardown(placeholder.close);
  t.match((await placeholder.consoleApp.inject({ method: 'GET', url: '/' })).body, /inspector console/);
});
