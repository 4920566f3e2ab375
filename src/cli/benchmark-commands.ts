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
import { coverageSentence, figureFormatter, POLARITY_PHRASE } from '../domain/benchmark-result.js';
import { QUARTILE_LABEL } from '../domain/benchmark-stats.js';
import { parseComparison } from '../domain/benchmark-comparisons.js';
import { benchmarkContext, benchmarkFor, isBenchmark, metricPeriodList } from '../app/benchmark-standing.js';
import { comparisonOptions, linkIndicator, resolveMetric } from '../app/benchmark-links.js';
import { readBenchmarkPeriod } from '../domain/benchmark-mapping.js';
import { findIndicatorByNumber, frameworkPlans } from '../app/performance.js';
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
    .command('show')
    .description(
      'a metric among a comparator group in a period: mean, median, quartiles, ranks, this council',
    )
    .requiredOption('--metric <code>', 'the metric: CODE, or SOURCE:CODE when two sources have it')
    .option('--period <period>', 'e.g. 2016/17 (default: the latest with figures)')
    .option(
      '--group <group>',
      'nation (default), type, region, or a group id (see: cairn benchmark groups list)',
      'nation',
    )
    .option('--all', 'list every council, not just the top 10 and this council')
    .action((opts: { metric: string; period?: string; group: string; all?: boolean }) =>
      withStore(async (store) => {
        const metric = await resolveMetric(store, opts.metric);
        const comparison = parseComparison(/^\d+$/.test(opts.group) ? `group:${opts.group}` : opts.group);
        if (!comparison)
          throw new CairnError(
            'INVALID_INPUT',
            `--group is nation, type, region or a group id, not "${opts.group}".`,
          );
        let period = null;
        if (opts.period) {
          period = readBenchmarkPeriod(opts.period);
          if (!period)
            throw new CairnError('INVALID_INPUT', `--period: cannot read "${opts.period}" as a period.`);
          const has = await metricPeriodList(store, metric.id);
          if (!has.some((p) => p.code === period!.code))
            throw new CairnError(
              'NOT_FOUND',
              `${metric.title} has no figures for ${period.label}. It has: ${has.map((p) => p.label).join(', ') || 'none'}.`,
            );
        }
        const ctx = await benchmarkContext(store);
        const r = await benchmarkFor(store, ctx, { metric, comparison, period });
        if (!isBenchmark(r)) throw new CairnError('NOT_FOUND', `No benchmark: ${r.reason}.`);
        const fmt = figureFormatter(
          r.rows.map((x) => x.value),
          metric.unit,
        );
        const f = (n: number | null | undefined) => (typeof n === 'number' ? fmt(n) : '–');
        const s = r.stats;
        console.log(
          `${metric.title} (${metric.source}: ${metric.code}), ${r.period.label}: ${r.comparison.label}; ${POLARITY_PHRASE[metric.polarity]}.`,
        );
        console.log(coverageSentence(r));
        console.log(`Mean ${f(s.mean)}, median ${f(s.median)}, median absolute deviation ${f(s.mad)}.`);
        if (s.boundaries)
          console.log(
            metric.polarity === 'middle'
              ? `Quartiles' edges (distance from the median): ${f(s.boundaries.top)}, ${f(s.boundaries.second)}, ${f(s.boundaries.third)}.`
              : `Quartiles' edges: top ${f(s.boundaries.top)}, second ${f(s.boundaries.second)}, third ${f(s.boundaries.third)}.`,
          );
        console.log(`Best: ${r.best.map((b) => `${b.name} (${f(b.value)})`).join(', ')}.`);
        if (r.us)
          console.log(
            `${ctx.us!.niceName}: ${f(r.us.value)}, rank ${r.us.rank} of ${r.us.n}` +
              `${r.us.quartile ? `, ${QUARTILE_LABEL[r.us.quartile].toLowerCase()}` : ''}; ${r.us.words}` +
              `${r.us.distance !== null ? ` (${r.us.distance.toFixed(1)} MADs from the median)` : ''}` +
              `${r.us.gapToTopQuartile ? `; ${f(r.us.gapToTopQuartile)} from the top quartile` : ''}.`,
          );
        else if (ctx.us) console.log(`${ctx.us.niceName} has no figure for ${r.period.label}.`);
        const shown = opts.all ? r.rows : r.rows.filter((row, i) => i < 10 || row.us);
        console.log('');
        for (const row of shown)
          console.log(
            `${String(row.rank).padStart(4)}  ${row.quartile ? `Q${row.quartile}` : '  '}  ${f(row.value).padStart(10)}  ${row.name}${row.us ? '  ← this council' : ''}`,
          );
        if (shown.length < r.rows.length)
          console.log(`  … ${r.rows.length - shown.length} more (--all lists them).`);
      }),
    );

  benchmark
    .command('link')
    .description(
      'link an indicator to a national metric, compared with a group (so its benchmark target is rated)',
    )
    .requiredOption('--indicator <number>', 'the indicator’s number, e.g. 9')
    .requiredOption('--metric <code>', 'the metric: CODE, or SOURCE:CODE')
    .option('--plan <id>', 'the plan (default: the latest)')
    .option('--group <group>', 'nation (default), type, region, or a group id', 'nation')
    .action((opts: { indicator: string; metric: string; plan?: string; group: string }) =>
      withStore(async (store) => {
        const plans = await frameworkPlans(store);
        const plan = opts.plan ? plans.find((p) => String(p.id) === opts.plan) : plans.at(-1);
        if (!plan)
          throw new CairnError(
            'NOT_FOUND',
            opts.plan ? `There is no plan ${opts.plan}.` : 'There is no plan yet.',
          );
        const ind = await findIndicatorByNumber(store, plan.id, opts.indicator);
        if (!ind) throw new CairnError('NOT_FOUND', `${plan.title} has no indicator ${opts.indicator}.`);
        const metric = await resolveMetric(store, opts.metric);
        const comparison = /^\d+$/.test(opts.group) ? `group:${opts.group}` : opts.group;
        const options = await comparisonOptions(store);
        const chosen = options.find((o) => o.value === comparison);
        if (!chosen)
          throw new CairnError(
            'INVALID_INPUT',
            `--group is one of: ${options.map((o) => `${o.value.replace('group:', '')} (${o.text})`).join('; ')}.`,
          );
        const { indicatorLink } = await import('../app/benchmark-links.js');
        const existing = await indicatorLink(store, ind.id);
        await linkIndicator(
          store,
          cliActor(),
          {
            planId: plan.id,
            indicatorId: ind.id,
            metricId: metric.id,
            comparison,
            version: existing?.version ?? 0,
          },
          systemClock,
        );
        console.log(
          `Indicator ${ind.number} is compared on ${metric.title} (${metric.source}: ${metric.code}) with: ${chosen.text}.`,
        );
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
