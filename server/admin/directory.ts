// The admin CLI's part of the signed directory: the routing table an organisation starts with,
// and the next directory version with a new member. Pure: signing happens in commands.ts.
import type { DirectoryClaim, RoutingTable } from '../../crypto/index.ts';
import { defaultGroups, inspectorCorruptionCategory, regionGroupId, regions } from '../../db/catalog.ts';

/**
 * The default groups' routing: each region to its region group, the national group while a
 * region has nobody, and inspector corruption to the anti-corruption group alone.
 */
export function defaultRoutingTable(): RoutingTable {
  return {
    regions: Object.fromEntries(regions.map((r) => [r.katoPrefix, regionGroupId(r.katoPrefix)])),
    fallback: defaultGroups.national.id,
    exclusive: { [inspectorCorruptionCategory]: defaultGroups.antiCorruption.id },
  };
}

/** Version 1 of a new organisation's directory: the default routing, nobody yet. */
export function firstDirectory(issuedDay: string): DirectoryClaim {
  return { version: 1, issuedDay, routing: defaultRoutingTable(), members: {}, recovery: null };
}

/** The version after `current` with `digest` added to each of `groupIds` (the rest unchanged). */
export function withMember(current: DirectoryClaim, digest: string, groupIds: readonly string[], issuedDay: string): DirectoryClaim {
  const members: Record<string, string[]> = { ...current.members };
  for (const groupId of groupIds) members[groupId] = [...new Set([...(members[groupId] ?? []), digest])].sort();
  return { ...current, version: current.version + 1, issuedDay, members };
}
