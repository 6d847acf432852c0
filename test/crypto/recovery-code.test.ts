// The recovery code (crypto/recovery-code.ts): the committed known answers, the ways people type
// a code back, and every mistake a group's check character must name.
import t from 'tap';
import { encodeRecoveryCode, readRecoveryCode } from '../../crypto/index.ts';
import { fromHex } from './signed-payload.ts';
import vectors from './vectors/recovery-code.json' with { type: 'json' };

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const [, , sample] = vectors.codes;
const sampleKey = fromHex(sample!.privateKey);
const groupsOf = (code: string) => code.split(' ');
const withGroup = (code: string, index: number, group: string) => groupsOf(code).map((g, i) => (i === index ? group : g)).join(' ');

t.test('known answers: 13 groups of 5, and each reads back to its key', async (t) => {
  for (const { privateKey, code } of vectors.codes) {
    t.equal(encodeRecoveryCode(fromHex(privateKey)), code, privateKey);
    t.match(code, /^[0-9A-HJKMNP-TV-Z]{5}( [0-9A-HJKMNP-TV-Z]{5}){12}$/);
    t.same(readRecoveryCode(code), { ok: true, privateKey: fromHex(privateKey) });
  }
  t.throws(() => encodeRecoveryCode(new Uint8Array(31)), { code: 'crypto.bad_length' });
  t.throws(() => encodeRecoveryCode(new Uint8Array(33)), { code: 'crypto.bad_length' });
});

t.test('lower case, look-alike letters, hyphens, spaces and line breaks read the same', async (t) => {
  for (const typed of vectors.typed) t.same(readRecoveryCode(typed), { ok: true, privateKey: sampleKey }, JSON.stringify(typed));
});

t.test('every single substitution is named as its group', async (t) => {
  const missed: string[] = [];
  for (const { code } of vectors.codes) {
    groupsOf(code).forEach((group, index) => {
      for (let position = 0; position < 5; position++) {
        for (const replacement of alphabet) {
          if (replacement === group[position]) continue;
          const typed = withGroup(code, index, group.slice(0, position) + replacement + group.slice(position + 1));
          const reading = readRecoveryCode(typed);
          if (reading.ok || reading.reason !== 'group' || reading.badGroups.join() !== String(index)) missed.push(typed);
        }
      }
    });
  }
  t.same(missed, []);
});

t.test('a foreign character is its group\'s error: U, punctuation, Cyrillic look-alikes', async (t) => {
  for (const foreign of ['U', 'u', '*', '_', 'О', 'А', 'ß']) {
    const group = groupsOf(sample!.code)[4]!;
    t.same(readRecoveryCode(withGroup(sample!.code, 4, foreign + group.slice(1))), { ok: false, reason: 'group', badGroups: [4] }, foreign);
  }
});

t.test('several wrong groups are all named, in order', async (t) => {
  const groups = groupsOf(sample!.code);
  const typed = withGroup(withGroup(sample!.code, 11, `${groups[11]!.slice(0, 2)}U${groups[11]!.slice(3)}`), 2, 'ZZZZZ');
  t.same(readRecoveryCode(typed), { ok: false, reason: 'group', badGroups: [2, 11] });
});

t.test('a group typed in another group\'s place is caught', async (t) => {
  const groups = groupsOf(sample!.code);
  for (let i = 0; i < 13; i++) {
    for (let j = i + 1; j < 13; j++) {
      const swapped = groups.map((g, k) => (k === i ? groups[j]! : k === j ? groups[i]! : g)).join(' ');
      t.same(readRecoveryCode(swapped), { ok: false, reason: 'group', badGroups: [i, j] }, `groups ${i} and ${j} swapped`);
    }
  }
});

t.test('most swaps of neighbouring characters are caught', async (t) => {
  let swaps = 0;
  let caught = 0;
  for (const { code } of vectors.codes) {
    for (const [index, group] of groupsOf(code).entries()) {
      for (let position = 0; position < 4; position++) {
        if (group[position] === group[position + 1]) continue;
        const typed = withGroup(code, index, group.slice(0, position) + group[position + 1] + group[position] + group.slice(position + 2));
        swaps++;
        if (!readRecoveryCode(typed).ok) caught++;
      }
    }
  }
  t.ok(caught / swaps > 0.9, `${caught} of ${swaps} swaps caught`);
});

t.test('a wrong number of characters is a length error with no group named', async (t) => {
  const compact = sample!.code.replaceAll(' ', '');
  for (const typed of ['', compact.slice(1), `${compact}0`, `${sample!.code} 00000`, groupsOf(sample!.code).slice(0, 12).join(' ')]) {
    t.same(readRecoveryCode(typed), { ok: false, reason: 'length', badGroups: [] }, JSON.stringify(typed));
  }
  // The base64url form printed before this change is a length error too: the console tells them apart by length and alphabet.
  t.same(readRecoveryCode(Buffer.from(sampleKey).toString('base64url')), { ok: false, reason: 'length', badGroups: [] });
  t.same(readRecoveryCode(undefined as unknown as string), { ok: false, reason: 'length', badGroups: [] });
});

t.test('version bits other than 0001 are refused although every group checks', async (t) => {
  // Rebuild the last group with other version bits and a correct check character.
  const groups = groupsOf(sample!.code);
  const last = groups[12]!;
  const values = [...last.slice(0, 4)].map((c) => alphabet.indexOf(c));
  const check = (data: number[]) => {
    const sum = [12, ...data].reverse().reduce((total, value, i) => total + Math.floor((value * (i % 2 === 0 ? 2 : 1)) / 32) + ((value * (i % 2 === 0 ? 2 : 1)) % 32), 0);
    return (32 - (sum % 32)) % 32;
  };
  t.equal(alphabet[check(values)], last[4], 'the test computes check characters as the code does');
  for (const version of [0b0000, 0b0010, 0b1111]) {
    const data = [...values.slice(0, 3), (values[3]! & 0b10000) | version];
    const typed = withGroup(sample!.code, 12, [...data, check(data)].map((v) => alphabet[v]).join(''));
    t.same(readRecoveryCode(typed), { ok: false, reason: 'version', badGroups: [] }, `version ${version}`);
  }
});
