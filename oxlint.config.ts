// `npm run lint`: oxlint, type-aware through oxlint-tsgolint (typescript-go, the TS 7 this project
// compiles with), so no-floating-promises sees real types. It checks three things: promises nobody
// awaits, unused code, and the layers (which folder may import which). The layer rules match the
// import specifier as written (oxlint's no-restricted-imports), so they are spelled by folder name.
// An override replaces the rule's options of the ones before it, so every folder below lists all
// of its restrictions, composed from the named pieces here; later overrides are the narrower ones.
import { builtinModules } from 'node:module';
import { defineConfig } from 'oxlint';

type Restriction = { regex: string; message: string; allowTypeImports?: boolean };

/** Regex-escapes one literal (oxlint's regexes have no look-ahead, hence the helpers below). */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A regex fragment matching any text that does not start with `prefix`, e.g. `[^c]|c(?:$|[^o])…`. */
function notStarting(prefix: string, alsoNot = ''): string {
  const alternatives = [...prefix].map((char, i) =>
    i === 0 ? `[^${literal(alsoNot)}${literal(char)}]` : `${literal(prefix.slice(0, i))}(?:$|[^${literal(char)}])`,
  );
  return `(?:${alternatives.join('|')})`;
}

/** A regex fragment matching any non-empty text other than `exact`. */
const otherThan = (exact: string, alsoNot = ''): string => `(?:${notStarting(exact, alsoNot)}|${literal(exact)}.)`;

/** A relative import that reaches into `folder/` (at any depth of ../). */
const into = (folder: string): string => `(^|/)${literal(folder)}/`;

// Nothing outside crypto/ touches libsodium: crypto/ is the one place that knows which build is loaded.
const libsodium: Restriction = { regex: '^libsodium', message: 'Only crypto/ imports libsodium; use crypto/index.ts.' };
// The tables and the query builder stay inside db/ (tests excepted): everyone else goes through db/repositories.
const dbInternals: Restriction[] = [
  { regex: '^drizzle-', message: 'Only db/ uses drizzle; go through db/repositories.' },
  { regex: `${into('db')}schema\\.ts$`, message: 'Only db/ imports db/schema.ts; go through db/repositories.' },
];
// Browser and contract code runs without Node: no built-in module, with or without `node:`.
const nodeBuiltins: Restriction = {
  regex: `^(node:|(${builtinModules.map(literal).join('|')})(/|$))`,
  message: 'This code runs in the browser (or is shared with it): no Node built-in modules.',
};
// Server-only packages never reach a browser bundle.
const serverPackages: Restriction = {
  regex: '^(better-sqlite3|fastify|@fastify/|fastify-plugin|env-schema|pino|helmet|drizzle-)',
  message: 'A server package in browser code.',
};
// web/ is one layer: it sees the server only through HTTP (contract/) and the build (virtual:catalog).
const webOutside: Restriction[] = [
  { regex: into('server'), message: 'web/ talks to the server over HTTP only; share types through contract/.' },
  { regex: into('db'), message: 'web/ reads the catalogue through `virtual:catalog`, never db/.' },
  // Any crypto/ module but index.ts and page.ts (its subset for the reporter page): a first letter other
  // than i and p, or i/p followed by anything but the rest of those two names.
  { regex: `${into('crypto')}(?:[^ip]|i${otherThan('ndex.ts')}|p${otherThan('age.ts')})`, message: 'web/ imports crypto/index.ts (or its reporter subset crypto/page.ts) only.' },
];
// Nothing below the HTTP layer knows about the browser code.
const noWeb: Restriction = { regex: into('web'), message: 'Server and db code never import web/.' };

// Use cases (server/console, server/intake) sit between routes and repositories.
const useCaseRules = (sibling: 'console' | 'intake'): Restriction[] => [
  libsodium,
  ...dbInternals,
  noWeb,
  { regex: into('routes'), message: 'Use cases never import routes (routes → use cases → repositories).' },
  { regex: `(^|/)admin(/|\\.ts$)`, message: 'Use cases never import the admin CLI; move shared code to server/domain or db/.' },
  { regex: into(sibling), message: 'server/console and server/intake stay apart; share through server/domain or db/.' },
  { regex: `${into('http')}${otherThan('errors.ts')}`, message: 'Use cases may use server/http/errors.ts only.' },
  { regex: '^\\.\\./(app|main)\\.ts$', message: 'Use cases never import the server entry points.' },
];

const restrict = (...patterns: Restriction[]) => ['error', { patterns }] as const;

export default defineConfig({
  options: { typeAware: true },
  ignorePatterns: ['node_modules/**', 'web/dist/**', 'data/**', '.tap/**', 'db/migrations/meta/**'],
  categories: { correctness: 'error' },
  plugins: ['typescript', 'oxc', 'eslint'],
  rules: {
    // A promise nobody awaits loses its rejection: await it, or `void` it with a comment saying why.
    'typescript/no-floating-promises': [
      'error',
      // tap's t.test() (and t.skip/t.todo) resolves when the subtest ends and never rejects: failures
      // go to the TAP output, so a top-level `t.test(...)` is not a floating promise.
      { allowForKnownSafePromises: [{ from: 'package', package: '@tapjs/core', name: 'PromiseWithSubtest' }] },
    ],
    // An async function where a void callback is expected (an event handler) floats its promise too.
    // `[...text]` counts code points on purpose (passphrase lengths); graphemes are not what is meant.
    'typescript/no-misused-spread': 'off',
    'typescript/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false } }],
    // Unused code goes; a parameter kept for its position is spelled `_name`.
    'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
    'no-restricted-imports': restrict(libsodium, ...dbInternals),
  },
  overrides: [
    // crypto/ is the bottom layer: it owns libsodium and imports no application code.
    {
      files: ['crypto/**'],
      rules: {
        'no-restricted-imports': restrict(...dbInternals, noWeb, { regex: into('server'), message: 'crypto/ imports no application code.' }, {
          regex: into('db'),
          message: 'crypto/ imports no application code.',
        }),
      },
    },
    // contract/ is the API as data: its own files, crypto/formats.ts, and type-only json-schema-to-ts.
    {
      files: ['contract/**'],
      rules: {
        'no-restricted-imports': restrict(
          { regex: `^\\.\\./${otherThan('crypto/formats.ts')}`, message: 'contract/ imports only contract/ and crypto/formats.ts.' },
          { regex: `^${otherThan('json-schema-to-ts', '.')}`, message: 'contract/ imports no package and no Node module.' },
          { regex: '^json-schema-to-ts$', message: 'contract/ imports json-schema-to-ts for types only.', allowTypeImports: true },
        ),
      },
    },
    // db/ sits under the server: contract/, its own files and packages; never server/ or web/.
    {
      files: ['db/**'],
      rules: {
        'no-restricted-imports': restrict(libsodium, noWeb, { regex: into('server'), message: 'db/ never imports server/.' }),
      },
    },
    // Browser code (web/console, web/reporter, web/shared).
    {
      files: ['web/**'],
      rules: { 'no-restricted-imports': restrict(libsodium, ...dbInternals, nodeBuiltins, serverPackages, ...webOutside) },
    },
    // The two apps share web/shared only.
    {
      files: ['web/console/**'],
      rules: {
        'no-restricted-imports': restrict(libsodium, ...dbInternals, nodeBuiltins, serverPackages, ...webOutside, {
          regex: into('reporter'),
          message: 'web/console never imports web/reporter; share through web/shared.',
        }),
      },
    },
    {
      files: ['web/reporter/**'],
      rules: {
        'no-restricted-imports': restrict(libsodium, ...dbInternals, nodeBuiltins, serverPackages, ...webOutside, {
          regex: into('console'),
          message: 'web/reporter never imports web/console; share through web/shared.',
        }),
      },
    },
    // The build runs in Node: node:*, vite, and db/data/*.json are fine; the server and db code are not.
    {
      files: ['web/build/**', 'web/vite*.config.ts'],
      rules: {
        'no-restricted-imports': restrict(libsodium, ...dbInternals, {
          regex: `${into('db')}${notStarting('data/')}`,
          message: 'The build reads db/data/*.json only.',
        }, { regex: into('server'), message: 'The build never imports server/.' }),
      },
    },
    // Everything in server/ by default: no libsodium, no tables, no browser code.
    {
      files: ['server/**'],
      rules: { 'no-restricted-imports': restrict(libsodium, ...dbInternals, noWeb) },
    },
    // Routes → use cases → repositories → tables: a route calls server/console or server/intake.
    {
      files: ['server/routes/**'],
      rules: {
        'no-restricted-imports': restrict(
          libsodium,
          ...dbInternals,
          noWeb,
          { regex: into('db'), message: 'Routes never import db/; call a use case (server/console, server/intake).' },
          { regex: '^better-sqlite3', message: 'Routes never touch the database; call a use case.' },
          { regex: into('domain'), message: 'Routes take domain names and types from contract/.' },
          { regex: `(^|/)admin(/|\\.ts$)`, message: 'Routes never import the admin CLI.' },
          { regex: '^\\.\\./(app|main)\\.ts$', message: 'Routes never import the server entry points.' },
          { regex: `${into('crypto')}${otherThan('index.ts')}`, message: 'Routes import crypto/index.ts only.' },
        ),
      },
    },
    { files: ['server/console/**'], rules: { 'no-restricted-imports': restrict(...useCaseRules('intake')) } },
    { files: ['server/intake/**'], rules: { 'no-restricted-imports': restrict(...useCaseRules('console')) } },
    // server/domain is pure: contract/, itself, the catalogue of facts (db/catalog.ts: regions,
    // industries, categories from ../shared/data, no database) and node:crypto (audit chain, TOTP).
    {
      files: ['server/domain/**'],
      rules: {
        'no-restricted-imports': restrict(
          { regex: '^\\.\\./[^.]', message: 'server/domain imports no other server folder.' },
          { regex: '^\\.\\./\\.\\./(server|web|crypto|test)/', message: 'server/domain imports only contract/, db/catalog.ts and server/domain/.' },
          { regex: `^\\.\\./\\.\\./db/${otherThan('catalog.ts')}`, message: 'server/domain reads the catalogue of facts (db/catalog.ts) only, never the database.' },
          { regex: `^${otherThan('node:crypto', '.')}`, message: 'server/domain imports no package and no Node module but node:crypto.' },
        ),
      },
    },
    // Tests may reach into db/ (schema, drizzle) to set up and inspect state, but not libsodium...
    { files: ['test/**'], rules: { 'no-restricted-imports': restrict(libsodium) } },
    // ...except the one test that compares the standard and sumo builds of libsodium.
    { files: ['test/crypto/sodium.test.ts'], rules: { 'no-restricted-imports': 'off' } },
  ],
});
