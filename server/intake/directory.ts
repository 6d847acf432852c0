// What the intake needs on every report — recipient groups with their active recipients, the
// keys each group's reports are wrapped for, the deadline settings — kept in memory and reloaded
// only when the database's directory revision moved (any change, from any connection or
// process, bumps it). One indexed single-row read per request instead of four queries.
import type { Db } from '../../db/database.ts';
import { activeRecipientsOf, getDirectoryRevision, getOrganisation, getRecoveryKey, listGroups, type OrganisationRecord, type RecipientRecord } from '../../db/repositories/recipients.ts';
import type { Deadlines } from '../domain/deadlines.ts';
import { caseDeadlines, loadSettings, type Settings } from '../console/settings.ts';

export type RecipientKey = Pick<RecipientRecord, 'id' | 'publicKey' | 'keySignature'>;

export type DirectorySnapshot = {
  revision: number;
  organisation: OrganisationRecord | undefined;
  groups: ReturnType<typeof listGroups>;
  /** The group's active recipients, and the recovery key when the organisation has one. */
  keysFor: (groupId: string) => readonly RecipientKey[];
  /** Due days of a case received on `receivedDay` in `category`, under the current settings. */
  deadlines: (receivedDay: string, category: string) => Deadlines;
};

function load(db: Db, revision: number): DirectorySnapshot {
  const recovery = getRecoveryKey(db);
  const settings: Settings = loadSettings(db);
  const keys = new Map<string, readonly RecipientKey[]>();
  const due = new Map<string, Deadlines>();
  return {
    revision,
    organisation: getOrganisation(db),
    groups: listGroups(db),
    keysFor: (groupId) => {
      let found = keys.get(groupId);
      if (!found) keys.set(groupId, (found = [...activeRecipientsOf(db, groupId), ...(recovery ? [recovery] : [])]));
      return found;
    },
    deadlines: (receivedDay, category) => {
      const key = `${receivedDay}|${category}`;
      let found = due.get(key);
      if (!found) due.set(key, (found = caseDeadlines(receivedDay, category, settings.deadlines)));
      return found;
    },
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
