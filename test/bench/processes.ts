// Child processes and temporary directories of the benchmark, and what it samples of them.
// Like test/helpers/server-process.ts startServer (same V8 flags, those of `npm start`), but it
// keeps only the tail of the output and stops reading it for the URL once listening: under load
// the request log runs to megabytes, and startServer keeps it all and splits it again on every
// chunk, which would be CPU of the load generator. It also gives up after a time limit and is
// stopped by cleanUp() whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFlags } from '../helpers/server-process.ts';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Undo actions run in reverse order by cleanUp(), also when the benchmark fails half-way. */
const undo: (() => void | Promise<void>)[] = [];

export function onCleanUp(action: () => void | Promise<void>): void {
  undo.push(action);
}

export async function cleanUp(): Promise<void> {
  while (undo.length > 0) {
    const action = undo.pop();
    try {
      await action?.();
    } catch (error) {
      process.stderr.write(`clean-up: ${String(error)}\n`);
    }
  }
}

export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `qauipsiz-bench-${prefix}-`));
  onCleanUp(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type RunningProcess = {
  pid: number;
  url: string;
  /** The last 64 KiB of standard output and error. */
  outputTail: () => string;
  stop: () => Promise<void>;
};

const tailLimit = 64 * 1024;
/** Keeps the benchmark bounded when a start takes minutes (e.g. work over every case at start). */
const listenTimeoutSeconds = 180;

/**
 * Spawns `node <script>` and resolves once a line of its output holds the JSON key `urlKey`
 * (the server logs `publicUrl`; the echo server prints `url`).
 */
function startNode(script: string, env: Record<string, string>, urlKey: string, nodeArgs: string[] = []): Promise<RunningProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let url: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  onCleanUp(stop);
  return new Promise((resolve, reject) => {
    const tooSlow = setTimeout(() => {
      reject(new Error(`${script} did not listen within ${listenTimeoutSeconds} s`));
      void stop();
    }, listenTimeoutSeconds * 1000);
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-tailLimit);
      if (url !== undefined) return;
      const line = tail.split('\n').find((l) => l.includes(`"${urlKey}"`));
      if (line === undefined) return;
      url = (JSON.parse(line) as Record<string, string>)[urlKey];
      if (url === undefined || child.pid === undefined) return;
      clearTimeout(tooSlow);
      resolve({ pid: child.pid, url, outputTail: () => tail, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(tooSlow);
      if (url === undefined) reject(new Error(`${script} exited before listening:\n${tail}`));
    });
  });
}

/** BENCH_SERVER_NODE_OPTIONS becomes the real server's NODE_OPTIONS (e.g. to try V8 flags). */
export const serverNodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS;

/** The node flags of package.json's `start` script: the server runs as an operator starts it. */
export const serverNodeFlags = startFlags;

/** The real server, `node <flags of npm start> server/main.ts`, on free ports with this DATA_DIR. */
export function startRealServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const serverEnv: Record<string, string> = { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', CONSOLE_PORT: '0' };
  if (serverNodeOptions !== undefined) serverEnv.NODE_OPTIONS = serverNodeOptions;
  return startNode('server/main.ts', { ...serverEnv, ...env }, 'publicUrl', serverNodeFlags);
}

/** The bare Fastify baseline (test/bench/echo-server.ts). */
export function startEchoServer(): Promise<RunningProcess> {
  return startNode('test/bench/echo-server.ts', {}, 'url');
}

/** Resident set size of a process in bytes, from /proc/<pid>/status; 0 once it is gone. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Clock ticks (USER_HZ) the whole machine spent busy and in total, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** Clock ticks a process has run (user + system), from /proc/<pid>/stat. */
function processTicks(pid: number): number {
  try {
    const afterName = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(afterName[11] ?? 0) + Number(afterName[12] ?? 0);
  } catch {
    return 0;
  }
}

const ticksPerSecond = 100;

/** Average cores in use during a run: the server, this process (the load generator), and everything else. */
export type CpuShare = { server: number; generator: number; other: number };

export type ProcessSample = { maxRssBytes: number; cpu: CpuShare };

/** Samples a process's RSS every `everyMs` until stopped, and the CPU used meanwhile. */
export function sampleProcess(pid: number, everyMs = 100): { stop: () => ProcessSample } {
  let max = residentBytes(pid);
  const started = { at: performance.now(), machine: machineTicks(), server: processTicks(pid), generator: process.cpuUsage() };
  const timer = setInterval(() => {
    max = Math.max(max, residentBytes(pid));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const seconds = (performance.now() - started.at) / 1000;
      const machine = machineTicks();
      const server = (processTicks(pid) - started.server) / ticksPerSecond / seconds;
      const used = process.cpuUsage(started.generator);
      const generator = (used.user + used.system) / 1e6 / seconds;
      const busy = (machine.busy - started.machine.busy) / ticksPerSecond / seconds;
      return { maxRssBytes: Math.max(max, residentBytes(pid)), cpu: { server, generator, other: Math.max(0, busy - server - generator) } };
    },
  };
}
