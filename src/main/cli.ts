/**
 * The `cairn` command line. Run as `npx cairn …` or `npm run cairn -- …`.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { systemClock } from '../app/clock.js';
import { hasAnyPlan, loadDemo } from '../app/demo.js';
import { CairnError } from '../app/errors.js';
import { checkFrameworkFile, exportFramework, importFrameworkFile } from '../app/framework.js';
import { periodSummary } from '../app/summary.js';
import { summaryText } from '../cli/summary-text.js';
import { MAX_UPLOAD_BYTES } from '../importers/spreadsheet.js';
import { migrate, openStore, type Store } from '../storage/database.js';
import { ConfigError, loadConfig } from './config.js';

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = openStore(config.DATABASE_URL);
  try {
    await migrate(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

function readUpload(file: string): Buffer {
  if (!existsSync(file)) throw new CairnError('INVALID_INPUT', `There is no file at ${file}.`);
  const size = statSync(file).size;
  if (size > MAX_UPLOAD_BYTES) {
    throw new CairnError(
      'IMPORT_REJECTED',
      `${file} is ${(size / 1048576).toFixed(1)} MB; the largest Cairn accepts is ${MAX_UPLOAD_BYTES / 1048576} MB.`,
    );
  }
  return readFileSync(file);
}

export function buildCli(): Command {
  const program = new Command('cairn')
    .description('Cairn: performance management for councils')
    .showHelpAfterError();

  const db = program.command('db').description('database tasks');
  db.command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const store = openStore(config.DATABASE_URL);
      try {
        const applied = await migrate(store.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await store.close();
      }
    });

  program
    .command('demo')
    .description('load the Oxfordshire 2017-18 demo framework and its Q1 ratings')
    .action(() =>
      withStore(async (store) => {
        const already = await hasAnyPlan(store);
        await loadDemo(store, systemClock);
        console.log(
          already
            ? 'Demo framework updated.'
            : 'Demo loaded: Oxfordshire County Council, Corporate Plan 2017-18.',
        );
      }),
    );

  const imp = program.command('import').description('import data from a spreadsheet');
  imp
    .command('framework <file>')
    .description('import a framework spreadsheet (.xlsx or .csv); nothing is saved unless every row is valid')
    .option('--title <title>', 'plan title, for a CSV (a workbook has a Plan sheet)')
    .option('--years <years>', 'financial years covered, for a CSV, e.g. 2017-18')
    .option('--dry-run', 'check the file and report, without saving')
    .action((file: string, opts: { title?: string; years?: string; dryRun?: boolean }) =>
      withStore(async (store) => {
        const bytes = readUpload(file);
        const defaults = { title: opts.title, years: opts.years };
        if (opts.dryRun) {
          const doc = await checkFrameworkFile(bytes, basename(file), defaults);
          console.log(
            `${file} is valid: ${doc.priorities.length} priorities, ${doc.outcomes.length} outcomes, ${doc.indicators.length} indicators. Nothing saved (dry run).`,
          );
          return;
        }
        const r = await importFrameworkFile(store, bytes, basename(file), systemClock, defaults);
        console.log(
          `${r.createdPlan ? 'Imported' : 'Updated'} "${r.document.plan.title}" (${r.document.plan.years}): ` +
            `${r.counts.priorities} priorities, ${r.counts.outcomes} outcomes, ${r.counts.indicators} indicators` +
            (r.counts.removed ? `; ${r.counts.removed} removed` : '') +
            '.',
        );
      }),
    );

  const exp = program.command('export').description('export data as a spreadsheet');
  exp
    .command('framework')
    .description('export a plan in the framework spreadsheet layout')
    .option('--plan <plan>', 'plan id or title (default: the latest)')
    .addOption(new Option('--format <format>', 'xlsx or csv').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--out <file>', 'file to write (default: framework.<format>)')
    .action((opts: { plan?: string; format: 'xlsx' | 'csv'; out?: string }) =>
      withStore(async (store) => {
        const { plan, bytes } = await exportFramework(store, opts.plan, opts.format);
        const out = opts.out ?? `framework.${opts.format}`;
        writeFileSync(out, bytes);
        console.log(`Wrote "${plan.title}" to ${out}.`);
      }),
    );

  program
    .command('summary')
    .description("a period's counts and headline sentences")
    .requiredOption('--period <period>', 'e.g. "Q1 2017-18"')
    .option('--scope <scope>', 'council (default), a priority code or a directorate code')
    .action((opts: { period: string; scope?: string }) =>
      withStore(async (store) => {
        console.log(summaryText(await periodSummary(store, opts.period, opts.scope)));
      }),
    );

  return program;
}

export function reportError(e: unknown): number {
  if (e instanceof CairnError) {
    console.error(e.message);
    for (const d of e.details) {
      const where = [d.sheet, d.row != null ? `row ${d.row}` : null, d.column].filter(Boolean).join(', ');
      console.error(`  ${where ? `${where}: ` : ''}${d.message}`);
    }
    return e.exitCode;
  }
  if (e instanceof ConfigError) {
    console.error(e.message);
    return 78;
  }
  console.error(e);
  return 1;
}

if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  buildCli()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.exitCode = reportError(e);
    });
}
