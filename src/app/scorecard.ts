/**
 * The scorecard: the framework for one period, every indicator with its rating (and where it came
 * from), every outcome with its rating (derived or judged), and the period's summary. Pages, the CLI
 * summary and reports are all drawn from it.
 */
import {
  comparePeriods,
  dataPeriodFor,
  financialYearOf,
  parsePeriod,
  periodFromCode,
  PeriodParseError,
  periodsOfYear,
  positionInYear,
  sameLastYear,
  shiftPeriod,
  type Period,
} from '../domain/periods.js';
import { isDraftState, isPublishedState, STATE_LABEL, stateOf } from '../domain/collection.js';
import { outcomeRating, type OutcomePolicy, type OutcomeRating } from '../domain/outcome-rating.js';
import { rateIndicator, type RatingResult } from '../domain/rating.js';
import { summarise, type PeriodSummary, type SummaryOutcome } from '../domain/summary.js';
import type { BenchmarkEvidence } from '../domain/benchmark-rating.js';
import {
  parseProfile,
  parseTarget,
  parseTolerance,
  tryParseTarget,
  type BenchmarkTarget,
  type Tolerance,
} from '../domain/targets.js';
import {
  isOutlook,
  isRag,
  RAG_LABEL,
  type Outlook,
  type Unit,
  type Polarity,
  type Rag,
  type RatingSource,
} from '../domain/vocabulary.js';
import type { Store } from '../storage/database.js';
import { assignedIndicatorIds, openRoundPeriods } from '../storage/collection-repository.js';
import {
  latestPlan,
  listPlans,
  quartersWithData,
  loadPeriodData,
  planCovering,
  type PeriodData,
} from '../storage/performance-repository.js';
import { earlierIndicators, plansCoveringYear } from '../storage/framework-year.js';
import type { IndicatorRecord, IndicatorValueRecord, PlanRecord } from '../storage/schema.js';
import { CairnError, invalidInput, notFound } from './errors.js';
import {
  benchmarkKey,
  scorecardBenchmarks,
  type BenchmarkRequest,
  type BenchmarkStanding,
  type ScorecardBenchmarks,
} from './benchmark-ratings.js';

/** The most quarters in arrears an indicator may be reported (the framework spreadsheet allows 0–4). */
export const MAX_ARREARS = 4;

export interface ScorecardIndicator {
  id: number;
  number: string;
  title: string;
  definition: string | null;
  outcomeId: number;
  target: string;
  cumulative: boolean;
  polarity: Polarity;
  unit: string;
  inArrears: number;
  /** The period the figure relates to (differs from the reporting period when in arrears). */
  dataPeriod: Period;
  value: {
    actual: number | null;
    commentary: string | null;
    /** Its state in the collection round: 'approved' for figures loaded before collection. */
    state: string;
    /** A correction made after the period was locked: when, and why. */
    correction: { at: string; reason: string } | null;
  } | null;
  rating: Rag | null;
  ratingSource: RatingSource | null;
  /** One sentence: which rule, which numbers — or who set the rating, and why. */
  explanation: string;
  computed: { rating: Rag | null; explanation: string };
  manual: {
    rating: Rag | null;
    source: 'reported' | 'manual';
    reason: string | null;
    setBy: string | null;
  } | null;
  outlook: Outlook | null;
  /**
   * A figure entered in the round but not yet approved. It never counts towards a rating, headline or
   * report; it is shown, marked as a draft, only to its owner, its approver and the performance team
   * (see forAudience). Null for everyone else.
   */
  draft: {
    actual: number | null;
    commentary: string | null;
    state: string;
    stateLabel: string;
    /** The rating the draft figure would give once approved. */
    rating: Rag | null;
  } | null;
  /** True when the round was locked before this figure was approved: it is not reported for the period. */
  notReported: boolean;
  /** Where we stand against the linked benchmark comparison; null when the indicator is not linked. */
  benchmark: BenchmarkStanding | null;
}

export interface ScorecardOutcome {
  id: number;
  code: string;
  title: string;
  priorityCode: string;
  directorate: { id: number; code: string; name: string };
  change: string | null;
  rating: OutcomeRating;
  indicators: ScorecardIndicator[];
  secondFramework: string[];
}

export interface Scorecard {
  councilName: string;
  plan: PlanRecord;
  period: Period;
  outcomePolicy: OutcomePolicy;
  priorities: { code: string; title: string; outcomes: ScorecardOutcome[] }[];
  directorates: { code: string; name: string }[];
  secondFramework: {
    name: string;
    priorities: { number: string; title: string; outcomes: ScorecardOutcome[] }[];
  } | null;
  retired: PeriodData['retired'];
  summary: PeriodSummary;
}

/** Reads a period as councils write it, with a message that says what to write instead. */
export function resolvePeriod(text: string): Period {
  try {
    return parsePeriod(text);
  } catch (e) {
    if (e instanceof PeriodParseError) throw invalidInput(e.message);
    throw e;
  }
}

/**
 * The period shown when none is asked for: the latest complete or locked reporting quarter — the
 * latest with any figures or ratings (a figure in arrears is shown in a later quarter than the one it
 * measures) whose collection round, if it has one, is locked — within the plan if one is given; else
 * the plan's (or the latest plan's) first quarter. A quarter still being collected is never the
 * default: everyone, councillors included, lands on the last finished one.
 */
export async function defaultPeriod(store: Store, plan?: PlanRecord): Promise<Period> {
  let latest: Period | undefined;
  const open = new Set(await openRoundPeriods(store.db, plan?.id));
  for (const q of await quartersWithData(store.db, plan?.id)) {
    const shown = shiftPeriod(periodFromCode(q.periodCode), q.inArrears);
    if (open.has(shown.code)) continue;
    if (!latest || comparePeriods(shown, latest) > 0) latest = shown;
  }
  if (plan) {
    const quarters = planQuarters(plan);
    const first = quarters[0]!;
    const last = quarters[quarters.length - 1]!;
    if (!latest || comparePeriods(latest, first) < 0) return first;
    return comparePeriods(latest, last) > 0 ? last : latest;
  }
  if (latest) return latest;
  const firstYear = (await latestPlan(store.db))?.first_year;
  if (!firstYear) throw await noLivePlan(store);
  return parsePeriod(`Q1 ${firstYear}`);
}

/**
 * Why there is nothing to show: no framework at all, or only plans not yet approved (a draft or a
 * plan submitted for approval is never shown as the council's plan).
 */
async function noLivePlan(store: Store): Promise<CairnError> {
  const plans = await listPlans(store.db);
  if (plans.length === 0)
    return notFound('No framework has been loaded yet. Import one with `cairn import framework FILE`.');
  const p = plans[0]!;
  return notFound(
    `No framework has been approved yet, so there is nothing to show. ${p.title} (${p.years}) is ${statusWords(p.status)}: once its approval is recorded on the Frameworks page, its pages are shown here.`,
  );
}

const statusWords = (status: string) =>
  status === 'submitted' ? 'waiting for approval' : status === 'approved' ? 'approved' : 'a draft';

/** What the home page shows when no period is asked for: the latest reporting quarter and its plan. */
export async function defaultPlanAndPeriod(store: Store): Promise<{ plan: PlanRecord; period: Period }> {
  const period = await defaultPeriod(store);
  const plan = await planCovering(store.db, financialYearOf(period).code);
  if (plan) return { plan, period };
  // The latest figure shows in a quarter no plan covers (e.g. in arrears past a plan's end): use the
  // latest plan and its own latest quarter.
  const latest = await latestPlan(store.db);
  if (!latest) throw await noLivePlan(store);
  return { plan: latest, period: await defaultPeriod(store, latest) };
}

/** The quarters a plan covers, in order. */
export function planQuarters(plan: PlanRecord): Period[] {
  const quarters: Period[] = [];
  let year = periodFromCode(plan.first_year);
  const last = periodFromCode(plan.last_year);
  while (comparePeriods(year, last) <= 0) {
    quarters.push(...periodsOfYear(year, 'quarter'));
    year = shiftPeriod(year, 1);
  }
  return quarters;
}

/**
 * The live (approved) plan covering a period, or a 404 that says so — naming a plan for that year
 * that is still a draft or waiting for approval, which is never shown in its place.
 */
export async function planForPeriod(store: Store, period: Period): Promise<PlanRecord> {
  const fy = financialYearOf(period);
  const plan = await planCovering(store.db, fy.code);
  if (!plan) {
    const pending = (await plansCoveringYear(store.db, fy.code))[0];
    throw new CairnError(
      'NOT_FOUND',
      pending
        ? `No approved framework covers ${fy.label}, so there is nothing to show for ${period.label}. ${pending.title} is ${statusWords(pending.status)}: it is shown once its approval is recorded.`
        : `No framework covers ${fy.label}, so there is nothing to show for ${period.label}.`,
    );
  }
  return plan;
}

/** The periods whose figures rating a reporting period needs: each period in arrears, and a year before each. */
function neededCodes(periods: Period[]): string[] {
  const needed = new Set<string>();
  for (const p of periods)
    for (let n = 0; n <= MAX_ARREARS; n++) {
      const data = dataPeriodFor(p, n);
      needed.add(data.code);
      needed.add(sameLastYear(data).code);
    }
  return [...needed];
}

/** The scorecard of a plan (by default, the one covering the period) for a period. */
export async function buildScorecard(store: Store, period: Period, plan?: PlanRecord): Promise<Scorecard> {
  plan ??= await planForPeriod(store, period);
  // Indicators may be up to MAX_ARREARS quarters in arrears: fetch those earlier periods' figures too,
  // and the same periods a year before (direction of travel).
  const data = await loadPeriodData(store.db, plan.id, neededCodes([period]), [period.code]);
  const bench = await scorecardBenchmarks(store, plan.id, benchmarkRequests(data, [period]));
  return assemble(data, period, bench);
}

/**
 * One outcome (and its indicators) in each of the given reporting periods, read in one go: the
 * history behind the outcome and indicator pages. Each element is a scorecard holding just that
 * outcome.
 */
export async function buildOutcomeHistory(
  store: Store,
  plan: PlanRecord,
  outcomeId: number,
  periods: Period[],
): Promise<Scorecard[]> {
  const data = await loadPeriodData(
    store.db,
    plan.id,
    neededCodes(periods),
    periods.map((p) => p.code),
    outcomeId,
  );
  const bench = await scorecardBenchmarks(store, plan.id, benchmarkRequests(data, periods));
  return periods.map((p) => assemble(data, p, bench));
}

/** One earlier year of an indicator: its plan, its number then, and its outcome over the plan's quarters. */
export interface IndicatorYear {
  plan: PlanRecord;
  indicatorId: number;
  number: string;
  /** The indicator's outcome in each quarter of that plan, oldest first (as buildOutcomeHistory). */
  history: Scorecard[];
}

/**
 * The indicators this one continues (last year's, the year before, …), each over every quarter of its
 * own plan, oldest year first: the indicator page's history across the plan boundary.
 */
export async function buildIndicatorYears(store: Store, indicatorId: number): Promise<IndicatorYear[]> {
  const years: IndicatorYear[] = [];
  for (const e of await earlierIndicators(store.db, indicatorId)) {
    const history = await buildOutcomeHistory(store, e.plan, e.outcomeId, planQuarters(e.plan));
    years.unshift({ plan: e.plan, indicatorId: e.id, number: e.number, history });
  }
  return years;
}

function councilTolerance(data: PeriodData): Tolerance {
  return {
    kind: data.council.toleranceKind === 'absolute' ? 'absolute' : 'relative',
    value: data.council.toleranceValue,
  };
}

type PeriodTargets = readonly { periodCode: string; text: string }[];

const YEAR_KINDS = new Set(['financial-year', 'academic-year', 'calendar-year']);

/**
 * The target a period is rated against: the period's own target when one is set (a quarterly or
 * monthly profile: "Q1 2018-19 → 150"), else the year's — the latest year's target set for a year not
 * after the period's financial year, else the earliest. Pass the period the figure measures (a
 * financial year works as before).
 */
export function targetFor(targets: PeriodTargets, period: Period): string {
  const own = targets.find((t) => t.periodCode === period.code);
  if (own) return own.text;
  const fy = financialYearOf(period);
  const years = targets.filter((t) => YEAR_KINDS.has(periodFromCode(t.periodCode).kind));
  let chosen = years[0];
  for (const t of years) if (comparePeriods(periodFromCode(t.periodCode), fy) <= 0) chosen = t;
  return chosen?.text ?? '-';
}

/** The whole target at every period: a cumulative profile that does not scale (see ratedIndicator). */
const AS_WRITTEN = '1';

/**
 * The indicator as a period's figure is rated. A period's own target is that period's target as
 * written — for a cumulative indicator, already its year-to-date target — so the profile must not
 * scale it again: it is rated with a profile that keeps the whole target at every period.
 */
export function ratedIndicator<T extends IndicatorRecord>(ind: T, targets: PeriodTargets, period: Period): T {
  if (ind.cumulative !== 1 || !targets.some((t) => t.periodCode === period.code)) return ind;
  return { ...ind, profile: AS_WRITTEN };
}

/**
 * Rates a stored (or entered) figure. `lastYear` is the approved figure for the same period a year
 * before — the indicator's own in a plan of several years, or the one it continues across the plan
 * boundary — which the council's "red only if worse" policy needs (see lastYearFigure).
 */
export function rateStored(
  ind: IndicatorRecord,
  targetText: string,
  value: IndicatorValueRecord | undefined,
  dataPeriod: Period,
  tolerance: Tolerance,
  directionOfTravel: 'none' | 'red-only-if-worse',
  lastYear: number | null = null,
  benchmarked?: BenchmarkEvidence,
): RatingResult {
  return rateIndicator(
    {
      target: parseTarget(targetText),
      polarity: ind.polarity as Polarity,
      cumulative: ind.cumulative === 1,
      profile: parseProfile(ind.profile),
      period: positionInYear(dataPeriod),
      actual: value?.actual ?? null,
      parts: value?.parts ? (JSON.parse(value.parts) as (number | null)[]) : undefined,
      milestone: (value?.milestone_status as 'complete' | 'on-track' | 'at-risk' | 'missed' | null) ?? null,
      asOf: dataPeriod.end,
      milestoneDue: ind.due_date,
      unit: ind.unit as Unit,
      inArrears: ind.in_arrears > 0,
      lastYear,
      benchmarked,
    },
    { tolerance: ind.tolerance ? parseTolerance(ind.tolerance) : tolerance, directionOfTravel },
  );
}

/**
 * The figure for the same period a year before, as direction of travel reads it: the indicator's own
 * (a plan of several years), else the one it continues in the previous plan — approved figures only.
 */
export function lastYearFigure(
  own: ReadonlyMap<string, IndicatorValueRecord> | undefined,
  previous: ReadonlyMap<string, IndicatorValueRecord> | undefined,
  dataPeriod: Period,
): number | null {
  const code = sameLastYear(dataPeriod).code;
  const row = own?.get(code) ?? previous?.get(code);
  return row && isPublishedState(row.state) ? row.actual : null;
}

/** The benchmark target a period is rated against, if its target is one. */
function benchmarkTargetOf(text: string): BenchmarkTarget | null {
  const parsed = tryParseTarget(text);
  return parsed.ok && parsed.target.kind === 'benchmark' ? parsed.target : null;
}

/** What each indicator's benchmark needs in each reporting period: its data period, figure and target. */
function benchmarkRequests(data: PeriodData, periods: Period[]): BenchmarkRequest[] {
  const out: BenchmarkRequest[] = [];
  for (const period of periods)
    for (const ind of data.indicators) {
      const asked = dataPeriodFor(period, ind.in_arrears);
      const row = data.values.get(ind.id)?.get(asked.code);
      out.push({
        indicatorId: ind.id,
        asked,
        ourActual: row && isPublishedState(row.state) ? row.actual : null,
        target: benchmarkTargetOf(targetFor(ind.targets, asked)),
      });
    }
  return out;
}

const NO_BENCHMARKS: ScorecardBenchmarks = { evidence: new Map(), standing: new Map() };

function assemble(data: PeriodData, period: Period, bench: ScorecardBenchmarks = NO_BENCHMARKS): Scorecard {
  const tolerance = councilTolerance(data);
  const dot = data.council.directionOfTravel === 'red-only-if-worse' ? 'red-only-if-worse' : 'none';
  const policy: OutcomePolicy = data.council.outcomePolicy === 'predominant' ? 'predominant' : 'worst';
  const directorates = new Map(data.directorates.map((d) => [d.id, d]));
  const priorityCodes = new Map(data.priorities.map((p) => [p.id, p.code]));

  const indicatorsByOutcome = new Map<number, ScorecardIndicator[]>();
  for (const ind of data.indicators) {
    const dataPeriod = dataPeriodFor(period, ind.in_arrears);
    const row = data.values.get(ind.id)?.get(dataPeriod.code);
    // Only an approved figure (or one loaded before collection) counts; a draft is kept apart.
    const value = row && isPublishedState(row.state) ? row : undefined;
    const draftRow = row && isDraftState(row.state) ? row : undefined;
    const notReported = row?.state === 'not-reported';
    const targetText = targetFor(ind.targets, dataPeriod);
    const rated = ratedIndicator(ind, ind.targets, dataPeriod);
    const lastYear = lastYearFigure(data.values.get(ind.id), data.previousValues.get(ind.id), dataPeriod);
    // A benchmark target is rated from other councils' figures as they are now, never from what was stored.
    const key = benchmarkKey(ind.id, dataPeriod);
    const benchmarked = bench.evidence.get(key);
    const stored =
      value?.computed_explanation && !benchmarked
        ? {
            rating: isRag(value.computed_rating) ? value.computed_rating : null,
            explanation: value.computed_explanation,
          }
        : null;
    const computed =
      stored ??
      toComputed(rateStored(rated, targetText, value, dataPeriod, tolerance, dot, lastYear, benchmarked));
    const manual =
      value && value.manual_source
        ? {
            rating: isRag(value.manual_rating) ? value.manual_rating : null,
            source: value.manual_source === 'reported' ? ('reported' as const) : ('manual' as const),
            reason: value.manual_reason,
            setBy: value.manual_set_by,
          }
        : null;
    const rating = manual ? manual.rating : computed.rating;
    const ratingSource: RatingSource | null = manual ? manual.source : computed.rating ? 'computed' : null;
    const explanation = manual
      ? manualExplanation(manual)
      : notReported
        ? `Not reported for ${dataPeriod.label}: the figure was not approved before the period was locked.`
        : computed.explanation;
    const draft = draftRow
      ? {
          actual: draftRow.actual,
          commentary: draftRow.commentary,
          state: draftRow.state!,
          stateLabel: STATE_LABEL[stateOf(draftRow.state, true)],
          rating: toComputed(
            rateStored(rated, targetText, draftRow, dataPeriod, tolerance, dot, lastYear, benchmarked),
          ).rating,
        }
      : null;
    const item: ScorecardIndicator = {
      id: ind.id,
      number: ind.number,
      title: ind.title,
      definition: ind.definition,
      outcomeId: ind.outcome_id,
      target: targetText,
      cumulative: ind.cumulative === 1,
      polarity: ind.polarity as Polarity,
      unit: ind.unit,
      inArrears: ind.in_arrears,
      dataPeriod,
      value: value
        ? {
            actual: value.actual,
            commentary: value.commentary,
            state: value.state ?? 'approved',
            correction: value.corrected_at
              ? { at: value.corrected_at, reason: value.correction_reason ?? '' }
              : null,
          }
        : null,
      rating,
      ratingSource,
      explanation,
      computed,
      manual,
      outlook: isOutlook(value?.outlook) ? value.outlook : null,
      draft,
      notReported,
      benchmark: bench.standing.get(key) ?? null,
    };
    const list = indicatorsByOutcome.get(ind.outcome_id) ?? [];
    list.push(item);
    indicatorsByOutcome.set(ind.outcome_id, list);
  }

  const secondLinks = new Map<number, string[]>();
  const secondNumbers = new Map(data.secondFramework?.priorities.map((p) => [p.id, p.number]) ?? []);
  for (const l of data.secondFramework?.links ?? []) {
    const list = secondLinks.get(l.outcomeId) ?? [];
    list.push(secondNumbers.get(l.priorityId) ?? '?');
    secondLinks.set(l.outcomeId, list);
  }

  const outcomes: ScorecardOutcome[] = data.outcomes.map((o) => {
    const indicators = indicatorsByOutcome.get(o.id) ?? [];
    const j = data.judgements.get(o.id)?.get(period.code);
    const judgement = j && isRag(j.rating) ? { rating: j.rating, reason: j.reason, setBy: j.setBy } : null;
    const d = directorates.get(o.directorateId);
    return {
      id: o.id,
      code: o.code,
      title: o.title,
      priorityCode: priorityCodes.get(o.priorityId) ?? '',
      directorate: { id: o.directorateId, code: d?.code ?? '', name: d?.name ?? '' },
      change: o.change,
      rating: outcomeRating(indicators, policy, judgement),
      indicators,
      secondFramework: secondLinks.get(o.id) ?? [],
    };
  });

  const sf = data.secondFramework;
  return {
    councilName: data.council.name,
    plan: data.plan,
    period,
    outcomePolicy: policy,
    priorities: data.priorities.map((p) => ({
      code: p.code,
      title: p.title,
      outcomes: outcomes.filter((o) => o.priorityCode === p.code),
    })),
    directorates: data.directorates
      .filter((d) => outcomes.some((o) => o.directorate.code === d.code))
      .map((d) => ({ code: d.code, name: d.name })),
    secondFramework: sf
      ? {
          name: sf.name,
          priorities: sf.priorities.map((p) => ({
            number: p.number,
            title: p.title,
            outcomes: outcomes.filter((o) => o.secondFramework.includes(p.number)),
          })),
        }
      : null,
    // A retired measure names its directorate by code (the framework's link); readers see its name.
    retired: data.retired.map((r) => ({
      ...r,
      directorate: data.directorates.find((d) => d.code === r.directorate)?.name ?? r.directorate,
    })),
    summary: summarise(period.label, data.council.name, toSummaryOutcomes(outcomes)),
  };
}

/**
 * Who may see which drafts: the performance team (and administrators) every one; an approver those of
 * their directorate and those assigned to them; a data owner those assigned to them; everyone else
 * (viewers, councillors, the published report) none. `key` names what the viewer may see, for caches.
 */
export interface DraftAudience {
  key: string;
  all: boolean;
  indicatorIds: ReadonlySet<number>;
  directorateIds: ReadonlySet<number>;
}

/** Readers: approved figures only. */
export const READERS: DraftAudience = {
  key: 'approved',
  all: false,
  indicatorIds: new Set(),
  directorateIds: new Set(),
};

export async function draftAudience(
  store: Store,
  user: { id: number; role: string; directorateId: number | null } | null,
): Promise<DraftAudience> {
  if (!user) return READERS;
  if (user.role === 'admin' || user.role === 'performance')
    return { key: 'all', all: true, indicatorIds: new Set(), directorateIds: new Set() };
  if (user.role !== 'owner' && user.role !== 'approver') return READERS;
  const ids = await assignedIndicatorIds(store.db, user.id);
  const directorates = user.role === 'approver' && user.directorateId !== null ? [user.directorateId] : [];
  if (!ids.length && !directorates.length) return READERS;
  return {
    key: `user:${user.id}`,
    all: false,
    indicatorIds: new Set(ids),
    directorateIds: new Set(directorates),
  };
}

/** The scorecard as this audience may see it: drafts they may not see are taken out. */
export function forAudience(s: Scorecard, audience: DraftAudience): Scorecard {
  if (audience.all) return s;
  const may = (o: ScorecardOutcome, i: ScorecardIndicator) =>
    audience.indicatorIds.has(i.id) || audience.directorateIds.has(o.directorate.id);
  const all = s.priorities.flatMap((p) => p.outcomes);
  if (!all.some((o) => o.indicators.some((i) => i.draft && !may(o, i)))) return s;
  const seen = new Map<ScorecardOutcome, ScorecardOutcome>();
  const outcomeFor = (o: ScorecardOutcome): ScorecardOutcome => {
    let out = seen.get(o);
    if (!out) {
      out = {
        ...o,
        indicators: o.indicators.map((i) => (i.draft && !may(o, i) ? { ...i, draft: null } : i)),
      };
      seen.set(o, out);
    }
    return out;
  };
  return {
    ...s,
    priorities: s.priorities.map((p) => ({ ...p, outcomes: p.outcomes.map(outcomeFor) })),
    secondFramework: s.secondFramework
      ? {
          ...s.secondFramework,
          priorities: s.secondFramework.priorities.map((p) => ({
            ...p,
            outcomes: p.outcomes.map(outcomeFor),
          })),
        }
      : null,
  };
}

/** The parts of the scorecard the summary counts. */
export function toSummaryOutcomes(outcomes: ScorecardOutcome[]): SummaryOutcome[] {
  return outcomes.map((o) => ({
    code: o.code,
    title: o.title,
    rating: o.rating,
    indicators: o.indicators.map((i) => ({ number: i.number, rating: i.rating, outlook: i.outlook })),
  }));
}

function toComputed(r: RatingResult): { rating: Rag | null; explanation: string } {
  return r.kind === 'rated'
    ? { rating: r.rating, explanation: r.explanation }
    : { rating: null, explanation: r.explanation };
}

function manualExplanation(m: {
  rating: Rag | null;
  source: 'reported' | 'manual';
  reason: string | null;
  setBy: string | null;
}): string {
  const label = m.rating ? RAG_LABEL[m.rating] : 'Not rated';
  const who = m.setBy ?? 'unknown';
  const why = m.reason ? ` — ${m.reason.replace(/\.\s*$/, '')}` : '';
  return m.source === 'reported'
    ? `${label}: as reported by ${who}${why}.`
    : `${label}: set by ${who}${why}.`;
}
