// The recipient groups every organisation starts with: one per region, a national group and an
// anti-corruption group, named from the catalog (db/data/recipient-groups.json, regions.json). Pure.
import type { GroupKind } from '../../contract/domain.ts';
import { defaultGroups, regionGroupId, regions, type Labels } from '../../db/catalog.ts';

export type GroupRow = { id: string; kind: GroupKind; regionKato: string | null; nameKk: string; nameRu: string; nameEn: string; createdDay: string };

/** The default groups as rows of recipient_groups created on `createdDay`. */
export function defaultGroupRows(createdDay: string): GroupRow[] {
  const named = (id: string, kind: GroupKind, labels: Labels, regionKato: string | null = null): GroupRow => ({
    id,
    kind,
    regionKato,
    nameKk: labels.kk,
    nameRu: labels.ru,
    nameEn: labels.en,
    createdDay,
  });
  const prefix = defaultGroups.regionalPrefix;
  return [
    ...regions.map((r) =>
      named(regionGroupId(r.katoPrefix), 'regional', { kk: `${prefix.kk} — ${r.labels.kk}`, ru: `${prefix.ru} — ${r.labels.ru}`, en: `${prefix.en} — ${r.labels.en}` }, r.katoPrefix),
    ),
    named(defaultGroups.national.id, 'national', defaultGroups.national.labels),
    named(defaultGroups.antiCorruption.id, 'anti_corruption', defaultGroups.antiCorruption.labels),
  ];
}
