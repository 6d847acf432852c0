// The console's reading of a typed recovery key (web/console/keys.ts): the paper code of 13 groups,
// and the 43 base64url characters printed before the code existed, told apart by their form.
import t from 'tap';
import * as crypto from '../../crypto/index.ts';
import { readRecoveryKey } from '../../web/console/keys.ts';

await crypto.loadSodium('sumo');
const key = crypto.generateBoxKeyPair().privateKey;
const code = crypto.encodeRecoveryCode(key);
const printedBefore = crypto.toBase64Url(key);

t.test('the paper code, as printed or as typed by hand', async (t) => {
  t.same(readRecoveryKey(crypto, code), { ok: true, privateKey: key }, 'as printed');
  t.same(readRecoveryKey(crypto, code.toLowerCase().replaceAll(' ', '-')), { ok: true, privateKey: key }, 'small letters and hyphens');
  t.same(readRecoveryKey(crypto, code.replaceAll(' ', '\n')), { ok: true, privateKey: key }, 'one group a line');
});

t.test('a key printed before the code: 43 base64url characters, spaces and line breaks ignored', async (t) => {
  t.same(readRecoveryKey(crypto, printedBefore), { ok: true, privateKey: key }, 'as it was printed');
  t.same(readRecoveryKey(crypto, `${printedBefore.match(/.{1,4}/g)?.join(' ')}\n`), { ok: true, privateKey: key }, 'in groups of four, as the old screen showed it');
  t.match(readRecoveryKey(crypto, printedBefore.slice(0, 42)), { ok: false, reason: 'length' }, 'a character short: not read as either form');
});

t.test('a mistyped group of the code is named, never taken for the old form', async (t) => {
  const groups = code.split(' ');
  const seventh = groups[6] ?? '';
  groups[6] = (seventh[0] === 'A' ? 'B' : 'A') + seventh.slice(1);
  t.same(readRecoveryKey(crypto, groups.join(' ')), { ok: false, reason: 'group', badGroups: [6] }, 'group 7 (index 6)');
  t.match(readRecoveryKey(crypto, code.replaceAll(' ', '').slice(0, 43)), { ok: false, reason: 'length' }, 'the first 43 characters of a code are not a base64url key');
});
