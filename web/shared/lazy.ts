// Subresource Integrity for lazily loaded chunks. import() takes no integrity, so each chunk (and
// what it imports) is first fetched through a <link rel="modulepreload" integrity="…">; the
// browser keeps that verified module, and the import() that follows uses it. A chunk that fails
// its hash never runs. The hashes are written into this file's chunk by web/build/integrity.ts.
// Used by both web apps (each build bakes its own table).

type LazyIntegrity = Record<string, [url: string, integrity: string][]>;

/** A lazy chunk the build produced, by name; see lazyName() in web/vite.config.ts and web/vite.console.config.ts. */
export type LazyChunk = string;

export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
}

const placeholder = '__QAUIPSIZ_LAZY_INTEGRITY__';
// Outside a browser (the web modules under Node's tests) and on the dev server nothing is hashed.
const inBrowser = typeof document !== 'undefined';
const table: LazyIntegrity | null = !inBrowser || import.meta.env.DEV ? null : (JSON.parse(placeholder) as LazyIntegrity);

// Safari before 17 ignores modulepreload (no load event would ever come): there the lazy chunks
// load without integrity checks, like on any page without SRI; index.html's own tags still have it.
const modulePreloadWorks = inBrowser && document.createElement('link').relList.supports('modulepreload');

const preloads = new Map<string, Promise<void>>();

function preload(url: string, integrity: string): Promise<void> {
  let loaded = preloads.get(url);
  if (loaded === undefined) {
    loaded = new Promise<void>((resolve, reject) => {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = 'anonymous';
      link.integrity = integrity;
      link.setAttribute('href', url);
      link.addEventListener('load', () => resolve());
      link.addEventListener('error', () => {
        preloads.delete(url);
        link.remove();
        reject(new ChunkLoadError(`${url} did not load or failed its integrity check`));
      });
      document.head.append(link);
    });
    preloads.set(url, loaded);
  }
  return loaded;
}

/** Fetches and verifies a lazy chunk and its imports; import() it afterwards. */
export async function preloadChunk(name: LazyChunk): Promise<void> {
  if (table === null || !modulePreloadWorks) return; // dev server (nothing is hashed) or no modulepreload
  const files = table[name];
  if (files === undefined) throw new ChunkLoadError(`no integrity hashes for chunk ${name}`);
  await Promise.all(files.map(([url, integrity]) => preload(url, integrity)));
}

/** One load for every caller; after a failure the next call starts again (a reload is not needed). */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
