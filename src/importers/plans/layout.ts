/**
 * The plan spreadsheet: one row per action on "Actions", recommendations, findings, reviews and
 * updates on their own sheets, the plan's details on "Plan". Read by read-plan.ts, written by
 * write-plan.ts; documented in docs/user-guide.md.
 */
export const SHEETS = {
  plan: 'Plan',
  themes: 'Themes',
  recommendations: 'Recommendations',
  findings: 'Findings',
  reviews: 'Reviews',
  actions: 'Actions',
  updates: 'Updates',
} as const;

export const PLAN_FIELDS = [
  'Title',
  'Kind',
  'Basis',
  'Source',
  'Organisation',
  'Owner',
  'Description',
  'Strategy',
] as const;

export const COLUMNS = {
  themes: ['Code', 'Title'],
  recommendations: ['Code', 'Theme', 'Title', 'Text', 'Bullets'],
  findings: ['Number', 'Theme', 'Finding', 'Recommendation'],
  reviews: ['Review', 'Date'],
  actions: [
    'Ref',
    'Recommendation',
    'Section',
    'Action',
    'Lead officer(s)',
    'Lead councillor',
    'Target date',
    'Status',
    'Completed on',
    'Findings',
    'Recommendations cited',
    'Supports',
    'Tags',
    '% complete',
  ],
  updates: ['Ref', 'Review', 'Status', 'Update'],
} as const;

/**
 * A council tracker's own headings for the Actions sheet's columns (compared ignoring case and
 * spaces), so its sheet loads without renaming them.
 */
export const ACTION_ALIASES: Record<string, string> = {
  Reference: 'Ref',
  'Ref.': 'Ref',
  'Ref no': 'Ref',
  'Action no': 'Ref',
  'Action no.': 'Ref',
  'Action ref': 'Ref',
  'Action description': 'Action',
  Actions: 'Action',
  'Lead officer': 'Lead officer(s)',
  'Lead officers': 'Lead officer(s)',
  'Responsible officer': 'Lead officer(s)',
  Lead: 'Lead officer(s)',
  'Due date': 'Target date',
  'Due by': 'Target date',
  Deadline: 'Target date',
  'Target completion date': 'Target date',
  Timescale: 'Target date',
  RAG: 'Status',
  'RAG status': 'Status',
  'Progress status': 'Status',
  'Date completed': 'Completed on',
  'Completion date': 'Completed on',
  'Percent complete': '% complete',
  '% completed': '% complete',
  '% done': '% complete',
  'Progress %': '% complete',
  'Done?': 'Done',
  'Complete?': 'Done',
  'Completed?': 'Done',
  Theme: 'Section',
  // Not written by the export (Status says it), but read when a tracker has one: TRUE is complete.
  Done: 'Done',
};

/** Columns that must be there (the others may be left out). */
export const REQUIRED = {
  themes: ['Code', 'Title'],
  recommendations: ['Code', 'Title'],
  findings: ['Number', 'Finding'],
  reviews: ['Review', 'Date'],
  actions: ['Ref', 'Action'],
  updates: ['Ref', 'Update'],
} as const;

export const HELP = [
  'One row per action on the Actions sheet; recommendations, findings, reviews and updates on their own sheets.',
  'Ref: a reference for each action, unique in the plan (e.g. 1.3). The Updates sheet refers to actions by it.',
  'Target date: as printed — 31/12/2024, December 2024, Q3 2024-25, ongoing, March 2003 onwards; TBC or blank for no date yet. Days are day first: 10/31/2014 or 31/13/2014 is refused, not guessed. A date cell shown as a number (42004) is read as the date it is.',
  '% complete: optional, 0% to 100%; a number up to 1 is a fraction (0.4 is 40%, 1 is 100%). Done: optional, TRUE marks the action complete.',
  'Status: Not started, On track (or Ongoing), At risk, Complete, Paused, Stopped — or blank if none is recorded. RAG words are read too: Green/grn (on track), Amber/amb and Red (at risk), Grey/gry (not started), Blue (complete), TRUE (complete); map your own with cairn plan import --map-status "word=on track".',
  'Findings and Recommendations cited: numbers and codes separated by commas, as printed (e.g. 4, 7 or 1a, 3b).',
  'Supports: the strategy priorities, outcomes or indicators, e.g. "priority P1; outcome O2; indicator 7".',
  'Bullets: one bullet point a line within the cell. Tags: separated by commas.',
  'Nothing is saved unless every row is valid; every problem is listed by sheet, row and column.',
];
