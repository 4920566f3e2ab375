/**
 * Statistical process control and year-end forecasts for a plan's indicators, as of a reporting period.
 *
 * Each indicator's series is every counted figure (approved, or loaded before collection) of it and of
 * the indicators it continues in earlier plans, in period order, up to the period's data period (so an
 * indicator in arrears ends where its figure for the period does). Figures of the indicator's most usual
 * kind of period (quarters, months or years) make the series; a figure of another kind is left out.
 * A cumulative count or amount is charted by each period's own amount (the year to date less the
 * period before's, in the same year), since a year-to-date total climbs every year by design; a
 * cumulative percentage is a year-to-date rate and is charted as it is. Each point carries the target
 * for it, when the target is a single value: the chart's target line, and the assurance.
 *
 * The whole plan's analysis is cached per plan and period by data version (one entry a store).
 */
import { isPublishedState } from '../domain/collection.js';
import { forecastYearEnd, type Forecast } from '../domain/forecast.js';
import {
  dataPeriodFor,
  financialYearOf,
  parsePeriod,
  periodFromCode,
  positionInYear,
  type Period,
  type PeriodKind,
} from '../domain/periods.js';
import { periodTarget } from '../domain/rating.js';
import {
  analyseSpc,
  readSpcOptions,
  writeSpcOptions,
  type SpcAnalysis,
  type SpcInputPoint,
  type SpcOptions,
} from '../domain/spc.js';
import {
  parseProfile,
  parseTolerance,
  tryParseTarget,
  type Target,
  type Tolerance,
} from '../domain/targets.js';
import type { Problem } from '../domain/problem.js';
import type { Polarity, Unit } from '../domain/vocabulary.js';
import type { Store } from '../storage/database.js';
import { findCouncil } from '../storage/council.js';
import { dataVersion } from '../storage/performance-repository.js';
import type { IndicatorRecord } from '../storage/schema.js';
import {
  findIndicatorById,
  loadSeries,
  writeSpcOptionsIfVersion,
  type SeriesData,
  type SeriesFigure,
  type SeriesTarget,
} from '../storage/series.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import { targetFor } from './scorecard.js';
import { VersionedCache } from './versioned-cache.js';

export interface IndicatorSpc {
  indicatorId: number;
  number: string;
  title: string;
  polarity: Polarity;
  unit: Unit;
  version: number;
  options: SpcOptions;
  /** What the series is made of, for the page to say. */
  basis: 'figures' | 'period-amounts' | 'year-to-date-rates';
  dataPeriod: Period;
  analysis: SpcAnalysis;
  forecast: Forecast;
}

type Policy = { tolerance: Tolerance; directionOfTravel: 'none' | 'red-only-if-worse' };

/**
 * Period arithmetic by code, remembered: a council's series share a few hundred period codes, and
 * working each out again for every figure was most of the analysis's time.
 */
interface PeriodFacts {
  period: Period;
  year: string | null;
  at: { index: number; of: number } | null;
}
const periodFacts = new Map<string, PeriodFacts | null>();
function facts(code: string): PeriodFacts | null {
  let f = periodFacts.get(code);
  if (f !== undefined) return f;
  try {
    const period = periodFromCode(code);
    let year: string | null = null;
    let at: { index: number; of: number } | null = null;
    try {
      year = financialYearOf(period).code;
      at = positionInYear(period);
    } catch {
      /* not within a financial year */
    }
    f = { period, year, at };
  } catch {
    f = null;
  }
  if (periodFacts.size > 20_000) periodFacts.clear();
  periodFacts.set(code, f);
  return f;
}
const yearOf = (p: Period): string | null => facts(p.code)?.year ?? null;
const positionOf = (p: Period): { index: number; of: number } | null => facts(p.code)?.at ?? null;

const parsedTargets = new Map<string, Target | null>();
function targetFromText(text: string): Target | null {
  let t = parsedTargets.get(text);
  if (t !== undefined) return t;
  const r = tryParseTarget(text);
  t = r.ok ? r.target : null;
  if (parsedTargets.size > 20_000) parsedTargets.clear();
  parsedTargets.set(text, t);
  return t;
}

function parsed(code: string): Period | null {
  return facts(code)?.period ?? null;
}

/** The figures that count, one per period (the latest plan's first), of the series' kind of period. */
function countedFigures(figures: SeriesFigure[]): { period: Period; figure: SeriesFigure }[] {
  const byCode = new Map<string, { period: Period; figure: SeriesFigure }>();
  for (const f of figures) {
    if (!isPublishedState(f.state) || f.actual === null || !Number.isFinite(f.actual)) continue;
    const period = parsed(f.periodCode);
    if (!period) continue;
    const seen = byCode.get(f.periodCode);
    if (!seen || f.depth < seen.figure.depth) byCode.set(f.periodCode, { period, figure: f });
  }
  const counts = new Map<PeriodKind, number>();
  for (const { period } of byCode.values()) counts.set(period.kind, (counts.get(period.kind) ?? 0) + 1);
  let kind: PeriodKind | null = null;
  for (const [k, n] of counts) if (kind === null || n > (counts.get(kind) ?? 0)) kind = k;
  return [...byCode.values()]
    .filter((x) => x.period.kind === kind)
    .sort((a, b) => (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0));
}

function targetOf(targets: SeriesTarget[], depth: number, period: Period): Target | null {
  const own = targets
    .filter((t) => t.depth === depth)
    .map((t) => ({ periodCode: t.periodCode, text: t.text }));
  if (own.length === 0) return null;
  const year = yearOf(period);
  const fy = year === null ? null : parsed(year);
  if (!fy) return null;
  return targetFromText(targetFor(own, fy));
}

/** The target a single point is held against (per period for a cumulative count), or null. */
function pointTarget(
  target: Target | null,
  ind: IndicatorRecord,
  period: Period,
  amounts: boolean,
): number | null {
  if (!target || target.kind !== 'value') return null;
  if (ind.cumulative !== 1 || target.unit === 'percent') return target.value;
  const profile = safeProfile(ind.profile);
  const at = positionOf(period);
  if (!at) return null;
  if (at.of === 1) return target.value;
  const now = periodTarget(target, true, profile, at);
  if (!amounts) return now;
  const before = at.index === 1 ? 0 : periodTarget(target, true, profile, { index: at.index - 1, of: at.of });
  return now - before;
}

function safeProfile(text: string | null) {
  try {
    return parseProfile(text);
  } catch {
    return { kind: 'even' as const };
  }
}

function analyseIndicator(
  ind: IndicatorRecord,
  data: SeriesData,
  period: Period,
  policy: Policy,
): IndicatorSpc {
  const dataPeriod = dataPeriodFor(period, ind.in_arrears);
  const figures = countedFigures(data.figures.get(ind.id) ?? []).filter(
    (f) => f.period.end <= dataPeriod.end,
  );
  const allTargets = data.targets.get(ind.id) ?? [];
  // One target a year and plan back: worked out once each, not once a point.
  const targetMemo = new Map<string, Target | null>();
  const targetAt = (depth: number, p: Period): Target | null => {
    const key = `${depth}:${yearOf(p) ?? p.code}`;
    let t = targetMemo.get(key);
    if (t === undefined) {
      t = targetOf(allTargets, depth, p);
      targetMemo.set(key, t);
    }
    return t;
  };
  const options = readSpcOptions(ind.spc_options);
  const polarity = ind.polarity as Polarity;
  const currentTarget = targetAt(0, dataPeriod);
  const percent = currentTarget?.kind === 'value' ? currentTarget.unit === 'percent' : ind.unit === 'percent';
  const amounts = ind.cumulative === 1 && !percent;
  const basis: IndicatorSpc['basis'] =
    ind.cumulative !== 1 ? 'figures' : amounts ? 'period-amounts' : 'year-to-date-rates';

  const points: SpcInputPoint[] = [];
  figures.forEach(({ period: p, figure }, i) => {
    let value = figure.actual as number;
    if (amounts) {
      const at = positionOf(p);
      if (!at) return;
      if (at.index > 1) {
        const before = figures[i - 1];
        // The period before, in the same year: else this period's own amount is unknown.
        if (!before || yearOf(before.period) !== yearOf(p)) return;
        if (positionOf(before.period)?.index !== at.index - 1) return;
        value -= before.figure.actual as number;
      }
    }
    points.push({
      key: p.code,
      start: p.start,
      value,
      target: pointTarget(targetAt(figure.depth, p), ind, p, amounts),
    });
  });

  const analysis = analyseSpc(points, polarity, options);

  // The year to date for the forecast: this plan's figures for the data period's year.
  let forecast: Forecast;
  if (!currentTarget) forecast = { kind: 'none', reason: 'There is no target to forecast against.' };
  else {
    const position = positionOf(dataPeriod);
    if (!position) forecast = { kind: 'none', reason: 'The period is not a position in its year.' };
    else {
      const fy = yearOf(dataPeriod);
      const ytd: (number | null)[] = Array.from({ length: position.index }, () => null);
      for (const f of figures) {
        if (f.period.kind !== dataPeriod.kind || yearOf(f.period) !== fy) continue;
        const at = positionOf(f.period);
        if (at && at.index <= position.index) ytd[at.index - 1] = f.figure.actual;
      }
      forecast = forecastYearEnd(
        {
          target: currentTarget,
          polarity,
          cumulative: ind.cumulative === 1,
          profile: safeProfile(ind.profile),
          period: position,
          yearToDate: ytd,
        },
        {
          tolerance: ind.tolerance ? safeTolerance(ind.tolerance, policy.tolerance) : policy.tolerance,
          directionOfTravel: 'none',
        },
      );
    }
  }

  return {
    indicatorId: ind.id,
    number: ind.number,
    title: ind.title,
    polarity,
    unit: ind.unit as Unit,
    version: ind.version,
    options,
    basis,
    dataPeriod,
    analysis,
    forecast,
  };
}

function safeTolerance(text: string, fallback: Tolerance): Tolerance {
  try {
    return parseTolerance(text);
  } catch {
    return fallback;
  }
}

async function councilPolicy(store: Pick<Store, 'db'>): Promise<Policy> {
  const council = await findCouncil(store.db).catch(() => undefined);
  return {
    tolerance: {
      kind: council?.tolerance_kind === 'absolute' ? 'absolute' : 'relative',
      value: council ? Number(council.tolerance_value) : 10,
    },
    directionOfTravel: council?.direction_of_travel === 'red-only-if-worse' ? 'red-only-if-worse' : 'none',
  };
}

/** Every indicator of a plan, analysed as of a reporting period (not cached). */
export async function analysePlan(
  store: Pick<Store, 'db'>,
  planId: number,
  period: Period,
): Promise<Map<number, IndicatorSpc>> {
  const [data, policy] = await Promise.all([loadSeries(store.db, { planId }), councilPolicy(store)]);
  return analyseSeries(data, period, policy);
}

/** The analysis of series already read (the benchmark's entry point: no database). */
export function analyseSeries(data: SeriesData, period: Period, policy: Policy): Map<number, IndicatorSpc> {
  const out = new Map<number, IndicatorSpc>();
  for (const ind of data.indicators) out.set(ind.id, analyseIndicator(ind, data, period, policy));
  return out;
}

const caches = new WeakMap<object, VersionedCache<Map<number, IndicatorSpc>>>();

/** The plan's analysis for a period, computed once per data version. */
export async function planSpc(
  store: Pick<Store, 'db'>,
  planId: number,
  period: Period,
): Promise<Map<number, IndicatorSpc>> {
  let cache = caches.get(store.db);
  if (!cache) {
    cache = new VersionedCache({ maxEntries: 16 });
    caches.set(store.db, cache);
  }
  const version = await dataVersion(store.db);
  return cache.get(`${planId}:${period.code}`, version, () => analysePlan(store, planId, period));
}

/** One indicator's analysis for a period (from the plan's cached analysis). */
export async function indicatorSpc(
  store: Pick<Store, 'db'>,
  indicator: { id: number; plan_id: number },
  period: Period,
): Promise<IndicatorSpc | null> {
  return (await planSpc(store, indicator.plan_id, period)).get(indicator.id) ?? null;
}

// ---------------------------------------------------------------------------------------------
// The performance team's options for one indicator

/** The options form's fields, as typed. */
export interface SpcOptionsInput {
  minimumPoints: string;
  shiftLength: string;
  trendLength: string;
  twoOfThreeSameSide: boolean;
  rebaseAt: string;
  fixAfter: string;
  screenOutliers: boolean;
}

/** The options as the form shows them. */
export function spcOptionsForm(options: SpcOptions): SpcOptionsInput {
  return {
    minimumPoints: String(options.minimumPoints),
    shiftLength: String(options.shiftLength),
    trendLength: String(options.trendLength),
    twoOfThreeSameSide: options.twoOfThreeSameSide,
    rebaseAt: options.rebaseAt.join('\n'),
    fixAfter: options.fixAfter === null ? '' : String(options.fixAfter),
    screenOutliers: options.screenOutliers,
  };
}

function whole(
  text: string,
  field: string,
  label: string,
  min: number,
  max: number,
  problems: Problem[],
): number {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push({ field, message: `Enter ${label} as a whole number from ${min} to ${max}.` });
    return min;
  }
  return n;
}

/** Reads the form: located Problems, or the options. */
export function readSpcOptionsInput(
  input: SpcOptionsInput,
): { options: SpcOptions } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const minimumPoints = whole(
    input.minimumPoints,
    'minimumPoints',
    'the minimum number of points',
    2,
    1000,
    problems,
  );
  const shiftLength = whole(input.shiftLength, 'shiftLength', 'the points in a shift', 2, 100, problems);
  const trendLength = whole(input.trendLength, 'trendLength', 'the points in a trend', 2, 100, problems);
  const fixAfter =
    input.fixAfter.trim() === ''
      ? null
      : whole(input.fixAfter, 'fixAfter', 'the points the limits are fixed after', 2, 1000, problems);
  const rebaseAt: string[] = [];
  for (const line of input.rebaseAt.split(/[\n,;]+/)) {
    const t = line.trim();
    if (t === '') continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(`${t}T00:00:00Z`))) {
      rebaseAt.push(t);
      continue;
    }
    try {
      rebaseAt.push(parsePeriod(t).start);
    } catch {
      problems.push({
        field: 'rebaseAt',
        message: `Cannot read “${t}” as a date to rebase at. Write a period such as “July 2018” or “Q2 2018-19”, or a date such as 2018-07-01, one a line.`,
      });
    }
  }
  if (problems.length) return { problems };
  return {
    options: {
      minimumPoints,
      shiftLength,
      trendLength,
      twoOfThreeSameSide: input.twoOfThreeSameSide,
      rebaseAt: [...new Set(rebaseAt)].sort(),
      fixAfter,
      screenOutliers: input.screenOutliers,
    },
  };
}

/**
 * Sets an indicator's SPC options, if its version is still the one the form was read at: audited
 * (`indicator.spc-options`, before and after) in the same transaction. These are how the performance
 * team reads the figures, not part of the framework the council approves, so they change whatever the
 * plan's status and are not listed as amendments.
 */
export async function changeSpcOptions(
  store: Pick<Store, 'db'>,
  actor: Actor,
  indicatorId: number,
  version: number,
  input: SpcOptionsInput,
  clock: Clock,
): Promise<SpcOptions> {
  const read = readSpcOptionsInput(input);
  if ('problems' in read) throw new CairnError('INVALID_INPUT', read.problems[0]!.message, read.problems);
  return transaction(store.db, async (trx) => {
    const ind = await findIndicatorById(trx, indicatorId);
    if (!ind) throw notFound('There is no such indicator.');
    const stored = writeSpcOptions(read.options);
    if (!(await writeSpcOptionsIfVersion(trx, indicatorId, version, stored)))
      throw new CairnError(
        'CONFLICT',
        `Someone else changed indicator ${ind.number} while you were editing: its options are shown as they are now. Make your change again.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'indicator.spc-options',
        entity: 'indicator',
        entityId: indicatorId,
        before: readSpcOptions(ind.spc_options),
        after: read.options,
      },
      clock,
    );
    return read.options;
  });
}

/** An indicator of a plan, with its SPC options and version, for the options form; undefined if none. */
export async function spcOptionsOf(
  store: Pick<Store, 'db'>,
  planId: number,
  indicatorId: number,
): Promise<{ id: number; number: string; title: string; version: number; options: SpcOptions } | undefined> {
  const ind = await findIndicatorById(store.db, indicatorId);
  if (!ind || ind.plan_id !== planId) return undefined;
  return {
    id: ind.id,
    number: ind.number,
    title: ind.title,
    version: ind.version,
    options: readSpcOptions(ind.spc_options),
  };
}
