// The parameter tables cannot be changed at run time, and the dispatcher rejects what it does not know.
import t from 'tap';
import * as versions from '../../crypto/versions.ts';

const tables = {
  caseCode: versions.caseCodeVersions,
  fieldEnvelope: versions.fieldEnvelopeVersions,
  keyWrap: versions.keyWrapVersions,
  recipientSignature: versions.recipientSignatureVersions,
  passphraseWrap: versions.passphraseWrapVersions,
  authHash: versions.authHashVersions,
  certificate: versions.certificateVersions,
  directory: versions.directoryVersions,
  staffKeyBundle: versions.staffKeyBundleVersions,
  keyCode: versions.keyCodeVersions,
  signedNote: versions.signedNoteVersions,
  powChallenge: versions.powChallengeVersions,
  recoveryCode: versions.recoveryCodeVersions,
};

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

t.test('every table is deeply frozen', async (t) => {
  for (const [name, table] of Object.entries(tables)) t.ok(deeplyFrozen(table), name);
});

t.test('the dispatcher returns the named version and rejects others', async (t) => {
  const { keyWrapVersions, parametersFor, findVersion } = versions;
  t.equal(parametersFor(keyWrapVersions, Uint8Array.of(1, 9)), keyWrapVersions[1]);
  t.throws(() => parametersFor(keyWrapVersions, new Uint8Array(0)), { code: 'crypto.truncated' });
  for (const version of [0x00, 0x02, 0xff]) {
    t.throws(() => parametersFor(keyWrapVersions, Uint8Array.of(version)), { code: 'crypto.unsupported_version' });
    t.equal(findVersion(keyWrapVersions, Uint8Array.of(version)), undefined);
  }
  t.equal(findVersion(keyWrapVersions, new Uint8Array(0)), undefined);
});
