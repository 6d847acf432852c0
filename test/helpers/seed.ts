// Seeds a data directory's database with an organisation and one inspector whose private key
// the test keeps, certified and listed in a signed directory, so tests of the real server process
// can seal reports as the page would and decrypt what it stored.
import { nanoid } from 'nanoid';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBoxKeyPair, generateSigningKeyPair, loadSodium, type KeyPair } from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { createOrganisation } from '../../db/repositories/organisation.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';
import { certifyMember } from './directory.ts';
import type { Inspector } from './fixtures.ts';

export async function seedDataDir(dataDir: string, groupIds: string[]): Promise<{ inspector: Inspector; databasePath: string; organisation: KeyPair }> {
  await loadSodium();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const databasePath = join(dataDir, 'qauipsiz.db');
  const database = openDatabase(databasePath);
  try {
    const organisation = generateSigningKeyPair();
    createOrganisation(database.db, { name: 'Seeded', signingPublicKey: Buffer.from(organisation.publicKey), wrappedSigningKey: Buffer.from('unused'), createdDay: '2026-11-01' }, defaultGroupRows('2026-11-01'));
    const inspector = { id: nanoid(12), keys: generateBoxKeyPair(), signingKeys: generateSigningKeyPair() };
    const certificate = certifyMember(database.db, organisation, { ...inspector, role: 'inspector', displayName: 'Seeded inspector' }, groupIds);
    return { inspector: { ...inspector, certificate }, databasePath, organisation };
  } finally {
    database.close();
  }
}
