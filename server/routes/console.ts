// The console API (contract/console-api.ts, server/CONSOLE-API.md), on the console listener only.
// One named handler per route; request and answer types come from the contract's schemas.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { consoleApi, type QueueQuery } from '../../contract/console-api.ts';
import {
  acceptInvitation,
  confirmTotp,
  createInvitation,
  createLoginGuard,
  createLoginThrottle,
  defaultLoginLimits,
  describeInvitation,
  describeMe,
  login,
  loginSalt,
  logout,
  setup,
  setupState,
  staffForToken,
  startTotp,
  upgradeKeys,
} from '../console/auth.ts';
import { describeOrganisation, listAllGroups, listCertifiedColleagues, listStaff, putGroupMembers, readAudit, renameGroup, replaceSigningKeyWrap, setStatus, updateSettings } from '../console/administration.ts';
import { describeDirectory, publishSignedDirectory } from '../console/directory.ts';
import { addNote, addRecipient, discloseContact, listCases, patchCase, recoveryRewrap, recoveryWrap, statistics, transitionCase, viewCase, type QueueInput } from '../console/cases.ts';
import type { ConsoleDeps } from '../console/context.ts';
import { recoveryCasesOf } from '../console/recovery.ts';
import { checkCsrf, clearSessionCookie, sessionToken, setSessionCookie, staffOf, staffOnly } from './console-session.ts';

/** The queue's query string as the use case takes it. */
function queueInput({ overdue, page, pageSize, ...filters }: QueueQuery): QueueInput {
  return {
    ...filters,
    overdue: overdue === 'true',
    ...(page === undefined ? {} : { page: Number(page) }),
    ...(pageSize === undefined ? {} : { pageSize: Number(pageSize) }),
  };
}

export function consoleRoutes(deps: ConsoleDeps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
    app.decorateRequest('staff', null);
    const throttle = createLoginThrottle(() => deps.clock().getTime());
    // request.ip goes to the in-memory budgets only (kept there as an HMAC), never to a log or the database.
    const guard = createLoginGuard(deps.loginLimits ?? defaultLoginLimits, () => deps.clock().getTime(), deps.verifyAuthValue);
    const admin = staffOnly(deps, ['admin']);
    const caseWorkers = staffOnly(deps, ['inspector', 'admin']);
    const anyStaff = staffOnly(deps, ['admin', 'inspector', 'analyst']);
    const beforeTotp = staffOnly(deps, ['admin', 'inspector', 'analyst'], { beforeTotpSetup: true });

    // --- Setup and sign-in ---
    app.route({
      ...consoleApi.setupState,
      handler: async function setupStateHandler(request) {
        return setupState(deps, request.query.token);
      },
    });
    app.route({
      ...consoleApi.setup,
      handler: async function setupHandler(request, reply) {
        const { token, answer } = await setup(deps, guard, request.ip, request.body);
        setSessionCookie(deps, reply, token);
        return reply.status(201).send(answer);
      },
    });
    app.route({
      ...consoleApi.loginSalt,
      handler: async function loginSaltHandler(request) {
        return loginSalt(deps, guard, request.ip, request.body.username);
      },
    });
    app.route({
      ...consoleApi.login,
      handler: async function loginHandler(request, reply) {
        const { token, answer } = await login(deps, guard, throttle, request.ip, request.body);
        setSessionCookie(deps, reply, token);
        return answer;
      },
    });
    app.route({
      ...consoleApi.logout,
      handler: async function logoutHandler(request, reply) {
        const staff = staffForToken(deps, sessionToken(request));
        if (staff) {
          checkCsrf(request, staff);
          logout(deps, staff);
        }
        clearSessionCookie(deps, reply);
        return reply.status(204).send(null);
      },
    });
    app.route({
      ...consoleApi.me,
      preValidation: beforeTotp,
      handler: async function meHandler(request) {
        const staff = staffOf(request);
        return { csrfToken: staff.csrfToken, me: describeMe(deps, staff.account) };
      },
    });
    app.route({
      ...consoleApi.upgradeKeys,
      // Right after sign-in, before anything else (the TOTP setup included).
      preValidation: beforeTotp,
      handler: async function upgradeKeysHandler(request, reply) {
        upgradeKeys(deps, staffOf(request), request.body);
        return reply.status(204).send(null);
      },
    });
    app.route({
      ...consoleApi.totpSetup,
      preValidation: beforeTotp,
      handler: async function totpSetupHandler(request) {
        return startTotp(deps, staffOf(request));
      },
    });
    app.route({
      ...consoleApi.totpConfirm,
      preValidation: beforeTotp,
      handler: async function totpConfirmHandler(request, reply) {
        confirmTotp(deps, staffOf(request), request.body.code);
        return reply.status(204).send(null);
      },
    });

    // --- Invitations ---
    app.route({
      ...consoleApi.invite,
      preValidation: admin,
      handler: async function inviteHandler(request, reply) {
        return reply.status(201).send(createInvitation(deps, staffOf(request), request.body, `${request.protocol}://${request.host}`));
      },
    });
    app.route({
      ...consoleApi.invitation,
      handler: async function invitationHandler(request) {
        return describeInvitation(deps, request.body.token);
      },
    });
    app.route({
      ...consoleApi.acceptInvitation,
      handler: async function acceptInvitationHandler(request, reply) {
        const { token, answer } = await acceptInvitation(deps, guard, request.ip, request.body);
        setSessionCookie(deps, reply, token);
        return reply.status(201).send(answer);
      },
    });

    // --- Accounts, organisation, groups ---
    app.route({
      ...consoleApi.colleagues,
      preValidation: caseWorkers,
      handler: async function colleaguesHandler(request) {
        return listCertifiedColleagues(deps, staffOf(request));
      },
    });
    app.route({
      ...consoleApi.accounts,
      preValidation: admin,
      handler: async function accountsHandler() {
        return listStaff(deps);
      },
    });
    app.route({
      ...consoleApi.disableAccount,
      preValidation: admin,
      handler: async function disableAccountHandler(request, reply) {
        setStatus(deps, staffOf(request), request.params.id, 'disabled');
        return reply.status(204).send(null);
      },
    });
    app.route({
      ...consoleApi.enableAccount,
      preValidation: admin,
      handler: async function enableAccountHandler(request, reply) {
        setStatus(deps, staffOf(request), request.params.id, 'active');
        return reply.status(204).send(null);
      },
    });
    app.route({
      ...consoleApi.directory,
      preValidation: anyStaff,
      handler: async function directoryHandler() {
        return describeDirectory(deps);
      },
    });
    app.route({
      ...consoleApi.publishDirectory,
      preValidation: admin,
      handler: async function publishDirectoryHandler(request) {
        return publishSignedDirectory(deps, staffOf(request), request.body);
      },
    });
    app.route({
      ...consoleApi.organisation,
      preValidation: anyStaff,
      handler: async function organisationHandler(request) {
        return describeOrganisation(deps, staffOf(request));
      },
    });
    app.route({
      ...consoleApi.replaceSigningKeyWrap,
      preValidation: admin,
      handler: async function replaceSigningKeyWrapHandler(request, reply) {
        replaceSigningKeyWrap(deps, staffOf(request), request.body.wrappedSigningKey);
        return reply.status(204).send(null);
      },
    });
    app.route({
      ...consoleApi.updateSettings,
      preValidation: admin,
      handler: async function updateSettingsHandler(request) {
        return updateSettings(deps, staffOf(request), request.body);
      },
    });
    app.route({
      ...consoleApi.groups,
      preValidation: anyStaff,
      handler: async function groupsHandler() {
        return listAllGroups(deps);
      },
    });
    app.route({
      ...consoleApi.renameGroup,
      preValidation: admin,
      handler: async function renameGroupHandler(request) {
        return renameGroup(deps, staffOf(request), request.params.id, request.body);
      },
    });
    app.route({
      ...consoleApi.setGroupMembers,
      preValidation: admin,
      handler: async function setGroupMembersHandler(request) {
        return putGroupMembers(deps, staffOf(request), request.params.id, request.body.accountIds);
      },
    });

    // --- Cases ---
    app.route({
      ...consoleApi.cases,
      preValidation: caseWorkers,
      handler: async function casesHandler(request) {
        return listCases(deps, staffOf(request), queueInput(request.query));
      },
    });
    app.route({
      ...consoleApi.case,
      preValidation: caseWorkers,
      handler: async function caseHandler(request) {
        return viewCase(deps, staffOf(request), request.params.id);
      },
    });
    app.route({
      ...consoleApi.contact,
      preValidation: caseWorkers,
      handler: async function contactHandler(request) {
        return discloseContact(deps, staffOf(request), request.params.id);
      },
    });
    app.route({
      ...consoleApi.transition,
      preValidation: caseWorkers,
      handler: async function transitionHandler(request) {
        return transitionCase(deps, staffOf(request), request.params.id, request.body);
      },
    });
    app.route({
      ...consoleApi.updateCase,
      preValidation: caseWorkers,
      handler: async function updateCaseHandler(request) {
        return patchCase(deps, staffOf(request), request.params.id, request.body);
      },
    });
    app.route({
      ...consoleApi.addNote,
      preValidation: caseWorkers,
      handler: async function addNoteHandler(request, reply) {
        return reply.status(201).send(addNote(deps, staffOf(request), request.params.id, request.body.ciphertext));
      },
    });
    app.route({
      ...consoleApi.addRecipient,
      preValidation: caseWorkers,
      handler: async function addRecipientHandler(request, reply) {
        return reply.status(201).send(addRecipient(deps, staffOf(request), request.params.id, request.body));
      },
    });

    // --- Recovery (admin) ---
    app.route({
      ...consoleApi.recoveryWrap,
      preValidation: admin,
      handler: async function recoveryWrapHandler(request) {
        return recoveryWrap(deps, staffOf(request), request.params.id);
      },
    });
    app.route({
      ...consoleApi.recoveryRewrap,
      preValidation: admin,
      handler: async function recoveryRewrapHandler(request, reply) {
        return reply.status(201).send(recoveryRewrap(deps, staffOf(request), request.body));
      },
    });
    app.route({
      ...consoleApi.recoveryCasesOf,
      preValidation: admin,
      handler: async function recoveryCasesOfHandler(request) {
        return recoveryCasesOf(deps, staffOf(request), request.params.id);
      },
    });

    // --- Audit and statistics ---
    app.route({
      ...consoleApi.audit,
      preValidation: admin,
      handler: async function auditHandler(request) {
        return readAudit(deps, staffOf(request), Number(request.query.page ?? '1'));
      },
    });
    app.route({
      ...consoleApi.stats,
      preValidation: staffOnly(deps, ['analyst', 'admin']),
      handler: async function statsHandler(request) {
        return statistics(deps, staffOf(request), request.query);
      },
    });
  };
}
