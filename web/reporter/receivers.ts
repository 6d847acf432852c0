// Who would receive a report, decided by the signed directory the page checked (crypto's
// routedGroup), as soon as region and category are chosen: the worker learns before writing whether
// anyone can receive it, and otherwise where the organisation says to turn instead. The directory
// names groups, not people, so the readers are said by the kind of group. No DOM here.
import type { Channel, DirectoryClaim } from '../../crypto/index.ts';

/** Who reads a report that can be sent: the region's inspectors, the anti-corruption group, or the national (fallback) group. */
export type Readers = 'region' | 'anti-corruption' | 'national';

export type Receivers =
  | { ok: true; readers: Readers }
  /** Nobody: `exclusive` when the category goes to its own group only (corruption), never to the region's. */
  | { ok: false; exclusive: boolean; channel: Channel | null };

type Report = { region: string; category: string };
type RoutedGroup = (directory: DirectoryClaim, report: Report) => string | null;

const regionGroup = /^region-[0-9]+$/;

export function receiversOf(routedGroup: RoutedGroup, directory: DirectoryClaim | null, report: Report): Receivers {
  // No directory signed yet: nobody can receive anything.
  if (directory === null) return { ok: false, exclusive: false, channel: null };
  const exclusive = Object.hasOwn(directory.routing.exclusive, report.category);
  const group = routedGroup(directory, report);
  if (group === null) return { ok: false, exclusive, channel: directory.channel ?? null };
  return { ok: true, readers: exclusive ? 'anti-corruption' : regionGroup.test(group) ? 'region' : 'national' };
}
