// What the reporter page does over HTTP, for tests that drive the real server process.
import { sealedSubmission, routeRecipients, solve, type SealFor } from './fixtures.ts';
import { routeAsPageOver } from './directory.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * Routes a report as the page does before it encrypts: the signed directory and the group's
 * certificates, verified with `organisationKey` (the served one when null: these tests trust the
 * server they started). Throws when the page would stop.
 */
export async function fetchRoute(baseUrl: string, region: string, category: string, options: { organisationKey?: Uint8Array; headers?: Record<string, string> } = {}) {
  const routed = await routeAsPageOver(baseUrl, options.organisationKey ?? null, { region, category }, options.headers);
  if (!routed.ok) throw new Error(`the page would not send this report: ${routed.why}`);
  const recipients: SealFor[] = routeRecipients(routed.route);
  return { groupId: routed.route.groupId, recipients, directoryVersion: routed.directoryVersion };
}

/** The route as `fetchRoute` gives it, with the recipients also as `inspectors` (the name tests used before the signed directory). */
export async function fetchRecipients(baseUrl: string, region: string, category: string, headers: Record<string, string> = {}) {
  const route = await fetchRoute(baseUrl, region, category, { headers });
  return { ...route, inspectors: route.recipients };
}

/** Fetches a proof-of-work challenge and solves it. */
export async function solvedPow(baseUrl: string, purpose: 'submit' | 'status', headers: Record<string, string> = {}) {
  const { challenge } = (await (await fetch(`${baseUrl}/api/v1/challenge?purpose=${purpose}`, { headers })).json()) as { challenge: string };
  return { challenge, nonce: solve(challenge) };
}

export async function postReport(baseUrl: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/reports`, json({ ...body, pow: await solvedPow(baseUrl, 'submit', headers) }, headers));
}

export async function postStatus(baseUrl: string, lookupId: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/status`, json({ lookupId, pow: await solvedPow(baseUrl, 'status', headers) }, headers));
}

/** Seals a new report for the keys the signed directory routes it to and submits it. */
export async function submitNewReport(baseUrl: string, input: { region: string; category: string; organisationKey?: Uint8Array }) {
  const route = await fetchRoute(baseUrl, input.region, input.category, input.organisationKey ? { organisationKey: input.organisationKey } : {});
  const sealed = sealedSubmission({ region: input.region, category: input.category, groupId: route.groupId, recipients: route.recipients });
  return { ...sealed, response: await postReport(baseUrl, sealed.body) };
}
