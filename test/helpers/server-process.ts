// The real server and admin CLI as child processes, the way an operator runs them.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type ServerProcess = { pid: number; publicUrl: string; consoleUrl: string; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> };

/** The node flags of package.json's `start` script, so tests and benchmarks run the server as an operator starts it. */
export const startFlags: string[] = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  const script = words.indexOf('server/main.ts');
  return words[0] === 'node' && script > 0 ? words.slice(1, script).filter((w) => w.startsWith('--')) : [];
})();

/** Cheap proof of work for tests that drive many requests; the checks still run on every one. */
export const cheapPow = { POW_SUBMIT_BITS: '0', POW_STATUS_BITS: '0' };

/** Starts `node server/main.ts` on free ports with the given DATA_DIR; resolves once it listens. */
export function startServer(dataDir: string, env: Record<string, string> = cheapPow): Promise<ServerProcess> {
  // The node flags of `npm start` (package.json), so tests run the server as operators do.
  const child = spawn(process.execPath, [...startFlags, 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', CONSOLE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"publicUrl"'));
      if (!line) return;
      const { publicUrl, consoleUrl } = JSON.parse(line) as { publicUrl: string; consoleUrl: string };
      resolve({
        pid: child.pid ?? 0,
        publicUrl,
        consoleUrl,
        output: () => output,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

/** Runs `node server/admin.ts …` with the given lines on standard input. */
export function runAdmin(dataDir: string, args: string[], stdinLines: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['server/admin.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdinLines.map((l) => `${l}\n`).join(''));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Every byte of every file under `dir` (a data directory), to search for what must not be there. */
export function everythingUnder(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => readFileSync(path)),
  );
}

/** A signed-in console session as a page holds it: the session cookie and the CSRF token. */
export type ConsoleSession = { cookie: string; csrfToken: string };

/**
 * A console API call as a page makes it, against a running server: JSON (when there is a body), the
 * session cookie and the CSRF header once signed in. Throws on any answer but 2xx; `cookie` is the
 * session cookie the answer set, or the one sent.
 */
export async function callConsole<Answer>(
  server: Pick<ServerProcess, 'consoleUrl'>,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
  session?: ConsoleSession,
): Promise<{ answer: Answer; cookie: string }> {
  const response = await fetch(`${server.consoleUrl}/api/console${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const cookie = /qsid=[A-Za-z0-9_-]+/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? session?.cookie ?? '';
  return { answer: (response.status === 204 ? null : await response.json()) as Answer, cookie };
}

/** The console setup token the server printed at start (`Console setup: …#setup=<token>`); throws if there is none. */
export function setupTokenOf(server: Pick<ServerProcess, 'output'>): string {
  const token = /Console setup: \S+#setup=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
  if (token === undefined) throw new Error(`no setup link in the start log:\n${server.output()}`);
  return token;
}
