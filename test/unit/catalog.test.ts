import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { categoryIds, industryIds, regionIds } from '../../contract/catalog-ids.ts';
import { categories, industries, isCategory, isIndustry, isRegion, labelCorrections, languages, regions } from '../../db/catalog.ts';
import { catalogModule } from '../../web/build/catalog.ts';

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const dataDir = new URL('../../db/data/', import.meta.url);

/** The labelled entries of a data file in db/data, and the field that is their id. */
function labelledEntries(file: string): { idKey: string; entries: Record<string, unknown>[] } | undefined {
  const idKeys: Record<string, string> = { 'regions.json': 'katoPrefix', 'industries.json': 'section', 'report-categories.json': 'id', 'accident-severity.json': 'id' };
  const idKey = idKeys[file];
  if (idKey === undefined) return undefined;
  const data: unknown = JSON.parse(readFileSync(new URL(file, dataDir), 'utf8'));
  const entries = file === 'accident-severity.json' ? (data as { levels: Record<string, unknown>[] }).levels : (data as Record<string, unknown>[]);
  return { idKey, entries };
}

/** The `virtual:catalog` module the pages import, built from db/data as Vite builds it. */
async function builtCatalog() {
  const { code } = catalogModule(dataDir);
  type Entry = { id: string; kk: string; ru: string; en: string };
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as Record<'regions' | 'industries' | 'categories' | 'severities', Entry[]>;
}

t.test('every label exists in Kazakh, Russian and English', async (t) => {
  t.equal(regions.length, 20);
  t.equal(industries.length, 21);
  for (const item of [...regions, ...industries, ...categories]) {
    for (const language of ['kk', 'ru', 'en'] as const) t.ok(item.labels[language].trim().length > 0, `${JSON.stringify(item).slice(0, 40)} has ${language}`);
  }
  t.ok(isRegion('75') && isIndustry('F') && isCategory('inspector_corruption'));
  t.notOk(isRegion('99') || isIndustry('Z') || isCategory('nope'));
  for (const c of categories) if (c.parent) t.ok(isCategory(c.parent), `${c.id}'s parent exists`);
});

t.test('the copies in db/data match ../shared/data', { skip: existsSync(shared) ? false : 'no ../shared/data beside this checkout' }, async (t) => {
  for (const file of ['regions.json', 'industries.json', 'report-categories.json', 'accident-severity.json', 'esaw-codes.json']) {
    const ours = readFileSync(fileURLToPath(new URL(`../../db/data/${file}`, import.meta.url)), 'utf8');
    t.same(JSON.parse(ours), JSON.parse(readFileSync(`${shared}${file}`, 'utf8')), file);
  }
});

t.test('the contract names exactly the catalogue’s ids, in its order', async (t) => {
  t.same([...regionIds], regions.map((r) => r.katoPrefix), 'regions');
  t.same([...industryIds], industries.map((i) => i.section), 'industry sections');
  t.same([...categoryIds], categories.map((c) => c.id), 'categories');
});

t.test('each label correction names an existing entry and language, and the shared label it replaces', async (t) => {
  let corrections = 0;
  for (const [file, byId] of Object.entries(labelCorrections)) {
    const data = labelledEntries(file);
    if (data === undefined) {
      t.fail(`${file} is not a labelled data file`);
      continue;
    }
    for (const [id, byLanguage] of Object.entries(byId)) {
      const entry = data.entries.find((candidate) => candidate[data.idKey] === id);
      t.ok(entry, `${file}: ${id} exists`);
      for (const [language, correction] of Object.entries(byLanguage)) {
        corrections += 1;
        t.ok((languages as readonly string[]).includes(language), `${file} ${id}: ${language} is a language`);
        // When ../shared/data changes the label, the correction is judged again (and maybe dropped).
        t.equal(entry?.[language], correction.was, `${file} ${id} ${language}: the shared label is still the one corrected`);
        t.ok(correction.now.trim() !== '' && correction.now !== correction.was && correction.why.trim() !== '', `${file} ${id} ${language}: a new label, and why`);
      }
    }
  }
  t.ok(corrections > 0, `${corrections} corrections`);
});

t.test('the server and the pages show the corrected labels, the same ones', async (t) => {
  const sickLeave = categories.find((c) => c.id === 'concealed_injury.sick_leave_pressure');
  t.match(sickLeave?.labels.kk, /жарақатпен жұмыс істеуге мәжбүрлеу$/, 'the Kazakh sick-leave category names working while injured, as the Russian does');
  t.notMatch(categories.find((c) => c.id === 'near_miss')?.labels.ru, /near miss/, 'no English in the Russian near-miss label');

  const built = await builtCatalog();
  const sameLabels = (ours: readonly { labels: Record<string, string> }[], pages: Record<string, string>[], what: string) =>
    t.same(pages.map(({ kk, ru, en }) => ({ kk, ru, en })), ours.map((x) => x.labels), `${what}: the pages show what the server names`);
  sameLabels(regions, built.regions, 'regions');
  sameLabels(industries, built.industries, 'industries');
  sameLabels(categories, built.categories, 'categories');
  const pageLabel = { 'regions.json': built.regions, 'industries.json': built.industries, 'report-categories.json': built.categories, 'accident-severity.json': built.severities } as Record<string, typeof built.regions>;
  for (const [file, byId] of Object.entries(labelCorrections)) {
    for (const [id, byLanguage] of Object.entries(byId)) {
      for (const [language, correction] of Object.entries(byLanguage)) {
        const shown = pageLabel[file]?.find((entry) => entry.id === id)?.[language as 'kk'];
        if (shown !== undefined) t.equal(shown, correction.now, `${file} ${id} ${language}: the pages show the correction`);
      }
    }
  }
});

t.test('no English words in the Kazakh and Russian labels workers and inspectors see', async (t) => {
  const built = await builtCatalog();
  for (const entry of [...built.regions, ...built.industries, ...built.categories, ...built.severities]) {
    for (const language of ['kk', 'ru'] as const) t.notMatch(entry[language], /[A-Za-z]/, `${entry.id} ${language}: “${entry[language]}”`);
  }
});
