// A pid file in DATA_DIR tells the admin CLI whether a server is running on that data, so a
// restore never swaps the database under a live server.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pidFile = (dataDir: string) => join(dataDir, 'server.pid');

export function runningServerPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile(dataDir), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // left behind by a crash
  }
}

export function writePidFile(dataDir: string): void {
  writeFileSync(pidFile(dataDir), `${process.pid}\n`, { mode: 0o600 });
}

export function removePidFile(dataDir: string): void {
  rmSync(pidFile(dataDir), { force: true });
}
