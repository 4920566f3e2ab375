/**
 * Reading the risk register (issue 14): the register with its filters, a risk's page with its score
 * history, and the heat map of residual scores as at a quarter — each as plain data the pages, the
 * spreadsheet and the quarterly report print. A data owner sees only the risks they own.
 *
 * A risk's residual score as at a quarter is that of its latest approved review up to the quarter; a
 * risk not yet reviewed by then counts at the score its first review started from, or, never reviewed,
 * at its residual score as recorded. Its movement in a quarter is its review's in that quarter
 * (the score against the one before it), or "no change" when it was not reviewed in the quarter.
 */
import { periodContaining, periodFromCode, type Period } from '../../domain/periods.js';
import {
  levelOf,
  overAppetite,
  reviewOverdue,
  riskScore,
  type Movement,
  type RiskMatrix,
} from '../../domain/risk.js';
import {
  approvedPeriods,
  approvedReviews,
  controlsOf,
  findRisk,
  linksOf,
  listRisks,
  reviewsOf,
  riskActionsOf,
  type ApprovedScore,
  type RiskLinkRow,
  type RiskRow,
} from '../../storage/risk-repository.js';
import { openRoundPeriods } from '../../storage/collection-repository.js';
import { findDirectorateByCode, listDirectorates } from '../../storage/directorates.js';
import { planActionChoices, riskOwnerChoices, strategyOf } from '../../storage/risk-repository.js';
import { livePlans } from '../performance.js';
import type { Collector } from '../collection/permissions.js';
import { notFound } from '../errors.js';
import type { Store } from '../store.js';
import { riskMatrix } from './matrix.js';

/** Who is reading: a data owner sees only their own risks. */
export const ownRisksOnly = (user: Pick<Collector, 'role'>) => user.role === 'owner';

export interface RiskSummary {
  id: number;
  reference: string;
  kind: string;
  title: string;
  category: string;
  ownerUserId: number | null;
  ownerName: string | null;
  directorateId: number | null;
  directorateName: string | null;
  reviewDate: string | null;
  inherent: number;
  residual: number;
  target: number;
  residualLikelihood: number;
  residualImpact: number;
  level: string;
  levelIndex: number;
  overAppetite: boolean;
  overdue: boolean;
  /** The movement of its latest approved review; null before its first. */
  movement: Movement | null;
  links: RiskLinkRow[];
  version: number;
}

export interface RegisterFilters {
  directorate?: number | null;
  category?: string | null;
  /** A band's name. */
  level?: string | null;
  overAppetite?: boolean;
  overdue?: boolean;
  kind?: string | null;
  /** A priority: risks linked to it or to one of its outcomes. */
  priority?: number | null;
}

function summarise(
  m: RiskMatrix,
  r: RiskRow,
  links: RiskLinkRow[],
  latest: ApprovedScore | undefined,
  today: string,
): RiskSummary {
  const residual = riskScore(r.residual_likelihood, r.residual_impact);
  const target = riskScore(r.target_likelihood, r.target_impact);
  const level = levelOf(m, residual);
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    category: r.category,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    directorateId: r.directorate_id,
    directorateName: r.directorate_name,
    reviewDate: r.review_date,
    inherent: riskScore(r.inherent_likelihood, r.inherent_impact),
    residual,
    target,
    residualLikelihood: r.residual_likelihood,
    residualImpact: r.residual_impact,
    level: level.name,
    levelIndex: level.index,
    overAppetite: overAppetite(residual, target),
    overdue: r.closed_on === null && reviewOverdue(r.review_date, today),
    movement: (latest?.direction as Movement | undefined) ?? null,
    links,
    version: r.version,
  };
}

const linkedTo = (priorityId: number, links: RiskLinkRow[]) =>
  links.some((l) => l.priority_id === priorityId || l.outcome_priority_id === priorityId);

/** The register: every open risk the person may see, with its scores, level and flags, filtered. */
export async function riskRegister(
  store: Store,
  user: Pick<Collector, 'id' | 'role'>,
  today: string,
  filters: RegisterFilters = {},
  /** The approved reviews, when the caller has read them already (the heat map). */
  reviews?: ApprovedScore[],
): Promise<{ matrix: RiskMatrix; risks: RiskSummary[]; all: RiskSummary[] }> {
  const { matrix } = await riskMatrix(store.db);
  const rows = (await listRisks(store.db, ownRisksOnly(user) ? { ownerUserId: user.id } : {})).filter(
    (r) => r.closed_on === null,
  );
  const links = await linksOf(store.db, ownRisksOnly(user) ? rows.map((r) => r.id) : undefined);
  const byRisk = group(links, (l) => l.risk_id);
  const latest = latestOf(
    reviews ??
      (await approvedReviewsWithDirection(
        store,
        null,
        ownRisksOnly(user) ? rows.map((r) => r.id) : undefined,
      )),
  );
  const all = rows.map((r) => summarise(matrix, r, byRisk.get(r.id) ?? [], latest.get(r.id), today));
  const f = filters;
  const risks = all.filter(
    (r) =>
      (!f.directorate || r.directorateId === f.directorate) &&
      (!f.category || r.category === f.category) &&
      (!f.level || r.level === f.level) &&
      (!f.overAppetite || r.overAppetite) &&
      (!f.overdue || r.overdue) &&
      (!f.kind || r.kind === f.kind) &&
      (!f.priority || linkedTo(f.priority, r.links)),
  );
  return { matrix, risks, all };
}

/** Each risk's latest approved review, by quarter then as made. */
function latestOf(reviews: ApprovedScore[]) {
  const out = new Map<number, ApprovedScore>();
  for (const r of reviews) {
    const had = out.get(r.risk_id);
    if (!had || r.period_code > had.period_code || (r.period_code === had.period_code && r.id > had.id))
      out.set(r.risk_id, r);
  }
  return out;
}

const approvedReviewsWithDirection = (store: Store, upTo: string | null, riskIds?: number[]) =>
  approvedReviews(store.db, upTo, riskIds);

function group<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const list = out.get(key(r)) ?? [];
    list.push(r);
    out.set(key(r), list);
  }
  return out;
}

/** A risk the person may see, or NOT_FOUND (the same answer for "no such risk" and "not yours"). */
export async function riskFor(
  store: Store,
  user: Pick<Collector, 'id' | 'role'>,
  riskId: number,
): Promise<RiskRow> {
  const r = await findRisk(store.db, riskId);
  if (!r || (ownRisksOnly(user) && r.owner_user_id !== user.id)) throw notFound('There is no such risk.');
  return r;
}

/** A risk's page: its details, controls, further actions, and the history of its reviews. */
export async function riskPage(
  store: Store,
  user: Pick<Collector, 'id' | 'role'>,
  riskId: number,
  today: string,
) {
  const r = await riskFor(store, user, riskId);
  const { matrix } = await riskMatrix(store.db);
  const links = await linksOf(store.db, [riskId]);
  const latest = latestOf(await approvedReviewsWithDirection(store, null, [riskId]));
  const reviews = await reviewsOf(store.db, riskId);
  return {
    matrix,
    row: r,
    risk: summarise(matrix, r, links, latest.get(riskId), today),
    controls: await controlsOf(store.db, riskId),
    actions: await riskActionsOf(store.db, riskId),
    reviews,
    history: scoreHistory(reviews),
  };
}

/** One point a quarter: the latest approved review of each quarter, oldest first. */
export function scoreHistory(
  reviews: {
    period_code: string;
    state: string;
    id: number;
    likelihood: number;
    impact: number;
    direction: string;
  }[],
) {
  const byPeriod = new Map<string, (typeof reviews)[number]>();
  for (const r of reviews) {
    if (r.state !== 'approved') continue;
    const had = byPeriod.get(r.period_code);
    if (!had || r.id > had.id) byPeriod.set(r.period_code, r);
  }
  return [...byPeriod.values()]
    .sort((a, b) => a.period_code.localeCompare(b.period_code))
    .map((r) => ({
      periodCode: r.period_code,
      periodLabel: periodFromCode(r.period_code, 'quarter').label,
      likelihood: r.likelihood,
      impact: r.impact,
      score: riskScore(r.likelihood, r.impact),
      direction: r.direction as Movement,
    }));
}

// ---- the heat map ----

export interface HeatMapRisk {
  id: number;
  reference: string;
  title: string;
  likelihood: number;
  impact: number;
  score: number;
  level: string;
  levelIndex: number;
  previousScore: number | null;
  movement: Movement;
  overAppetite: boolean;
  directorateId: number | null;
  directorateName: string | null;
}

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  level: string;
  levelIndex: number;
  count: number;
  up: number;
  down: number;
  same: number;
  new: number;
}

export interface HeatMap {
  matrix: RiskMatrix;
  periodCode: string;
  periodLabel: string;
  /** Rows from the most likely down, as the grid is drawn; each row from the least impact. */
  cells: HeatMapCell[];
  risks: HeatMapRisk[];
}

export interface HeatMapScope {
  periodCode?: string | null;
  directorate?: number | null;
  priority?: number | null;
}

/** The quarter a heat map shows by default: the latest with an approved review, or today's. */
export async function defaultRiskPeriod(store: Store, today: string): Promise<string> {
  // The quarter being reviewed: the latest with an approved review or a round still open for
  // collection (the round asks owners to review their risks); today's only when there is neither.
  const reviewed = (await approvedReviews(store.db, null)).map((r) => r.period_code);
  const open = (await openRoundPeriods(store.db)).filter((code) => /^\d{4}-\d{2}-Q[1-4]$/.test(code));
  const latest = [...reviewed, ...open].reduce<string | null>((m, c) => (m === null || c > m ? c : m), null);
  return latest ?? periodContaining(today, 'quarter').code;
}

/** The quarters a heat map may show: each with an approved review, and today's, newest first. */
export async function riskPeriods(store: Store, today: string): Promise<{ code: string; label: string }[]> {
  const codes = new Set(await approvedPeriods(store.db));
  codes.add(periodContaining(today, 'quarter').code);
  return [...codes]
    .sort()
    .reverse()
    .map((code) => ({ code, label: periodFromCode(code, 'quarter').label }));
}

/** The residual scores of the open risks the person may see, as at a quarter, in a likelihood × impact grid. */
export async function heatMap(
  store: Store,
  user: Pick<Collector, 'id' | 'role'>,
  today: string,
  scope: HeatMapScope = {},
): Promise<HeatMap> {
  const periodCode = scope.periodCode ?? (await defaultRiskPeriod(store, today));
  const period = periodFromCode(periodCode, 'quarter');
  // Every approved review, read once: for the register's movement and the scores as at the quarter.
  const all = await approvedReviewsWithDirection(store, null);
  const { matrix, risks } = await riskRegister(
    store,
    user,
    today,
    { directorate: scope.directorate ?? null, priority: scope.priority ?? null },
    all,
  );
  const reviews = group(all, (r) => r.risk_id);
  const out: HeatMapRisk[] = [];
  for (const r of risks) {
    const mine = (reviews.get(r.id) ?? []).sort(
      (a, b) => a.period_code.localeCompare(b.period_code) || a.id - b.id,
    );
    const upTo = mine.filter((v) => v.period_code <= period.code);
    const last = upTo.at(-1);
    let likelihood = r.residualLikelihood;
    let impact = r.residualImpact;
    let move: Movement = 'same';
    let previousScore: number | null = null;
    if (last) {
      likelihood = last.likelihood;
      impact = last.impact;
      if (last.period_code === period.code) {
        move = last.direction as Movement;
        previousScore =
          last.previous_likelihood !== null && last.previous_impact !== null
            ? riskScore(last.previous_likelihood, last.previous_impact)
            : null;
      } else previousScore = riskScore(likelihood, impact);
    } else if (mine[0]) {
      // Reviewed only after this quarter: as it stood before its first review.
      const first = mine[0];
      if (first.previous_likelihood === null || first.previous_impact === null) continue;
      likelihood = first.previous_likelihood;
      impact = first.previous_impact;
    } else move = 'same';
    const score = riskScore(likelihood, impact);
    const level = levelOf(matrix, score);
    out.push({
      id: r.id,
      reference: r.reference,
      title: r.title,
      likelihood,
      impact,
      score,
      level: level.name,
      levelIndex: level.index,
      previousScore,
      movement: move,
      overAppetite: overAppetite(score, r.target),
      directorateId: r.directorateId,
      directorateName: r.directorateName,
    });
  }
  const cells: HeatMapCell[] = [];
  for (let l = matrix.size; l >= 1; l--)
    for (let i = 1; i <= matrix.size; i++) {
      const here = out.filter((r) => r.likelihood === l && r.impact === i);
      const level = levelOf(matrix, l * i);
      cells.push({
        likelihood: l,
        impact: i,
        score: l * i,
        level: level.name,
        levelIndex: level.index,
        count: here.length,
        up: here.filter((r) => r.movement === 'up').length,
        down: here.filter((r) => r.movement === 'down').length,
        same: here.filter((r) => r.movement === 'same').length,
        new: here.filter((r) => r.movement === 'new').length,
      });
    }
  out.sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference));
  return { matrix, periodCode: period.code, periodLabel: period.label, cells, risks: out };
}

/** The risks whose score rose in the quarter (for the report). */
export const risksThatRose = (h: HeatMap) => h.risks.filter((r) => r.movement === 'up');

/** What the risk form chooses from: owners, directorates, categories in use, the live plan's priorities and outcomes. */
export async function riskFormChoices(store: Store) {
  const { matrix } = await riskMatrix(store.db);
  const plan = (await livePlans(store))[0];
  const strategy = plan ? await strategyOf(store.db, plan.id) : { priorities: [], outcomes: [] };
  const risks = await listRisks(store.db);
  return {
    matrix,
    owners: await riskOwnerChoices(store.db),
    directorates: await listDirectorates(store.db),
    categories: [...new Set(risks.map((r) => r.category))].sort(),
    priorities: strategy.priorities,
    outcomes: strategy.outcomes,
  };
}

/** Improvement-plan actions a further action may be. */
export const planActionsToChoose = (store: Store) => planActionChoices(store.db);

/** Who reads the register for a report: everything, as the performance team sees it. */
const REPORT_READER = { id: 0, role: 'performance' as const };

/**
 * The heat map for a report's scope as at a quarter: the council's, a directorate's (by code) or a
 * priority's (by code, in the plan). Today is the quarter's last day, so "overdue" is as at then.
 */
export async function riskHeatMapForScope(
  store: Store,
  planId: number,
  periodCode: string,
  scope: { kind: 'council' | 'priority' | 'directorate'; code?: string },
): Promise<HeatMap> {
  let directorate: number | null = null;
  let priority: number | null = null;
  if (scope.kind === 'directorate' && scope.code)
    directorate = (await findDirectorateByCode(store.db, scope.code))?.id ?? -1;
  if (scope.kind === 'priority' && scope.code)
    priority = (await strategyOf(store.db, planId)).priorities.find((p) => p.code === scope.code)?.id ?? -1;
  const end = periodFromCode(periodCode, 'quarter').end;
  return heatMap(store, REPORT_READER, end, { periodCode, directorate, priority });
}

/**
 * The business-management view's risk column (issue 14): for each directorate with open risks, as at
 * the quarter, how many are in the highest band, over appetite, and rose in the quarter. Corporate
 * risks without a directorate are not counted against one.
 */
export async function riskSummariesByDirectorate(
  store: Store,
  period: Period,
): Promise<{ directorateId: number; high: number; overAppetite: number; rising: number }[]> {
  const h = await heatMap(store, REPORT_READER, period.end, { periodCode: period.code });
  const highest = h.matrix.bands.length - 1;
  const out = new Map<
    number,
    { directorateId: number; high: number; overAppetite: number; rising: number }
  >();
  for (const r of h.risks) {
    if (r.directorateId === null) continue;
    const row = out.get(r.directorateId) ?? {
      directorateId: r.directorateId,
      high: 0,
      overAppetite: 0,
      rising: 0,
    };
    if (r.levelIndex === highest) row.high++;
    if (r.overAppetite) row.overAppetite++;
    if (r.movement === 'up') row.rising++;
    out.set(r.directorateId, row);
  }
  return [...out.values()];
}
