// What tests that stop or starve the server check afterwards, straight in the database file.
import Database from 'better-sqlite3';
import type { Test } from 'tap';
import { openReport } from '../../crypto/index.ts';
import type { Inspector, sealedSubmission } from './fixtures.ts';

type Sealed = ReturnType<typeof sealedSubmission>;

/** Every acknowledged report is in the database file and decrypts for its inspector; the file passes integrity_check. */
export function checkStored(t: Test, databasePath: string, inspector: Inspector, acknowledged: Sealed[]): void {
  const db = new Database(databasePath, { readonly: true });
  try {
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check ok');
    const field = db.prepare("select ciphertext from report_fields where report_id = ? and field = 'content'");
    const wrap = db.prepare('select wrap from report_key_wraps where report_id = ? and recipient_id = ?');
    let decrypted = 0;
    for (const { body, sealed } of acknowledged) {
      const content = (field.get(body.reportId) as { ciphertext: Buffer } | undefined)?.ciphertext;
      const keyWrap = (wrap.get(body.reportId, inspector.id) as { wrap: Buffer } | undefined)?.wrap;
      if (!content || !keyWrap) continue;
      if (openReport({ reportId: sealed.reportId, content, contact: null, wrap: keyWrap, keyPair: inspector.keys }).content.what.length > 0) decrypted++;
    }
    t.equal(decrypted, acknowledged.length, `all ${acknowledged.length} acknowledged reports are stored and decrypt`);
  } finally {
    db.close();
  }
}
