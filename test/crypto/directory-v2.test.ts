// The signed directory version 2 (crypto/directory.ts): the organisation's alternative channel.
// The committed known answer, that version 1 stays byte for byte as it was, and what a reader
// and the signer refuse. Everything else a directory holds is tested in directory.test.ts.
import t from 'tap';
import { formatBytes, fromBase64Url, loadSodium, readDirectory, signDirectory, signingKeyPairFromSeed, toBase64Url, type Channel, type DirectoryClaim } from '../../crypto/index.ts';
import { channelMaxChars } from '../../crypto/formats.ts';
import { bitFlips, fromHex, signPayload } from './signed-payload.ts';
import certificateVectors from './vectors/certificate.json' with { type: 'json' };
import v1Vector from './vectors/directory.json' with { type: 'json' };
import vector from './vectors/directory-v2.json' with { type: 'json' };

await loadSodium();

const seed = fromHex(certificateVectors.organisationSeed);
const organisation = signingKeyPairFromSeed(seed);
const directory = fromBase64Url(vector.directory);
const given = vector.claim as DirectoryClaim & { channel: Channel };
/** What reads back: the channel's texts trimmed, as signed. */
const claim: DirectoryClaim = { ...given, channel: { kk: given.channel.kk.trim(), ru: given.channel.ru, en: given.channel.en } };
const read = (bytes: Uint8Array) => readDirectory(bytes, organisation.publicKey);
const signed = (payload: string, version = 2, prefix = 'qauipsiz.directory.v2|') => signPayload(seed, organisation.publicKey, prefix, payload, version);
/** The committed payload with another channel entry (by text: JSON.stringify would reorder the KATO keys). */
const withChannel = (channel: unknown) => vector.payload.replace(/"channel":\{.*\}\}$/, `"channel":${JSON.stringify(channel)}}`);

t.test('the committed version 2 directory is what signDirectory makes, and reads back with its channel', async (t) => {
  t.equal(directory[0], 2, 'version byte 0x02');
  t.equal(toBase64Url(signDirectory(given, organisation.privateKey)), vector.directory);
  t.same(read(directory), claim);
  t.equal(new TextDecoder().decode(directory.subarray(65)), vector.payload);
  t.match(vector.payload, /,"recovery":"[^"]+","channel":\{"en":"Helpline[^"]*","kk":"Сенім[^"]*","ru":"Телефон[^"]*"\}\}$/, 'channel last, languages sorted, texts trimmed');
  t.match(vector.payload, /\\n/, 'a line break is kept, written as JSON writes it');
  t.same(read(signed(vector.payload)), claim, 'the test signer agrees');
});

t.test('without a channel the directory stays version 1, byte for byte', async (t) => {
  const v1Claim = v1Vector.claim as DirectoryClaim;
  for (const channel of [undefined, null]) {
    const bytes = signDirectory({ ...v1Claim, channel }, organisation.privateKey);
    t.equal(toBase64Url(bytes), v1Vector.directory, `channel ${channel}`);
  }
  const back = read(fromBase64Url(v1Vector.directory));
  t.same(back, v1Claim, 'a version 1 directory reads back as signed');
  t.notOk(back !== null && Object.hasOwn(back, 'channel'), 'with no channel entry');
  // Re-signing what was read keeps the channel: a directory made from the current one never drops it by accident.
  const next = read(signDirectory({ ...read(directory)!, version: 5 }, organisation.privateKey));
  t.same(next?.channel, claim.channel);
});

t.test('a version 1 signature never reads as version 2, nor the reverse', async (t) => {
  t.equal(read(Uint8Array.of(2, ...fromBase64Url(v1Vector.directory).subarray(1))), null, 'v1 bytes relabelled 2');
  t.equal(read(Uint8Array.of(1, ...directory.subarray(1))), null, 'v2 bytes relabelled 1');
  t.equal(read(signed(vector.payload, 1, 'qauipsiz.directory.v1|')), null, 'a channel in a version 1 payload');
  t.equal(read(signed(v1Vector.payload)), null, 'no channel in a version 2 payload');
  t.equal(read(signed(withChannel(null))), null, 'channel null in a version 2 payload');
  for (const version of [0, 3, 255]) t.equal(read(signed(vector.payload, version)), null, `version ${version}`);
});

t.test('another key, any flipped bit or truncation is refused', async (t) => {
  t.equal(readDirectory(directory, signingKeyPairFromSeed(new Uint8Array(32)).publicKey), null);
  const flipped: number[] = [];
  for (const [bit, altered] of bitFlips(directory)) if (read(altered) !== null) flipped.push(bit);
  t.same(flipped, [], 'no flipped bit is accepted');
  const cut: number[] = [];
  for (let length = 0; length < directory.length; length++) if (read(directory.subarray(0, length)) !== null) cut.push(length);
  t.same(cut, [], 'no truncation is accepted');
});

t.test('a signed channel that signDirectory would not write is refused', async (t) => {
  const channel = claim.channel!;
  const cases: Record<string, string> = {
    'languages in kk, ru, en order': withChannel({ kk: channel.kk, ru: channel.ru, en: channel.en }),
    'an untrimmed text': withChannel({ en: ` ${channel.en}`, kk: channel.kk, ru: channel.ru }),
    'a language missing': withChannel({ en: channel.en, kk: channel.kk }),
    'an extra language': withChannel({ de: 'Hotline', en: channel.en, kk: channel.kk, ru: channel.ru }),
    'an empty text': withChannel({ en: '', kk: channel.kk, ru: channel.ru }),
    'a number': withChannel({ en: 7777, kk: channel.kk, ru: channel.ru }),
    'a list': withChannel([channel.en, channel.kk, channel.ru]),
    'a tab': withChannel({ en: 'Helpline:\t7777', kk: channel.kk, ru: channel.ru }),
    'an escaped letter': vector.payload.replace('"Helpline', '"\\u0048elpline'),
    'text over 600 characters': withChannel({ en: 'x'.repeat(601), kk: channel.kk, ru: channel.ru }),
  };
  for (const [what, payload] of Object.entries(cases)) {
    t.not(payload, vector.payload, `${what}: differs`);
    t.equal(read(signed(payload)), null, what);
  }
  t.equal(withChannel({ en: channel.en, kk: channel.kk, ru: channel.ru }), vector.payload, 'the test rebuilds the payload exactly');
  t.same(read(signed(withChannel({ en: 'x'.repeat(600), kk: channel.kk, ru: channel.ru })))?.channel?.en, 'x'.repeat(600), '600 characters are enough');
});

t.test('signDirectory refuses a channel outside its rules', async (t) => {
  t.equal(channelMaxChars, 600);
  const channel = claim.channel!;
  const bad: Record<string, unknown> = {
    'only white space': { ...channel, kk: ' \n ' },
    'over 600 characters once trimmed': { ...channel, ru: `  ${'я'.repeat(601)}  ` },
    'a carriage return': { ...channel, en: 'Helpline\r\n7777' },
    'a NUL': { ...channel, en: 'Helpline\u00007777' },
    'a lone surrogate': { ...channel, en: 'Helpline \ud800' },
    'a language missing': { kk: channel.kk, ru: channel.ru },
    'an extra language': { ...channel, de: 'Hotline' },
    'a text that is not a string': { ...channel, en: 7777 },
    'a string instead of texts': 'Helpline 7777',
  };
  for (const [what, value] of Object.entries(bad)) {
    t.throws(() => signDirectory({ ...claim, channel: value as Channel }, organisation.privateKey), { code: 'crypto.bad_argument' }, what);
  }
  const longest = signDirectory({ ...claim, channel: { kk: 'қ'.repeat(600), ru: 'я'.repeat(600), en: '"'.repeat(600) } }, organisation.privateKey);
  t.ok(longest.length <= formatBytes.directoryMax, 'the longest channel fits the directory format');
  t.same(read(longest)?.channel?.kk, 'қ'.repeat(600));
});
