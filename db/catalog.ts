// The domain's facts (regions, industries, report categories, default recipient groups), loaded
// from the JSON files in db/data, which are copies of ../shared/data kept in the repository so a
// fresh clone runs on its own, with our label corrections over them (label-corrections.json), and
// Kazakhstan's public holidays (kz-holidays.json, ours). Pure data: no database access.
import groupsData from './data/recipient-groups.json' with { type: 'json' };
import industriesData from './data/industries.json' with { type: 'json' };
import correctionsData from './data/label-corrections.json' with { type: 'json' };
import categoriesData from './data/report-categories.json' with { type: 'json' };
import regionsData from './data/regions.json' with { type: 'json' };
import holidaysData from './data/kz-holidays.json' with { type: 'json' };

export const languages = ['kk', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];
export type Labels = Record<Language, string>;

export type Region = { katoPrefix: string; labels: Labels };
export type Industry = { section: string; highRisk: boolean; labels: Labels };
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Category = { id: string; parent: string | null; inScope: boolean; defaultPriority: Priority; labels: Labels };

const labelsOf = (x: Labels): Labels => ({ kk: x.kk, ru: x.ru, en: x.en });

export type LabelCorrection = { was: string; now: string; why: string };
/** Our corrections of ../shared/data's labels: file name → entry id → language (web/GLOSSARY.md). */
export const labelCorrections: Readonly<Record<string, Readonly<Record<string, Partial<Record<Language, LabelCorrection>>>>>> = correctionsData.files;

/** The labels of entry `id` of a shared data file, with our corrections in place of the shared ones. */
function correctedLabels(file: string, id: string, shared: Labels): Labels {
  const ours = labelCorrections[file]?.[id];
  return { kk: ours?.kk?.now ?? shared.kk, ru: ours?.ru?.now ?? shared.ru, en: ours?.en?.now ?? shared.en };
}

export const regions: readonly Region[] = regionsData.map((r) => ({ katoPrefix: r.katoPrefix, labels: correctedLabels('regions.json', r.katoPrefix, r) }));
export const industries: readonly Industry[] = industriesData.map((i) => ({
  section: i.section,
  highRisk: i.highRisk,
  labels: correctedLabels('industries.json', i.section, i),
}));
export const categories: readonly Category[] = categoriesData.map((c) => ({
  id: c.id,
  parent: 'parent' in c && typeof c.parent === 'string' ? c.parent : null,
  inScope: c.inScope,
  defaultPriority: (['low', 'normal', 'high', 'urgent'] as const).find((p) => p === c.defaultPriority) ?? 'normal',
  labels: correctedLabels('report-categories.json', c.id, c),
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

/**
 * Kazakhstan's public holidays that are days off (kz-holidays.json): fixed 'MM-DD' days (a
 * religious one is never moved off a weekend) and Kurban Ait's day in the years the data knows.
 */
export const publicHolidayData: { readonly fixed: readonly { monthDay: string; religious: boolean }[]; readonly kurbanAit: readonly string[] } = {
  fixed: holidaysData.fixed.map((h) => ({ monthDay: h.monthDay, religious: h.religious })),
  kurbanAit: holidaysData.kurbanAit.map((k) => k.day),
};
