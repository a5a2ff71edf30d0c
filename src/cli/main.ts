#!/usr/bin/env -S node --max-semi-space-size=64 --semi-space-growth-factor=8
import { Command, InvalidArgumentError } from 'commander';
import { anchorCommand } from './anchor-command.js';
import { createKeyCommand } from './keys-command.js';
import { dayOption, entityOption, replayCommand, streamOption, typesOption, untilOption, type ReplayCommandOptions } from './replay-command.js';
import { exportCommand } from './export-command.js';
import { ONE_TRANSACTION_FROM, type ImportWriteMode } from '../recording/import-developments.js';
import { importCommand } from './import-command.js';
import { restoreCommand } from './restore-command.js';
import { serveCommand } from './serve-command.js';
import { snapshotCommand } from './snapshot-command.js';
import { verifyCommand } from './verify-command.js';

function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

const program = new Command()
  .name('concord')
  .description('Concord: an event-sourced tracker of collaboration between organisations.\n\nConfiguration (environment): CONCORD_STORE=sqlite|esdb, CONCORD_SQLITE_PATH, CONCORD_ESDB_URL, CONCORD_ESDB_DEADLINE_MS, CONCORD_SEED=auto|never, PORT, CONCORD_HOST.')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the HTTP API (loads the seed data set into an empty store)')
  .option('-p, --port <port>', 'port to listen on (default: $PORT, else 3000)', portOption)
  .option('--host <host>', 'address to listen on (default: $CONCORD_HOST, else 127.0.0.1)')
  .action(async (options: { port?: number; host?: string }) => {
    process.exitCode = await serveCommand(options);
  });

program
  .command('import')
  .description('import developments from a JSON array or NDJSON file; all are validated before any is written')
  .argument('<file>', 'the file to import')
  .option('--chunk-size <n>', 'developments per durable commit (default 10000); implies --write-mode chunks unless given', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('an integer from 1 to 100000');
    return n;
  })
  .option(
    '--write-mode <mode>',
    `chunks: durable chunks once all are decided, resumable; one-transaction: written while deciding, committed at once (SQLite); auto (default): one-transaction from ${ONE_TRANSACTION_FROM} developments`,
    (v) => {
      if (v !== 'auto' && v !== 'chunks' && v !== 'one-transaction') throw new InvalidArgumentError('auto, chunks or one-transaction');
      return v;
    },
  )
  .action(async (file: string, options: { chunkSize?: number; writeMode?: ImportWriteMode }) => {
    process.exitCode = await importCommand(file, options);
  });

const keys = program.command('keys').description('manage API keys (stored as SHA-256 hashes in CONCORD_KEYS_FILE)');
keys
  .command('create')
  .description('create an API key; prints it alone on the last line, once')
  .requiredOption('--name <name>', "the key's name: becomes recordedBy of what it writes")
  .requiredOption('--role <role>', 'reader (all GETs), editor (also POST developments) or admin (also audit)')
  .action((options: { name: string; role: string }) => {
    process.exitCode = createKeyCommand(options);
  });

program
  .command('export')
  .description('write every stored event (id, stream, revision, type, data, metadata) as NDJSON in global order')
  .option('-o, --output <file>', 'a new file to write (default: stdout)')
  .action(async (options: { output?: string }) => {
    process.exitCode = await exportCommand(options);
  });

program
  .command('restore')
  .description('write an export back into an empty store of either kind, keeping ids, streams, revisions and metadata')
  .argument('<file>', 'an NDJSON file written by `concord export`')
  .action(async (file: string) => {
    process.exitCode = await restoreCommand(file);
  });

program
  .command('verify')
  .description('check every event: schema, revision gaps, hash chains, correction pointers, read-model rebuilds; exit 0 only if all hold')
  .option('--json', 'print the report as JSON')
  .option('--against <anchor>', 'also prove nothing recorded before this anchor file (from concord anchor) was removed or rewritten')
  .action(async (options: { json?: boolean; against?: string }) => {
    process.exitCode = await verifyCommand(options);
  });

program
  .command('snapshot')
  .description('fold the log into the read models and write their snapshot (CONCORD_SNAPSHOT_FILE), which serve then starts from')
  .action(async () => {
    process.exitCode = await snapshotCommand();
  });

program
  .command('anchor')
  .description("print every stream's head hash and revision and the global position, with their digest, to keep outside the store")
  .option('-o, --out <file>', 'write the anchor to this file (never overwritten) instead of stdout')
  .action(async (options: { out?: string }) => {
    process.exitCode = await anchorCommand(options);
  });

program
  .command('replay')
  .description('print every event in recorded order: position, recorded time, who, type, entity, summary')
  .option('--until <position|time>', 'stop after this log position, or keep events recorded at or before this ISO 8601 time', untilOption)
  .option('--stream <stream>', 'only events of this stream, e.g. organisation-ilo', streamOption)
  .option('--entity <key>', 'only events of or naming this entity, e.g. group:iag-tvet', entityOption)
  .option('--types <types>', 'only events of these types (comma-separated)', typesOption)
  .option('--state', "after each event, the state of its entity (or of --entity) as the read models answer it")
  .option('--at <date>', 'the valid date the --state is taken on (default today)', dayOption)
  .option('--json', 'one JSON object per line')
  .action(async (options: ReplayCommandOptions) => {
    process.exitCode = await replayCommand(options);
  });

await program.parseAsync(process.argv);
