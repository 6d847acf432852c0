// `npm run admin -- <command>`: manage the organisation, recipient groups and inspectors from the
// shell, and read a case in the terminal, until the console does it in the browser.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { loadSodium } from '../crypto/index.ts';
import { openDatabase } from '../db/database.ts';
import { AdminError, addInspector, backup, cases, createOrg, list, purge, read, restore, verifyAudit } from './admin/commands.ts';
import { stdinSecretReader } from './admin/prompt.ts';
import { ConfigError, dayIn, loadConfig } from './config.ts';

const options = { name: { type: 'string' }, group: { type: 'string', multiple: true }, inspector: { type: 'string' }, username: { type: 'string' } } as const;

/**
 * parseArgs, except that a value starting with '-' is a value: case and account ids are
 * base64url, so one in 64 starts with '-' ("read -v3…" must not read as an option). Only the
 * options above are options; anything else starting with '-' stands in for itself.
 */
function parseIds(argv: string[]) {
  const isOption = (arg: string) => arg === '--' || Object.keys(options).some((name) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  const held: string[] = [];
  const args = argv.map((arg) => (arg.startsWith('-') && !isOption(arg) ? `\u0000${held.push(arg) - 1}` : arg));
  const restore = (value: string) => (value.startsWith('\u0000') ? (held[Number(value.slice(1))] ?? value) : value);
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options });
  return {
    positionals: positionals.map(restore),
    values: {
      name: values.name === undefined ? undefined : restore(values.name),
      group: values.group?.map(restore),
      inspector: values.inspector === undefined ? undefined : restore(values.inspector),
      username: values.username === undefined ? undefined : restore(values.username),
    },
  };
}

const usage = `Usage: npm run admin -- <command> [options]

  create-org --name "<organisation>"             create the organisation and its signing key
                                                 (wrapped under the organisation passphrase),
                                                 with recipient groups for every region,
                                                 a national and an anti-corruption group,
                                                 and the signed directory's version 1
  add-inspector --name "<name>" --group <id>...  add an inspector (key pair made here, sealed
     [--username <login>]                        with the organisation key under their
                                                 passphrase), certify the key for the groups
                                                 and publish the next directory version;
                                                 with a console account (username: the id
                                                 unless --username is given)
  list                                           organisation, groups and inspectors
  cases --inspector <id>                         cases in the inspector's groups
  read <case-id> --inspector <id>                decrypt one case in this terminal
  backup <file>                                  online backup of the database (and the
                                                 server secret beside it) while serving
  restore <file>                                 replace the database with a backup
                                                 (stop the server first)
  verify-audit                                   check the audit log's hash chain; names the
                                                 first broken link and exits 1 if there is one
  purge                                          delete cases closed more than
                                                 RETENTION_DAYS ago (the server does it daily)
  help                                           this text

Passphrases are read from the terminal without echo, or one per line from standard input;
never from the command line. DATA_DIR selects the data directory (default ./data).`;

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseIds(argv);
  const [command, ...rest] = positionals;
  if (!command || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = loadConfig(process.env);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const io = { out: (line: string) => process.stdout.write(`${line}\n`), readSecret: stdinSecretReader(), today: () => dayIn(config.timeZone, new Date()) };
  const required = (value: string | undefined, flag: string) => {
    if (!value) throw new AdminError(`${command} needs ${flag}\n\n${usage}`);
    return value;
  };
  // Restore swaps the database file, so it must not hold it open.
  if (command === 'restore') return restore(io, { file: required(rest[0], 'a backup file'), dataDir: config.dataDir });
  await loadSodium('sumo');
  const database = openDatabase(join(config.dataDir, 'qauipsiz.db'));
  try {
    switch (command) {
      case 'create-org':
        return await createOrg(database.db, io, required(values.name, '--name'));
      case 'add-inspector':
        await addInspector(database.db, io, { name: required(values.name, '--name'), groupIds: values.group ?? [], ...(values.username === undefined ? {} : { username: values.username }) });
        return;
      case 'verify-audit':
        if (!verifyAudit(database.db, io)) process.exitCode = 1;
        return;
      case 'list':
        return list(database.db, io);
      case 'cases':
        return cases(database.db, io, required(values.inspector, '--inspector'));
      case 'read':
        return await read(database.db, io, { reportId: required(rest[0], 'a case id'), inspectorId: required(values.inspector, '--inspector') });
      case 'backup':
        return await backup(database, io, { file: required(rest[0], 'a backup file'), dataDir: config.dataDir });
      case 'purge':
        return purge(database, io, config.retentionDays);
      default:
        throw new AdminError(`Unknown command ${JSON.stringify(command)}\n\n${usage}`);
    }
  } finally {
    database.close();
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const known = error instanceof AdminError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(known ? `${(error as Error).message}\n` : `${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
