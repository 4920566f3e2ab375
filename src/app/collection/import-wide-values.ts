/**
 * Importing a council's own figures sheet (importers/values/read-wide.ts: one row per KPI, a column
 * per period, optionally its published status): every figure read as the form reads it (67%, 0.67,
 * 12,000 — with a note when a fraction is read as a percentage), rated by Cairn's rules, the published
 * status kept as a reported rating of the row's latest figure; all written in one transaction or
 * none, each figure audited (`indicator_value.import`). A figure already in a collection round is
 * not overwritten: the file is refused, naming the row. Blank is no figure, n/a is not reported
 * (nothing written for either), 0 is zero.
 */
import { readFigure } from '../../domain/collection.js';
import { comparePeriods, formatPeriod, type Period } from '../../domain/periods.js';
import type { Problem } from '../../domain/problem.js';
import { parseTarget } from '../../domain/targets.js';
import { isRag, type Rag } from '../../domain/vocabulary.js';
import { readWideValues } from '../../importers/values/read-wide.js';
import type { Store } from '../store.js';
import { indicatorIdsByNumber, loadIndicatorRatingData } from '../../storage/framework-repository.js';
import { upsertValue } from '../../storage/performance-repository.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import { findPlan } from '../framework.js';
import { ratedIndicator, rateStored, targetFor } from '../scorecard.js';

export interface WideImportSummary {
  planTitle: string;
  periods: string[];
  /** Figures written (0 included). */
  figures: number;
  /** Of those, zeros. */
  zeros: number;
  /** Cells left blank: no figure. */
  blank: number;
  /** Cells marked n/a: not applicable or not reported, nothing written. */
  notApplicable: number;
  /** Published statuses kept as reported ratings. */
  reported: number;
  /** What was made of figures as written, by row: "0.774 was read as 77.4%". */
  notes: Problem[];
}

const REPORTED_WORDS: Record<string, Rag> = {
  g: 'green',
  grn: 'green',
  green: 'green',
  'on target': 'green',
  'on track': 'green',
  a: 'amber',
  amb: 'amber',
  amber: 'amber',
  'near target': 'amber',
  r: 'red',
  red: 'red',
  'off target': 'red',
  'below target': 'red',
};

export function readReported(text: string): Rag | undefined {
  const w = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return isRag(w) ? w : REPORTED_WORDS[w];
}

export async function importWideValues(
  store: Store,
  actor: Actor,
  bytes: Buffer,
  fileName: string,
  clock: Clock,
  options: { plan?: string; dryRun?: boolean } = {},
): Promise<WideImportSummary> {
  const read = await readWideValues(bytes, fileName);
  const reject = (problems: Problem[]) => {
    const n = problems.length;
    return new CairnError(
      'IMPORT_REJECTED',
      `${fileName} was not imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
      problems,
    );
  };
  if (read.problems.length) throw reject(read.problems);
  const plan = await findPlan(store, options.plan);
  const now = isoNow(clock);
  const problems: Problem[] = [];
  const summary: WideImportSummary = {
    planTitle: plan.title,
    periods: read.periods.map(formatPeriod),
    figures: 0,
    zeros: 0,
    blank: 0,
    notApplicable: 0,
    reported: 0,
    notes: [],
  };
  await store.db
    .transaction()
    .execute(async (trx) => {
      const ids = new Map(
        [...(await indicatorIdsByNumber(trx, plan.id))].map(([n, i]) => [n.toLowerCase(), i]),
      );
      for (const row of read.rows) {
        const where = { sheet: read.sheet, row: row.row };
        const id = ids.get(row.code.toLowerCase());
        if (id === undefined) {
          problems.push({
            ...where,
            column: 'Code',
            message: `"${row.code}" is not an indicator of "${plan.title}": use the indicator's number or code as the framework has it.`,
          });
          continue;
        }
        const data = (await loadIndicatorRatingData(trx, id))!;
        const ind = data.indicator;
        const tolerance = {
          kind: data.council.toleranceKind === 'absolute' ? ('absolute' as const) : ('relative' as const),
          value: data.council.toleranceValue,
        };
        const dot = data.council.directionOfTravel === 'red-only-if-worse' ? 'red-only-if-worse' : 'none';
        summary.blank += row.blank;
        summary.notApplicable += row.notApplicable.length;
        let latest: Period | null = null;
        for (const c of row.cells) {
          const at = { ...where, column: c.column };
          const kind = ind.frequency === 'monthly' ? 'month' : 'quarter';
          if (c.period.kind !== kind) {
            problems.push({
              ...at,
              message: `Indicator ${ind.number} is reported ${ind.frequency}, so "${c.column}" is not one of its periods.`,
            });
            continue;
          }
          const existing = data.values.find((v) => v.period_code === c.period.code);
          if (existing?.state && existing.state !== 'approved') {
            problems.push({
              ...at,
              message: `The ${formatPeriod(c.period)} figure is in the collection round (${existing.state}): change it there, or leave the cell blank.`,
            });
            continue;
          }
          const targetText = targetFor(data.targets, c.period);
          const target = parseTarget(targetText);
          const reading = readFigure(c.value, {
            unit: ind.unit,
            percentFormatted: c.percentFormatted,
            targetValue: target.kind === 'value' ? target.value : null,
          });
          if (!reading.ok) {
            problems.push({
              ...at,
              message: `${reading.message}. Write a number, leave it blank for no figure, or write n/a if it was not reported.`,
            });
            continue;
          }
          if (reading.value === null) continue;
          if (reading.note) summary.notes.push({ ...at, message: reading.note });
          const rated = rateStored(
            ratedIndicator(ind, data.targets, c.period),
            targetText,
            { ...(existing ?? {}), actual: reading.value } as never,
            c.period,
            tolerance,
            dot,
          );
          const computed = {
            rating: rated.kind === 'rated' ? rated.rating : null,
            reason: rated.kind === 'rated' ? null : rated.reason,
            explanation: rated.explanation,
          };
          await upsertValue(
            trx,
            { indicatorId: id, periodCode: c.period.code, actual: reading.value, computed },
            now,
          );
          await recordChange(
            trx,
            actor,
            {
              action: 'indicator_value.import',
              entity: 'indicator',
              entityId: id,
              before: existing ? { period: c.period.code, actual: existing.actual } : undefined,
              after: { period: c.period.code, actual: reading.value, rating: computed.rating },
              reason: fileName,
            },
            clock,
          );
          summary.figures += 1;
          if (reading.value === 0) summary.zeros += 1;
          if (!latest || comparePeriods(c.period, latest) > 0) latest = c.period;
        }
        if (row.reported) {
          const rating = readReported(row.reported);
          const at = { ...where, column: row.statusColumn ?? 'Status' };
          if (!rating)
            problems.push({
              ...at,
              message: `"${row.reported}" is not a rating: write Red, Amber or Green (or R, A, G), or leave it blank.`,
            });
          else if (!latest)
            problems.push({ ...at, message: `There is a status but no figure on this row to give it to.` });
          else {
            await upsertValue(
              trx,
              {
                indicatorId: id,
                periodCode: latest.code,
                manual: {
                  rating,
                  source: 'reported',
                  reason: `Reported as "${row.reported}" in ${fileName}`,
                  setBy: actor.name,
                  setAt: now,
                },
              },
              now,
            );
            await recordChange(
              trx,
              actor,
              {
                action: 'indicator_value.reported-rating',
                entity: 'indicator',
                entityId: id,
                after: { period: latest.code, rating, reported: row.reported },
                reason: fileName,
              },
              clock,
            );
            summary.reported += 1;
          }
        }
      }
      if (problems.length) throw reject(problems);
      // A dry run has checked and rated everything; the transaction is undone.
      if (options.dryRun) throw new DryRun();
    })
    .catch((e: unknown) => {
      if (!(e instanceof DryRun)) throw e;
    });
  return summary;
}

class DryRun extends Error {}

/** Whether a file is laid out wide (a code column and a column per period), for choosing the reader. */
export async function looksWide(bytes: Buffer, fileName: string): Promise<boolean> {
  const read = await readWideValues(bytes, fileName);
  return read.rows.length > 0 || read.problems.every((p) => p.row !== undefined);
}
