/**
 * The framework's item forms as data, laid out by views/form.njk: a priority, an outcome, an
 * indicator, and moving one. Field names are the use cases' inputs (app/framework-items.ts), so their
 * problems land on the fields. The "why" fields depend on the plan: in one started from last year's,
 * a draft asks why an outcome or indicator was introduced, or what changed and why; an approved plan
 * asks for the amendment's reason.
 */
import type {
  EditablePlan,
  FrameworkLists,
  IndicatorRecord,
  OutcomeRecord,
  PriorityRecord,
} from '../../../app/framework-items.js';
import { POLARITIES, POLARITY_LABEL } from '../../../domain/vocabulary.js';
import type { Field, Values } from '../../forms.js';

const orBlank = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** The amendment's reason, on every form of an approved plan. */
export function reasonFields(p: Pick<EditablePlan, 'terms'>, what = 'change'): Field[] {
  if (p.terms !== 'amendment') return [];
  return [
    {
      name: 'reason',
      label: 'Reason for the amendment',
      hint: `The framework has been approved, so this ${what} is a minor amendment: it is listed with its reason in the plan’s amendments and the quarterly report.`,
      type: 'textarea',
      rows: 3,
    },
  ];
}

/** The "why" of a change since last year (app/framework-items.ts changeQuestion). */
function changeReasonFields(question: { label: string; hint: string } | null): Field[] {
  return question
    ? [{ name: 'changeReason', label: question.label, hint: question.hint, type: 'textarea', rows: 3 }]
    : [];
}

export function priorityFields(p: EditablePlan): Field[] {
  return [
    {
      name: 'code',
      label: 'Code',
      hint: 'As printed, such as P1.',
      type: 'text',
      width: 'govuk-input--width-5',
    },
    { name: 'title', label: 'Title', hint: 'For example “A thriving economy”.', type: 'text' },
    ...reasonFields(p),
  ];
}

export const priorityValues = (r: PriorityRecord): Values => ({ code: r.code, title: r.title });

export function outcomeFields(
  p: EditablePlan,
  lists: FrameworkLists,
  question: { label: string; hint: string } | null,
): Field[] {
  const sf = lists.secondFramework;
  return [
    {
      name: 'priority',
      label: 'Priority',
      type: 'select',
      options: [
        { value: '', text: 'Choose a priority' },
        ...lists.priorities.map((x) => ({ value: String(x.id), text: `${x.code}: ${x.title}` })),
      ],
    },
    {
      name: 'code',
      label: 'Code',
      hint: 'As printed, such as O7.',
      type: 'text',
      width: 'govuk-input--width-5',
    },
    { name: 'title', label: 'Outcome', hint: 'As worded in the plan.', type: 'textarea', rows: 2 },
    {
      name: 'directorate',
      label: 'Owning directorate',
      type: 'select',
      options: [
        { value: '', text: 'Choose a directorate' },
        ...lists.directorates.map((d) => ({ value: String(d.id), text: `${d.name} (${d.code})` })),
      ],
    },
    ...(sf && sf.priorities.length
      ? [
          {
            name: 'secondFramework',
            label: `${sf.name}: the priorities it supports (optional)`,
            type: 'checkboxes' as const,
            options: sf.priorities.map((x) => ({ value: String(x.id), text: `${x.number}. ${x.title}` })),
          },
        ]
      : []),
    ...changeReasonFields(question),
    ...reasonFields(p),
  ];
}

export const outcomeValues = (r: OutcomeRecord & { secondPriorityIds: number[] }): Values => ({
  priority: String(r.priority_id),
  code: r.code,
  title: r.title,
  directorate: String(r.directorate_id),
  secondFramework: r.secondPriorityIds.map(String),
  changeReason: orBlank(r.change_reason),
});

const UNIT_OPTIONS = [
  { value: 'number', text: 'A number', hint: 'A count, such as 8920 or 12,000.' },
  { value: 'percent', text: 'A percentage', hint: 'Figures are entered in points: 67 for 67%.' },
  { value: 'currency', text: 'An amount of money', hint: 'In pounds, such as £1,200.' },
  { value: 'milestone', text: 'A milestone', hint: 'Such as Completion, with a due date.' },
];

const FREQUENCY_OPTIONS = [
  { value: 'quarterly', text: 'Quarterly' },
  { value: 'monthly', text: 'Monthly' },
  { value: 'annual', text: 'Annually' },
  { value: 'academic-year', text: 'Each academic year' },
];

export function indicatorFields(
  p: EditablePlan,
  lists: FrameworkLists,
  options: { creating: boolean; question: { label: string; hint: string } | null; yearTarget: string },
): Field[] {
  return [
    {
      name: 'outcome',
      label: 'Outcome it measures',
      type: 'select',
      options: [
        { value: '', text: 'Choose an outcome' },
        ...lists.outcomes
          .filter((o) => !o.retired_on)
          .map((o) => ({ value: String(o.id), text: `${o.code}: ${o.title}` })),
      ],
    },
    {
      name: 'number',
      label: 'Number',
      hint: 'As printed, such as 7 or 10a.',
      type: 'text',
      width: 'govuk-input--width-5',
    },
    { name: 'title', label: 'Success indicator', hint: 'As worded in the plan.', type: 'textarea', rows: 3 },
    {
      name: 'definition',
      label: 'Definition (optional)',
      hint: 'How it is measured.',
      type: 'textarea',
      rows: 2,
    },
    ...(options.creating
      ? [
          {
            name: 'target',
            label: `Target for ${p.plan.first_year}`,
            hint: 'As printed: 67%, >28%, <20%, 93-95%, 8920, 12,000, Top quartile, Completion, 60/20, or - for no target. Each quarter’s target and the trajectory are set on its targets page.',
            type: 'text' as const,
            width: 'govuk-input--width-20',
            section: 'The target and how it is rated',
          },
        ]
      : []),
    {
      name: 'partLabels',
      label: 'Part labels (optional)',
      hint: `For a target in parts such as 60/20: what each part counts, one a line.${options.creating ? '' : ` The target for ${p.plan.first_year} is ${options.yearTarget || 'not set'}.`}`,
      type: 'textarea',
      rows: 2,
      ...(options.creating ? {} : { section: 'How it is rated' }),
    },
    {
      name: 'dueDate',
      label: 'Due date (optional)',
      hint: 'For a milestone such as Completion: the date, for example 30/9/2018.',
      type: 'text',
      width: 'govuk-input--width-10',
    },
    {
      name: 'unit',
      label: 'What the figure is',
      hint: 'Left unchosen, it is worked out from the target.',
      type: 'radios',
      options: UNIT_OPTIONS,
    },
    {
      name: 'polarity',
      label: 'Which way is better',
      hint: 'Left unchosen, it is higher — or as the target’s < or > says.',
      type: 'radios',
      options: POLARITIES.map((x) => ({ value: x, text: POLARITY_LABEL[x] })),
    },
    {
      name: 'cumulative',
      label: 'Is the target cumulative (year to date)?',
      type: 'radios',
      options: [
        { value: 'no', text: 'No', hint: 'Each period is rated against the target as it is.' },
        { value: 'yes', text: 'Yes', hint: 'It builds up through the year, by its profile.' },
      ],
    },
    {
      name: 'profile',
      label: 'Profile (optional)',
      hint: 'For a cumulative target: even (the default), per period (the target is each period’s share), or the share due by the end of each period, such as 0.1, 0.3, 0.6, 1.',
      type: 'text',
      width: 'govuk-input--width-20',
    },
    {
      name: 'tolerance',
      label: 'Amber tolerance (optional)',
      hint: 'Only if not the council’s: 10% (within 10% of the target) or 2 (within 2, in its own units).',
      type: 'text',
      width: 'govuk-input--width-10',
    },
    {
      name: 'frequency',
      label: 'How often it is reported',
      type: 'radios',
      options: FREQUENCY_OPTIONS,
      section: 'Reporting',
    },
    {
      name: 'inArrears',
      label: 'Quarters in arrears',
      hint: 'How many quarters late the figure is reported: 0 if on time.',
      type: 'select',
      options: ['0', '1', '2', '3', '4'].map((n) => ({ value: n, text: n })),
    },
    {
      name: 'dataSource',
      label: 'Data source (optional)',
      hint: 'Where the figure comes from.',
      type: 'text',
    },
    {
      name: 'owner',
      label: 'Owner (optional)',
      hint: 'Who provides the figure.',
      type: 'text',
      width: 'govuk-!-width-two-thirds',
    },
    ...changeReasonFields(options.question).map((f) => ({ ...f, section: 'Since last year' })),
    ...reasonFields(p),
  ];
}

export const indicatorValues = (r: IndicatorRecord): Values => ({
  outcome: String(r.outcome_id),
  number: r.number,
  title: r.title,
  definition: orBlank(r.definition),
  partLabels: (JSON.parse(r.part_labels || '[]') as string[]).join('\n'),
  dueDate: r.due_date ? r.due_date.split('-').reverse().join('/') : '',
  unit: r.unit,
  polarity: r.polarity,
  cumulative: r.cumulative === 1 ? 'yes' : 'no',
  profile: orBlank(r.profile),
  tolerance: orBlank(r.tolerance),
  frequency: r.frequency,
  inArrears: String(r.in_arrears),
  dataSource: orBlank(r.data_source),
  owner: orBlank(r.owner),
  changeReason: orBlank(r.change_reason),
});

/** A new indicator's form starts as the spreadsheet's defaults do. */
export const newIndicatorValues = (outcomeId: string): Values => ({
  outcome: outcomeId,
  cumulative: 'no',
  frequency: 'quarterly',
  inArrears: '0',
});

export function moveFields(p: EditablePlan, what: string): Field[] {
  return [
    {
      name: 'direction',
      label: `Move ${what}`,
      type: 'radios',
      options: [
        { value: 'up', text: 'Up', hint: 'Before the one above it.' },
        { value: 'down', text: 'Down', hint: 'After the one below it.' },
      ],
    },
    ...reasonFields(p, 'move'),
  ];
}
