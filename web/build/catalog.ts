// `virtual:catalog`: regions, industries, report categories and accident severity levels from
// db/data, with our label corrections (db/data/label-corrections.json, as db/catalog.ts applies
// them), trimmed at build time to the ids and labels the pages show, so the full data files never
// ship. The reporter page imports the first three; the console also the severities (unused exports
// are dropped from each bundle).
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const virtualId = 'virtual:catalog';
const resolvedId = '\0virtual:catalog';

type Labels = { kk: string; ru: string; en: string };
/** One entry's corrections: language → our label (`now`) in place of the shared one. */
type Correction = Partial<Record<keyof Labels, { now: string }>>;

function labels(entry: Record<string, unknown>, file: string, correction: Correction | undefined): Labels {
  const { kk, ru, en } = entry;
  if (typeof kk !== 'string' || typeof ru !== 'string' || typeof en !== 'string') {
    throw new Error(`${file}: entry ${JSON.stringify(entry)} lacks a kk, ru or en label`);
  }
  return { kk: correction?.kk?.now ?? kk, ru: correction?.ru?.now ?? ru, en: correction?.en?.now ?? en };
}

/** label-corrections.json: the correction of entry `id` of the data file `name`, if any. */
function readCorrections(dataDir: URL): { file: string; of: (name: string, id: string) => Correction | undefined } {
  const file = new URL('label-corrections.json', dataDir).pathname;
  const { files } = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, Record<string, Correction>> };
  return { file, of: (name, id) => files[name]?.[id] };
}

function readEntries(dataDir: URL, name: string): { file: string; entries: Record<string, unknown>[] } {
  const file = new URL(name, dataDir).pathname;
  const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array`);
  return { file, entries: entries as Record<string, unknown>[] };
}

function requireString(entry: Record<string, unknown>, key: string, pattern: RegExp, file: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || !pattern.test(value)) throw new Error(`${file}: bad ${key} in ${JSON.stringify(entry)}`);
  return value;
}

/** The trimmed catalog as an ES module; throws if the data files change shape. */
export function catalogModule(dataDir: URL): { code: string; files: string[] } {
  const corrections = readCorrections(dataDir);
  const regionData = readEntries(dataDir, 'regions.json');
  const regions = regionData.entries.map((entry) => {
    const id = requireString(entry, 'katoPrefix', /^[0-9]{2}$/, regionData.file);
    return { id, city: entry.type === 'city', ...labels(entry, regionData.file, corrections.of('regions.json', id)) };
  });

  const industryData = readEntries(dataDir, 'industries.json');
  const industries = industryData.entries.map((entry) => {
    const id = requireString(entry, 'section', /^[A-Z]$/, industryData.file);
    return { id, highRisk: entry.highRisk === true, ...labels(entry, industryData.file, corrections.of('industries.json', id)) };
  });

  const categoryData = readEntries(dataDir, 'report-categories.json');
  const categories = categoryData.entries.map((entry) => {
    const id = requireString(entry, 'id', /^[a-z_.]{1,64}$/, categoryData.file);
    return {
      id,
      parent: typeof entry.parent === 'string' ? entry.parent : null,
      inScope: entry.inScope !== false,
      ...labels(entry, categoryData.file, corrections.of('report-categories.json', id)),
    };
  });

  const severityFile = new URL('accident-severity.json', dataDir).pathname;
  const severityData = JSON.parse(readFileSync(severityFile, 'utf8')) as { levels?: unknown };
  if (!Array.isArray(severityData.levels)) throw new Error(`${severityFile}: expected levels`);
  const levels = severityData.levels as Record<string, unknown>[];
  const level = (id: string) => {
    const entry = levels.find((candidate) => candidate.id === id);
    if (entry === undefined) throw new Error(`${severityFile}: no level ${id}`);
    return { id, ...labels(entry, severityFile, corrections.of('accident-severity.json', id)) };
  };
  // Severity is light/severe/fatal; "group" is a separate flag on a case (see the file's notes).
  const severities = ['light', 'severe', 'fatal'].map(level);
  const { id: _group, ...groupAccident } = level('group');

  const code = [
    `export const regions = ${JSON.stringify(regions)};`,
    `export const industries = ${JSON.stringify(industries)};`,
    `export const categories = ${JSON.stringify(categories)};`,
    `export const severities = ${JSON.stringify(severities)};`,
    `export const groupAccident = ${JSON.stringify(groupAccident)};`,
  ].join('\n');
  return { code, files: [regionData.file, industryData.file, categoryData.file, severityFile, corrections.file] };
}

export function catalogPlugin(dataDir: URL): Plugin {
  return {
    name: 'qauipsiz:catalog',
    resolveId(id) {
      return id === virtualId ? resolvedId : undefined;
    },
    load(id) {
      if (id !== resolvedId) return undefined;
      const { code, files } = catalogModule(dataDir);
      for (const file of files) this.addWatchFile(file);
      return code;
    },
  };
}
