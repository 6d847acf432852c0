// The public reporter API (contract/public-api.ts): same origin, no credentials, every answer
// checked against the contract before the page believes it. The contract's schemas come in a lazy,
// SRI-checked chunk at the first call, so the first screen does not wait for them.
import type { Challenge, PowSolution, PublicApi, RecipientsAnswer, ReportBody, ReportReceipt, CaseStatusAnswer } from '../../contract/public-api.ts';
import type { PowPurpose } from '../../contract/domain.ts';
import { callRoute, type ApiError, type ClientOptions } from '../shared/api-client.ts';
import { loadOnce, preloadChunk } from '../shared/lazy.ts';

export { ApiError, isApiError } from '../shared/api-client.ts';

/** The service refused for load, not for what was sent: the page says to try again in a minute. */
export const isBusy = (error: ApiError): boolean => error.status === 429 || error.code === 'intake.busy' || error.code === 'request.busy';

const options: ClientOptions = { credentials: 'omit', timeoutMs: 90_000 };

const routes = loadOnce(async (): Promise<PublicApi> => {
  await preloadChunk('contract');
  return (await import('../../contract/public-api.ts')).publicApi;
});

export const getRecipients = async (region: string, category: string): Promise<RecipientsAnswer> =>
  callRoute<RecipientsAnswer>((await routes()).recipients, { query: { region, category } }, options);

export const getChallenge = async (purpose: PowPurpose): Promise<Challenge> => callRoute<Challenge>((await routes()).challenge, { query: { purpose } }, options);

export const postReport = async (body: ReportBody, pow: PowSolution): Promise<ReportReceipt> =>
  callRoute<ReportReceipt>((await routes()).submitReport, { body: { ...body, pow } }, options);

export const postStatus = async (lookupId: string, pow: PowSolution): Promise<CaseStatusAnswer> =>
  callRoute<CaseStatusAnswer>((await routes()).caseStatus, { body: { lookupId, pow } }, options);
