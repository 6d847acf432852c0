// The choices of the region, industry and category lists, from the build-time catalog, grouped
// the way a reporter looks for them.
import { categories, industries, regions } from 'virtual:catalog';
import { h } from '../../../shared/dom.ts';
import { format, type Language, type Messages } from '../../i18n/index.ts';

/** Sorting key: region names without the word for "region"/"city" in front (ru: "область Абай"). */
const sortName = (name: string) => name.replace(/^(?:область|город)\s+/i, '');

export function option(value: string, text: string, selected: string): HTMLOptionElement {
  return h('option', { value, selected: value === selected }, text);
}

/** Cities of republican significance first, then the regions, each sorted in the page's language. */
export function regionOptions(t: Messages, language: Language, selected: string): Node[] {
  const collator = new Intl.Collator(language);
  const sorted = [...regions].sort((a, b) => collator.compare(sortName(a[language]), sortName(b[language])));
  const group = (label: string, city: boolean) =>
    h('optgroup', { label }, sorted.filter((r) => r.city === city).map((r) => option(r.id, r[language], selected)));
  return [option('', t.choose, selected), group(t.regionCities, true), group(t.regionRegions, false)];
}

/** High-risk industries first. */
export function industryOptions(t: Messages, language: Language, selected: string): Node[] {
  const group = (label: string, highRisk: boolean) =>
    h('optgroup', { label }, industries.filter((i) => i.highRisk === highRisk).map((i) => option(i.id, i[language], selected)));
  return [option('', t.choose, selected), group(t.industryHighRisk, true), group(t.industryOther, false)];
}

/** Categories with sub-categories as groups (plus "not sure which"), then the single ones, then those out of scope. */
export function categoryOptions(t: Messages, language: Language, selected: string): Node[] {
  const parents: Node[] = [];
  const single: Node[] = [];
  const outOfScope: Node[] = [];
  for (const category of categories) {
    if (category.parent !== null) continue;
    const children = categories.filter((c) => c.parent === category.id);
    const name = category[language];
    if (!category.inScope) outOfScope.push(option(category.id, name, selected));
    else if (children.length === 0) single.push(option(category.id, name, selected));
    else {
      const unsure = option(category.id, format(t.categoryUnsure, { name }, language), selected);
      parents.push(h('optgroup', { label: name }, children.map((c) => option(c.id, c[language], selected)), unsure));
    }
  }
  return [
    option('', t.choose, selected),
    ...parents,
    h('optgroup', { label: t.categoryOther }, single),
    outOfScope.length > 0 && h('optgroup', { label: t.categoryOutOfScope }, outOfScope),
  ].filter((node): node is Node => node !== false);
}
