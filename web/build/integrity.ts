// After Vite has written the reporter bundle: Subresource Integrity for index.html, integrity
// hashes of the lazily loaded chunks baked into the entry chunk, checks that the output obeys the
// CSP, precompressed .gz/.br copies, and bundle-manifest.json (every file's size, gzip size and
// sha384, plus the budget).
// Works on the files on disk, so nothing that runs later in the build can invalidate a hash.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/** Replaced in the entry chunk by the JSON of `LazyIntegrity`; see web/shared/lazy.ts. */
export const lazyIntegrityPlaceholder = '__QAUIPSIZ_LAZY_INTEGRITY__';

/** Lazy chunk name → the files to preload for it, as [url, integrity] pairs. */
export type LazyIntegrity = Record<string, [url: string, integrity: string][]>;

export type IntegrityOptions = {
  /** Names a dynamically imported module by its id; every dynamic entry must get a name. */
  lazyName: (moduleId: string) => string | undefined;
  /** Lazy chunks each download path loads, beyond index.html and what it references. */
  paths: Record<string, string[]>;
  /** The path whose gzip total must stay within `budgetGzip` bytes. */
  budgetPath: string;
  budgetGzip: number;
  /** A warning (not a failure) when index.html and what it loads exceed this many bytes gzip. */
  pageWarningGzip: number;
  /** What the site is, for the manifest's description (default: the reporter site). */
  siteName?: string;
};

type FileEntry = { path: string; bytes: number; gzip: number; sha384: string };

export function sri(content: Uint8Array): string {
  return `sha384-${createHash('sha384').update(content).digest('base64')}`;
}

const compressible = /\.(?:html|js|css|json)$/;
const precompressed = /\.(?:gz|br)$/;

/** Writes file.gz (gzip -9) and file.br (brotli 11) beside a text file; returns the gzip size. */
function precompress(path: string, content: Uint8Array): number {
  const gzip = gzipSync(content, { level: 9 });
  if (!compressible.test(path)) return gzip.length;
  writeFileSync(`${path}.gz`, gzip);
  writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
  return gzip.length;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** A chunk and everything it imports statically, as file names. */
function staticClosure(bundle: OutputBundle, fileName: string, seen = new Set<string>()): Set<string> {
  if (seen.has(fileName)) return seen;
  seen.add(fileName);
  const chunk = bundle[fileName];
  if (chunk?.type === 'chunk') for (const imported of chunk.imports) staticClosure(bundle, imported, seen);
  return seen;
}

/** Adds integrity to every script and stylesheet/modulepreload link; rejects anything the CSP would block. */
function secureHtml(html: string, base: string, hashOf: (file: string) => string): string {
  const problems: string[] = [];
  if (/<style[\s>]/i.test(html)) problems.push('inline <style>');
  if (/\sstyle\s*=/i.test(html)) problems.push('style attribute');
  if (/\son[a-z]+\s*=/i.test(html)) problems.push('inline event handler');
  if (/(?:src|href)\s*=\s*["']?(?:[a-z]+:)?\/\//i.test(html)) problems.push('external URL');
  const out = html.replace(/<(script|link)\b([^>]*)>/gi, (tag, name: string, attrs: string) => {
    const url = /\s(?:src|href)="([^"]+)"/.exec(attrs)?.[1];
    const isScript = name.toLowerCase() === 'script';
    if (isScript && url === undefined) problems.push('inline <script>');
    if (!isScript && !/\srel="(?:stylesheet|modulepreload)"/.test(attrs)) return tag;
    if (url === undefined || !url.startsWith(base)) {
      problems.push(`unexpected resource ${url ?? tag}`);
      return tag;
    }
    if (/\sintegrity=/.test(attrs)) problems.push(`integrity already set on ${url}`);
    return `<${name}${attrs.replace(/\s*\/$/, '')} integrity="${hashOf(url.slice(base.length))}">`;
  });
  if (problems.length > 0) throw new Error(`index.html breaks the page's CSP rules: ${problems.join(', ')}`);
  return out;
}

function checkCss(css: string, file: string): void {
  if (/@import|@font-face|url\(\s*["']?(?:[a-z]+:)?\/\//i.test(css)) {
    throw new Error(`${file}: no @import, web fonts or external URLs in the CSS`);
  }
}

export function integrityPlugin(options: IntegrityOptions): Plugin {
  let base = '/';
  return {
    name: 'qauipsiz:integrity',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      handler(outputOptions, bundle) {
        const outDir = outputOptions.dir;
        if (outDir === undefined) throw new Error('qauipsiz:integrity needs build.outDir');
        const read = (file: string) => readFileSync(join(outDir, file));
        const hashOf = (file: string) => sri(read(file));

        const chunks = Object.values(bundle).filter((item): item is OutputChunk => item.type === 'chunk');
        const entries = chunks.filter((chunk) => chunk.isEntry);
        const entry = entries[0];
        if (entry === undefined || entries.length !== 1) throw new Error('expected exactly one entry chunk');
        const pageFiles = staticClosure(bundle, entry.fileName);

        // Lazy chunks: each dynamic entry with its static imports, minus what index.html loads already.
        const lazyFiles = new Map<string, string[]>();
        for (const chunk of chunks) {
          if (!chunk.isDynamicEntry || pageFiles.has(chunk.fileName)) continue;
          const moduleId = chunk.facadeModuleId ?? '';
          const name = options.lazyName(moduleId);
          if (name === undefined) throw new Error(`lazy chunk ${chunk.fileName} (${moduleId}) has no name in web/vite.config.ts`);
          if (lazyFiles.has(name)) throw new Error(`two lazy chunks named ${name}`);
          lazyFiles.set(name, [...staticClosure(bundle, chunk.fileName)].filter((file) => !pageFiles.has(file)));
        }
        const lazy: LazyIntegrity = {};
        for (const [name, files] of lazyFiles) lazy[name] = files.map((file) => [base + file, hashOf(file)]);

        // Bake the lazy hashes into the one page chunk holding the placeholder, before hashing it.
        const placeholder = new RegExp(`(["'\`])${lazyIntegrityPlaceholder}\\1`, 'g');
        const holders = [...pageFiles].filter((file) => read(file).toString('utf8').match(placeholder));
        const holder = holders[0];
        if (holder === undefined || holders.length !== 1) throw new Error(`expected the lazy integrity placeholder in exactly one page chunk, found ${holders.length}`);
        const holderCode = read(holder).toString('utf8');
        if ((holderCode.match(placeholder) ?? []).length !== 1) throw new Error(`placeholder appears more than once in ${holder}`);
        writeFileSync(join(outDir, holder), holderCode.replace(placeholder, () => JSON.stringify(JSON.stringify(lazy))));

        writeFileSync(join(outDir, 'index.html'), secureHtml(read('index.html').toString('utf8'), base, hashOf));

        // Precompressed copies (file.gz, file.br) for the server to send as they are; not listed.
        const files: FileEntry[] = listFiles(outDir)
          .filter((file) => file !== 'bundle-manifest.json' && !precompressed.test(file))
          .map((file) => {
            const content = read(file);
            if (file.endsWith('.css')) checkCss(content.toString('utf8'), file);
            return { path: file, bytes: content.length, gzip: precompress(join(outDir, file), content), sha384: sri(content) };
          });
        const byPath = new Map(files.map((file) => [file.path, file]));
        const sum = (list: string[]) => list.reduce((total, file) => total + (byPath.get(file)?.gzip ?? 0), 0);

        const pageLoad = ['index.html', ...files.filter((f) => f.path.endsWith('.css')).map((f) => f.path), ...pageFiles];
        const paths: Record<string, { files: string[]; gzip: number }> = { page: { files: pageLoad, gzip: sum(pageLoad) } };
        for (const [pathName, lazyNames] of Object.entries(options.paths)) {
          const list = [...pageLoad];
          for (const name of lazyNames) {
            const files = lazyFiles.get(name);
            if (files === undefined) throw new Error(`download path ${pathName} names lazy chunk ${name}, which the build did not produce`);
            list.push(...files.filter((file) => !list.includes(file)));
          }
          paths[pathName] = { files: list, gzip: sum(list) };
        }

        const manifest = {
          description:
            `Every file of the Qauipsiz ${options.siteName ?? 'reporter site'}: size in bytes, gzip -9 size (= its .gz copy), SRI sha384 of the uncompressed file. Each text file also has .gz and .br copies beside it.`,
          files,
          totalBytes: files.reduce((total, file) => total + file.bytes, 0),
          totalGzip: files.reduce((total, file) => total + file.gzip, 0),
          paths,
          budget: { path: options.budgetPath, gzip: options.budgetGzip, pageWarningGzip: options.pageWarningGzip },
        };
        writeFileSync(join(outDir, 'bundle-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

        const width = Math.max(...files.map((file) => file.path.length));
        const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`.padStart(9);
        const lines = files.map((file) => `  ${file.path.padEnd(width)} ${kb(file.bytes)}  gzip ${kb(file.gzip)}`);
        for (const [name, path] of Object.entries(paths)) lines.push(`  download path ${name.padEnd(10)} gzip ${kb(path.gzip)}`);
        this.info(`bundle-manifest.json\n${lines.join('\n')}\n  all files gzip ${kb(manifest.totalGzip)}`);

        const page = paths.page?.gzip ?? 0;
        if (page > options.pageWarningGzip) this.warn(`the page itself is ${page} bytes gzip, more than the ${options.pageWarningGzip} aimed for`);
        const budgeted = paths[options.budgetPath];
        if (budgeted === undefined || budgeted.gzip > options.budgetGzip) {
          throw new Error(`the ${options.budgetPath} download path is ${budgeted?.gzip} bytes gzip, over the budget of ${options.budgetGzip}`);
        }
      },
    },
  };
}
