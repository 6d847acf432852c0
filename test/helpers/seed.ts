// Seeds a data directory's database with an organisation and one inspector whose private key
// the test keeps, so tests of the real server process can decrypt what it stored.
import { nanoid } from 'nanoid';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBoxKeyPair, generateSigningKeyPair, loadSodium, signRecipientKey } from '../../crypto/index.ts';
import { openDatabase } from '../../db/database.ts';
import { createOrganisation } from '../../db/repositories/organisation.ts';
import { addRecipient } from '../../db/repositories/recipients.ts';
import { defaultGroupRows } from '../../server/domain/groups.ts';
import type { Inspector } from './fixtures.ts';

export async function seedDataDir(dataDir: string, groupIds: string[]): Promise<{ inspector: Inspector; databasePath: string }> {
  await loadSodium();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const databasePath = join(dataDir, 'qauipsiz.db');
  const database = openDatabase(databasePath);
  const signing = generateSigningKeyPair();
  createOrganisation(database.db, { name: 'Seeded', signingPublicKey: Buffer.from(signing.publicKey), wrappedSigningKey: Buffer.from('unused'), createdDay: '2026-11-01' }, defaultGroupRows('2026-11-01'));
  const id = nanoid(12);
  const keys = generateBoxKeyPair();
  addRecipient(
    database.db,
    {
      id,
      displayName: 'Seeded inspector',
      publicKey: Buffer.from(keys.publicKey),
      keySignature: Buffer.from(signRecipientKey({ recipientId: id, publicKey: keys.publicKey }, signing.privateKey)),
      wrappedPrivateKey: Buffer.from('kept by the test'),
      createdDay: '2026-11-01',
    },
    groupIds,
  );
  database.close();
  return { inspector: { id, keys }, databasePath };
}
