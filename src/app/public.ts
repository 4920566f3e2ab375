/**
 * What is public (issue 15): the one answer the public site, the open data and the API give to "may
 * anyone read this?". Only approved framework plans marked public, their priorities and outcomes, the
 * indicators marked public with their approved figures (never a draft or an unapproved one: the
 * scorecard as readers see it), in the quarters already reported (up to the latest locked quarter,
 * as the internal pages default to); the published, frozen versions of the quarterly reports marked
 * public and of the progress reports of the improvement plans marked public; those improvement plans
 * with their approved updates. Everything else reads as not there (undefined, or left out).
 *
 * An outcome's derived rating names its indicators, so it is shown only when every indicator behind
 * it is public; a judgement is shown with its reason.
 */
import { comparePeriods, type Period } from '../domain/periods.js';
import { isPublishedState } from '../domain/collection.js';
import type { OutcomeRating } from '../domain/outcome-rating.js';
import type { Store } from '../storage/database.js';
import { findIndicator, findOutcome } from '../storage/performance-repository.js';
import {
  findLicence,
  findPublicImprovementPlans,
  listPublicPlanReportVersions,
  listPublicPlans,
  listPublicQuarterlyVersions,
  publicIndicatorIds,
} from '../storage/public-repository.js';
import { findFrozenFile, listFrozenFiles, type PublishedKind } from '../storage/published-repository.js';
import { loadPlanData } from '../storage/plans-repository.js';
import type { IndicatorRecord, PlanRecord } from '../storage/schema.js';
import type { PlanData } from '../storage/plan-records.js';
import {
  buildOutcomeHistory,
  buildScorecard,
  defaultPeriod,
  forAudience,
  planQuarters,
  READERS,
  type Scorecard,
  type ScorecardIndicator,
  type ScorecardOutcome,
} from './scorecard.js';

type Reader = Pick<Store, 'db'>;

/** The licence open data is published under, unless the council sets another. */
export const DEFAULT_LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;

export interface Licence {
  name: string;
  url: string;
  /** True when the council has not chosen one: the default applies. */
  isDefault: boolean;
}

/** The licence every public table and download carries. */
export async function openDataLicence(store: Reader): Promise<Licence> {
  const l = await findLicence(store.db);
  if (!l.name) return { ...DEFAULT_LICENCE, isDefault: true };
  return { name: l.name, url: l.url ?? '', isDefault: false };
}

/** The approved framework plans marked public, latest first. */
export function publicPlans(store: Reader): Promise<PlanRecord[]> {
  return listPublicPlans(store.db);
}

/** The plan if it is public, else undefined (the public site answers 404). */
export async function findPublicPlan(store: Reader, planId: number): Promise<PlanRecord | undefined> {
  return (await publicPlans(store)).find((p) => p.id === planId);
}

/**
 * The quarters of a public plan the public sees, oldest first: up to the latest reported one (a
 * quarter still being collected is never shown, even with some figures approved in it).
 */
export async function publicPeriods(store: Store, plan: PlanRecord): Promise<Period[]> {
  const upTo = await defaultPeriod(store, plan);
  return planQuarters(plan).filter((p) => comparePeriods(p, upTo) <= 0);
}

/** The ids of a plan's public indicators. */
export function publicIndicators(store: Reader, planId: number): Promise<Set<number>> {
  return publicIndicatorIds(store.db, planId);
}

const NOT_RATED_HERE: OutcomeRating = {
  basis: 'none',
  rating: null,
  explanation: 'Not shown: this outcome is rated from indicators that are not all published.',
};

/** An outcome as the public may see it: its public indicators only, its rating only when it gives nothing away. */
function publicOutcome(o: ScorecardOutcome, ids: ReadonlySet<number>): ScorecardOutcome {
  const indicators = o.indicators.filter((i) => ids.has(i.id)).map(publicIndicator);
  const allPublic = indicators.length === o.indicators.length;
  const rating: OutcomeRating =
    o.rating.basis === 'judgement'
      ? o.rating
      : allPublic || o.rating.basis === 'none'
        ? allPublic
          ? o.rating
          : NOT_RATED_HERE
        : NOT_RATED_HERE;
  return { ...o, indicators, rating };
}

/** Belt and braces: whatever the audience, a public indicator carries no draft and no unapproved figure. */
function publicIndicator(i: ScorecardIndicator): ScorecardIndicator {
  const approved = i.value && isPublishedState(i.value.state) ? i.value : null;
  return { ...i, draft: null, value: approved };
}

/** A scorecard with only what is public in it (the scorecard is one period's, or one outcome's history). */
export function toPublic(s: Scorecard, ids: ReadonlySet<number>): Scorecard {
  const readers = forAudience(s, READERS);
  return {
    ...readers,
    priorities: readers.priorities.map((p) => ({
      ...p,
      outcomes: p.outcomes.map((o) => publicOutcome(o, ids)),
    })),
    secondFramework: null,
    retired: [],
  };
}

/**
 * A public plan's scorecard for one of its public quarters, or undefined when the quarter is not
 * public. `scorecard` lets a caller pass its cached one (web/page-cache.ts).
 */
export async function publicScorecard(
  store: Store,
  plan: PlanRecord,
  period: Period,
  scorecard: (plan: PlanRecord, period: Period) => Promise<Scorecard> = (p, q) => buildScorecard(store, q, p),
): Promise<Scorecard | undefined> {
  const periods = await publicPeriods(store, plan);
  if (!periods.some((p) => p.code === period.code)) return undefined;
  return toPublic(await scorecard(plan, period), await publicIndicators(store, plan.id));
}

/** A public outcome (by code) over the public quarters up to `period`, oldest first. */
export async function publicOutcomeHistory(
  store: Store,
  plan: PlanRecord,
  code: string,
  period: Period,
): Promise<Scorecard[] | undefined> {
  const o = await findOutcome(store.db, plan.id, code);
  if (!o) return undefined;
  const periods = (await publicPeriods(store, plan)).filter((p) => comparePeriods(p, period) <= 0);
  if (!periods.some((p) => p.code === period.code)) return undefined;
  const ids = await publicIndicators(store, plan.id);
  return (await buildOutcomeHistory(store, plan, o.id, periods)).map((s) => toPublic(s, ids));
}

/**
 * A public indicator (by number) of a public plan, with its outcome over the public quarters up to
 * `period`, oldest first; undefined when the indicator is not public.
 */
export async function publicIndicatorHistory(
  store: Store,
  plan: PlanRecord,
  number: string,
  period: Period,
): Promise<{ record: IndicatorRecord; history: Scorecard[] } | undefined> {
  const record = await findIndicator(store.db, plan.id, number);
  if (!record || record.public !== 1) return undefined;
  const periods = (await publicPeriods(store, plan)).filter((p) => comparePeriods(p, period) <= 0);
  if (!periods.some((p) => p.code === period.code)) return undefined;
  const ids = await publicIndicators(store, plan.id);
  const history = (await buildOutcomeHistory(store, plan, record.outcome_id, periods)).map((s) =>
    toPublic(s, ids),
  );
  return { record, history };
}

/** One public figure: an indicator in a reporting quarter, approved, with its rating and why. */
export interface PublicFigure {
  planId: number;
  indicatorId: number;
  indicatorNumber: string;
  periodCode: string;
  period: string;
  /** The period the figure measures (earlier when reported in arrears). */
  dataPeriodCode: string;
  target: string;
  actual: number | null;
  rating: string | null;
  ratingSource: string | null;
  explanation: string;
  outlook: string | null;
  commentary: string | null;
  correctedAt: string | null;
  correctionReason: string | null;
}

/** Every public figure of a public plan, quarter by quarter (oldest first), in the framework's order. */
export async function publicFigures(
  store: Store,
  plan: PlanRecord,
  scorecard?: (plan: PlanRecord, period: Period) => Promise<Scorecard>,
): Promise<PublicFigure[]> {
  const out: PublicFigure[] = [];
  for (const period of await publicPeriods(store, plan)) {
    const s = await publicScorecard(store, plan, period, scorecard);
    if (!s) continue;
    for (const o of s.priorities.flatMap((p) => p.outcomes))
      for (const i of o.indicators)
        out.push({
          planId: plan.id,
          indicatorId: i.id,
          indicatorNumber: i.number,
          periodCode: period.code,
          period: period.label,
          dataPeriodCode: i.dataPeriod.code,
          target: i.target,
          actual: i.value?.actual ?? null,
          rating: i.rating,
          ratingSource: i.ratingSource,
          explanation: i.explanation,
          outlook: i.outlook,
          commentary: i.value?.commentary ?? null,
          correctedAt: i.value?.correction?.at ?? null,
          correctionReason: i.value?.correction?.reason ?? null,
        });
  }
  return out;
}

/** A published report the public may read: its frozen files' formats. */
export interface PublicReport {
  kind: PublishedKind;
  id: number;
  title: string;
  version: number;
  publishedAt: string;
  /** Quarterly: the period code; a plan's: its improvement plan's id. */
  periodCode: string | null;
  improvementPlanId: number | null;
  /** True when a later version of the same report has been published. */
  superseded: boolean;
  files: { format: string; contentType: string; fileName: string; size: number }[];
}

/** The published versions of every public report, quarterly reports first (latest period first). */
export async function publicReports(store: Reader): Promise<PublicReport[]> {
  const quarterly = await listPublicQuarterlyVersions(store.db);
  const plans = await listPublicPlanReportVersions(store.db);
  const filesOf = async (kind: PublishedKind, ids: number[]) => {
    const m = new Map<number, PublicReport['files']>();
    for (const f of await listFrozenFiles(store.db, kind, ids)) {
      const list = m.get(f.version_id) ?? [];
      list.push({
        format: f.format,
        contentType: f.content_type,
        fileName: f.file_name,
        size: Number(f.size),
      });
      m.set(f.version_id, list);
    }
    return m;
  };
  const qFiles = await filesOf(
    'quarterly',
    quarterly.map((v) => v.id),
  );
  const pFiles = await filesOf(
    'plan',
    plans.map((v) => v.id),
  );
  const latestQ = new Map<number, number>();
  for (const v of quarterly) latestQ.set(v.draft_id, Math.max(latestQ.get(v.draft_id) ?? 0, v.version));
  const latestP = new Map<string, number>();
  for (const v of plans) {
    const k = `${v.improvement_plan_id}:${v.subject}`;
    latestP.set(k, Math.max(latestP.get(k) ?? 0, v.version));
  }
  return [
    ...quarterly.map((v) => ({
      kind: 'quarterly' as const,
      id: v.id,
      title: v.title,
      version: v.version,
      publishedAt: v.published_at,
      periodCode: v.period_code,
      improvementPlanId: null,
      superseded: v.version < (latestQ.get(v.draft_id) ?? 0),
      files: qFiles.get(v.id) ?? [],
    })),
    ...plans.map((v) => ({
      kind: 'plan' as const,
      id: v.id,
      title: v.title,
      version: v.version,
      publishedAt: v.published_at,
      periodCode: null,
      improvementPlanId: v.improvement_plan_id,
      superseded: v.version < (latestP.get(`${v.improvement_plan_id}:${v.subject}`) ?? 0),
      files: pFiles.get(v.id) ?? [],
    })),
  ];
}

/** One public report version, or undefined when it is not public. */
export async function findPublicReport(
  store: Reader,
  kind: PublishedKind,
  id: number,
): Promise<PublicReport | undefined> {
  return (await publicReports(store)).find((r) => r.kind === kind && r.id === id);
}

/** A public report's frozen file with its bytes, exactly as published; undefined when not public. */
export async function findPublicReportFile(store: Reader, kind: PublishedKind, id: number, format: string) {
  if (!(await findPublicReport(store, kind, id))) return undefined;
  return findFrozenFile(store.db, kind, id, format);
}

/** The improvement plans marked public, newest first. */
export function publicImprovementPlans(store: Reader) {
  return findPublicImprovementPlans(store.db);
}

/** A public improvement plan with its actions and their approved updates; undefined when not public. */
export async function findPublicImprovementPlan(store: Reader, id: number): Promise<PlanData | undefined> {
  if (!(await publicImprovementPlans(store)).some((p) => p.id === id)) return undefined;
  return loadPlanData(store.db, id, true);
}
