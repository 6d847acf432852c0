// What the reporter page does over HTTP, for tests that drive the real server process.
import { fromBase64Url } from '../../crypto/index.ts';
import { sealedSubmission, solve, type Inspector } from './fixtures.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Fetches the recipients for a region and category, as the page does before it encrypts. */
export async function fetchRecipients(baseUrl: string, region: string, category: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/api/v1/recipients?region=${region}&category=${encodeURIComponent(category)}`, { headers });
  const body = (await res.json()) as { organisationKey: string; groupId: string; recipients: { id: string; publicKey: string; signature: string }[] };
  const recipients: Inspector[] = body.recipients.map((r) => ({ id: r.id, keys: { publicKey: fromBase64Url(r.publicKey), privateKey: new Uint8Array(32) } }));
  return { ...body, inspectors: recipients };
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

/** Seals a new report for the region's current recipients and submits it. */
export async function submitNewReport(baseUrl: string, input: { region: string; category: string }) {
  const keys = await fetchRecipients(baseUrl, input.region, input.category);
  const sealed = sealedSubmission({ ...input, groupId: keys.groupId, recipients: keys.inspectors });
  return { ...sealed, response: await postReport(baseUrl, sealed.body) };
}
