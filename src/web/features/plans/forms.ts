/**
 * The plan forms, described as data and laid out by views/form.njk (web/forms.ts): creating a plan or changing its
 * details, and adding or changing a theme, a recommendation, a finding, an action or a progress review. Field names match the use cases' inputs
 * (app/plans/edit.ts), so their problems map straight onto the fields.
 */
import { ACTION_STATUSES, STATUS_LABEL } from '../../../domain/plans/status.js';
import type { Field } from '../../forms.js';

/** The plans' forms hold text only (no checkboxes). */
export type Values = Record<string, string | undefined>;

export function planFields(strategies: { id: number; title: string; years: string }[]): Field[] {
  return [
    {
      name: 'title',
      label: 'Title',
      hint: 'For example, “Corporate Peer Challenge action plan”.',
      type: 'text',
    },
    {
      name: 'kind',
      label: 'Kind of plan',
      type: 'radios',
      options: [
        {
          value: 'improvement',
          text: 'Improvement plan',
          hint: 'After a peer challenge, an inspection or an audit.',
        },
        {
          value: 'business',
          text: 'Business plan',
          hint: 'A year’s activities under the strategy’s priorities.',
        },
        { value: 'action', text: 'Action plan', hint: 'Any other set of actions to track.' },
      ],
    },
    {
      name: 'basis',
      label: 'For an improvement plan: what it follows',
      type: 'radios',
      options: [
        { value: 'peer-challenge', text: 'A peer challenge' },
        { value: 'inspection', text: 'An inspection' },
        { value: 'audit', text: 'An audit' },
      ],
    },
    {
      name: 'source',
      label: 'Source',
      hint: 'For example, “LGA Corporate Peer Challenge, 2023”.',
      type: 'text',
    },
    {
      name: 'organisation',
      label: 'Organisation (optional)',
      type: 'text',
      width: 'govuk-!-width-two-thirds',
    },
    {
      name: 'owner',
      label: 'Owner',
      hint: 'The officer responsible for the plan.',
      type: 'text',
      width: 'govuk-!-width-two-thirds',
    },
    {
      name: 'strategy',
      label: 'Strategy its actions support (optional)',
      type: 'select',
      options: [
        { value: '', text: 'None' },
        ...strategies.map((p) => ({ value: String(p.id), text: `${p.title} (${p.years})` })),
      ],
    },
    { name: 'description', label: 'Description (optional)', type: 'textarea', rows: 3 },
  ];
}

export const themeFields = (): Field[] => [
  {
    name: 'code',
    label: 'Code',
    hint: 'As printed, such as 1 or P1.',
    type: 'text',
    width: 'govuk-input--width-20',
  },
  { name: 'title', label: 'Title', hint: 'For example “Priority 1: Forward planning”.', type: 'text' },
];

export const recommendationFields = (): Field[] => [
  {
    name: 'theme',
    label: 'Theme or priority (optional)',
    hint: 'Recommendations are grouped under it, e.g. “Priority 1: Forward planning”.',
    type: 'text',
  },
  {
    name: 'code',
    label: 'Code',
    hint: 'As printed, such as 1a or 4.',
    type: 'text',
    width: 'govuk-input--width-5',
  },
  { name: 'title', label: 'Title', type: 'text' },
  { name: 'body', label: 'Text (optional)', type: 'textarea', rows: 3 },
  { name: 'bullets', label: 'Bullet points (optional)', hint: 'One a line.', type: 'textarea', rows: 5 },
];

export const findingFields = (recs: { code: string; title: string }[]): Field[] => [
  {
    name: 'number',
    label: 'Number',
    hint: 'As printed, such as 12.',
    type: 'text',
    width: 'govuk-input--width-5',
  },
  { name: 'text', label: 'Finding', type: 'textarea', rows: 3 },
  {
    name: 'theme',
    label: 'Theme (optional)',
    hint: 'For example Ambition, Prioritisation, Capacity, Performance management.',
    type: 'text',
    width: 'govuk-!-width-one-half',
  },
  {
    name: 'recommendation',
    label: 'Listed under recommendation (optional)',
    type: 'select',
    options: [
      { value: '', text: 'None' },
      ...recs.map((r) => ({ value: r.code, text: `${r.code}: ${r.title}` })),
    ],
  },
];

export const actionFields = (recs: { code: string; title: string }[]): Field[] => [
  {
    name: 'recommendation',
    label: 'Recommendation (optional)',
    type: 'select',
    options: [
      { value: '', text: 'None' },
      ...recs.map((r) => ({ value: r.code, text: `${r.code}: ${r.title}` })),
    ],
  },
  { name: 'title', label: 'Action', type: 'textarea', rows: 3 },
  {
    name: 'code',
    label: 'Reference (optional)',
    hint: 'Made for you if left blank, such as 1a.3.',
    type: 'text',
    width: 'govuk-input--width-10',
  },
  {
    name: 'section',
    label: 'Section (optional)',
    hint: 'For example “Current position” or “Further action”.',
    type: 'text',
    width: 'govuk-!-width-one-half',
  },
  { name: 'leadOfficers', label: 'Lead officer(s)', hint: 'Separate several with commas.', type: 'text' },
  {
    name: 'leadCouncillor',
    label: 'Lead councillor (optional)',
    type: 'text',
    width: 'govuk-!-width-two-thirds',
  },
  {
    name: 'owner',
    label: 'Assign to a Cairn account (optional)',
    hint: 'Their email address: the action appears in their updates.',
    type: 'text',
    width: 'govuk-!-width-two-thirds',
  },
  {
    name: 'target',
    label: 'Target date',
    hint: 'A day (31/12/2024), a month (December 2024), a quarter (Q3 2024-25) or “ongoing”.',
    type: 'text',
    width: 'govuk-input--width-20',
  },
  {
    name: 'status',
    label: 'Status',
    type: 'select',
    options: [
      { value: '', text: 'Not recorded' },
      ...ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_LABEL[s] })),
    ],
  },
  { name: 'completedOn', label: 'Completion date (optional)', type: 'text', width: 'govuk-input--width-10' },
  {
    name: 'findings',
    label: 'Findings it addresses (optional)',
    hint: 'Their numbers, such as 4, 7.',
    type: 'text',
    width: 'govuk-input--width-20',
  },
  {
    name: 'recommendations',
    label: 'Recommendations it cites (optional)',
    hint: 'Their codes, such as 1a, 3b.',
    type: 'text',
    width: 'govuk-input--width-20',
  },
  {
    name: 'supports',
    label: 'Strategy priorities, outcomes or indicators it supports (optional)',
    hint: 'Their codes or numbers, such as P1, O2, 7.',
    type: 'text',
    width: 'govuk-input--width-20',
  },
  {
    name: 'tags',
    label: 'Tags (optional)',
    hint: 'Separate with commas, such as “equalities impact”.',
    type: 'text',
    width: 'govuk-!-width-two-thirds',
  },
];

export const reviewFields = (): Field[] => [
  { name: 'title', label: 'Name', hint: 'For example “October 2024 progress review”.', type: 'text' },
  {
    name: 'date',
    label: 'Date',
    hint: 'For example 9/4/2024. Actions are overdue as at this date in its report.',
    type: 'text',
    width: 'govuk-input--width-10',
  },
];
