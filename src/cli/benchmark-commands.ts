/**
 * Benchmarking from the command line (issue 13): `cairn reference refresh [DIR]` (the reference data of
 * UK councils), `cairn benchmark council [NAME]` (which council this is), and the imports, links and
 * figures of `cairn benchmark …`. The actor is the operating-system account, as for every CLI change.
 */
import type { Command } from 'commander';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import {
  ourCouncil,
  refreshReference,
  setOurCouncil,
  REFERENCE_ATTRIBUTION,
} from '../app/benchmark-reference.js';
import { councilLabel } from '../domain/benchmark-areas.js';
import type { Store } from '../app/store.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  importBenchmarkData,
  readMappingJson,
  type ColumnMapping,
  type ImportProgress,
} from '../app/benchmark-import.js';
import { CairnError } from '../app/errors.js';
import { comparatorGroups, GROUP_KINDS, importGroupsFile, type GroupKind } from '../app/benchmark-groups.js';
import { GROUP_KIND_LABEL } from '../domain/benchmark-groups.js';
import { MAX_UPLOAD_BYTES } from '../importers/spreadsheet.js';
import { statSync } from 'node:fs';
import {
  FIELD_LABEL,
  MAPPED_FIELDS,
  readPolarity,
  readUnit,
  type MappedField,
} from '../domain/benchmark-mapping.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

const collect = (value: string, previous: string[]) => [...previous, value];

/** A progress bar on a terminal (rows/s), or a line every few seconds when the output is a file. */
export function progressPrinter(out: NodeJS.WriteStream = process.stderr): {
  update: (p: ImportProgress) => void;
  done: () => void;
} {
  let lastLine = 0;
  const tty = Boolean(out.isTTY);
  const line = (p: ImportProgress) => {
    const fraction = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = p.elapsedMs > 0 ? Math.round(p.rows / (p.elapsedMs / 1000)) : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('en-GB')} rows  ${rate.toLocaleString('en-GB')} rows/s`;
  };
  return {
    update(p) {
      if (tty) out.write(`\r${line(p)}`);
      else if (p.elapsedMs - lastLine >= 5000) {
        lastLine = p.elapsedMs;
        out.write(`${line(p)}\n`);
      }
    },
    done() {
      if (tty) out.write('\n');
    },
  };
}

/** The mapping from --mapping FILE.json and the --column, --metric, --title, --period, --polarity and --unit options. */
function mappingFrom(opts: {
  mapping?: string;
  column: string[];
  metric?: string;
  title?: string;
  period?: string;
  polarity?: string;
  unit?: string;
}): { mapping?: ColumnMapping; overrides: Partial<ColumnMapping> & Pick<ColumnMapping, 'columns'> } {
  let base: ColumnMapping | undefined;
  if (opts.mapping) {
    if (!existsSync(opts.mapping))
      throw new CairnError('INVALID_INPUT', `There is no mapping file at ${opts.mapping}.`);
    base = readMappingJson(readFileSync(opts.mapping, 'utf8'));
  }
  const mapping: Partial<ColumnMapping> & Pick<ColumnMapping, 'columns'> = { columns: {} };
  for (const c of opts.column) {
    const at = c.indexOf('=');
    const field = c.slice(0, at).trim() as MappedField;
    if (at < 1 || !MAPPED_FIELDS.includes(field))
      throw new CairnError(
        'INVALID_INPUT',
        `--column takes FIELD=HEADER, FIELD one of ${MAPPED_FIELDS.join(', ')} (${MAPPED_FIELDS.map((f) => FIELD_LABEL[f]).join('; ')}), not "${c}".`,
      );
    mapping.columns[field] = c.slice(at + 1).trim();
  }
  if (opts.metric) mapping.metricCode = opts.metric;
  if (opts.title) mapping.metricTitle = opts.title;
  if (opts.period) mapping.period = opts.period;
  if (opts.polarity) {
    const p = readPolarity(opts.polarity);
    if (!p)
      throw new CairnError('INVALID_INPUT', `--polarity is higher, lower or middle, not "${opts.polarity}".`);
    mapping.polarity = p;
  }
  if (opts.unit) {
    const u = readUnit(opts.unit);
    if (!u)
      throw new CairnError(
        'INVALID_INPUT',
        `--unit is number, percent, currency or rate, not "${opts.unit}".`,
      );
    mapping.unit = u;
  }
  return { mapping: base, overrides: mapping };
}

export function addBenchmarkCommands(program: Command, withStore: WithStore): void {
  const reference = program.command('reference').description('reference data Cairn ships with');
  reference
    .command('refresh [dir]')
    .description(
      'load the UK councils (names, GSS codes, types, regions) from a copy of mySociety’s data; default: the copy shipped with Cairn',
    )
    .action((dir: string | undefined) =>
      withStore(async (store) => {
        const r = await refreshReference(store, cliActor(), systemClock, dir);
        console.log(
          `Loaded ${r.councils} councils from ${r.dir}: ${r.added} new, ${r.updated} updated` +
            `${r.retired ? `, ${r.retired} no longer listed (kept, as not current)` : ''}; ` +
            `${r.names} spellings of names and ${r.codes} GSS codes.`,
        );
        console.log(REFERENCE_ATTRIBUTION);
      }),
    );

  const benchmark = program.command('benchmark').description('benchmarking against other councils');
  benchmark
    .command('council [name]')
    .description('say which council this is (a name or GSS code), or show it')
    .action((name: string | undefined) =>
      withStore(async (store) => {
        if (name === undefined) {
          const c = await ourCouncil(store);
          console.log(
            c
              ? `This council is ${councilLabel(c)}, ${c.typeName}, ${c.nation}.`
              : 'Not set yet: run `cairn benchmark council NAME`.',
          );
          return;
        }
        const c = await setOurCouncil(store, cliActor(), name, systemClock);
        console.log(`This council is ${councilLabel(c)}, ${c.typeName}, ${c.nation}.`);
      }),
    );

  const groups = benchmark
    .command('groups')
    .description('comparator groups: CIPFA nearest neighbours, LGBF family groups, lists');
  groups
    .command('import <file>')
    .description(
      'import comparator groups from a CSV or XLSX file: neighbour lists (a council, then its neighbours in order), LGBF family groups, or a list of councils; all or nothing',
    )
    .option('--kind <kind>', `${GROUP_KINDS.join(', ')} (neighbour lists are CIPFA's unless told)`)
    .option('--name <name>', 'the group’s name, for a plain list of councils')
    .option('--valid-from <date>', 'the date the lists apply from (default: today)')
    .option('--source <source>', 'where the lists come from, e.g. "LG Inform"')
    .action((file: string, opts: { kind?: string; name?: string; validFrom?: string; source?: string }) =>
      withStore(async (store) => {
        if (!existsSync(file)) throw new CairnError('INVALID_INPUT', `There is no file at ${file}.`);
        if (statSync(file).size > MAX_UPLOAD_BYTES)
          throw new CairnError(
            'IMPORT_REJECTED',
            `${file} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
          );
        if (opts.kind && !(GROUP_KINDS as readonly string[]).includes(opts.kind))
          throw new CairnError(
            'INVALID_INPUT',
            `--kind is one of ${GROUP_KINDS.join(', ')}, not "${opts.kind}".`,
          );
        const r = await importGroupsFile(
          store,
          cliActor(),
          { fileName: basename(file), bytes: readFileSync(file) },
          {
            kind: opts.kind as GroupKind | undefined,
            name: opts.name,
            validFrom: opts.validFrom,
            source: opts.source,
          },
          systemClock,
        );
        console.log(
          `Imported ${r.groups.length} ${r.groups.length === 1 ? 'group' : 'groups'} from ${file}, applying from ${r.validFrom}:`,
        );
        for (const g of r.groups)
          console.log(
            `  ${g.name}: ${g.members} councils${g.created ? ' (new group)' : g.newVersion ? ' (a new version)' : ' (that date’s version replaced)'}`,
          );
      }),
    );
  groups
    .command('list')
    .description('the comparator groups, with their ids')
    .action(() =>
      withStore(async (store) => {
        const all = [...(await comparatorGroups(store)).values()];
        if (!all.length)
          return console.log('No comparator groups yet: `cairn benchmark groups import FILE`.');
        for (const g of all) {
          const v = g.versions.at(-1);
          console.log(
            `${g.id}  ${g.name}  [${GROUP_KIND_LABEL[g.kind]}]  ${v?.members.length ?? 0} councils from ${v?.validFrom ?? '?'}${g.versions.length > 1 ? ` (${g.versions.length} versions)` : ''}`,
          );
        }
      }),
    );

  benchmark
    .command('import <file>')
    .description(
      'import other councils’ figures from a CSV or XLSX file (tidy, LG Inform, LGBF or ONS/Open SDG columns); nothing is saved unless every row is right',
    )
    .requiredOption(
      '--source <name>',
      'where the figures come from, e.g. "LG Inform" (the mapping is saved for it)',
    )
    .option(
      '--mapping <file.json>',
      'the columns, as JSON: {"columns": {"area": "Area code", "period": "Period", "value": "Value"}}',
    )
    .option(
      '--column <field=header>',
      `a column for a field (${MAPPED_FIELDS.join(', ')}); repeat it`,
      collect,
      [],
    )
    .option('--metric <code>', 'the code of the one metric in the file, when no column holds it')
    .option('--title <title>', 'that metric’s title')
    .option('--period <period>', 'the period of every figure, when no column holds it, e.g. 2016/17')
    .option(
      '--polarity <way>',
      'for metrics Cairn does not know yet: higher, lower or middle (best in the middle)',
    )
    .option('--unit <unit>', 'for metrics Cairn does not know yet: number, percent, currency or rate')
    .option('--dry-run', 'check the file and report, without saving')
    .action(
      (
        file: string,
        opts: {
          source: string;
          mapping?: string;
          column: string[];
          metric?: string;
          title?: string;
          period?: string;
          polarity?: string;
          unit?: string;
          dryRun?: boolean;
        },
      ) =>
        withStore(async (store) => {
          if (!existsSync(file)) throw new CairnError('INVALID_INPUT', `There is no file at ${file}.`);
          const bar = progressPrinter();
          let r;
          try {
            r = await importBenchmarkData(
              store,
              cliActor(),
              { fileName: basename(file), path: file },
              {
                source: opts.source,
                ...mappingFrom(opts),
                dryRun: opts.dryRun,
                onProgress: bar.update,
              },
              systemClock,
            );
          } finally {
            bar.done();
          }
          const n = (x: number) => x.toLocaleString('en-GB');
          console.log(
            `${r.dryRun ? 'Checked' : 'Imported'} ${n(r.figures)} figures for ${n(r.metrics)} ${r.metrics === 1 ? 'metric' : 'metrics'}` +
              ` (${r.newMetrics.length} new) over ${r.periods.length} ${r.periods.length === 1 ? 'period' : 'periods'} from ${file}` +
              ` (${r.source}): ${n(r.rows)} rows in ${r.seconds.toFixed(1)} s, ${n(Math.round(r.rowsPerSecond))} rows/s.` +
              (r.averages ? ` ${n(r.averages)} published averages.` : '') +
              (r.noFigure
                ? ` ${n(r.noFigure)} rows had no figure (blank, "..", "c") and were left out.`
                : '') +
              (r.dryRun ? ' Nothing saved (dry run).' : ''),
          );
        }),
    );
}
