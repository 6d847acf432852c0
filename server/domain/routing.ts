// Which recipient group receives a report. Pure: the caller passes the groups that exist and how
// many active recipients each has.
import { defaultGroups, inspectorCorruptionCategory, regionGroupId } from '../../db/catalog.ts';

export type RoutableGroup = { id: string; activeRecipients: number };
export type Route = { ok: true; groupId: string } | { ok: false; reason: 'no_recipients' };

/**
 * Inspector-corruption reports go to the anti-corruption group and nowhere else, never to the
 * inspectorate concerned. Everything else goes to the region's inspectorate, or to the national
 * group while the region has nobody who can read it.
 */
export function routeReport(report: { region: string; category: string }, groups: readonly RoutableGroup[]): Route {
  const staffed = (id: string) => groups.some((g) => g.id === id && g.activeRecipients > 0);
  const candidates =
    report.category === inspectorCorruptionCategory
      ? [defaultGroups.antiCorruption.id]
      : [regionGroupId(report.region), defaultGroups.national.id];
  const groupId = candidates.find(staffed);
  return groupId ? { ok: true, groupId } : { ok: false, reason: 'no_recipients' };
}
