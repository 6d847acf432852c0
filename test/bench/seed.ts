// Databases for the benchmarks: the organisation with its default groups and one inspector
// through the repositories, and many cases written straight into the tables (one transaction,
// prepared statements) the way the intake would have left them.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBoxKeyPair, generateSigningKeyPair, lookupHash, type KeyPair } from '../../crypto/index.ts';
import { categories, defaultGroups, inspectorCorruptionCategory, industries, regionGroupId, regions } from '../../db/catalog.ts';
import { openDatabase } from '../../db/database.ts';
import { createOrganisation } from '../../db/repositories/organisation.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';
import { loadOrCreateServerSecret } from '../../server/secret.ts';
import { certifyMember } from '../helpers/directory.ts';
import type { Inspector } from '../helpers/fixtures.ts';

export const databaseFile = (dataDir: string) => join(dataDir, 'qauipsiz.db');

export type SeededDataDir = { dataDir: string; serverSecret: Uint8Array; inspector: Inspector; inspectorGroup: string; organisation: KeyPair };

/**
 * A DATA_DIR as the server expects it (mode 700, the server secret made by server/secret.ts),
 * with the organisation, its default groups and one inspector in `inspectorGroup`, certified
 * and listed in a signed directory (version 1). libsodium must be loaded.
 */
export function seedDataDir(dataDir: string, inspectorGroup = 'region-75'): SeededDataDir {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const serverSecret = loadOrCreateServerSecret(dataDir);
  const database = openDatabase(databaseFile(dataDir));
  try {
    const organisation = generateSigningKeyPair();
    createOrganisation(
      database.db,
      { name: 'Benchmark inspectorate', signingPublicKey: Buffer.from(organisation.publicKey), wrappedSigningKey: Buffer.from('not used by the benchmark'), createdDay: '2024-01-01' },
      defaultGroupRows('2024-01-01'),
    );
    const inspector = { id: 'bench-inspector', keys: generateBoxKeyPair(), signingKeys: generateSigningKeyPair() };
    const certificate = certifyMember(database.db, organisation, { ...inspector, role: 'inspector', displayName: 'Benchmark inspector' }, [inspectorGroup]);
    return { dataDir, serverSecret, inspector: { ...inspector, certificate }, inspectorGroup, organisation };
  } finally {
    database.close();
  }
}

/**
 * A copy of a seeded DATA_DIR (same organisation, inspector and server secret) whose report
 * writer never shuffles: every watermark at the highest rowid, so no row is ever above one. The
 * layout the submission benchmark measures the deferred shuffle against (same tables, same
 * appends, no idle pass).
 */
export function unshuffledCopy(seeded: SeededDataDir, dataDir: string): SeededDataDir {
  cpSync(seeded.dataDir, dataDir, { recursive: true });
  const sqlite = new Database(databaseFile(dataDir));
  try {
    const marked = sqlite.prepare('update ordering_watermarks set shuffled_through = 9223372036854775807').run().changes;
    if (marked !== 5) throw new Error(`expected 5 watermarks, found ${marked}`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
  return { ...seeded, dataDir };
}

const statuses = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] as const;
/** Rough shares of a case load a year or two in: most cases closed or being worked on. */
const statusWeights = [0.2, 0.15, 0.2, 0.1, 0.05, 0.3];

/** All 22 default groups: one per region, national, anti-corruption. */
export const allGroupIds = [...regions.map((r) => regionGroupId(r.katoPrefix)), defaultGroups.national.id, defaultGroups.antiCorruption.id];

function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d <= new Date(`${last}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function pickStatus(): (typeof statuses)[number] {
  let r = Math.random();
  for (let i = 0; i < statuses.length; i++) {
    r -= statusWeights[i] ?? 0;
    if (r < 0) return statuses[i] ?? 'new';
  }
  return 'closed';
}

export type CaseSeed = {
  count: number;
  /** With a server secret, each case gets its case_lookups row (lookupHash of a random lookup id). */
  serverSecret?: Uint8Array;
  /** Keep every n-th lookup id (base64url) to query later. */
  keepLookupIdEvery?: number;
};

/**
 * Writes `count` cases (the clear `reports` row, and the `case_lookups` row when a secret is
 * given) spread uniformly over the 22 default groups and received over three years. Ciphertext
 * tables stay empty: neither the status lookup nor the queue reads them.
 */
export function seedCases(path: string, seed: CaseSeed): { seconds: number; keptLookupIds: string[] } {
  const started = performance.now();
  const sqlite = new Database(path);
  const keptLookupIds: string[] = [];
  try {
    // This connection only: a crash while seeding just means seeding again.
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.pragma('cache_size = -1000000');
    const insertReport = sqlite.prepare(
      'insert into reports (id, envelope_version, region, industry, category, group_id, received_day, status) values (?, 1, ?, ?, ?, ?, ?, ?)',
    );
    const insertLookup = sqlite.prepare('insert into case_lookups (lookup_hash, report_id) values (?, ?)');
    const days = daysBetween('2024-01-01', '2026-11-25');
    const regionCodes = regions.map((r) => r.katoPrefix);
    const industryCodes = industries.map((i) => i.section);
    const ordinaryCategories = categories.map((c) => c.id).filter((id) => id !== inspectorCorruptionCategory);
    const { serverSecret, keepLookupIdEvery = 0 } = seed;
    // Report ids are random; inserted in sorted order they fill the id indexes page by page,
    // which takes a third of the time of random order for the same rows.
    const random = randomBytes(seed.count * 48);
    const ids = Array.from({ length: seed.count }, (_, i) => random.toString('base64url', i * 48, i * 48 + 16)).sort();
    sqlite.transaction(() => {
      ids.forEach((id, i) => {
        const groupId = allGroupIds[i % allGroupIds.length] ?? defaultGroups.national.id;
        const region = groupId.startsWith('region-') ? groupId.slice('region-'.length) : pick(regionCodes);
        const category = groupId === defaultGroups.antiCorruption.id ? inspectorCorruptionCategory : pick(ordinaryCategories);
        insertReport.run(id, region, pick(industryCodes), category, groupId, pick(days), pickStatus());
      });
      if (serverSecret === undefined) return;
      ids.forEach((id, i) => {
        const lookupId = random.subarray(i * 48 + 16, i * 48 + 48);
        insertLookup.run(Buffer.from(lookupHash(serverSecret, lookupId)), id);
        if (keepLookupIdEvery > 0 && i % keepLookupIdEvery === 0) keptLookupIds.push(lookupId.toString('base64url'));
      });
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
  return { seconds: (performance.now() - started) / 1000, keptLookupIds };
}
