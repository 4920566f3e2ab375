/**
 * `cairn report`: write the quarterly report for a period and scope in any formats to a folder, and
 * `cairn report publish`: publish it (a new, numbered, frozen version). A draft made in the app for
 * the same period and scope gives its settings and edited texts; otherwise the defaults are used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import { invalidInput } from '../app/errors.js';
import { buildScorecard } from '../app/scorecard.js';
import { parseScope } from '../app/summary.js';
import { buildQuarterlyReport } from '../reports/quarterly/build.js';
import { DEFAULT_SETTINGS, scopeCode, type ReportSettings } from '../reports/quarterly/model.js';
import { draftSettings, publishReport, textsFor } from '../reports/quarterly/service.js';
import { loadReportSource, reportPeriod } from '../reports/quarterly/source.js';
import { fileName, FORMATS, isFormat, type Format } from '../render/formats.js';
import { rendererFor } from '../render/renderers.js';
import { closePdfBrowser } from '../render/pdf.js';
import type { Store } from '../storage/database.js';
import { findDraft } from '../storage/report-repository.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

export function parseFormats(text: string): Format[] {
  const wanted = text
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const unknown = wanted.filter((f) => !isFormat(f));
  if (unknown.length || wanted.length === 0)
    throw invalidInput(
      `--format takes one or more of ${FORMATS.join(', ')}, separated by commas${unknown.length ? `, not ${unknown.join(', ')}` : ''}.`,
    );
  return [...new Set(wanted)] as Format[];
}

function size(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function registerReportCommands(
  program: Command,
  withStore: WithStore,
  defaults: () => { settings: Partial<ReportSettings>; colour: string },
): void {
  // Options after a subcommand's name belong to that subcommand (so `report publish --period` works).
  program.enablePositionalOptions();
  const report = program
    .command('report')
    .description('write the quarterly performance report for a period (and scope) to a folder')
    .option('--period <period>', 'the quarter, e.g. "Q1 2017-18"')
    .option('--scope <scope>', 'council (default), a priority code or a directorate code')
    .option('--format <formats>', `any of ${FORMATS.join(',')}`, 'pdf,docx,xlsx')
    .option('--out <dir>', 'folder to write the files to', '.')
    .option('--charts', 'add a small chart per indicator of the last eight quarters')
    .option('--benchmarking', 'add the section on benchmarking against other councils')
    // `cairn report publish --period …`: options after "publish" are the subcommand's own.
    .enablePositionalOptions()
    .action(
      (opts: {
        period?: string;
        scope?: string;
        format: string;
        out: string;
        charts?: boolean;
        benchmarking?: boolean;
      }) =>
        withStore(async (store) => {
          if (!opts.period) throw invalidInput('Give the quarter with --period, e.g. --period "Q1 2017-18".');
          const formats = parseFormats(opts.format);
          const period = reportPeriod(opts.period);
          const scorecard = await buildScorecard(store, period);
          const scope = scopeCode(parseScope(opts.scope, scorecard));
          const draft = (await findDraft(store.db, { periodCode: period.code, scope })) ?? null;
          const d = defaults();
          const settings: ReportSettings = draft
            ? draftSettings(draft)
            : { ...DEFAULT_SETTINGS, ...d.settings };
          if (opts.charts) settings.charts = true;
          if (opts.benchmarking) settings.benchmarking = true;
          const source = await loadReportSource(store, period.code, scope, {
            charts: settings.charts,
            spc: settings.spc === true,
            benchmarking: settings.benchmarking === true,
            now: systemClock.now(),
          });
          const document = buildQuarterlyReport(source, settings, textsFor(source, draft));
          mkdirSync(opts.out, { recursive: true });
          try {
            for (const format of formats) {
              const started = Date.now();
              const bytes = await (await rendererFor(format)).render(document, { colour: d.colour });
              const file = join(
                opts.out,
                fileName(`report ${period.code} ${scope.replace(':', ' ')}`, format),
              );
              writeFileSync(file, bytes);
              console.log(`Wrote ${file} (${size(bytes.length)}, ${Date.now() - started} ms).`);
            }
          } finally {
            await closePdfBrowser();
          }
          console.log(source.summary.sentences.join('\n'));
        }),
    );

  report
    .command('publish')
    .description('publish the report for a period (and scope): a new numbered version, frozen')
    .requiredOption('--period <period>', 'the quarter, e.g. "Q1 2017-18"')
    .option('--scope <scope>', 'council (default), a priority code or a directorate code')
    .action((opts: { period: string; scope?: string }) =>
      withStore(async (store) => {
        try {
          const p = await publishReport(store, cliActor(), systemClock, opts, { colour: defaults().colour });
          console.log(
            `Published version ${p.version} of the ${opts.period} report${opts.scope ? ` (${opts.scope})` : ''}:`,
          );
          for (const f of p.files) console.log(`  ${f.fileName}  ${size(f.size)}  sha256 ${f.sha256}`);
        } finally {
          await closePdfBrowser();
        }
      }),
    );
}
