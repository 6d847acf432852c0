// The domain's facts (regions, industries, report categories, default recipient groups), loaded
// from the JSON files in db/data, which are copies of ../shared/data kept in the repository so a
// fresh clone runs on its own. Pure data: no database access.
import groupsData from './data/recipient-groups.json' with { type: 'json' };
import industriesData from './data/industries.json' with { type: 'json' };
import categoriesData from './data/report-categories.json' with { type: 'json' };
import regionsData from './data/regions.json' with { type: 'json' };

export const languages = ['kk', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];
export type Labels = Record<Language, string>;

export type Region = { katoPrefix: string; labels: Labels };
export type Industry = { section: string; highRisk: boolean; labels: Labels };
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Category = { id: string; parent: string | null; inScope: boolean; defaultPriority: Priority; labels: Labels };

const labelsOf = (x: Labels): Labels => ({ kk: x.kk, ru: x.ru, en: x.en });

export const regions: readonly Region[] = regionsData.map((r) => ({ katoPrefix: r.katoPrefix, labels: labelsOf(r) }));
export const industries: readonly Industry[] = industriesData.map((i) => ({
  section: i.section,
  highRisk: i.highRisk,
  labels: labelsOf(i),
}));
export const categories: readonly Category[] = categoriesData.map((c) => ({
  id: c.id,
  parent: 'parent' in c && typeof c.parent === 'string' ? c.parent : null,
  inScope: c.inScope,
  defaultPriority: (['low', 'normal', 'high', 'urgent'] as const).find((p) => p === c.defaultPriority) ?? 'normal',
  labels: labelsOf(c),
}));

/** Reports of this category never go to the inspectorate: they go to the anti-corruption group. */
export const inspectorCorruptionCategory = 'inspector_corruption';

export const defaultGroups = {
  regionalPrefix: labelsOf(groupsData.regionalPrefix),
  national: { id: groupsData.national.id, labels: labelsOf(groupsData.national) },
  antiCorruption: { id: groupsData.antiCorruption.id, labels: labelsOf(groupsData.antiCorruption) },
} as const;

export const regionGroupId = (katoPrefix: string) => `region-${katoPrefix}`;

const regionCodes = new Set(regions.map((r) => r.katoPrefix));
const industryCodes = new Set(industries.map((i) => i.section));
const categoryIds = new Set(categories.map((c) => c.id));

export const isRegion = (code: string) => regionCodes.has(code);
export const isIndustry = (code: string) => industryCodes.has(code);
export const isCategory = (id: string) => categoryIds.has(id);

/** Categories escalated the same day (concealed fatalities, imminent danger): defaultPriority 'urgent'. */
export const urgentCategories: readonly string[] = categories.filter((c) => c.defaultPriority === 'urgent').map((c) => c.id);
