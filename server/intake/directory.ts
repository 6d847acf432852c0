// What the intake needs on every report — recipient groups with their active recipients, the
// keys each group's reports are wrapped for, the deadline settings — kept in memory and reloaded
// only when the database's directory revision moved (any change, from any connection or
// process, bumps it). One indexed single-row read per request instead of four queries.
import type { Db } from '../../db/database.ts';
import { activeRecipientsOf, listGroups } from '../../db/repositories/groups.ts';
import { getDirectoryRevision, getOrganisation, type OrganisationRecord } from '../../db/repositories/organisation.ts';
import { getRecoveryKey, type RecipientRecord } from '../../db/repositories/recipients.ts';
import { loadDueDays, type DueDays } from '../shared/settings.ts';

export type RecipientKey = Pick<RecipientRecord, 'id' | 'publicKey' | 'keySignature'>;

export type DirectorySnapshot = {
  revision: number;
  organisation: OrganisationRecord | undefined;
  groups: ReturnType<typeof listGroups>;
  /** The group's active recipients, and the recovery key when the organisation has one. */
  keysFor: (groupId: string) => readonly RecipientKey[];
  /** Due days of a case received on `receivedDay` in `category`, under the current settings. */
  deadlines: DueDays;
};

function load(db: Db, revision: number): DirectorySnapshot {
  const recovery = getRecoveryKey(db);
  const keys = new Map<string, readonly RecipientKey[]>();
  return {
    revision,
    organisation: getOrganisation(db),
    groups: listGroups(db),
    keysFor: (groupId) => {
      let found = keys.get(groupId);
      if (!found) keys.set(groupId, (found = [...activeRecipientsOf(db, groupId), ...(recovery ? [recovery] : [])]));
      return found;
    },
    deadlines: loadDueDays(db),
  };
}

/** A reader of the directory that reloads it whenever the revision moved. */
export function createDirectory(db: Db): { current: () => DirectorySnapshot } {
  let snapshot: DirectorySnapshot | undefined;
  return {
    current: () => {
      const revision = getDirectoryRevision(db);
      if (snapshot?.revision !== revision) snapshot = load(db, revision);
      return snapshot;
    },
  };
}
