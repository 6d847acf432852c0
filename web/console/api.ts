// The console API (contract/console-api.ts): same origin, JSON, a session cookie the page never
// touches (HttpOnly) and the CSRF token in memory, sent on every state-changing request. Every
// answer is checked against the contract before a view sees it.
import {
  consoleApi,
  type AcceptBody,
  type Account,
  type AuditPage,
  type CaseDetail,
  type CaseList,
  type CasePatch,
  type CaseSummary,
  type CertifiedAccount,
  type Colleague,
  type ConsoleDirectory,
  type ContactCiphertext,
  type Group,
  type GroupNames,
  type Invitation,
  type InvitationBody,
  type InvitationLink,
  type LoginBody,
  type LoginSalt,
  type Note,
  type Organisation,
  type PublishedDirectory,
  type QueueQuery,
  type RecoveryCase,
  type RecoveryWrap,
  type Rewrapped,
  type RewrapBody,
  type SessionAnswer,
  type SettingsPatch,
  type SetupBody,
  type SetupState,
  type Statistics,
  type StatsQuery,
  type TotpSecret,
  type UpgradeKeysBody,
} from '../../contract/console-api.ts';
import type { CaseStatus, Outcome } from '../../contract/domain.ts';
import type { RouteContract } from '../../contract/types.ts';
import { callRoute, type ClientOptions, type RequestParts } from '../shared/api-client.ts';
import { setTimeZone } from './time-zone.ts';

export { ApiError } from '../shared/api-client.ts';

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

/** Called when the server answers 401 auth.required to a request made with a session. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

const options: ClientOptions = {
  credentials: 'same-origin',
  headers: (): Record<string, string> => (csrfToken === '' ? {} : { 'x-csrf-token': csrfToken }),
  onError: (error) => {
    if (error.status === 401 && error.code === 'auth.required' && csrfToken !== '') onUnauthorized?.();
  },
};

const call = <Answer>(route: RouteContract, parts: RequestParts = {}): Promise<Answer> => callRoute<Answer>(route, parts, options);

function withTimeZone(organisation: Organisation): Organisation {
  setTimeZone(organisation.timeZone);
  return organisation;
}

export const api = {
  /** With the setup token: also an organisation the command line made, to adopt. */
  setupNeeded: (token: string) => call<SetupState>(consoleApi.setupState, { query: { token } }),
  setup: (body: SetupBody) => call<SessionAnswer>(consoleApi.setup, { body }),
  salt: (username: string) => call<LoginSalt>(consoleApi.loginSalt, { body: { username } }),
  login: (body: LoginBody) => call<SessionAnswer>(consoleApi.login, { body }),
  logout: () => call<null>(consoleApi.logout),
  me: () => call<SessionAnswer>(consoleApi.me),
  /** A legacy key envelope replaced by a bundle with the organisation key (same salt). */
  upgradeKeys: (body: UpgradeKeysBody) => call<null>(consoleApi.upgradeKeys, { body }),

  // The token goes in the body only: a path would reach proxy logs.
  invitation: (token: string) => call<Invitation>(consoleApi.invitation, { body: { token } }),
  accept: (body: AcceptBody) => call<SessionAnswer>(consoleApi.acceptInvitation, { body }),
  invite: (body: InvitationBody) => call<InvitationLink>(consoleApi.invite, { body }),

  accounts: () => call<Account[]>(consoleApi.accounts),
  colleagues: () => call<Colleague[]>(consoleApi.colleagues),
  setAccountEnabled: (id: string, enabled: boolean) => call<null>(enabled ? consoleApi.enableAccount : consoleApi.disableAccount, { params: { id } }),
  /** The current signed directory and every stored certificate; the browser verifies them with the anchored key. */
  directory: () => call<ConsoleDirectory>(consoleApi.directory),
  publishDirectory: (directory: string, certificates: CertifiedAccount[]) => call<PublishedDirectory>(consoleApi.publishDirectory, { body: { directory, certificates } }),

  /** Also sets the time zone every day and time is shown in (sign-in asks for the organisation). */
  organisation: () => call<Organisation>(consoleApi.organisation).then(withTimeZone),
  replaceSigningKeyWrap: (wrappedSigningKey: string) => call<null>(consoleApi.replaceSigningKeyWrap, { body: { wrappedSigningKey } }),
  saveSettings: (settings: SettingsPatch) => call<Organisation>(consoleApi.updateSettings, { body: settings }).then(withTimeZone),
  groups: () => call<Group[]>(consoleApi.groups),
  renameGroup: (id: string, names: GroupNames) => call<Group>(consoleApi.renameGroup, { params: { id }, body: names }),
  setMembers: (id: string, accountIds: string[]) => call<Group>(consoleApi.setGroupMembers, { params: { id }, body: { accountIds } }),

  totpSetup: () => call<TotpSecret>(consoleApi.totpSetup),
  totpConfirm: (code: string) => call<null>(consoleApi.totpConfirm, { body: { code } }),

  cases: (query: QueueQuery) => call<CaseList>(consoleApi.cases, { query }),
  case: (id: string) => call<CaseDetail>(consoleApi.case, { params: { id } }),
  transition: (id: string, to: CaseStatus, outcome?: Outcome) => call<CaseSummary>(consoleApi.transition, { params: { id }, body: outcome === undefined ? { to } : { to, outcome } }),
  updateCase: (id: string, patch: CasePatch) => call<CaseSummary>(consoleApi.updateCase, { params: { id }, body: patch }),
  addNote: (id: string, ciphertext: string) => call<Note>(consoleApi.addNote, { params: { id }, body: { ciphertext } }),
  addRecipient: (id: string, accountId: string, wrap: string) => call<Rewrapped>(consoleApi.addRecipient, { params: { id }, body: { accountId, wrap } }),
  /** The contact details' ciphertext, handed out on request and recorded in the audit log. */
  contact: (id: string) => call<ContactCiphertext>(consoleApi.contact, { params: { id } }),
  recoveryRewrap: (body: RewrapBody) => call<Rewrapped>(consoleApi.recoveryRewrap, { body }),
  /** The recovery key's wrap of a case key (admin), to re-wrap it for an inspector. */
  recoveryWrap: (caseId: string) => call<RecoveryWrap>(consoleApi.recoveryWrap, { params: { id: caseId } }),
  /** The open cases an account can read that the recovery key can open too (admin), to give them to a colleague. */
  recoveryCasesOf: (accountId: string) => call<{ cases: RecoveryCase[] }>(consoleApi.recoveryCasesOf, { params: { id: accountId } }),

  audit: (page: number) => call<AuditPage>(consoleApi.audit, { query: { page: String(page) } }),
  stats: (query: StatsQuery) => call<Statistics>(consoleApi.stats, { query }),
};
