/**
 * The return spreadsheet's columns: header, width, whether the data owner may edit it, and the
 * guidance shown on the Guidance sheet. write-return.ts writes this layout; read-return.ts finds
 * the columns again by their headers, wherever they have moved to.
 */

export const RETURN_SHEET = 'Return';
export const GUIDANCE_SHEET = 'Guidance';

export interface ReturnColumn {
  header: string;
  /** Other headings accepted when reading (lower case). */
  aliases?: string[];
  width: number;
  editable: boolean;
  /** Hidden key columns: they tie the row to the round, the indicator and the figure's version. */
  hidden?: boolean;
  help: string;
}

export const RETURN_COLUMNS = {
  roundId: {
    header: 'Round id',
    width: 10,
    editable: false,
    hidden: true,
    help: 'Hidden. Which collection round the return is for. Do not change it.',
  },
  indicatorId: {
    header: 'Indicator id',
    width: 10,
    editable: false,
    hidden: true,
    help: 'Hidden. Which indicator the row is for. Do not change it.',
  },
  version: {
    header: 'Version',
    width: 10,
    editable: false,
    hidden: true,
    help: 'Hidden. Which saved version of the figure you started from, so Cairn can tell if someone changed it after you downloaded the return.',
  },
  number: {
    header: 'No.',
    aliases: ['no', 'number', 'indicator number', 'indicator no.', 'ref'],
    width: 6,
    editable: false,
    help: "The success indicator's number in the plan. Do not change it.",
  },
  title: {
    header: 'Success indicator',
    aliases: ['indicator', 'success indicator title'],
    width: 48,
    editable: false,
    help: 'What is measured.',
  },
  outcome: {
    header: 'Outcome',
    width: 32,
    editable: false,
    help: 'The outcome the indicator belongs to.',
  },
  target: {
    header: 'Target',
    width: 14,
    editable: false,
    help: 'The target for the year, as printed in the plan. Do not change it.',
  },
  unit: { header: 'Unit', width: 12, editable: false, help: 'How the figure is measured.' },
  period: {
    header: 'Period the figure is for',
    aliases: ['period'],
    width: 14,
    editable: false,
    help: 'The period the figure measures. For a figure reported in arrears this is an earlier quarter.',
  },
  previous: {
    header: "Last period's figure",
    aliases: ['last period', 'previous'],
    width: 14,
    editable: false,
    help: 'The figure for the period before, for comparison.',
  },
  actual: {
    header: 'Actual',
    aliases: ['actual figure', 'figure', 'value'],
    width: 14,
    editable: true,
    help: 'The figure for the period. Write numbers as you normally would: 73,390, 67% or 0.67 for a percentage, £1,200. Leave it blank if you have no figure yet.',
  },
  numerator: {
    header: 'Numerator',
    width: 12,
    editable: true,
    help: 'Optional. For a percentage, the number counted (for example 670 of 1,000). Give both numerator and denominator, or neither.',
  },
  denominator: {
    header: 'Denominator',
    width: 12,
    editable: true,
    help: 'Optional. For a percentage, the number it is out of (for example 1,000).',
  },
  progress: {
    header: 'Progress',
    aliases: ['milestone', 'milestone status', 'status'],
    width: 14,
    editable: true,
    help: 'For a milestone (a target such as "Completion"): Complete, On track, At risk or Missed.',
  },
  outlook: {
    header: 'Outlook',
    width: 14,
    editable: true,
    help: 'Where performance is heading: Improving, Stable or Deteriorating. Needed to submit.',
  },
  commentary: {
    header: 'Commentary',
    aliases: ['comment', 'comments', 'narrative'],
    width: 60,
    editable: true,
    help: 'What the figure shows and why. Needed to submit a figure rated Red or Amber: say why, and what is being done.',
  },
  confirmUnusual: {
    header: 'Confirm unusual figure',
    aliases: ['confirm unusual'],
    width: 14,
    editable: true,
    help: 'Write Yes if Cairn tells you a figure looks unusual (far from the target or from last period) and it is right.',
  },
  unusualNote: {
    header: 'Why the unusual figure is right',
    aliases: ['why the figure is right', 'unusual figure note'],
    width: 40,
    editable: true,
    help: 'When you confirm an unusual figure, say why it is right.',
  },
  state: {
    header: 'State',
    width: 14,
    editable: false,
    help: 'Where the update was when you downloaded the return: Not started, In progress, Submitted, Returned or Approved. An approved update cannot be changed here.',
  },
} as const satisfies Record<string, ReturnColumn>;

export type ReturnColumnKey = keyof typeof RETURN_COLUMNS;
export const RETURN_KEYS = Object.keys(RETURN_COLUMNS) as ReturnColumnKey[];

/** The columns a person may fill in. */
export const EDITABLE_KEYS = RETURN_KEYS.filter((k) => RETURN_COLUMNS[k].editable);

export const PROGRESS_CHOICES = ['Complete', 'On track', 'At risk', 'Missed'] as const;
export const OUTLOOK_CHOICES = ['Improving', 'Stable', 'Deteriorating'] as const;

/** Everything the return for one person and one round shows. */
export interface ReturnSheetData {
  council: string;
  planTitle: string;
  periodLabel: string;
  /** ISO date. */
  dueDate: string;
  /** Who the return is for, e.g. "Olive Owner (olive@example.org)" or "All indicators". */
  forWhom: string;
  roundId: number;
  rows: ReturnSheetRow[];
}

export interface ReturnSheetRow {
  indicatorId: number;
  version: number;
  number: string;
  title: string;
  outcome: string;
  target: string;
  unit: string;
  periodLabel: string;
  previous: number | null;
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Measured in per cent: figures are written as percentage-formatted cells (67% is 0.67). */
  percent: boolean;
  /** A milestone indicator: the Progress cell is the one to fill. */
  milestone: boolean;
  progress: string | null;
  outlook: string | null;
  commentary: string | null;
  confirmUnusual: boolean;
  unusualNote: string | null;
  state: string;
  /** Approved (or the round is locked): nothing on the row may be changed. */
  readOnly: boolean;
}
