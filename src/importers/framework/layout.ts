/**
 * The framework spreadsheet: one layout for XLSX and CSV.
 *
 * The "Framework" sheet has one row per success indicator, laid out like a council's dashboard, with
 * the priority, outcome and directorate it belongs to on the same row (an outcome with no indicators
 * yet gets a row with No. left blank). A CSV file is this sheet on its own. A workbook may also have
 * "Plan", "Second framework" and "Retired" sheets.
 */

export const FRAMEWORK_SHEET = 'Framework';
export const PLAN_SHEET = 'Plan';
export const SECOND_FRAMEWORK_SHEET = 'Second framework';
export const RETIRED_SHEET = 'Retired';
export const README_SHEET = 'Read me';

export interface Column {
  header: string;
  /** Shown in the "Read me" sheet and in docs. */
  help: string;
  required?: boolean;
  width?: number;
}

export const FRAMEWORK_COLUMNS = {
  priorityCode: {
    header: 'Priority code',
    help: 'Short code for the priority, e.g. P1.',
    required: true,
    width: 10,
  },
  priority: {
    header: 'Priority',
    help: 'The priority, e.g. "A thriving economy".',
    required: true,
    width: 28,
  },
  outcomeCode: {
    header: 'Outcome code',
    help: 'Short code for the outcome, e.g. O7.',
    required: true,
    width: 10,
  },
  outcome: { header: 'Outcome', help: 'The outcome as worded in the plan.', required: true, width: 40 },
  directorateCode: {
    header: 'Directorate code',
    help: 'The owning directorate’s abbreviation, e.g. SCS.',
    required: true,
    width: 12,
  },
  directorate: { header: 'Directorate', help: 'The owning directorate’s name.', required: true, width: 28 },
  outcomeChange: {
    header: 'Outcome change',
    help: 'Since last year: introduced, updated, carried over, deleted — or blank.',
    width: 14,
  },
  outcomeChangeReason: { header: 'Outcome change reason', help: 'Why, in a sentence.', width: 30 },
  secondFramework: {
    header: 'Second framework',
    help: 'Numbers of the second framework’s priorities this outcome supports, separated by commas, e.g. "7, 10".',
    width: 12,
  },
  number: {
    header: 'No.',
    help: 'The success indicator’s number. Leave blank for an outcome with no indicators yet.',
    width: 6,
  },
  title: { header: 'Success indicator', help: 'The indicator as worded in the plan.', width: 50 },
  definition: { header: 'Definition', help: 'How it is measured (optional).', width: 30 },
  unit: {
    header: 'Unit',
    help: 'number, percent, currency or milestone. Blank: worked out from the target.',
    width: 10,
  },
  polarity: {
    header: 'Polarity',
    help: 'Higher is better, Lower is better, or Within range. Blank: higher, or as the target’s < or > says.',
    width: 14,
  },
  frequency: {
    header: 'Frequency',
    help: 'monthly, quarterly (default), annual or academic year.',
    width: 11,
  },
  target: {
    header: 'Target',
    help: 'As printed: 67%, >28%, <20%, 93-95%, 8920, 12,000, Top quartile, Completion, 60/20, or - for no target.',
    width: 12,
  },
  cumulative: {
    header: 'Cumulative target Y/N',
    help: 'Y if the target is year to date, else N.',
    width: 11,
  },
  profile: {
    header: 'Profile',
    help: 'For cumulative targets: even (default), per period (the target is each period’s share), or fractions such as "0.1, 0.3, 0.6, 1".',
    width: 14,
  },
  inArrears: {
    header: 'In arrears',
    help: 'Quarters late the figure is reported: 0 (default) or 1.',
    width: 9,
  },
  tolerance: {
    header: 'Tolerance',
    help: 'Amber tolerance for this indicator if not the council’s: 10% (relative to target) or 2 (absolute).',
    width: 10,
  },
  baseline: { header: 'Baseline', help: 'e.g. "667 at March 2017".', width: 16 },
  trajectory: { header: 'Trajectory', help: 'e.g. "582 by March 2019".', width: 16 },
  dueDate: {
    header: 'Due date',
    help: 'For milestone targets such as Completion: the date (e.g. 30/09/2017).',
    width: 12,
  },
  partLabels: {
    header: 'Part labels',
    help: 'For targets with parts such as 60/20: what each part counts, separated by |.',
    width: 24,
  },
  dataSource: { header: 'Data source', help: 'Where the figure comes from (optional).', width: 18 },
  owner: { header: 'Owner', help: 'Who provides the figure (optional).', width: 18 },
  indicatorChange: { header: 'Indicator change', help: 'As for Outcome change.', width: 14 },
  indicatorChangeReason: { header: 'Indicator change reason', help: 'Why, in a sentence.', width: 30 },
} satisfies Record<string, Column>;

export type FrameworkColumnKey = keyof typeof FRAMEWORK_COLUMNS;

export const PLAN_FIELDS = {
  title: { header: 'Title', help: 'e.g. Corporate Plan 2017-18', required: true },
  years: { header: 'Years', help: 'Financial years covered: 2017-18, or 2017-18 to 2019-20', required: true },
  status: { header: 'Status', help: 'draft or approved' },
  approvedBy: { header: 'Approved by', help: 'e.g. Cabinet' },
  approvedOn: { header: 'Approved on', help: 'Date, e.g. 17/10/2017' },
  secondFramework: { header: 'Second framework', help: 'Name of a second set of priorities, if any' },
} satisfies Record<string, Column>;

export const SECOND_FRAMEWORK_COLUMNS = {
  number: { header: 'No.', help: 'Number of the priority', required: true },
  title: { header: 'Title', help: 'The priority', required: true },
} satisfies Record<string, Column>;

export const RETIRED_COLUMNS = {
  kind: { header: 'Kind', help: 'outcome or indicator', required: true },
  title: { header: 'Title', help: 'As last worded', required: true },
  directorate: { header: 'Directorate', help: 'Owning directorate', required: true },
  indicator: { header: 'Indicator', help: 'For an outcome: its indicator(s) as printed' },
  target: { header: 'Target', help: 'As printed' },
  lastRating: { header: 'Last rating', help: 'e.g. Green' },
  lastReported: { header: 'Last reported', help: 'e.g. 2016-17' },
  reason: { header: 'Reason', help: 'Why it was removed', required: true },
} satisfies Record<string, Column>;

export const CHANGE_WORDS: Record<string, 'introduced' | 'updated' | 'carried-over' | 'deleted'> = {
  introduced: 'introduced',
  new: 'introduced',
  updated: 'updated',
  amended: 'updated',
  'carried over': 'carried-over',
  'carried-over': 'carried-over',
  unchanged: 'carried-over',
  deleted: 'deleted',
  removed: 'deleted',
};

export const CHANGE_LABEL: Record<'introduced' | 'updated' | 'carried-over' | 'deleted', string> = {
  introduced: 'Introduced',
  updated: 'Updated',
  'carried-over': 'Carried over',
  deleted: 'Deleted',
};
