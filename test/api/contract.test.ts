// The contract (contract/) is what both sides hold to: every route it names is served with its
// schemas, and the web apps believe no answer that breaks it, whatever the server sends.
// (Every answer the API tests receive is also checked against its schema: test/helpers/fixtures.ts.)
import t from 'tap';
import { consoleApi } from '../../contract/console-api.ts';
import { transitions } from '../../contract/domain.ts';
import { errorStatuses } from '../../contract/errors.ts';
import { publicApi } from '../../contract/public-api.ts';
import type { RouteContract } from '../../contract/types.ts';
import { api, setCsrfToken } from '../../web/console/api.ts';
import { postStatus } from '../../web/reporter/api.ts';
import { checkTransition } from '../../server/domain/workflow.ts';
import { errors } from '../../server/http/errors.ts';
import { buildHarness } from '../helpers/fixtures.ts';

t.test('every route of the contract is served on its listener, with the contract’s schemas', async (t) => {
  const h = await buildHarness();
  t.teardown(() => h.close());
  await h.app.ready();
  await h.consoleApp.ready();
  const served = (app: typeof h.app, routes: Record<string, RouteContract>) => {
    for (const [name, route] of Object.entries(routes)) {
      t.ok(app.hasRoute({ method: route.method, url: route.url }), `${name}: ${route.method} ${route.url}`);
    }
  };
  served(h.app, publicApi);
  served(h.consoleApp, consoleApi);
  t.ok(h.consoleApp.hasRoute({ method: 'GET', url: '/api/health' }), 'health on the console listener too');

  // The OpenAPI description is generated from the same schemas.
  const description = (await h.consoleApp.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>();
  t.same(Object.keys(description.paths['/api/v1/reports']?.post?.responses ?? {}).sort(), Object.keys(publicApi.submitReport.schema.response).sort(), 'the description lists the contract’s statuses');
});

t.test('the server’s workflow is the contract’s', async (t) => {
  for (const [from, allowed] of Object.entries(transitions)) {
    for (const to of Object.keys(transitions)) {
      const check = checkTransition(from as keyof typeof transitions, to as keyof typeof transitions, to === 'closed' ? 'unfounded' : undefined);
      t.equal(check.ok, allowed.includes(to as never), `${from} → ${to}`);
    }
  }
  t.ok(transitions.in_review.includes('closed'), 'a case found unfounded in review can be closed from there');
});

t.test('every error the server raises is in the catalogue with its status', async (t) => {
  for (const [name, make] of Object.entries(errors)) {
    const error = (make as (...args: string[]) => { code: keyof typeof errorStatuses; statusCode: number })('x', 'y');
    t.equal(error.statusCode, errorStatuses[error.code], `${name}: ${error.code} ${error.statusCode}`);
  }
});

t.test('the web apps refuse answers the contract does not allow', async (t) => {
  const realFetch = globalThis.fetch;
  let answer: { status: number; body: unknown } = { status: 200, body: null };
  const requests: { url: string; method: string; headers: Record<string, string> }[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string> });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  t.teardown(() => {
    globalThis.fetch = realFetch;
  });
  const malformed = { name: 'ApiError', code: 'response.malformed' };

  const me = {
    id: 'acc1',
    username: 'aigul',
    displayName: 'Айгуль',
    role: 'inspector',
    // Canonical base64url: a version 1 envelope (first byte 0x01) and a key with no stray bits.
    keyEnvelope: `AQ${'A'.repeat(117)}`,
    publicKey: `${'B'.repeat(42)}A`,
    signingKey: null,
    certificate: null,
    groups: ['region-75'],
    totpEnabled: false,
    keyState: 'signed',
    mustSign: false,
  };
  answer = { status: 200, body: { csrfToken: 'C'.repeat(43), me } };
  t.same(await api.me(), answer.body, 'a session answer that matches the contract is believed');
  answer = { status: 200, body: { csrfToken: 'C'.repeat(43), me: { ...me, role: 'root' } } };
  await t.rejects(api.me(), malformed, 'a role the contract does not know is refused');
  answer = { status: 200, body: { csrfToken: 'C'.repeat(43), me: { ...me, publicKey: 'B'.repeat(44) } } };
  await t.rejects(api.me(), malformed, 'a public key of the wrong length is refused');
  answer = { status: 200, body: { csrfToken: 'C'.repeat(43), me: { ...me, groups: undefined } } };
  await t.rejects(api.me(), malformed, 'a missing field is refused');

  setCsrfToken('T'.repeat(43));
  answer = { status: 204, body: undefined };
  t.equal(await api.setAccountEnabled('acc2', false), null, 'a 204 is believed');
  t.equal(requests.at(-1)?.url, '/api/console/accounts/acc2/disable', 'the path comes from the contract');
  t.equal(requests.at(-1)?.headers['x-csrf-token'], 'T'.repeat(43), 'with the CSRF token');
  answer = { status: 409, body: { error: { code: 'account.self', message: 'You cannot disable your own account' } } };
  await t.rejects(api.setAccountEnabled('acc2', false), { name: 'ApiError', status: 409, code: 'account.self' }, 'an error answer keeps its code');

  const pow = { challenge: 'c'.repeat(52), nonce: 'n'.repeat(11) };
  answer = { status: 200, body: { status: 'closed', receivedDay: '2026-11-26' } };
  t.same(await postStatus('L'.repeat(43), pow), answer.body, 'the reporter page believes a status in the contract');
  answer = { status: 200, body: { status: 'deleted', receivedDay: '2026-11-26' } };
  await t.rejects(postStatus('L'.repeat(43), pow), malformed, 'and refuses one that is not');
  answer = { status: 200, body: { status: 'closed', receivedDay: '2026-11-26T10:31:00Z' } };
  await t.rejects(postStatus('L'.repeat(43), pow), malformed, 'or a time finer than a day');
});
