import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { categoryIds, industryIds, regionIds } from '../../contract/catalog-ids.ts';
import { categories, industries, isCategory, isIndustry, isRegion, regions } from '../../db/catalog.ts';

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

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
