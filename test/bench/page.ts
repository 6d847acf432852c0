// The reporter page in Debian's Chromium, served by the real server: what it downloads, and how
// long until the report form can be used on DevTools' "3G" profile (formerly "Slow 3G").
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { onCleanUp, projectRoot, startRealServer, temporaryDir } from './processes.ts';
import { seedDataDir } from './seed.ts';

export const reporterDist = join(projectRoot, 'web/dist/reporter');

/**
 * chrome-devtools-frontend core/sdk/NetworkManager.ts, Slow3GConditions (shown as "3G"):
 * 500 kbit/s × 0.8 each way, 400 ms RTT × 5 = 2,000 ms latency per request.
 */
export const slow3g = { download: (500 * 1000) / 8 * 0.8, upload: (500 * 1000) / 8 * 0.8, latency: 400 * 5 };
export const cpuSlowdown = 4;

/** The page's first step: the home view's "report" button; then the report form's first control. */
const reportButton = '#home-report';
const firstFormControl = '#report-form :is(select, input, textarea, button)';

export type PageFile = { path: string; bytes: number; gzip: number; transferred: number };

export type PageResults = {
  files: PageFile[];
  /** Requests the page made that are not files of the site (the API, data: URLs…). */
  otherRequests: string[];
  gzipTotal: number;
  bytesTotal: number;
  /** Encoded bytes of every response, headers included, as the server sent them. */
  transferredTotal: number;
  /** Content-Encoding values the server answered with ('identity' when none). */
  encodings: string[];
  /** ms since navigation start, each throttled run. */
  usableMs: number[];
  /** ms since navigation start until the last request finished (network idle), each throttled run. */
  allLoadedMs: number[];
  asmjs: { path: string; bytes: number; gzip: number } | null;
  chromium: string;
};

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/** Builds web/dist/reporter with `npm run build` when it is not there; says when it was built. */
export function ensureBuilt(log: (line: string) => void): string {
  const index = join(reporterDist, 'index.html');
  if (existsSync(index)) return `web/dist/reporter as built ${statSync(index).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  log('  web/dist/reporter is missing: npm run build');
  const built = spawnSync('npm', ['run', 'build'], {
    cwd: projectRoot,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
  return 'web/dist/reporter built by the benchmark';
}

type Manifest = { paths?: Record<string, { files: string[] }> };

/** The chunk only WebAssembly-less browsers load: in the build manifest's noWasm path and not in its report path. */
function asmjsChunk(): PageResults['asmjs'] {
  const manifestPath = join(reporterDist, 'bundle-manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const report = new Set(manifest.paths?.report?.files ?? []);
  const only = (manifest.paths?.noWasm?.files ?? []).filter((f) => !report.has(f));
  if (only.length !== 1 || only[0] === undefined) return null;
  const bytes = readFileSync(join(reporterDist, only[0]));
  return { path: only[0], bytes: bytes.length, gzip: gzipSize(bytes) };
}

type Transfers = {
  bytes: Map<string, number>;
  encodings: Set<string>;
  /** Rejects at the first answer of 400 or more: a 404 for one of the page's own files means web/dist changed after the server listed it. */
  failure: Promise<never>;
};

export class BuildChanged extends Error {}

/** Encoded bytes received per URL (headers included), from DevTools' own accounting, and failed answers. */
function recordTransfers(cdp: CDPSession): Transfers {
  const urls = new Map<string, string>();
  let fail: (error: Error) => void = () => {};
  const failure = new Promise<never>((_resolve, reject) => (fail = reject));
  failure.catch(() => {}); // observed through race() only
  const transfers: Transfers = { bytes: new Map(), encodings: new Set(), failure };
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.responseReceived', (event) => {
    if (event.response.status >= 400) fail(new BuildChanged(`${event.response.status} for ${new URL(event.response.url).pathname}: was web/dist rebuilt while the benchmark ran?`));
    const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
    transfers.encodings.add(encoding ?? 'identity');
  });
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId);
    if (url !== undefined) transfers.bytes.set(url, (transfers.bytes.get(url) ?? 0) + event.encodedDataLength);
  });
  return transfers;
}

async function openPage(browser: Browser, throttled: boolean): Promise<{ page: Page; transfers: Transfers; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: slow3g.latency, downloadThroughput: slow3g.download, uploadThroughput: slow3g.upload });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  return { page, transfers: recordTransfers(cdp), close: () => context.close() };
}

/** In-page: ms since navigation start at the first frame where `selector` is visible and enabled. */
function whenUsable(page: Page, selector: string): Promise<number> {
  return page
    .waitForFunction(
      (wanted) => {
        const control = document.querySelector<HTMLInputElement>(wanted);
        return control !== null && !control.disabled && control.getClientRects().length > 0 && getComputedStyle(control).visibility !== 'hidden' ? performance.now() : false;
      },
      selector,
      { polling: 'raf', timeout: 60_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);
}

/**
 * Loads the page and opens the report form. Returns ms since navigation start until the form's
 * first control was usable, counting from when the "report" button could first be clicked, so
 * the time Playwright takes to click (actionability checks, CDP round trips) is left out.
 */
async function timeToUsableForm(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const buttonUsable = await whenUsable(page, reportButton);
  await page.evaluate(() => {
    const marks = window as unknown as { benchClickAt?: number };
    document.addEventListener('click', () => (marks.benchClickAt ??= performance.now()), { capture: true });
  });
  await page.click(reportButton, { timeout: 60_000 });
  const formUsable = await whenUsable(page, firstFormControl);
  const clickAt = await page.evaluate(() => (window as unknown as { benchClickAt?: number }).benchClickAt ?? Number.NaN);
  return buttonUsable + (formUsable - clickAt);
}

/** ms since navigation start when the last resource finished, once the network has been idle. */
async function allLoaded(page: Page): Promise<number> {
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  return page.evaluate(() => Math.max(...performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).responseEnd), 0));
}

/** The page's own measurement, failing fast when one of its requests fails. */
const watched = <T>(transfers: Transfers, work: Promise<T>): Promise<T> => Promise.race([work, transfers.failure]);

async function measure(browser: Browser, publicUrl: string, runs: number, log: (line: string) => void) {
  const url = `${publicUrl}/`;
  // Unthrottled: every request the page makes until the network is quiet, and its bytes.
  const plain = await openPage(browser, false);
  try {
    await watched(plain.transfers, timeToUsableForm(plain.page, url).then(() => allLoaded(plain.page)));
  } finally {
    await plain.close();
  }
  const usableMs: number[] = [];
  const allLoadedMs: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const throttled = await openPage(browser, true);
    try {
      usableMs.push(await watched(throttled.transfers, timeToUsableForm(throttled.page, url)));
      allLoadedMs.push(await watched(throttled.transfers, allLoaded(throttled.page)));
    } finally {
      await throttled.close();
    }
    log(`  3G run ${run}: form usable after ${(usableMs.at(-1) ?? 0).toFixed(0)} ms, everything loaded after ${(allLoadedMs.at(-1) ?? 0).toFixed(0)} ms`);
  }
  return { transfers: plain.transfers, usableMs, allLoadedMs };
}

const attempts = 3;

/**
 * Starts its own real server (@fastify/static lists web/dist/reporter when it starts, so a
 * server started earlier would not see a build made since), then loads the page unthrottled
 * once and throttled `runs` times, each in a fresh browser context. When the build changes
 * under it (another `npm run build`), it starts again with a new server, up to 3 times.
 */
export async function benchPage(runs: number, log: (line: string) => void): Promise<PageResults> {
  const browser = await launchChromium();
  onCleanUp(() => browser.close());
  try {
    for (let attempt = 1; ; attempt++) {
      const seeded = seedDataDir(join(temporaryDir('page'), 'data'));
      const server = await startRealServer(seeded.dataDir);
      try {
        const { transfers, usableMs, allLoadedMs } = await measure(browser, server.url, runs, log);
        const files: PageFile[] = [];
        const otherRequests: string[] = [];
        for (const [requested, transferred] of transfers.bytes) {
          const path = requested.startsWith(server.url) ? new URL(requested).pathname.replace(/^\/$/, '/index.html').slice(1) : '';
          const file = join(reporterDist, path);
          if (path === '' || path.startsWith('api/') || !existsSync(file) || !statSync(file).isFile()) {
            otherRequests.push(requested.length > 80 ? `${requested.slice(0, 77)}…` : requested);
            continue;
          }
          const bytes = readFileSync(file);
          files.push({ path, bytes: bytes.length, gzip: gzipSize(bytes), transferred });
        }
        const sum = (pick: (f: PageFile) => number) => files.reduce((total, f) => total + pick(f), 0);
        return {
          files,
          otherRequests,
          gzipTotal: sum((f) => f.gzip),
          bytesTotal: sum((f) => f.bytes),
          transferredTotal: [...transfers.bytes.values()].reduce((total, n) => total + n, 0),
          encodings: [...transfers.encodings],
          usableMs,
          allLoadedMs,
          asmjs: asmjsChunk(),
          chromium: browser.version(),
        };
      } catch (error) {
        if (!(error instanceof BuildChanged) || attempt === attempts) throw error;
        log(`  ${error.message} Starting again (attempt ${attempt + 1} of ${attempts}).`);
        await new Promise((resolve) => setTimeout(resolve, 3000));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}
