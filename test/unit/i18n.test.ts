// The messages of both web apps (web/console/i18n, web/reporter/i18n) in Kazakh, Russian and
// English: the same keys, the same {placeholders}, plural forms the language needs, and the words
// web/GLOSSARY.md settles. TypeScript checks the key set only where a message object is typed
// exactly; maps typed `Record<string, string>` (errors, statuses of the audit…) escape it.
import t from 'tap';
import { messages as consoleMessages } from '../../web/console/i18n/index.ts';
import { messages as reporterMessages } from '../../web/reporter/i18n/index.ts';

type Language = 'kk' | 'ru' | 'en';
/** A message: one string, or one string per plural form (web/shared/language.ts plural()). */
type Leaf = { kind: 'text'; text: string } | { kind: 'plural'; forms: Record<string, string> };

const apps = { console: consoleMessages, reporter: reporterMessages } as const;
const pluralForms = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

function isPluralObject(value: object): value is Record<string, string> {
  const keys = Object.keys(value);
  return keys.includes('other') && keys.every((key) => pluralForms.has(key)) && Object.values(value).every((v) => typeof v === 'string');
}

/** Every message of one language, by its dotted path ('errors.auth.failed' keeps the key's own dots). */
function leaves(value: unknown, path = '', into = new Map<string, Leaf>()): Map<string, Leaf> {
  if (typeof value === 'string') into.set(path, { kind: 'text', text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => leaves(item, `${path}[${i}]`, into));
  else if (typeof value === 'object' && value !== null) {
    if (isPluralObject(value)) into.set(path, { kind: 'plural', forms: value });
    else for (const [key, item] of Object.entries(value)) leaves(item, path === '' ? key : `${path}.${key}`, into);
  }
  return into;
}

const textsOf = (leaf: Leaf): string[] => (leaf.kind === 'text' ? [leaf.text] : Object.values(leaf.forms));
const placeholders = (text: string): string => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort().join(' ');

/** [app, language, path, leaf] for every message of both apps. */
function* everyMessage(languages: readonly Language[] = ['kk', 'ru', 'en']) {
  for (const [app, messages] of Object.entries(apps)) {
    for (const language of languages) for (const [path, leaf] of leaves(messages[language])) yield { app, language, path, leaf };
  }
}

t.test('every message exists in Kazakh, Russian and English, in both apps', async (t) => {
  for (const [app, messages] of Object.entries(apps)) {
    const english = [...leaves(messages.en).keys()];
    t.ok(english.length > 100, `${app}: ${english.length} English messages`);
    for (const language of ['kk', 'ru'] as const) {
      const paths = [...leaves(messages[language]).keys()];
      t.same(paths.filter((p) => !english.includes(p)), [], `${app}/${language}: no message English lacks`);
      t.same(english.filter((p) => !paths.includes(p)), [], `${app}/${language}: no English message missing`);
    }
  }
});

t.test('each message has the same {placeholders} in every language and every plural form', async (t) => {
  const problems: string[] = [];
  for (const [app, messages] of Object.entries(apps)) {
    const english = leaves(messages.en);
    for (const language of ['kk', 'ru', 'en'] as const) {
      for (const [path, leaf] of leaves(messages[language])) {
        const source = english.get(path);
        if (source === undefined) continue; // reported by the key test
        const expected = placeholders(textsOf(source).join(' '));
        for (const text of textsOf(leaf)) {
          if (placeholders(text) !== expected) problems.push(`${app}/${language} ${path}: “${text}” has {${placeholders(text)}}, English {${expected}}`);
        }
      }
    }
  }
  t.same(problems, []);
});

t.test('plural messages have exactly the forms Intl.PluralRules needs in their language', async (t) => {
  const problems: string[] = [];
  let plurals = 0;
  for (const { app, language, path, leaf } of everyMessage()) {
    if (leaf.kind !== 'plural') continue;
    plurals += 1;
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const missing = needed.filter((form) => leaf.forms[form] === undefined);
    const unused = Object.keys(leaf.forms).filter((form) => !(needed as string[]).includes(form));
    if (missing.length > 0) problems.push(`${app}/${language} ${path}: lacks ${missing.join(', ')}`);
    if (unused.length > 0) problems.push(`${app}/${language} ${path}: ${language} never uses ${unused.join(', ')}`);
  }
  t.same(problems, [], `${plurals} plural messages checked`);
});

// A number placeholder directly followed by a noun agrees with the number: "1 cases", "20 001 знаков".
// In Russian any word but a connector agrees; in English a plural noun (ending in s) shows it.
// Limits ({max}) are round constants ("до 600 знаков" holds); counts vary.
const numberPlaceholder = /\{(count|seconds|minutes|hours|days|total)\}\s+(\p{L}+)/gu;
const numberConnectors = new Set(['из', 'и', 'или']);
const needsAgreement = (language: Language, word: string) => (language === 'en' ? /s$/.test(word) : !numberConnectors.has(word));

t.test('a count followed by a noun goes through plural forms (Russian and English)', async (t) => {
  const problems: string[] = [];
  for (const { app, language, path, leaf } of everyMessage(['ru', 'en'])) {
    if (leaf.kind !== 'text') continue;
    for (const [, name, word] of leaf.text.matchAll(numberPlaceholder)) {
      if (needsAgreement(language, word ?? '')) problems.push(`${app}/${language} ${path}: “{${name}} ${word}”`);
    }
  }
  t.same(problems, []);
});

// Latin-alphabet words allowed on Kazakh and Russian screens: names, standards, and what the user
// types or sees elsewhere exactly so (web/GLOSSARY.md, "Not translated").
const latinPhrases = ['npm run admin -- create-org', 'Tor Browser'];
const latinWords = new Set(['Qauipsiz', 'TOTP', 'QR', 'PDF', 'URL', 'A4', 'IP', 'Esc', 'cookie', 'otpauth', 'create-org']);
// Examples of weak passphrases quoted by the strength check («aaa», «abc»); single characters
// («@» for «a», look-alike letters O, I, L) are examples too.
const latinExamples = new Set(['aaa', 'abc', 'abcabc']);

/** The Latin-alphabet words of a Kazakh or Russian message that no allow-list covers. */
function strayLatinWords(text: string): string[] {
  let rest = text.replace(/\{\w+\}/g, ' ').replace(/https?:\/\/\S*/g, ' ');
  for (const phrase of latinPhrases) rest = rest.replaceAll(phrase, ' ');
  return (rest.match(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g) ?? []).filter((word) => word.length > 1 && !latinWords.has(word) && !latinExamples.has(word));
}

t.test('no English words are left on Kazakh and Russian screens', async (t) => {
  t.same(strayLatinWords('Tor Browser-де қауіпсіздік деңгейін «Standard» етіп қойыңыз'), ['Standard'], 'the check finds an English word');
  t.same(strayLatinWords('{name}: https://report.example.kz/ TOTP, QR, A4'), [], 'placeholders, addresses and allowed words pass');
  const problems: string[] = [];
  for (const { app, language, path, leaf } of everyMessage(['kk', 'ru'])) {
    if (app === 'console' && path === 'poster.lang') continue; // the poster's lang attribute, not text
    for (const text of textsOf(leaf)) {
      const stray = strayLatinWords(text);
      if (stray.length > 0) problems.push(`${app}/${language} ${path}: ${stray.join(', ')}`);
    }
  }
  t.same(problems, []);
});

// Words web/GLOSSARY.md rules out, with the word to use instead.
const ruledOut: { language: Language; pattern: RegExp; instead: string }[] = [
  { language: 'ru', pattern: /техник\p{L}* безопасности/iu, instead: 'безопасность и охрана труда' },
  { language: 'ru', pattern: /(за|пере|об)вор?ач|завернут|перезаверн|оберн/iu, instead: 'передать доступ' },
  { language: 'ru', pattern: /отпечат/iu, instead: 'код проверки ключа' },
  { language: 'ru', pattern: /выйти из системы/iu, instead: 'Быстрый выход / Выйти' },
  { language: 'kk', pattern: /өтініш/iu, instead: 'хабарлама (report), іс (case)' },
  { language: 'kk', pattern: /шифрдан шы/iu, instead: 'шифрын ашу' },
  { language: 'kk', pattern: /(^|\P{L})ора(у|лад|лған)/iu, instead: 'қолжетімділік беру' },
  { language: 'kk', pattern: /саусақ із/iu, instead: 'кілтті тексеру коды' },
  { language: 'kk', pattern: /астын сызу/iu, instead: 'астыңғы сызық' },
  { language: 'kk', pattern: /анықтама(?!лы)/iu, instead: 'анықтамалық (directory)' },
  { language: 'kk', pattern: /қолын күт/iu, instead: 'қол қоюын күтуде' },
  { language: 'kk', pattern: /ресімде/iu, instead: 'рәсімдеу' },
];

t.test('the words the glossary rules out appear nowhere', async (t) => {
  const problems: string[] = [];
  for (const { app, language, path, leaf } of everyMessage(['kk', 'ru'])) {
    for (const text of textsOf(leaf)) {
      for (const rule of ruledOut) {
        if (rule.language === language && rule.pattern.test(text)) problems.push(`${app}/${language} ${path}: “${text.match(rule.pattern)?.[0]}” → ${rule.instead}`);
      }
    }
  }
  t.same(problems, []);
});

t.test('grammar the placeholders cannot carry', async (t) => {
  const problems: string[] = [];
  for (const { app, language, path, leaf } of everyMessage()) {
    for (const text of textsOf(leaf)) {
      // A person's name may end in an initial ("Нурланов А."): a full stop right after it doubles.
      if (/\{(name|names|signed|named|author|organisation)\}\./.test(text)) problems.push(`${app}/${language} ${path}: full stop after a name`);
      // A Russian name arrives in the nominative: no preposition or verb may want another case of it.
      if (language === 'ru' && /(для|с|у|от|к|приглашает|называет|позвоните)\s+\{(name|names|signed|named|author)\}/iu.test(text)) {
        problems.push(`${app}/${language} ${path}: “${text}” puts a name in an oblique case`);
      }
      // Each sentence starts with a capital letter: the message's first letter (unless it quotes an
      // example, «aaa») and each after ". ".
      const first = /^[\s("']*(\p{L})/u.exec(text)?.[1];
      const sentence = /[.!?]$/.test(text.trim()) || /[.!?]\s/.test(text);
      if (sentence && first !== undefined && first === first.toLowerCase() && first !== first.toUpperCase()) problems.push(`${app}/${language} ${path}: starts lower-case`);
      for (const [, letter] of text.matchAll(/[.!?]\s+(\p{Ll})/gu)) problems.push(`${app}/${language} ${path}: a sentence starts with “${letter}”`);
    }
  }
  t.same(problems, []);
  // The filter option sits under masculine and feminine labels alike (Статус, Категория, Отрасль).
  t.notMatch(consoleMessages.ru.any, /^Люб(ой|ая|ое)$/u, 'the Russian “any” option agrees with every filter label');
});
