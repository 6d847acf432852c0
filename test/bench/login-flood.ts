// A real inspector's sign-in (login salt, then login with the right authValue) on the real
// server while 40 connections from another address send failed logins with random usernames
// (issue 10, point 3). Three figures in one run: no flood (baseline), the flood with the login
// limits turned off (LOGIN_*=0: the behaviour before them) and the flood with the defaults.
// The inspector's requests leave from 127.0.0.2 (an http.Agent's localAddress), the flood's from
// 127.0.0.1; both go to the server on 127.0.0.1 and nowhere else.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { hashAuthValueAsync } from '../../crypto/auth-hash-node.ts';
import { loadSodium, toBase64Url } from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { insertAccount } from '../../db/repositories/accounts.ts';
import { browserKeys } from '../helpers/console.ts';
import { startRealServer, temporaryDir, type RunningProcess } from './processes.ts';
import { databaseFile, seedDataDir } from './seed.ts';

export type LoginFloodPlan = { floodConnections: number; floodSeconds: number; signIns: number; maxSeconds: number };

export type FloodFigures = {
  /** Each sign-in's time (salt + login), ms. */
  signInMs: number[];
  /** Sign-ins that failed, with what happened and after how long. */
  failures: string[];
  /** Answers the flood got, by status. */
  floodStatuses: Record<string, number>;
};

export type LoginFloodResults = { baseline: number[]; before: FloodFigures; after: FloodFigures };

/** The limits off: what the server did before them. */
const limitsOff = { LOGIN_ATTEMPTS_PER_MINUTE: '0', LOGIN_CONCURRENT_PER_ADDRESS: '0', LOGIN_QUEUE_MAX: '0' };
const inspectorName = 'bench.inspector';

type Answer = { status: number; body: string };

function post(base: string, path: string, body: object, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${base}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }, timeout: 120_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer within 120 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The console's URL from the server's start line. */
function consoleUrlOf(server: RunningProcess): string {
  const line = server.outputTail().split('\n').find((l) => l.includes('"consoleUrl"'));
  const url = line === undefined ? undefined : (JSON.parse(line) as { consoleUrl?: string }).consoleUrl;
  if (url === undefined) throw new Error('the server did not log its console URL');
  return url;
}

/** One sign-in as the console page makes it (its Argon2id in the "browser" done beforehand): salt, then login. */
async function signIn(base: string, agent: Agent, authValue: string): Promise<number> {
  const started = performance.now();
  const salt = await post(base, '/api/console/login/salt', { username: inspectorName }, agent);
  if (salt.status !== 200) throw new Error(`login salt answered ${salt.status}: ${salt.body.slice(0, 200)}`);
  const login = await post(base, '/api/console/login', { username: inspectorName, authValue }, agent);
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${login.body.slice(0, 200)}`);
  return performance.now() - started;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign-ins from 127.0.0.2 while `connections` loops from 127.0.0.1 send failed logins with random usernames. */
async function underFlood(base: string, authValue: string, plan: LoginFloodPlan, log: (line: string) => void): Promise<FloodFigures> {
  const floodAgent = new Agent({ keepAlive: true, maxSockets: plan.floodConnections });
  const inspectorAgent = new Agent({ keepAlive: false, localAddress: '127.0.0.2' });
  const floodStatuses: Record<string, number> = {};
  const started = performance.now();
  let stop = false;
  const wrong = toBase64Url(new Uint8Array(32).fill(1));
  const loop = async () => {
    // Bounded in time: the flood stops once the sign-ins are done (at least floodSeconds), and after maxSeconds in any case.
    while (!stop && performance.now() - started < plan.maxSeconds * 1000) {
      const answer = await post(base, '/api/console/login', { username: `nobody.${randomBytes(6).toString('hex')}`, authValue: wrong }, floodAgent).catch(() => ({ status: 0, body: '' }));
      floodStatuses[answer.status] = (floodStatuses[answer.status] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: plan.floodConnections }, loop);
  try {
    // The flood first fills the queue.
    await pause(2000);
    const signInMs: number[] = [];
    const failures: string[] = [];
    for (let i = 0; i < plan.signIns && performance.now() - started < plan.maxSeconds * 1000; i++) {
      const attemptStarted = performance.now();
      try {
        signInMs.push(await signIn(base, inspectorAgent, authValue));
        log(`    sign-in during the flood: ${(signInMs.at(-1)! / 1000).toFixed(2)} s`);
      } catch (error) {
        // A sign-in the flood made fail is a figure too, not a broken benchmark.
        failures.push(`${error instanceof Error ? error.message.slice(0, 80) : String(error)} after ${((performance.now() - attemptStarted) / 1000).toFixed(2)} s`);
        log(`    sign-in during the flood FAILED: ${failures.at(-1)}`);
      }
      await pause(500);
    }
    while (performance.now() - started < plan.floodSeconds * 1000) await pause(100);
    return { signInMs, failures, floodStatuses };
  } finally {
    stop = true;
    await Promise.all(loops);
    floodAgent.destroy();
    inspectorAgent.destroy();
  }
}

export async function benchLoginFlood(plan: LoginFloodPlan, log: (line: string) => void): Promise<LoginFloodResults> {
  // sumo: the "browser" derives the authValue with Argon2id.
  await loadSodium('sumo');
  const dataDir = temporaryDir('login-flood');
  const seeded = seedDataDir(dataDir);
  const keys = browserKeys('benchmark inspector passphrase', seeded.organisation.publicKey);
  const database = openDatabase(databaseFile(dataDir));
  try {
    insertAccount(database.db, {
      id: 'bench-inspector',
      username: inspectorName,
      displayName: 'Benchmark inspector',
      role: 'inspector',
      keyEnvelope: Buffer.from(keys.keyEnvelope),
      publicKey: Buffer.from(keys.keys.publicKey),
      signingPublicKey: Buffer.from(keys.signingKeys.publicKey),
      pendingGroupIds: '[]',
      authHash: await hashAuthValueAsync(keys.authValue),
      createdAt: new Date().toISOString(),
    });
  } finally {
    database.close();
  }
  const authValue = toBase64Url(keys.authValue);
  const run = async (env: Record<string, string>, what: (base: string) => Promise<void>) => {
    const server = await startRealServer(dataDir, env);
    try {
      await what(consoleUrlOf(server));
    } finally {
      await server.stop();
    }
  };
  const baseline: number[] = [];
  let before: FloodFigures | undefined;
  let after: FloodFigures | undefined;
  log('  limits off (as before them): baseline, then the flood');
  await run(limitsOff, async (base) => {
    before = await underFlood(base, authValue, plan, log);
  });
  log('  default limits: baseline, then the flood');
  await run({}, async (base) => {
    const agent = new Agent({ keepAlive: false, localAddress: '127.0.0.2' });
    try {
      for (let i = 0; i < plan.signIns; i++) baseline.push(await signIn(base, agent, authValue));
    } finally {
      agent.destroy();
    }
    after = await underFlood(base, authValue, plan, log);
  });
  return { baseline, before: before!, after: after! };
}
