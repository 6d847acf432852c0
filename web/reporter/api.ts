// The public reporter API (contract/public-api.ts): same origin, no credentials, every answer
// checked against the contract before the page believes it.
import { publicApi, type Challenge, type PowSolution, type RecipientsAnswer, type ReportBody, type ReportReceipt, type CaseStatusAnswer } from '../../contract/public-api.ts';
import type { PowPurpose } from '../../contract/domain.ts';
import { callRoute, type ApiError, type ClientOptions } from '../shared/api-client.ts';

export { ApiError, isApiError } from '../shared/api-client.ts';

/** The service refused for load, not for what was sent: the page says to try again in a minute. */
export const isBusy = (error: ApiError): boolean => error.status === 429 || error.code === 'intake.busy' || error.code === 'request.busy';

const options: ClientOptions = { credentials: 'omit', timeoutMs: 90_000 };

export const getRecipients = (region: string, category: string): Promise<RecipientsAnswer> =>
  callRoute<RecipientsAnswer>(publicApi.recipients, { query: { region, category } }, options);

export const getChallenge = (purpose: PowPurpose): Promise<Challenge> => callRoute<Challenge>(publicApi.challenge, { query: { purpose } }, options);

export const postReport = (body: ReportBody, pow: PowSolution): Promise<ReportReceipt> =>
  callRoute<ReportReceipt>(publicApi.submitReport, { body: { ...body, pow } }, options);

export const postStatus = (lookupId: string, pow: PowSolution): Promise<CaseStatusAnswer> =>
  callRoute<CaseStatusAnswer>(publicApi.caseStatus, { body: { lookupId, pow } }, options);
