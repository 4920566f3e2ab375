/**
 * The open data (issue 15): every public table as columns and rows, each column described (the data
 * dictionary), drawn only from what app/public.ts says is public. The web serves each as CSV and
 * JSON and all of them in one zip; the API can serve the same rows.
 */
import type { Store } from '../storage/database.js';
import type { PlanRecord } from '../storage/schema.js';
import type { Period } from '../domain/periods.js';
import {
  findPublicImprovementPlan,
  openDataLicence,
  publicFigures,
  publicImprovementPlans,
  publicPlans,
  publicReports,
  publicScorecard,
  publicPeriods,
  type Licence,
} from './public.js';
import type { Scorecard } from './scorecard.js';
import { listPublicIndicatorRecords } from '../storage/public-repository.js';

export type Cell = string | number | boolean | null;

export interface DataColumn {
  name: string;
  type: 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time';
  description: string;
}

export interface DatasetDefinition {
  /** The stable name in its address: /public/open-data/<name>.csv */
  name: string;
  title: string;
  description: string;
  columns: DataColumn[];
}

export interface Dataset extends DatasetDefinition {
  rows: Cell[][];
}

const col = (name: string, type: DataColumn['type'], description: string): DataColumn => ({
  name,
  type,
  description,
});

const PLAN_ID = col(
  'plan_id',
  'integer',
  'The plan’s number in Cairn (stable: it is in the plan’s public address).',
);

export const DATASETS: readonly DatasetDefinition[] = [
  {
    name: 'plans',
    title: 'Plans',
    description: 'The council’s approved plans (corporate plan or performance framework) published here.',
    columns: [
      PLAN_ID,
      col('title', 'text', 'The plan’s title.'),
      col('years', 'text', 'The years it covers, as printed.'),
      col('first_year', 'text', 'The first financial year it covers, e.g. 2017-18.'),
      col('last_year', 'text', 'The last financial year it covers.'),
      col('approved_by', 'text', 'Who approved it, e.g. Cabinet.'),
      col('approved_on', 'date', 'When it was approved (YYYY-MM-DD).'),
    ],
  },
  {
    name: 'priorities',
    title: 'Priorities',
    description: 'Each plan’s priorities, in the plan’s order.',
    columns: [
      PLAN_ID,
      col('priority_code', 'text', 'The priority’s code within its plan, e.g. P1.'),
      col('title', 'text', 'The priority’s title.'),
    ],
  },
  {
    name: 'outcomes',
    title: 'Outcomes',
    description: 'The outcomes under each priority, with the directorate responsible.',
    columns: [
      PLAN_ID,
      col('priority_code', 'text', 'The priority the outcome is under.'),
      col('outcome_code', 'text', 'The outcome’s code within its plan, e.g. O1.'),
      col('title', 'text', 'The outcome’s title.'),
      col('directorate', 'text', 'The directorate responsible for it.'),
    ],
  },
  {
    name: 'indicators',
    title: 'Indicators',
    description: 'The indicators published here: what each measures and how it is rated.',
    columns: [
      PLAN_ID,
      col('outcome_code', 'text', 'The outcome the indicator measures.'),
      col('indicator_number', 'text', 'The indicator’s number within its plan, as printed.'),
      col('title', 'text', 'What the indicator measures.'),
      col('definition', 'text', 'How it is defined, where recorded.'),
      col('unit', 'text', 'number, percent, currency or milestone.'),
      col('polarity', 'text', 'Which way is better: higher, lower, or on-target.'),
      col('frequency', 'text', 'How often it is measured, e.g. quarterly.'),
      col('cumulative', 'boolean', 'True when the figure builds up through the year (year to date).'),
      col('in_arrears', 'integer', 'How many quarters after the period measured the figure is reported.'),
      col('data_source', 'text', 'Where the figure comes from.'),
    ],
  },
  {
    name: 'figures',
    title: 'Figures',
    description:
      'Each published indicator’s approved figure in each reported quarter, with its target, rating and the reason for the rating. Only approved figures are included; a figure corrected after it was published says when and why.',
    columns: [
      PLAN_ID,
      col('indicator_number', 'text', 'The indicator (see indicators).'),
      col('period_code', 'text', 'The reporting quarter, e.g. 2017-18-Q2 (April–June is Q1).'),
      col('period', 'text', 'The reporting quarter in words.'),
      col('data_period_code', 'text', 'The period the figure measures (earlier when reported in arrears).'),
      col('target', 'text', 'The target, as printed.'),
      col('actual', 'number', 'The approved figure; empty when none was approved.'),
      col('rating', 'text', 'red, amber or green; empty when not rated.'),
      col('rating_source', 'text', 'computed (from the target), reported, or manual (set with a reason).'),
      col(
        'rating_explanation',
        'text',
        'One sentence: the rule and the numbers behind the rating, or who set it and why.',
      ),
      col('outlook', 'text', 'The outlook given with the figure: improving, stable or worsening.'),
      col('commentary', 'text', 'The commentary given with the figure.'),
      col(
        'corrected_at',
        'date-time',
        'When the figure was corrected after the period was locked, if it was.',
      ),
      col('correction_reason', 'text', 'Why it was corrected.'),
    ],
  },
  {
    name: 'reports',
    title: 'Published reports',
    description:
      'The quarterly performance reports and improvement plan progress reports published here, every version.',
    columns: [
      col(
        'kind',
        'text',
        'quarterly (a quarterly performance report) or plan (an improvement plan’s progress report).',
      ),
      col(
        'report_id',
        'integer',
        'The published version’s number in Cairn (stable: it is in its public address).',
      ),
      col('title', 'text', 'The report’s title.'),
      col('version', 'integer', 'The version number: a correction is published as a new version.'),
      col('published_at', 'date-time', 'When this version was published.'),
      col('period_code', 'text', 'Quarterly reports: the quarter reported on.'),
      col(
        'improvement_plan_id',
        'integer',
        'Progress reports: the improvement plan (see improvement-plans).',
      ),
      col('superseded', 'boolean', 'True when a later version of the same report has been published.'),
      col('formats', 'text', 'The formats it can be downloaded in, separated by spaces.'),
    ],
  },
  {
    name: 'improvement-plans',
    title: 'Improvement plans',
    description: 'Improvement, business and action plans published here.',
    columns: [
      col(
        'improvement_plan_id',
        'integer',
        'The plan’s number in Cairn (stable: it is in its public address).',
      ),
      col('kind', 'text', 'improvement, business or action.'),
      col('title', 'text', 'The plan’s title.'),
      col('organisation', 'text', 'Whose plan it is, where recorded.'),
      col('source', 'text', 'What it responds to, e.g. a peer challenge.'),
      col('description', 'text', 'What it is for.'),
    ],
  },
  {
    name: 'actions',
    title: 'Improvement plan actions',
    description: 'Each published improvement plan’s actions, with their status and latest approved update.',
    columns: [
      col('improvement_plan_id', 'integer', 'The plan (see improvement-plans).'),
      col('action_code', 'text', 'The action’s code within its plan.'),
      col('title', 'text', 'What will be done.'),
      col('target', 'text', 'When it is due, as printed.'),
      col('target_due', 'date', 'When it is due, as a date where one is given.'),
      col('status', 'text', 'The action’s status.'),
      col('completed_on', 'date', 'When it was completed.'),
      col('latest_update', 'text', 'The latest approved progress update.'),
      col('latest_update_at', 'date-time', 'When that update was recorded.'),
    ],
  },
];

type ScorecardReader = (plan: PlanRecord, period: Period) => Promise<Scorecard>;

function definition(name: string): DatasetDefinition {
  const d = DATASETS.find((x) => x.name === name);
  if (!d) throw new Error(`No dataset ${name}`);
  return d;
}

/** The scorecard of a plan's latest public quarter: its priorities, outcomes and public indicators. */
async function latestScorecards(store: Store, plans: PlanRecord[], scorecard?: ScorecardReader) {
  const out: Scorecard[] = [];
  for (const plan of plans) {
    const periods = await publicPeriods(store, plan);
    const last = periods[periods.length - 1];
    const s = last ? await publicScorecard(store, plan, last, scorecard) : undefined;
    if (s) out.push(s);
  }
  return out;
}

/** Every public dataset with its rows. */
export async function openDatasets(store: Store, scorecard?: ScorecardReader): Promise<Dataset[]> {
  const plans = await publicPlans(store);
  const cards = await latestScorecards(store, plans, scorecard);
  const outcomes = cards.flatMap((s) =>
    s.priorities.flatMap((p) => p.outcomes.map((o) => ({ plan: s.plan, o }))),
  );
  const indicatorRecords = await listPublicIndicatorRecords(
    store.db,
    plans.map((p) => p.id),
  );
  const figures = (await Promise.all(plans.map((p) => publicFigures(store, p, scorecard)))).flat();
  const reports = await publicReports(store);
  const improvement = await publicImprovementPlans(store);
  const actions: Cell[][] = [];
  for (const ip of improvement) {
    const data = await findPublicImprovementPlan(store, ip.id);
    for (const a of data?.actions ?? []) {
      const updates = data?.updates.get(a.id) ?? [];
      const latest = updates[updates.length - 1];
      actions.push([
        ip.id,
        a.code,
        a.title,
        a.targetText,
        a.targetDue,
        a.statusText ?? a.status,
        a.completedOn,
        latest?.text ?? null,
        latest?.recordedAt ?? null,
      ]);
    }
  }
  const rows: Record<string, Cell[][]> = {
    plans: plans.map((p) => [
      p.id,
      p.title,
      p.years,
      p.first_year,
      p.last_year,
      p.approved_by,
      p.approved_on,
    ]),
    priorities: cards.flatMap((s) => s.priorities.map((p) => [s.plan.id, p.code, p.title])),
    outcomes: outcomes.map(({ plan, o }) => [plan.id, o.priorityCode, o.code, o.title, o.directorate.name]),
    indicators: indicatorRecords.map((i) => [
      i.plan_id,
      i.outcomeCode,
      i.number,
      i.title,
      i.definition,
      i.unit,
      i.polarity,
      i.frequency,
      i.cumulative === 1,
      i.in_arrears,
      i.data_source,
    ]),
    figures: figures.map((f) => [
      f.planId,
      f.indicatorNumber,
      f.periodCode,
      f.period,
      f.dataPeriodCode,
      f.target,
      f.actual,
      f.rating,
      f.ratingSource,
      f.explanation,
      f.outlook,
      f.commentary,
      f.correctedAt,
      f.correctionReason,
    ]),
    reports: reports.map((r) => [
      r.kind,
      r.id,
      r.title,
      r.version,
      r.publishedAt,
      r.periodCode,
      r.improvementPlanId,
      r.superseded,
      r.files.map((f) => f.format).join(' '),
    ]),
    'improvement-plans': improvement.map((p) => [
      p.id,
      p.kind,
      p.title,
      p.organisation,
      p.source,
      p.description,
    ]),
    actions,
  };
  return DATASETS.map((d) => ({ ...d, rows: rows[d.name] ?? [] }));
}

/** One public dataset by its name, or undefined. */
export async function openDataset(
  store: Store,
  name: string,
  scorecard?: ScorecardReader,
): Promise<Dataset | undefined> {
  if (!DATASETS.some((d) => d.name === name)) return undefined;
  return (await openDatasets(store, scorecard)).find((d) => d.name === name);
}

/** The line every download carries: whose data, under which licence. */
export function licenceLine(councilName: string, licence: Licence): string {
  return `© ${councilName}. Published under the ${licence.name}${licence.url ? ` (${licence.url})` : ''}.`;
}

export { openDataLicence, definition as datasetDefinition };
