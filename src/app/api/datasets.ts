/**
 * The rows of every entity set (entities.ts) as an internal reader may see them — approved plans,
 * approved figures only (drafts are stripped as for a viewer) — built from the same reading functions
 * the pages use (the scorecard, the framework's lists, the plans' readers, the benchmark standing),
 * and kept per data version: a request reads the version (one indexed row) and is answered from
 * memory until the data changes.
 */
import { financialYearOf, type Period } from '../../domain/periods.js';
import { targetRowsFor } from '../../storage/framework-items.js';
import { benchmarkContext, benchmarkHistory, metricInfo } from '../benchmark-standing.js';
import { planLinks } from '../benchmark-links.js';
import { frameworkLists } from '../framework-items.js';
import { currentDataVersion, livePlans } from '../performance.js';
import {
  latestUpdates,
  listImprovementPlans,
  loadPlanData,
  type ActionUpdate,
  type PlanData,
  type PlanRecord,
} from '../plans/reading.js';
import {
  findPublicImprovementPlan,
  publicImprovementPlans,
  publicIndicators,
  publicPeriods,
  publicPlans,
  publicScorecard,
} from '../public.js';
import { buildScorecard, forAudience, planQuarters, READERS, type Scorecard } from '../scorecard.js';
import type { Store } from '../store.js';
import { VersionedCache } from '../versioned-cache.js';
import type * as E from './entities.js';
import type { Dataset, RowFor } from './entities.js';

export type { Dataset };

const id2 = (a: number, b: string) => `${a}:${b}`;

/** Where a dataset's rows come from: the internal readers, or the public site's (app/public.ts). */
interface Source {
  plans(): Promise<PlanRecord[]>;
  /** The plan's indicators this audience may see; null for all of them. */
  indicators(plan: PlanRecord): Promise<ReadonlySet<number> | null>;
  quarters(plan: PlanRecord): Promise<Period[]>;
  scorecard(plan: PlanRecord, quarter: Period): Promise<Scorecard | undefined>;
  improvementPlans(): Promise<number[]>;
  /** An improvement plan with its actions, and each action's latest approved update. */
  improvementPlan(id: number): Promise<{ data: PlanData; latest: Map<number, ActionUpdate> } | undefined>;
}

const INTERNAL: (store: Store) => Source = (store) => ({
  plans: () => livePlans(store),
  indicators: async () => null,
  quarters: async (plan) => planQuarters(plan),
  scorecard: async (plan, q) => forAudience(await buildScorecard(store, q, plan), READERS),
  improvementPlans: async () => (await listImprovementPlans(store)).map((p) => p.id),
  improvementPlan: async (id) => {
    const data = await loadPlanData(store, id);
    return data ? { data, latest: await latestUpdates(store, id) } : undefined;
  },
});

const PUBLIC: (store: Store) => Source = (store) => ({
  plans: () => publicPlans(store),
  indicators: (plan) => publicIndicators(store, plan.id),
  quarters: (plan) => publicPeriods(store, plan),
  scorecard: (plan, q) => publicScorecard(store, plan, q),
  improvementPlans: async () => (await publicImprovementPlans(store)).map((p) => p.id),
  improvementPlan: async (id) => {
    const data = await findPublicImprovementPlan(store, id);
    if (!data) return undefined;
    // Its approved updates, oldest first: the latest of each action is the last.
    const latest = new Map<number, ActionUpdate>();
    for (const [actionId, updates] of data.updates) {
      const last = updates.at(-1);
      if (last) latest.set(actionId, last);
    }
    return { data, latest };
  },
});

/** Every set's rows for internal readers (a read token), read now. */
export const readInternalDataset = (store: Store): Promise<Dataset> => readDataset(store, INTERNAL(store));

/**
 * Every set's rows as the public may see them (anyone without a token, or a public token): what
 * app/public.ts says is public — public plans, their public indicators and reported quarters, approved
 * figures, public improvement plans — and nothing else.
 */
export const readPublicDataset = (store: Store): Promise<Dataset> => readDataset(store, PUBLIC(store));

async function readDataset(store: Store, source: Source): Promise<Dataset> {
  const plans = await source.plans();
  const out: Dataset = {
    Plans: [],
    Priorities: [],
    Outcomes: [],
    Indicators: [],
    Targets: [],
    Periods: [],
    Values: [],
    ImprovementPlans: [],
    Actions: [],
    Benchmarks: [],
  };
  for (const plan of plans) {
    out.Plans.push({
      id: plan.id,
      title: plan.title,
      years: plan.years,
      firstYear: plan.first_year,
      lastYear: plan.last_year,
      status: plan.status,
      approvedBy: plan.approved_by,
      approvedOn: plan.approved_on,
    });
    const all = await frameworkLists(store, plan.id);
    const visible = await source.indicators(plan);
    const shownIndicators = visible ? all.indicators.filter((i) => visible.has(i.id)) : all.indicators;
    // Where only some indicators are shown, so are only the outcomes and priorities they are under.
    const shownOutcomes = visible
      ? all.outcomes.filter((o) => shownIndicators.some((i) => i.outcome_id === o.id))
      : all.outcomes;
    const shownPriorities = visible
      ? all.priorities.filter((p) => shownOutcomes.some((o) => o.priority_id === p.id))
      : all.priorities;
    const lists = { priorities: shownPriorities, outcomes: shownOutcomes, indicators: shownIndicators };
    const position = (list: { id: number }[], id: number) => list.findIndex((x) => x.id === id) + 1;
    lists.priorities.forEach((p) =>
      out.Priorities.push({
        id: p.id,
        planId: plan.id,
        code: p.code,
        title: p.title,
        position: position(all.priorities, p.id),
      }),
    );
    const outcomeById = new Map(lists.outcomes.map((o) => [o.id, o]));
    lists.outcomes.forEach((o) =>
      out.Outcomes.push({
        id: o.id,
        planId: plan.id,
        priorityId: o.priority_id,
        priorityCode: o.priority_code,
        code: o.code,
        title: o.title,
        directorate: o.directorate_code,
        directorateName: o.directorate_name,
        position: position(all.outcomes, o.id),
      }),
    );
    const indicatorById = new Map<number, { number: string; directorate: string }>();
    lists.indicators.forEach((ind) => {
      const o = outcomeById.get(ind.outcome_id);
      indicatorById.set(ind.id, { number: ind.number, directorate: o?.directorate_code ?? '' });
      out.Indicators.push({
        id: ind.id,
        planId: plan.id,
        outcomeId: ind.outcome_id,
        outcomeCode: o?.code ?? '',
        number: ind.number,
        title: ind.title,
        definition: ind.definition,
        unit: ind.unit,
        polarity: ind.polarity,
        frequency: ind.frequency,
        cumulative: ind.cumulative === 1,
        inArrears: ind.in_arrears,
        baseline: ind.baseline,
        dataSource: ind.data_source,
        directorate: o?.directorate_code ?? '',
        directorateName: o?.directorate_name ?? '',
        retiredOn: ind.retired_on,
        position: position(all.indicators, ind.id),
      });
    });
    const targets = await targetRowsFor(
      store.db,
      lists.indicators.map((i) => i.id),
    );
    for (const ind of lists.indicators)
      for (const t of targets.get(ind.id) ?? [])
        out.Targets.push({
          id: id2(ind.id, t.periodCode),
          planId: plan.id,
          indicatorId: ind.id,
          indicatorNumber: ind.number,
          directorate: indicatorById.get(ind.id)?.directorate ?? '',
          period: t.periodCode,
          target: t.text,
        });

    for (const quarter of await source.quarters(plan)) {
      const card = await source.scorecard(plan, quarter);
      if (!card) continue;
      const rows: RowFor<typeof E.values>[] = [];
      for (const p of card.priorities)
        for (const o of p.outcomes)
          for (const i of o.indicators)
            rows.push({
              id: id2(i.id, quarter.code),
              planId: plan.id,
              indicatorId: i.id,
              indicatorNumber: i.number,
              outcomeCode: o.code,
              directorate: o.directorate.code,
              period: quarter.code,
              periodLabel: quarter.label,
              dataPeriod: i.dataPeriod.code,
              target: i.target,
              actual: i.value?.actual ?? null,
              commentary: i.value?.commentary ?? null,
              rating: i.rating,
              ratingSource: i.ratingSource,
              explanation: i.explanation,
              outlook: i.outlook,
              notReported: i.notReported,
              correctedAt: i.value?.correction?.at ?? null,
              correctionReason: i.value?.correction?.reason ?? null,
            });
      // A quarter is listed once it has a figure, a rating or a figure not reported: later quarters
      // of the plan are not yet reported on.
      if (!rows.some((r) => r.actual !== null || r.rating !== null || r.notReported)) continue;
      out.Values.push(...rows);
      out.Periods.push(periodRow(plan.id, quarter));
    }

    const links = await planLinks(store, plan.id);
    if (links.size) {
      const ctx = await benchmarkContext(store);
      for (const [indicatorId, link] of links) {
        if (visible && !visible.has(indicatorId)) continue;
        const metric = await metricInfo(store, link.metricId);
        for (const r of await benchmarkHistory(store, ctx, metric, link.comparison))
          out.Benchmarks.push({
            id: id2(indicatorId, r.period.code),
            planId: plan.id,
            indicatorId,
            indicatorNumber: link.number,
            directorate: indicatorById.get(indicatorId)?.directorate ?? '',
            metricSource: metric.source,
            metricCode: metric.code,
            metricTitle: metric.title,
            comparison: r.comparison.label,
            period: r.period.code,
            value: r.us?.value ?? null,
            rank: r.us?.rank ?? null,
            councils: r.stats.n,
            quartile: r.us?.quartile ?? null,
            median: r.stats.median,
            mean: r.stats.mean,
            topQuartileBoundary: r.stats.boundaries?.top ?? null,
            gapToTopQuartile: r.us?.gapToTopQuartile ?? null,
          });
      }
    }
  }

  for (const id of await source.improvementPlans()) {
    const got = await source.improvementPlan(id);
    if (!got) continue;
    const { data, latest } = got;
    const p = data.plan;
    out.ImprovementPlans.push({
      id: p.id,
      kind: p.kind,
      basis: p.basis,
      title: p.title,
      source: p.source,
      organisation: p.organisation,
      owner: p.owner,
      strategyPlanId: p.strategy_plan_id,
    });
    for (const a of data.actions) {
      const u = latest.get(a.id);
      out.Actions.push({
        id: a.id,
        improvementPlanId: p.id,
        code: a.code,
        section: a.section,
        title: a.title,
        leadOfficers: a.leadOfficers,
        leadCouncillor: a.leadCouncillor,
        target: a.targetText,
        due: a.targetDue,
        status: a.status,
        statusText: a.statusText,
        completedOn: a.completedOn,
        percentComplete: a.percentComplete,
        latestUpdate: u?.text ?? null,
        latestUpdateAt: u?.recordedAt ?? null,
      });
    }
  }
  return out;
}

function periodRow(planId: number, q: Period): RowFor<typeof E.periods> {
  return {
    id: id2(planId, q.code),
    planId,
    period: q.code,
    label: q.label,
    financialYear: financialYearOf(q).code,
    start: q.start,
    end: q.end,
  };
}

/** Who the rows are for: internal readers (a read token); public data comes from the public site's readers. */
export type Audience = 'internal' | 'public';

/** The datasets, computed once per data version and audience. */
export class ApiDatasets {
  private readonly cache = new VersionedCache<Dataset>({ maxEntries: 2 });
  /** Answers as sent (serialised JSON), by audience and URL, per version: bounded by total size (16 MB). */
  readonly answers = new VersionedCache<Buffer>({
    maxEntries: 4000,
    maxSize: 16 * 1024 * 1024,
    sizeOf: (b) => b.length,
  });

  constructor(
    private readonly store: Store,
    private readonly readers: Record<Audience, ((store: Store) => Promise<Dataset>) | null> = {
      internal: readInternalDataset,
      public: readPublicDataset,
    },
  ) {}

  version(): Promise<number> {
    return currentDataVersion(this.store);
  }

  /** Whether this audience has a dataset at all (public data needs the public site's readers). */
  serves(audience: Audience): boolean {
    return this.readers[audience] !== null;
  }

  get(audience: Audience, version: number): Promise<Dataset> {
    const read = this.readers[audience];
    if (!read) throw new Error(`no dataset for ${audience} readers`);
    return this.cache.get(audience, version, () => read(this.store));
  }
}
