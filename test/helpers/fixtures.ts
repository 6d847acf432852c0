// A real app on an in-memory database with a fixed clock, an organisation whose key the test
// holds (as its administrators' browsers do), inspectors certified and listed in a signed
// directory with their private keys kept in memory, and a log captured in a string.
import type Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { nanoid } from 'nanoid';
import {
  formatBytes,
  fromBase64Url,
  searchSolution,
  type PowPurpose,
  generateBoxKeyPair,
  generateCaseCode,
  generateSigningKeyPair,
  loadSodium,
  sealReport,
  toBase64Url,
  type ContactDetails,
  type DirectoryClaim,
  type KeyPair,
  type ReportContent,
  type ReportMetadata,
} from '../../crypto/index.ts';
import { openDatabase, type OpenDatabase } from '../../db/database.ts';
import type { PublishedCertificate } from '../../db/repositories/directory.ts';
import { createOrganisation } from '../../db/repositories/organisation.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';
import { buildConsoleApp, buildPublicApp } from '../../server/app.ts';
import { createLogger } from '../../server/http/logging.ts';
import { defaultAbuseSettings, type AbuseSettings } from '../../server/abuse/policy.ts';
import { matchesSchema } from '../../web/shared/answer-check.ts';
import { certifyMember, certifyRecoveryKey, currentClaim, publishClaim, routeAsPage, type PageRoute } from './directory.ts';

export const fixedNow = new Date('2026-11-25T21:30:00Z'); // 26 November in Kazakhstan (UTC+5)

/** Someone a report can be sealed for: the id its wrap carries and the box key (a test keeps the private key too). */
export type Inspector = { id: string; keys: KeyPair; signingKeys?: KeyPair; certificate?: Uint8Array };
/** What sealing needs of a recipient. */
export type SealFor = { id: string; keys: Pick<KeyPair, 'publicKey'> };

export type Harness = {
  app: FastifyInstance;
  consoleApp: FastifyInstance;
  database: OpenDatabase;
  /** The database itself, for tests that act as the server's operator. */
  db: Database.Database;
  /** The organisation key pair, held by the test as an administrator's browser holds it. */
  signing: KeyPair;
  /** The recovery key pair (`recovery: true`), certified for every region group and the fallback. */
  recovery: KeyPair | null;
  logs: () => string;
  /** An inspector certified for `groupIds` and listed for them in a new directory version. */
  addInspector: (groupIds: string[]) => Inspector;
  /** The current directory's claim, verified with the organisation key (version 0 before the first). */
  currentClaim: () => DirectoryClaim;
  /**
   * Signs `claim` (with the organisation key, or `signingKey`) as the next version unless it has
   * one, and stores it with `certificates`, as the console's publish route would; returns the version.
   */
  publishDirectory: (claim: Omit<DirectoryClaim, 'version'> & { version?: number }, options?: { certificates?: PublishedCertificate[]; signingKey?: Uint8Array }) => number;
  /** Routes a report as the reporter page does from what `app` serves, and seals it for that route. */
  pageSubmission: (input: PageSubmissionInput) => Promise<ReturnType<typeof sealedSubmission> & { route: Extract<PageRoute, { ok: true }>['route'] }>;
  /** The console's one-time setup token (main.ts prints one at start). */
  setupToken: string;
  /** Delays the console asked for before answering failed logins. */
  loginDelays: number[];
  /** Moves the injected clock on. */
  advance: (ms: number) => void;
  close: () => Promise<void>;
};

/** Proof of work that costs nothing, so API tests stay fast; the guard still checks every solution. */
export const testAbuseSettings: AbuseSettings = { ...defaultAbuseSettings, bits: { submit: { quiet: 0, max: 0 }, status: { quiet: 0, max: 0 } } };

export const testSetupToken = 'S'.repeat(43);

export async function buildHarness(
  options: { withOrganisation?: boolean; databasePath?: string; abuse?: AbuseSettings; consoleWebRoot?: string; recovery?: boolean } = {},
): Promise<Harness> {
  // sumo: the console hashes authValues with Argon2id.
  await loadSodium('sumo');
  const database = openDatabase(options.databasePath ?? ':memory:');
  let logText = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const logger = createLogger({ level: 'info', timeZone: 'Asia/Almaty', stream });
  const signing = generateSigningKeyPair();
  if (options.withOrganisation !== false) {
    createOrganisation(
      database.db,
      {
        name: 'Test inspectorate',
        signingPublicKey: Buffer.from(signing.publicKey),
        // Not opened in API tests; only its shape matters.
        wrappedSigningKey: Buffer.alloc(formatBytes.wrappedSigningKey, 1),
        createdDay: '2026-11-01',
      },
      defaultGroupRows('2026-11-01'),
    );
  }
  const recovery = options.recovery && options.withOrganisation !== false ? generateBoxKeyPair() : null;
  if (recovery) certifyRecoveryKey(database.db, signing, recovery);
  let now = fixedNow;
  const loginDelays: number[] = [];
  const deps = { db: database.db, serverSecret: new Uint8Array(32).fill(7), timeZone: 'Asia/Almaty', clock: () => now, logger, abuse: options.abuse ?? testAbuseSettings };
  const app = await buildPublicApp(deps);
  // Every JSON answer of every API test is checked against its route's response schema in
  // contract/, with the very check the web apps run; close() fails on any breach.
  const contractBreaches: string[] = [];
  const checkAnswers = (instance: FastifyInstance) =>
    instance.addHook('onSend', async (request, reply, payload) => {
      const responses = request.routeOptions.schema?.response as Record<number, object> | undefined;
      const schema = responses?.[reply.statusCode];
      // A route of the contract answers only the statuses its contract lists.
      if (responses !== undefined && schema === undefined) contractBreaches.push(`${request.method} ${request.routeOptions.url} ${reply.statusCode}: a status its contract does not list`);
      if (schema !== undefined && typeof payload === 'string' && payload !== '' && !matchesSchema(schema, JSON.parse(payload) as unknown)) {
        contractBreaches.push(`${request.method} ${request.routeOptions.url} ${reply.statusCode}: ${payload.slice(0, 2000)}`);
      }
      return payload;
    });
  const consoleApp = await buildConsoleApp({
    ...deps,
    publicApp: app,
    setupToken: testSetupToken,
    sleep: async (ms) => void loginDelays.push(ms),
    ...(options.consoleWebRoot ? { consoleWebRoot: options.consoleWebRoot } : {}),
  });
  checkAnswers(app);
  checkAnswers(consoleApp);
  const harness: Harness = {
    app,
    consoleApp,
    database,
    db: database.sqlite,
    signing,
    recovery,
    logs: () => logText,
    setupToken: testSetupToken,
    loginDelays,
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    addInspector: (groupIds) => {
      const inspector = { id: nanoid(12), keys: generateBoxKeyPair(), signingKeys: generateSigningKeyPair() };
      const certificate = certifyMember(database.db, signing, { ...inspector, role: 'inspector', displayName: `Inspector ${inspector.id}` }, groupIds);
      return { ...inspector, certificate };
    },
    currentClaim: () => currentClaim(database.db, signing.publicKey),
    publishDirectory: (claim, publication = {}) => publishClaim(database.db, signing, claim, publication.certificates ?? [], publication.signingKey),
    pageSubmission: (input) => pageSubmission(app, signing.publicKey, input),
    close: async () => {
      await app.close();
      await consoleApp.close();
      database.close();
      if (contractBreaches.length > 0) throw new Error(`answers the contract does not allow:\n${contractBreaches.join('\n')}`);
    },
  };
  return harness;
}

export const sampleContent = (marker = 'sample'): ReportContent => ({
  v: 1,
  language: 'ru',
  happened: '2026-10',
  employer: `ТОО ${marker} employer`,
  where: `${marker} цех №3`,
  what: `${marker}: рабочий упал с лесов, травму оформили как бытовую`,
  who: `${marker} монтажник`,
});

/**
 * What the reporter page sends: a report sealed in "the browser" for the given recipients, its
 * envelopes (version 2) carrying the report's region, industry, category and group, or
 * `metadata` where a test wants them to differ from the body.
 */
export function sealedSubmission(input: {
  region: string;
  industry?: string;
  category: string;
  groupId: string;
  recipients: readonly SealFor[];
  content?: ReportContent;
  contact?: ContactDetails | null;
  caseCode?: string;
  metadata?: Partial<ReportMetadata>;
}) {
  const caseCode = input.caseCode ?? generateCaseCode();
  const industry = input.industry ?? 'F';
  const sealed = sealReport({
    caseCode,
    content: input.content ?? sampleContent(),
    contact: input.contact ?? null,
    recipients: input.recipients.map((r) => ({ id: r.id, publicKey: r.keys.publicKey })),
    metadata: { region: input.region, industry, category: input.category, groupId: input.groupId, ...input.metadata },
  });
  const body = {
    version: 2,
    reportId: sealed.reportId,
    region: input.region,
    industry,
    category: input.category,
    groupId: input.groupId,
    lookupId: toBase64Url(sealed.lookupId),
    reporterSalt: toBase64Url(sealed.reporterSalt),
    reporterWrap: toBase64Url(sealed.reporterWrap),
    recipientWraps: sealed.recipientWraps.map((w) => ({ recipientId: w.recipientId, wrap: toBase64Url(w.wrap) })),
    content: toBase64Url(sealed.content),
    contact: sealed.contact ? toBase64Url(sealed.contact) : null,
  };
  return { caseCode, sealed, body };
}

export type PageSubmissionInput = { region: string; industry?: string; category: string; content?: ReportContent; contact?: ContactDetails | null; caseCode?: string };

/** The recipients of a route, as sealing takes them. */
export const routeRecipients = (route: Extract<PageRoute, { ok: true }>['route']): SealFor[] => route.recipients.map((c) => ({ id: c.accountId, keys: { publicKey: c.boxKey } }));

/**
 * What the reporter page does before it sends: the directory and the group's certificates from
 * `app`, verified with `organisationKey` (the key the page was given), routed with crypto's
 * routeReport, and the report sealed for exactly those keys. Throws when the page would stop.
 */
export async function pageSubmission(app: Pick<FastifyInstance, 'inject'>, organisationKey: Uint8Array, input: PageSubmissionInput) {
  const routed = await routeAsPage(app, organisationKey, input);
  if (!routed.ok) throw new Error(`the page would not send this report: ${routed.why}`);
  return { ...sealedSubmission({ ...input, groupId: routed.route.groupId, recipients: routeRecipients(routed.route) }), route: routed.route };
}

/** Fetches a challenge from the app and solves it, as the page does before a submission or a status check. */
export async function solvedPow(app: FastifyInstance, purpose: PowPurpose): Promise<{ challenge: string; nonce: string }> {
  const { challenge } = (await app.inject({ method: 'GET', url: `/api/v1/challenge?purpose=${purpose}` })).json() as { challenge: string };
  return { challenge, nonce: solve(challenge) };
}

export function solve(challenge: string): string {
  const token = fromBase64Url(challenge);
  for (let from = 0; ; from += 4096) {
    const nonce = searchSolution(token, from, 4096);
    if (nonce) return toBase64Url(nonce);
  }
}

export async function injectReport(app: FastifyInstance, body: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...body, pow: await solvedPow(app, 'submit') }, headers });
}

export async function injectStatus(app: FastifyInstance, lookupId: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/status', payload: { lookupId, pow: await solvedPow(app, 'status') }, headers });
}
