/**
 * What the API and the OData feed serve, defined once: each entity set, its rows' fields (with their
 * JSON Schema through zod, and their OData type), its key and the filters the API offers. The OpenAPI
 * document (web/features/api/openapi.ts) and the OData `$metadata` (web/features/api/odata.ts) are both
 * generated from these, and the rows are built from the app's reading functions (datasets.ts).
 */
import { z } from 'zod';

export type EdmType = 'Edm.Int64' | 'Edm.Double' | 'Edm.String' | 'Edm.Boolean' | 'Edm.Date';

export interface Field<T> {
  zod: z.ZodType<T>;
  edm: EdmType;
  nullable: boolean;
  description: string;
}

const field =
  <T>(zod: z.ZodType<T>, edm: EdmType) =>
  (description: string): Field<T> => ({ zod: zod.meta({ description }), edm, nullable: false, description });
const nullableField =
  <T>(zod: z.ZodType<T>, edm: EdmType) =>
  (description: string): Field<T | null> => ({
    zod: zod.nullable().meta({ description }),
    edm,
    nullable: true,
    description,
  });

export const f = {
  int: field(z.int(), 'Edm.Int64'),
  text: field(z.string(), 'Edm.String'),
  bool: field(z.boolean(), 'Edm.Boolean'),
  date: field(z.iso.date(), 'Edm.Date'),
  intOrNull: nullableField(z.int(), 'Edm.Int64'),
  numberOrNull: nullableField(z.number(), 'Edm.Double'),
  textOrNull: nullableField(z.string(), 'Edm.String'),
  dateOrNull: nullableField(z.iso.date(), 'Edm.Date'),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fields = Record<string, Field<any>>;
export type RowOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** The query parameters the API filters a set by, and the field each reads. */
export type FilterName = 'plan' | 'period' | 'directorate';

export interface EntitySet<F extends Fields = Fields> {
  /** The OData entity set and entity type's name: `Values`, `Value`. */
  name: string;
  typeName: string;
  /** The API path under /api/v1. */
  path: string;
  title: string;
  description: string;
  key: keyof F & string;
  fields: F;
  filters: Partial<Record<FilterName, keyof F & string>>;
  schema: z.ZodObject;
}

function entitySet<F extends Fields>(def: Omit<EntitySet<F>, 'schema'>): EntitySet<F> {
  const shape = Object.fromEntries(Object.entries(def.fields).map(([k, v]) => [k, v.zod]));
  return { ...def, schema: z.object(shape).meta({ title: def.typeName, description: def.description }) };
}

const ratingText = 'The rating: red, amber or green; null when not rated.';

export const plans = entitySet({
  name: 'Plans',
  typeName: 'Plan',
  path: 'plans',
  title: 'Plans',
  description: 'The council’s approved strategy plans (frameworks), latest first.',
  key: 'id',
  fields: {
    id: f.int('The plan’s id.'),
    title: f.text('Its title.'),
    years: f.text('The years it covers, as printed.'),
    firstYear: f.text('The first financial year it covers, e.g. 2017-18.'),
    lastYear: f.text('The last financial year it covers.'),
    status: f.text('Its status: approved.'),
    approvedBy: f.textOrNull('The body that approved it, e.g. Cabinet.'),
    approvedOn: f.dateOrNull('When it was approved.'),
  },
  filters: { plan: 'id' },
});

export const priorities = entitySet({
  name: 'Priorities',
  typeName: 'Priority',
  path: 'priorities',
  title: 'Priorities',
  description: 'Each plan’s priorities, in the plan’s order.',
  key: 'id',
  fields: {
    id: f.int('The priority’s id.'),
    planId: f.int('The plan it belongs to.'),
    code: f.text('Its code, e.g. P1.'),
    title: f.text('Its title.'),
    position: f.int('Its place in the plan, from 1.'),
  },
  filters: { plan: 'planId' },
});

export const outcomes = entitySet({
  name: 'Outcomes',
  typeName: 'Outcome',
  path: 'outcomes',
  title: 'Outcomes',
  description: 'Each priority’s outcomes, with the directorate that owns each.',
  key: 'id',
  fields: {
    id: f.int('The outcome’s id.'),
    planId: f.int('The plan it belongs to.'),
    priorityId: f.int('The priority it is under.'),
    priorityCode: f.text('That priority’s code.'),
    code: f.text('Its code, e.g. O20.'),
    title: f.text('Its title.'),
    directorate: f.text('The owning directorate’s code.'),
    directorateName: f.text('The owning directorate’s name.'),
    position: f.int('Its place in the plan, from 1.'),
  },
  filters: { plan: 'planId', directorate: 'directorate' },
});

export const indicators = entitySet({
  name: 'Indicators',
  typeName: 'Indicator',
  path: 'indicators',
  title: 'Indicators',
  description: 'Each outcome’s indicators: what is measured and how it is rated.',
  key: 'id',
  fields: {
    id: f.int('The indicator’s id.'),
    planId: f.int('The plan it belongs to.'),
    outcomeId: f.int('The outcome it measures.'),
    outcomeCode: f.text('That outcome’s code.'),
    number: f.text('Its number in the plan, e.g. 7.'),
    title: f.text('Its wording.'),
    definition: f.textOrNull('How it is defined.'),
    unit: f.text('Its unit: number, percent, currency, milestone, ….'),
    polarity: f.text('Which way is better: higher, lower or milestone.'),
    frequency: f.text('How often it is reported.'),
    cumulative: f.bool('True when the figure is the year to date.'),
    inArrears: f.int('How many quarters in arrears it is reported (0–4).'),
    baseline: f.textOrNull('The baseline, as printed.'),
    dataSource: f.textOrNull('Where the figure comes from.'),
    directorate: f.text('The directorate owning its outcome (code).'),
    directorateName: f.text('That directorate’s name.'),
    retiredOn: f.dateOrNull('When it was retired from the plan, if it was.'),
    position: f.int('Its place in the plan, from 1.'),
  },
  filters: { plan: 'planId', directorate: 'directorate' },
});

export const targets = entitySet({
  name: 'Targets',
  typeName: 'Target',
  path: 'targets',
  title: 'Targets',
  description: 'Each indicator’s targets as set, by period (a year, or a quarter of a profile).',
  key: 'id',
  fields: {
    id: f.text('The indicator’s id and the period’s code: 12:2017-18.'),
    planId: f.int('The plan.'),
    indicatorId: f.int('The indicator.'),
    indicatorNumber: f.text('The indicator’s number.'),
    directorate: f.text('The directorate owning its outcome (code).'),
    period: f.text('The period the target is for (a code: 2017-18, 2017-18-Q1).'),
    target: f.text('The target as printed, e.g. "≥ 75%".'),
  },
  filters: { plan: 'planId', period: 'period', directorate: 'directorate' },
});

export const periods = entitySet({
  name: 'Periods',
  typeName: 'Period',
  path: 'periods',
  title: 'Periods',
  description: 'The reporting quarters of each plan that have figures, oldest first.',
  key: 'id',
  fields: {
    id: f.text('The plan and the quarter: 1:2017-18-Q1.'),
    planId: f.int('The plan.'),
    period: f.text('The quarter’s code, e.g. 2017-18-Q1: the `period` filter of the other sets.'),
    label: f.text('As councils print it: Q1 2017-18.'),
    financialYear: f.text('Its financial year: 2017-18.'),
    start: f.date('Its first day.'),
    end: f.date('Its last day.'),
  },
  filters: { plan: 'planId', period: 'period' },
});

export const values = entitySet({
  name: 'Values',
  typeName: 'Value',
  path: 'values',
  title: 'Values',
  description:
    'Each indicator’s approved figure in each reporting quarter, with its target, rating and the sentence that explains the rating. Figures not yet approved are never included.',
  key: 'id',
  fields: {
    id: f.text('The indicator’s id and the reporting quarter: 12:2017-18-Q1.'),
    planId: f.int('The plan.'),
    indicatorId: f.int('The indicator.'),
    indicatorNumber: f.text('The indicator’s number.'),
    outcomeCode: f.text('The indicator’s outcome.'),
    directorate: f.text('The directorate owning its outcome (code).'),
    period: f.text('The reporting quarter (code).'),
    periodLabel: f.text('The reporting quarter as printed.'),
    dataPeriod: f.text('The period the figure measures (differs when reported in arrears).'),
    target: f.text('The target the figure is rated against, as printed.'),
    actual: f.numberOrNull('The figure; null when none was reported.'),
    commentary: f.textOrNull('The data owner’s commentary.'),
    rating: f.textOrNull(ratingText),
    ratingSource: f.textOrNull('Where the rating came from: computed, reported or manual.'),
    explanation: f.text('One sentence: which rule and which numbers gave the rating, or who set it and why.'),
    outlook: f.textOrNull('The outlook: improving, stable or deteriorating.'),
    notReported: f.bool('True when the period was locked before the figure was approved.'),
    correctedAt: f.textOrNull('When the figure was corrected after its period was locked.'),
    correctionReason: f.textOrNull('Why it was corrected.'),
  },
  filters: { plan: 'planId', period: 'period', directorate: 'directorate' },
});

export const improvementPlans = entitySet({
  name: 'ImprovementPlans',
  typeName: 'ImprovementPlan',
  path: 'improvement-plans',
  title: 'Improvement plans',
  description: 'Improvement, business and action plans.',
  key: 'id',
  fields: {
    id: f.int('The plan’s id.'),
    kind: f.text('improvement, business or action.'),
    basis: f.textOrNull('For improvement plans: peer-challenge, inspection or audit.'),
    title: f.text('Its title.'),
    source: f.textOrNull('Where it came from (the report or review).'),
    organisation: f.textOrNull('The organisation that made it.'),
    owner: f.textOrNull('Who owns it.'),
    strategyPlanId: f.intOrNull('The strategy plan it supports.'),
  },
  filters: {},
});

export const actions = entitySet({
  name: 'Actions',
  typeName: 'Action',
  path: 'actions',
  title: 'Actions',
  description: 'The actions of improvement plans, with their status and latest approved update.',
  key: 'id',
  fields: {
    id: f.int('The action’s id.'),
    improvementPlanId: f.int('Its plan.'),
    code: f.text('Its code, e.g. 1.2.'),
    section: f.textOrNull('The section it is in.'),
    title: f.text('What is to be done.'),
    leadOfficers: f.textOrNull('Its lead officers, as printed.'),
    leadCouncillor: f.textOrNull('Its lead councillor.'),
    target: f.textOrNull('Its target, as printed.'),
    due: f.dateOrNull('When it falls due.'),
    status: f.textOrNull('Its status: not-started, on-track, at-risk, overdue, complete, ….'),
    statusText: f.textOrNull('The status word as printed.'),
    completedOn: f.dateOrNull('When it was completed.'),
    percentComplete: f.intOrNull('How far complete (0–100), where recorded.'),
    latestUpdate: f.textOrNull('Its latest approved update.'),
    latestUpdateAt: f.textOrNull('When that update was recorded.'),
  },
  filters: {},
});

export const benchmarks = entitySet({
  name: 'Benchmarks',
  typeName: 'Benchmark',
  path: 'benchmarks',
  title: 'Benchmarks',
  description:
    'Each linked indicator against other councils, in each period of its national metric: our figure, rank, quartile and the group’s statistics.',
  key: 'id',
  fields: {
    id: f.text('The indicator’s id and the metric’s period: 12:2017-18.'),
    planId: f.int('The plan.'),
    indicatorId: f.int('The indicator.'),
    indicatorNumber: f.text('Its number.'),
    directorate: f.text('The directorate owning its outcome (code).'),
    metricSource: f.text('The metric’s source, e.g. LGBF.'),
    metricCode: f.text('The metric’s code.'),
    metricTitle: f.text('The metric’s title.'),
    comparison: f.text('Who we are compared with, e.g. "councils in England".'),
    period: f.text('The metric’s period (code).'),
    value: f.numberOrNull('Our figure; null when the file has none.'),
    rank: f.intOrNull('Our place, best first.'),
    councils: f.int('How many councils have a figure.'),
    quartile: f.intOrNull('Our quartile, 1 (best) to 4; null when fewer than 4 councils.'),
    median: f.numberOrNull('The group’s median.'),
    mean: f.numberOrNull('The group’s mean.'),
    topQuartileBoundary: f.numberOrNull('The figure at the edge of the top quartile.'),
    gapToTopQuartile: f.numberOrNull(
      'How much better our figure must be to be in the top quartile (0 when it is).',
    ),
  },
  filters: { plan: 'planId', period: 'period', directorate: 'directorate' },
});

export const ENTITY_SETS = [
  plans,
  priorities,
  outcomes,
  indicators,
  targets,
  periods,
  values,
  improvementPlans,
  actions,
  benchmarks,
] as const;

export type EntitySetName = (typeof ENTITY_SETS)[number]['name'];
/** A row of one set, typed by its fields. */
export type RowFor<S extends { fields: Fields }> = RowOf<S['fields']>;

/** Every set's rows. */
export interface Dataset {
  Plans: RowFor<typeof plans>[];
  Priorities: RowFor<typeof priorities>[];
  Outcomes: RowFor<typeof outcomes>[];
  Indicators: RowFor<typeof indicators>[];
  Targets: RowFor<typeof targets>[];
  Periods: RowFor<typeof periods>[];
  Values: RowFor<typeof values>[];
  ImprovementPlans: RowFor<typeof improvementPlans>[];
  Actions: RowFor<typeof actions>[];
  Benchmarks: RowFor<typeof benchmarks>[];
}

/** A row of any set, as the generic readers (filters, paging, OData) see it. */
export type Row = Record<string, string | number | boolean | null>;

/** The sets as the generic readers see them. */
export const ENTITY_SET_LIST = ENTITY_SETS as unknown as readonly EntitySet[];
export const entitySetByName = new Map<string, EntitySet>(ENTITY_SET_LIST.map((s) => [s.name, s]));

/** A set's rows as the generic readers see them. */
export const rowsOf = (d: Dataset, set: EntitySet): Row[] =>
  (d as unknown as Record<string, Row[]>)[set.name] ?? [];

/** The body of POST /api/v1/values: a period’s figures, as the return’s columns have them. */
export const PostValuesBody = z
  .object({
    period: z.string().meta({ description: 'The reporting quarter, e.g. 2017-18-Q3 or "Q3 2017-18".' }),
    plan: z
      .int()
      .optional()
      .meta({ description: 'The plan’s id, when more than one plan has a round for the period.' }),
    step: z.enum(['save', 'submit']).meta({
      description:
        'save: arrive as drafts (in progress); submit: submitted for approval, as the return’s “Submit”.',
    }),
    values: z
      .array(
        z.object({
          indicator: z.string().meta({ description: 'The indicator’s number, e.g. "7".' }),
          actual: z.union([z.number(), z.string()]).nullable().optional(),
          numerator: z.union([z.number(), z.string()]).nullable().optional(),
          denominator: z.union([z.number(), z.string()]).nullable().optional(),
          progress: z
            .string()
            .nullable()
            .optional()
            .meta({ description: 'For a milestone: complete, on track, at risk, missed.' }),
          outlook: z
            .string()
            .nullable()
            .optional()
            .meta({ description: 'improving, stable or deteriorating.' }),
          commentary: z.string().nullable().optional(),
          confirmUnusual: z
            .boolean()
            .optional()
            .meta({ description: 'Confirms an unusual figure is right.' }),
          unusualNote: z
            .string()
            .nullable()
            .optional()
            .meta({ description: 'Why an unusual figure is right.' }),
          version: z.int().optional().meta({
            description: 'The figure’s version as last read; when given, a figure changed since is refused.',
          }),
        }),
      )
      .min(1)
      .max(2000),
  })
  .meta({ title: 'PostValues' });
export type PostValues = z.infer<typeof PostValuesBody>;
