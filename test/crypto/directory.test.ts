// The signed directory (crypto/directory.ts), as bytes: the committed known answer, and everything
// a reader must refuse. Routing itself is in routing.test.ts.
import t from 'tap';
import { fromBase64Url, loadSodium, readDirectory, signDirectory, signingKeyPairFromSeed, toBase64Url, type DirectoryClaim } from '../../crypto/index.ts';
import { bitFlips, fromHex, signPayload } from './signed-payload.ts';
import certificateVectors from './vectors/certificate.json' with { type: 'json' };
import vector from './vectors/directory.json' with { type: 'json' };

await loadSodium();

const seed = fromHex(certificateVectors.organisationSeed);
const organisation = signingKeyPairFromSeed(seed);
const directory = fromBase64Url(vector.directory);
const claim = vector.claim as DirectoryClaim;
const signed = (payload: string | Uint8Array, version = 1) => signPayload(seed, organisation.publicKey, 'qauipsiz.directory.v1|', payload, version);
const read = (bytes: Uint8Array) => readDirectory(bytes, organisation.publicKey);
const payloadObject = () => JSON.parse(vector.payload) as Record<string, unknown>;
const withPart = (key: string, value: unknown) => JSON.stringify({ ...payloadObject(), [key]: value });
const digest = claim.members['region-75']![0]!;

t.test('the committed directory is what signDirectory makes, and reads back', async (t) => {
  t.equal(toBase64Url(signDirectory(claim, organisation.privateKey)), vector.directory);
  t.same(read(directory), claim);
  t.equal(new TextDecoder().decode(directory.subarray(65)), vector.payload);
  t.match(vector.payload, /"regions":\{"10":"region-10","711":"region-711","75":"region-75"\}/, 'region keys in text order, not numeric order');
  t.same(read(signed(vector.payload)), claim, 'the test signer agrees');
});

t.test('signing sorts what it is given', async (t) => {
  const shuffled: DirectoryClaim = {
    ...claim,
    routing: { ...claim.routing, regions: Object.fromEntries(Object.entries(claim.routing.regions).reverse()) },
    members: Object.fromEntries(Object.entries(claim.members).reverse().map(([group, digests]) => [group, [...digests].reverse()])),
  };
  t.same(signDirectory(shuffled, organisation.privateKey), directory);
});

t.test('another key, any flipped bit, truncation or an unknown version is refused', async (t) => {
  t.equal(readDirectory(directory, signingKeyPairFromSeed(new Uint8Array(32)).publicKey), null);
  const flipped: number[] = [];
  for (const [bit, altered] of bitFlips(directory)) if (read(altered) !== null) flipped.push(bit);
  t.same(flipped, [], 'no flipped bit is accepted');
  const cut: number[] = [];
  for (let length = 0; length < directory.length; length++) if (read(directory.subarray(0, length)) !== null) cut.push(length);
  t.same(cut, [], 'no truncation is accepted');
  for (const version of [0, 2, 255]) t.equal(read(signed(vector.payload, version)), null, `version ${version}`);
});

t.test('signed but non-canonical payloads are refused', async (t) => {
  const object = payloadObject();
  const members = object.members as Record<string, string[]>;
  const cases: Record<string, string> = {
    'keys reordered': JSON.stringify(Object.fromEntries(Object.entries(object).reverse())),
    'regions in numeric order': vector.payload.replace('{"10":"region-10","711":"region-711","75":"region-75"}', '{"10":"region-10","75":"region-75","711":"region-711"}'),
    'member digests unsorted': withPart('members', { ...members, national: [...members.national!].reverse() }),
    'a member digest twice': withPart('members', { ...members, 'region-75': [digest, digest] }),
    'spaces': JSON.stringify(object, null, 2),
    'a trailing space': `${vector.payload} `,
    'a key twice': vector.payload.replace('"recovery":', '"recovery":null,"recovery":'),
    'version as 3.0': vector.payload.replace('"version":3', '"version":3.0'),
  };
  for (const [what, payload] of Object.entries(cases)) {
    t.not(payload, vector.payload, `${what}: differs`);
    t.equal(read(signed(payload)), null, what);
  }
});

t.test('signed payloads of the wrong shape are refused, and such claims are not signed', async (t) => {
  const badClaims: [string, DirectoryClaim][] = [
    ['version 0', { ...claim, version: 0 }],
    ['version 1.5', { ...claim, version: 1.5 }],
    ['impossible day', { ...claim, issuedDay: '2026-13-01' }],
    ['a region that is not a KATO prefix', { ...claim, routing: { ...claim.routing, regions: { almaty: 'region-75' } } }],
    ['a group id with a space', { ...claim, routing: { ...claim.routing, fallback: 'nat ional' } }],
    ['a member list that is not digests', { ...claim, members: { national: ['not a digest'] } }],
    ['a recovery that is not a digest', { ...claim, recovery: 'x' }],
    ['a category with capitals', { ...claim, routing: { ...claim.routing, exclusive: { Corruption: 'anti-corruption' } } }],
  ];
  for (const [what, bad] of badClaims) {
    t.throws(() => signDirectory(bad, organisation.privateKey), { code: 'crypto.bad_argument' }, `sign: ${what}`);
  }
  const badPayloads: Record<string, string | Uint8Array> = {
    'version as a string': withPart('version', '3'),
    'version 0': withPart('version', 0),
    'routing without fallback': withPart('routing', { regions: {}, exclusive: {} }),
    'routing with an extra entry': withPart('routing', { regions: {}, fallback: 'national', exclusive: {}, extra: {} }),
    'members as a list': withPart('members', [digest]),
    'a member list of numbers': withPart('members', { national: [1] }),
    'recovery as a number': withPart('recovery', 1),
    'no recovery entry': JSON.stringify((({ recovery: _, ...rest }) => rest)(payloadObject())),
    'an extra entry': JSON.stringify({ ...payloadObject(), extra: 1 }),
    'not UTF-8': Uint8Array.of(0x7b, 0xc3, 0x28, 0x7d),
    'not JSON': 'version=3',
  };
  for (const [what, payload] of Object.entries(badPayloads)) t.equal(read(signed(payload)), null, what);
});

t.test('a payload over 256 KiB is neither signed nor read', async (t) => {
  const digests = Array.from({ length: 12_000 }, (_, i) => toBase64Url(new Uint8Array(16).fill(i % 256).map((b, j) => (j < 2 ? (i >> (8 * j)) & 255 : b))));
  const huge: DirectoryClaim = { ...claim, members: { national: [...new Set(digests)] } };
  t.throws(() => signDirectory(huge, organisation.privateKey), { code: 'crypto.bad_argument' });
  const payload = withPart('members', { national: [...new Set(digests)].sort() });
  t.ok(payload.length > 256 * 1024);
  t.equal(read(signed(payload)), null);
});

t.test('junk never throws', async (t) => {
  for (const junk of [undefined, 'AQ', new Uint8Array(0), new Uint8Array(70)]) {
    t.equal(readDirectory(junk as unknown as Uint8Array, organisation.publicKey), null);
    t.equal(readDirectory(directory, junk as unknown as Uint8Array), null);
  }
});
