import { createPublicKey, verify } from 'node:crypto';
import t from 'tap';
import { loadSodium, signingKeyPairFromSeed, signRecipientKey, toHex, verifyRecipientKey } from '../../crypto/index.ts';
import vectors from './vectors/signing.json' with { type: 'json' };

await loadSodium();

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const organisation = signingKeyPairFromSeed(fromHex(vectors.seed));
const claims = vectors.signatures.map((v) => ({
  recipientId: v.recipientId,
  publicKey: fromHex(v.publicKey),
  signature: fromHex(v.signature),
}));
const [claim, otherClaim] = claims as [(typeof claims)[number], (typeof claims)[number]];

t.test('signatures from the fixed seed match the committed known answers', async (t) => {
  t.equal(toHex(organisation.publicKey), vectors.signingPublicKey);
  for (const { recipientId, publicKey, signature } of claims) {
    t.equal(toHex(signRecipientKey({ recipientId, publicKey }, organisation.privateKey)), toHex(signature));
    t.ok(verifyRecipientKey({ recipientId, publicKey, signature }, organisation.publicKey));
  }
});

t.test("the committed signatures verify with Node's own Ed25519", async (t) => {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(organisation.publicKey).toString('base64url') },
    format: 'jwk',
  });
  for (const { recipientId, publicKey, signature } of claims) {
    const message = Buffer.concat([Buffer.from(`qauipsiz.recipient-key.v1|${recipientId}|`), publicKey]);
    t.ok(verify(null, message, key, signature.subarray(1)), recipientId);
  }
});

t.test('a signature does not carry over to another key, recipient or signer', async (t) => {
  const otherSigner = signingKeyPairFromSeed(new Uint8Array(32));
  t.notOk(verifyRecipientKey(claim, otherSigner.publicKey), 'other organisation key');
  t.notOk(verifyRecipientKey({ ...claim, recipientId: otherClaim.recipientId }, organisation.publicKey), 'other recipient id');
  t.notOk(verifyRecipientKey({ ...claim, publicKey: otherClaim.publicKey }, organisation.publicKey), 'other public key');
  t.notOk(verifyRecipientKey({ ...claim, recipientId: `${claim.recipientId}|` }, organisation.publicKey), 'id with separator');
});

t.test('every flipped bit of the signature is rejected', async (t) => {
  const accepted: number[] = [];
  for (let bit = 0; bit < claim.signature.length * 8; bit++) {
    const signature = claim.signature.slice();
    signature[bit >> 3]! ^= 1 << (bit & 7);
    if (verifyRecipientKey({ ...claim, signature }, organisation.publicKey)) accepted.push(bit);
  }
  t.same(accepted, []);
});

t.test('malformed input and unknown versions give false, never a throw', async (t) => {
  for (const version of [0x00, 0x02, 0xff]) {
    const signature = claim.signature.slice();
    signature[0] = version;
    t.notOk(verifyRecipientKey({ ...claim, signature }, organisation.publicKey), `version ${version}`);
  }
  for (const length of [0, 1, 64, 66]) {
    const signature = new Uint8Array(length);
    signature.set(claim.signature.subarray(0, length));
    t.notOk(verifyRecipientKey({ ...claim, signature }, organisation.publicKey), `${length} bytes`);
  }
  t.notOk(verifyRecipientKey({ ...claim, publicKey: claim.publicKey.subarray(1) }, organisation.publicKey));
  t.notOk(verifyRecipientKey(claim, organisation.publicKey.subarray(1)));
  t.notOk(verifyRecipientKey({ ...claim, signature: 'AQ' as unknown as Uint8Array }, organisation.publicKey));
  t.notOk(verifyRecipientKey({ ...claim, recipientId: 7 as unknown as string }, organisation.publicKey));
});

t.test('signing rejects keys of the wrong length', async (t) => {
  t.throws(() => signRecipientKey({ recipientId: 'x', publicKey: new Uint8Array(31) }, organisation.privateKey), {
    code: 'crypto.bad_length',
  });
  t.throws(() => signRecipientKey(claim, organisation.privateKey.subarray(0, 32)), { code: 'crypto.bad_length' });
});
