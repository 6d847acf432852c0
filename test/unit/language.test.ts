import t from 'tap';
import { format, plural } from '../../web/shared/language.ts';

const characters = {
  ru: { one: '{count} знак', few: '{count} знака', many: '{count} знаков', other: '{count} знака' },
  kk: { one: '{count} таңба', other: '{count} таңба' },
  en: { one: '{count} character', other: '{count} characters' },
};

t.test('Russian counts take the form the number asks for, with local digit groups', async (t) => {
  t.equal(plural('ru', 1, characters.ru), '1 знак');
  t.equal(plural('ru', 21, characters.ru), '21 знак');
  t.equal(plural('ru', 20001, characters.ru), '20\u00a0001 знак', 'never "20 001 знаков"');
  t.equal(plural('ru', 2, characters.ru), '2 знака');
  t.equal(plural('ru', 1334, characters.ru), '1\u00a0334 знака');
  t.equal(plural('ru', 5, characters.ru), '5 знаков');
  t.equal(plural('ru', 11, characters.ru), '11 знаков', '11 is "many" although it ends in 1');
  t.equal(plural('ru', 1998, characters.ru), '1\u00a0998 знаков');
  t.equal(plural('ru', 0, characters.ru), '0 знаков');
});

t.test('English and Kazakh need only one and other', async (t) => {
  t.equal(plural('en', 1, characters.en), '1 character');
  t.equal(plural('en', 20001, characters.en), '20,001 characters');
  t.equal(plural('kk', 1, characters.kk), '1 таңба');
  t.equal(plural('kk', 1998, characters.kk), '1\u00a0998 таңба');
});

t.test('a missing form falls back to other; other placeholders are left for format()', async (t) => {
  t.equal(plural('ru', 3, { one: '{count} день', other: '{count} дн.' }), '3 дн.');
  const left = plural('en', 7, { one: '{count} day left of {max}', other: '{count} days left of {max}' });
  t.equal(left, '7 days left of {max}');
  t.equal(format(left, { max: 20000 }, 'en'), '7 days left of 20,000');
});
