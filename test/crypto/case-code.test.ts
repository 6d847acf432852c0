import t from 'tap';
import {
  dammCheckDigit,
  dammValid,
  formatCaseCode,
  generateCaseCode,
  loadSodium,
  normalizeCaseCode,
} from '../../crypto/index.ts';
import vectors from './vectors/case-code.json' with { type: 'json' };

await loadSodium();

t.test('check digits match the committed table', async (t) => {
  for (const { digits, checkDigit } of vectors.checkDigits) {
    t.equal(dammCheckDigit(digits), checkDigit, digits);
    t.ok(dammValid(digits + checkDigit));
  }
  t.throws(() => dammCheckDigit('12a'), { code: 'crypto.bad_case_code' });
  t.notOk(dammValid(''));
  t.notOk(dammValid('5724 '));
});

t.test('normalisation matches the committed table', async (t) => {
  for (const { input, result } of vectors.normalisation) t.same(normalizeCaseCode(input), result, JSON.stringify(input));
});

t.test('every single wrong digit and every swap of neighbours is caught', async (t) => {
  for (const code of vectors.validCodes) {
    t.same(normalizeCaseCode(code), { ok: true, digits: code });
    const missed: string[] = [];
    for (let i = 0; i < code.length; i++) {
      for (let digit = 0; digit < 10; digit++) {
        const typo = code.slice(0, i) + digit + code.slice(i + 1);
        if (typo !== code && dammValid(typo)) missed.push(typo);
      }
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      if (i + 1 < code.length && swapped !== code && dammValid(swapped)) missed.push(swapped);
    }
    t.same(missed, [], `no undetected typo in ${code}`);
  }
});

t.test('formatCaseCode shows seven groups of four', async (t) => {
  const [code] = vectors.validCodes;
  t.equal(formatCaseCode(code!), '1234 5678 9012 3456 7890 1234 5678');
  t.throws(() => formatCaseCode('1234'), { code: 'crypto.bad_case_code' });
  t.throws(() => formatCaseCode('1234567890123456789012345670'), { code: 'crypto.bad_case_code' });
});

t.test('10,000 generated codes are valid and their digits roughly uniform', async (t) => {
  const codeCount = 10_000;
  const counts = Array.from({ length: 28 }, () => new Array<number>(10).fill(0));
  let invalid = 0;
  for (let n = 0; n < codeCount; n++) {
    const code = generateCaseCode();
    if (!/^\d{28}$/.test(code) || !normalizeCaseCode(formatCaseCode(code)).ok) invalid++;
    for (let i = 0; i < 28; i++) counts[i]![Number(code[i])]!++;
  }
  t.equal(invalid, 0, 'every code is 28 digits and passes its own check');
  // Chi-square with 9 degrees of freedom; P(> 80) ≈ 1.6e-13 per position, so this cannot flake.
  const expected = codeCount / 10;
  const chiSquare = (row: number[]) => row.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
  const worst = Math.max(...counts.map(chiSquare));
  t.ok(worst < 80, `largest chi-square over the 28 positions is ${worst.toFixed(1)}`);
});
