// The console API (server/CONSOLE-API.md), on the console listener only.
import type { FastifyInstance } from 'fastify';
import { acceptInvitation, confirmTotp, createInvitation, createLoginThrottle, describeInvitation, describeMe, login, loginSalt, logout, setup, setupState, staffForToken, startTotp, csrfMatches, type SetupInput } from '../console/auth.ts';
import { describeOrganisation, listAllGroups, listSignedColleagues, listStaff, putGroupMembers, readAudit, renameGroup, setStatus, signAccount, updateSettings, type SettingsPatch } from '../console/administration.ts';
import { addNote, addRecipient, discloseContact, listCases, patchCase, recoveryRewrap, recoveryWrap, statistics, transitionCase, viewCase, type CasePatch } from '../console/cases.ts';
import type { ConsoleDeps } from '../console/context.ts';
import type { CaseStatus } from '../domain/deadlines.ts';
import type { Outcome } from '../domain/workflow.ts';
import { errors } from '../http/errors.ts';
import * as s from './console-schemas.ts';
import { clearSessionCookie, sessionToken, setSessionCookie, staffOf, staffOnly } from './console-session.ts';

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties }) as const;
const ok = { type: 'object', properties: {} } as const;

export function consoleRoutes(deps: ConsoleDeps) {
  return async (app: FastifyInstance) => {
    app.decorateRequest('staff', null);
    const throttle = createLoginThrottle(() => deps.clock().getTime());
    const admin = staffOnly(deps, ['admin']);
    const caseWorkers = staffOnly(deps, ['inspector', 'admin']);
    const anyStaff = staffOnly(deps, ['admin', 'inspector', 'analyst']);

    // --- Setup ---
    app.get<{ Querystring: { token?: string } }>(
      '/api/console/setup',
      { schema: { querystring: obj({ token: s.token }), response: { 200: { type: 'object', properties: { needed: { type: 'boolean' }, organisation: { type: 'object', properties: { name: { type: 'string' }, signingPublicKey: { type: 'string' }, wrappedSigningKey: { type: 'string' } } } } }, 400: s.errorResponse } } },
      async (request) => setupState(deps, request.query.token),
    );

    app.post<{ Body: SetupInput }>(
      '/api/console/setup',
      {
        schema: {
          body: obj(
            {
              token: s.token,
              organisationName: s.plainText(200),
              username: s.username,
              displayName: s.displayName,
              authValue: s.authValue,
              keyEnvelope: s.keyEnvelope,
              publicKey: s.publicKey,
              signingPublicKey: s.publicKey,
              wrappedSigningKey: { type: 'string', minLength: 162, maxLength: 162, pattern: '^[A-Za-z0-9_-]+$' },
              recoveryPublicKey: s.publicKey,
              recoverySignature: s.signature,
              adminSignature: s.signature,
              accountId: { type: 'string', minLength: 12, maxLength: 22, pattern: '^[A-Za-z0-9_-]+$' },
            },
            ['token', 'organisationName', 'username', 'displayName', 'authValue', 'keyEnvelope', 'publicKey', 'signingPublicKey', 'wrappedSigningKey', 'recoveryPublicKey', 'recoverySignature', 'adminSignature'],
          ),
          response: { 201: s.sessionAnswer, ...s.errors4xx },
        },
      },
      async (request, reply) => {
        const { token, answer } = await setup(deps, request.body);
        setSessionCookie(deps, reply, token);
        return reply.status(201).send(answer);
      },
    );

    // --- Login and session ---
    app.post<{ Body: { username: string } }>(
      '/api/console/login/salt',
      { schema: { body: obj({ username: s.username }, ['username']), response: { 200: { type: 'object', required: ['salt'], properties: { salt: { type: 'string' } } }, 400: s.errorResponse } } },
      async (request) => loginSalt(deps, request.body.username),
    );

    app.post<{ Body: { username: string; authValue: string; totp?: string } }>(
      '/api/console/login',
      { schema: { body: obj({ username: s.username, authValue: s.authValue, totp: { type: 'string', minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' } }, ['username', 'authValue']), response: { 200: s.sessionAnswer, ...s.errors4xx } } },
      async (request, reply) => {
        const { token, answer } = await login(deps, throttle, request.body);
        setSessionCookie(deps, reply, token);
        return answer;
      },
    );

    app.post('/api/console/logout', { schema: { response: { 204: { type: 'null' }, ...s.errors4xx } } }, async (request, reply) => {
      const staff = staffForToken(deps, sessionToken(request));
      if (staff) {
        const header = request.headers['x-csrf-token'];
        if (!csrfMatches(staff, typeof header === 'string' ? header : undefined)) throw errors.csrfInvalid();
        logout(deps, staff);
      }
      clearSessionCookie(deps, reply);
      return reply.status(204).send();
    });

    app.get('/api/console/me', { preValidation: staffOnly(deps, ['admin', 'inspector', 'analyst'], { beforeTotpSetup: true }), schema: { response: { 200: s.sessionAnswer, ...s.errors4xx } } }, async (request) => {
      const staff = staffOf(request);
      return { csrfToken: staff.csrfToken, me: describeMe(deps, staff.account) };
    });

    // --- TOTP ---
    const totpGuard = staffOnly(deps, ['admin', 'inspector', 'analyst'], { beforeTotpSetup: true });
    app.post('/api/console/totp/setup', { preValidation: totpGuard, schema: { response: { 200: { type: 'object', properties: { secret: { type: 'string' }, otpauthUrl: { type: 'string' } } }, ...s.errors4xx } } }, async (request) =>
      startTotp(deps, staffOf(request)),
    );
    app.post<{ Body: { code: string } }>(
      '/api/console/totp/confirm',
      { preValidation: totpGuard, schema: { body: obj({ code: { type: 'string', minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' } }, ['code']), response: { 204: { type: 'null' }, ...s.errors4xx } } },
      async (request, reply) => {
        confirmTotp(deps, staffOf(request), request.body.code);
        return reply.status(204).send();
      },
    );

    // --- Invitations ---
    app.post<{ Body: { role: 'admin' | 'inspector' | 'analyst'; displayName: string; groupIds: string[] } }>(
      '/api/console/invitations',
      {
        preValidation: admin,
        schema: { body: obj({ role: s.role, displayName: s.displayName, groupIds: { type: 'array', maxItems: 50, items: s.groupId } }, ['role', 'displayName', 'groupIds']), response: { 201: { type: 'object', properties: { invitationUrl: { type: 'string' } } }, ...s.errors4xx } },
      },
      async (request, reply) => reply.status(201).send(createInvitation(deps, staffOf(request), request.body, `${request.protocol}://${request.host}`)),
    );
    app.get<{ Params: { token: string } }>(
      '/api/console/invitations/:token',
      { schema: { params: s.tokenParams, response: { 200: { type: 'object', properties: { displayName: { type: 'string' }, role: { type: 'string' }, organisationName: { type: 'string' }, invitedBy: { type: 'string' } } }, 400: s.errorResponse, 404: s.errorResponse } } },
      async (request) => describeInvitation(deps, request.params.token),
    );
    app.post<{ Params: { token: string }; Body: { username: string; authValue: string; keyEnvelope: string; publicKey: string } }>(
      '/api/console/invitations/:token/accept',
      {
        schema: {
          params: s.tokenParams,
          body: obj({ username: s.username, authValue: s.authValue, keyEnvelope: s.keyEnvelope, publicKey: s.publicKey }, ['username', 'authValue', 'keyEnvelope', 'publicKey']),
          response: { 201: s.sessionAnswer, ...s.errors4xx },
        },
      },
      async (request, reply) => {
        const { token, answer } = await acceptInvitation(deps, request.params.token, request.body);
        setSessionCookie(deps, reply, token);
        return reply.status(201).send(answer);
      },
    );

    // --- Accounts, organisation, groups ---
    app.get('/api/console/colleagues', { preValidation: caseWorkers, schema: { response: { 200: { type: 'array', items: s.colleague }, ...s.errors4xx } } }, async (request) =>
      listSignedColleagues(deps, staffOf(request)),
    );
    app.get('/api/console/accounts', { preValidation: admin, schema: { response: { 200: { type: 'array', items: s.account }, ...s.errors4xx } } }, async () => listStaff(deps));
    for (const action of ['disable', 'enable'] as const) {
      app.post<{ Params: { id: string } }>(`/api/console/accounts/:id/${action}`, { preValidation: admin, schema: { params: s.idParams, response: { 204: { type: 'null' }, ...s.errors4xx } } }, async (request, reply) => {
        setStatus(deps, staffOf(request), request.params.id, action === 'disable' ? 'disabled' : 'active');
        return reply.status(204).send();
      });
    }
    app.post<{ Params: { id: string }; Body: { signature: string } }>(
      '/api/console/accounts/:id/signature',
      { preValidation: admin, schema: { params: s.idParams, body: obj({ signature: s.signature }, ['signature']), response: { 204: { type: 'null' }, ...s.errors4xx } } },
      async (request, reply) => {
        signAccount(deps, staffOf(request), request.params.id, request.body.signature);
        return reply.status(204).send();
      },
    );
    app.get('/api/console/organisation', { preValidation: anyStaff, schema: { response: { 200: s.organisation, ...s.errors4xx } } }, async (request) => describeOrganisation(deps, staffOf(request)));
    app.patch<{ Body: SettingsPatch }>('/api/console/organisation', { preValidation: admin, schema: { body: s.settingsPatch, response: { 200: s.organisation, ...s.errors4xx } } }, async (request) =>
      updateSettings(deps, staffOf(request), request.body),
    );
    app.get('/api/console/groups', { preValidation: anyStaff, schema: { response: { 200: { type: 'array', items: s.group }, ...s.errors4xx } } }, async () => listAllGroups(deps));
    const groupName = s.plainText(200);
    app.patch<{ Params: { id: string }; Body: { nameKk: string; nameRu: string; nameEn: string } }>(
      '/api/console/groups/:id',
      { preValidation: admin, schema: { params: s.groupParams, body: obj({ nameKk: groupName, nameRu: groupName, nameEn: groupName }, ['nameKk', 'nameRu', 'nameEn']), response: { 200: s.group, ...s.errors4xx } } },
      async (request) => renameGroup(deps, staffOf(request), request.params.id, request.body),
    );
    app.put<{ Params: { id: string }; Body: { accountIds: string[] } }>(
      '/api/console/groups/:id/members',
      { preValidation: admin, schema: { params: s.groupParams, body: obj({ accountIds: { type: 'array', maxItems: 1000, items: s.accountId } }, ['accountIds']), response: { 200: s.group, ...s.errors4xx } } },
      async (request) => putGroupMembers(deps, staffOf(request), request.params.id, request.body.accountIds),
    );

    // --- Cases ---
    const filter = (max: number, pattern: string) => ({ type: 'string', minLength: 1, maxLength: max, pattern }) as const;
    app.get<{ Querystring: Record<string, string> }>(
      '/api/console/cases',
      {
        preValidation: caseWorkers,
        schema: {
          querystring: obj({
            status: s.status,
            category: filter(64, '^[a-z_.]+$'),
            region: filter(2, '^[0-9]{2}$'),
            industry: filter(1, '^[A-Z]$'),
            severity: s.severity,
            assignee: s.accountId,
            overdue: { type: 'string', enum: ['true', 'false'] },
            sort: { type: 'string', enum: ['received', 'deadline'] },
            order: { type: 'string', enum: ['asc', 'desc'] },
            page: filter(6, '^[1-9][0-9]*$'),
            pageSize: { type: 'string', enum: ['10', '20', '25', '50', '100', '200'] },
          }),
          response: {
            200: {
              type: 'object',
              properties: {
                total: { type: 'integer' },
                page: { type: 'integer' },
                pageSize: { type: 'integer' },
                counters: { type: 'object', properties: { new: { type: 'integer' }, overdue: { type: 'integer' } } },
                items: { type: 'array', items: s.caseSummary },
              },
            },
            ...s.errors4xx,
          },
        },
      },
      async (request) => {
        const q = request.query;
        return listCases(deps, staffOf(request), {
          ...(q.status ? { status: q.status as CaseStatus } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.region ? { region: q.region } : {}),
          ...(q.industry ? { industry: q.industry } : {}),
          ...(q.severity ? { severity: q.severity as 'light' } : {}),
          ...(q.assignee ? { assignee: q.assignee } : {}),
          overdue: q.overdue === 'true',
          ...(q.sort ? { sort: q.sort as 'received' } : {}),
          ...(q.order ? { order: q.order as 'asc' } : {}),
          ...(q.page ? { page: Number(q.page) } : {}),
          ...(q.pageSize ? { pageSize: Number(q.pageSize) } : {}),
        });
      },
    );
    app.get<{ Params: { id: string } }>('/api/console/cases/:id', { preValidation: caseWorkers, schema: { params: s.caseParams, response: { 200: s.caseDetail, ...s.errors4xx } } }, async (request) =>
      viewCase(deps, staffOf(request), request.params.id),
    );
    app.post<{ Params: { id: string } }>(
      '/api/console/cases/:id/contact',
      { preValidation: caseWorkers, schema: { params: s.caseParams, response: { 200: { type: 'object', properties: { contact: { type: ['string', 'null'] } } }, ...s.errors4xx } } },
      async (request) => discloseContact(deps, staffOf(request), request.params.id),
    );
    app.post<{ Params: { id: string }; Body: { to: CaseStatus; outcome?: Outcome } }>(
      '/api/console/cases/:id/transition',
      { preValidation: caseWorkers, schema: { params: s.caseParams, body: obj({ to: s.status, outcome: s.outcome }, ['to']), response: { 200: s.caseSummary, ...s.errors4xx } } },
      async (request) => transitionCase(deps, staffOf(request), request.params.id, request.body),
    );
    app.patch<{ Params: { id: string }; Body: CasePatch }>(
      '/api/console/cases/:id',
      {
        preValidation: caseWorkers,
        schema: {
          params: s.caseParams,
          body: { ...obj({ severity: s.nullable(s.severity), group: { type: 'boolean' }, assigneeId: s.nullable(s.accountId) }), minProperties: 1 },
          response: { 200: s.caseSummary, ...s.errors4xx },
        },
      },
      async (request) => patchCase(deps, staffOf(request), request.params.id, request.body),
    );
    app.post<{ Params: { id: string }; Body: { ciphertext: string } }>(
      '/api/console/cases/:id/notes',
      { preValidation: caseWorkers, bodyLimit: 128 * 1024, schema: { params: s.caseParams, body: obj({ ciphertext: s.fieldEnvelope }, ['ciphertext']), response: { 201: s.note, ...s.errors4xx } } },
      async (request, reply) => reply.status(201).send(addNote(deps, staffOf(request), request.params.id, request.body.ciphertext)),
    );
    const rewrapAnswer = { type: 'object', properties: { caseId: { type: 'string' }, accountId: { type: 'string' } } } as const;
    app.post<{ Params: { id: string }; Body: { accountId: string; wrap: string } }>(
      '/api/console/cases/:id/recipients',
      { preValidation: caseWorkers, schema: { params: s.caseParams, body: obj({ accountId: s.accountId, wrap: s.keyWrap }, ['accountId', 'wrap']), response: { 201: rewrapAnswer, ...s.errors4xx } } },
      async (request, reply) => reply.status(201).send(addRecipient(deps, staffOf(request), request.params.id, request.body)),
    );

    // --- Recovery (admin) ---
    app.get<{ Params: { id: string } }>(
      '/api/console/recovery/cases/:id',
      { preValidation: admin, schema: { params: s.caseParams, response: { 200: { type: 'object', properties: { reportId: { type: 'string' }, wrap: { type: 'string' } } }, ...s.errors4xx } } },
      async (request) => recoveryWrap(deps, staffOf(request), request.params.id),
    );
    app.post<{ Body: { caseId: string; accountId: string; wrap: string } }>(
      '/api/console/recovery/rewrap',
      { preValidation: admin, schema: { body: obj({ caseId: s.caseId, accountId: s.accountId, wrap: s.keyWrap }, ['caseId', 'accountId', 'wrap']), response: { 201: rewrapAnswer, ...s.errors4xx } } },
      async (request, reply) => reply.status(201).send(recoveryRewrap(deps, staffOf(request), request.body)),
    );

    // --- Audit and statistics ---
    app.get<{ Querystring: { page?: string } }>(
      '/api/console/audit',
      { preValidation: admin, schema: { querystring: obj({ page: filter(6, '^[1-9][0-9]*$') }), response: { 200: s.auditEntries, ...s.errors4xx } } },
      async (request) => readAudit(deps, staffOf(request), Number(request.query.page ?? '1')),
    );
    app.get<{ Querystring: { from?: string; to?: string } }>(
      '/api/console/stats',
      { preValidation: staffOnly(deps, ['analyst', 'admin']), schema: { querystring: obj({ from: s.day, to: s.day }), response: { 200: s.stats, ...s.errors4xx } } },
      async (request) => statistics(deps, staffOf(request), request.query),
    );
  };
}
