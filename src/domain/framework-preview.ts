/**
 * What a framework file would change, before it is saved (issue 12's upload): the priorities,
 * outcomes and indicators it adds, changes (and which fields, before and after) and retires — matched
 * as saving matches them, priorities and outcomes by code and indicators by number — with counts, and
 * the directorates it adds or renames. Pure: the app reads the plan as it is and the checked file.
 */
import type { FrameworkDocument, IndicatorRow, OutcomeRow, PriorityRow } from './framework.js';

export interface FieldChange {
  /** The spreadsheet's column heading, e.g. "Target". */
  label: string;
  /** As the spreadsheet shows it ('' for blank). */
  before: string;
  after: string;
}

export interface ItemChange {
  /** The code or number, e.g. "P1", "O7", "7". */
  key: string;
  title: string;
  /** For a changed item: what changed. */
  fields: FieldChange[];
}

export interface ItemChanges {
  added: ItemChange[];
  changed: ItemChange[];
  retired: ItemChange[];
}

export interface FrameworkPreview {
  priorities: ItemChanges;
  outcomes: ItemChanges;
  indicators: ItemChanges;
  /** Directorates are the council's, not the plan's: one the file names may be new or renamed. */
  directorates: { added: ItemChange[]; renamed: ItemChange[] };
  /** Changes to the rest of the workbook, as sentences (the second framework, the retired extract). */
  other: string[];
  counts: { added: number; changed: number; retired: number };
  /** True when saving the file would change nothing. */
  unchanged: boolean;
}

const PRIORITY_FIELDS: Partial<Record<keyof PriorityRow, string>> = { title: 'Priority' };

const OUTCOME_FIELDS: Partial<Record<keyof OutcomeRow, string>> = {
  priority: 'Priority code',
  title: 'Outcome',
  directorate: 'Directorate code',
  change: 'Outcome change',
  changeReason: 'Outcome change reason',
  secondFramework: 'Second framework',
};

const INDICATOR_FIELDS: Record<Exclude<keyof IndicatorRow, 'number'>, string> = {
  outcome: 'Outcome code',
  title: 'Success indicator',
  definition: 'Definition',
  unit: 'Unit',
  polarity: 'Polarity',
  frequency: 'Frequency',
  target: 'Target',
  cumulative: 'Cumulative target Y/N',
  profile: 'Profile',
  inArrears: 'In arrears',
  tolerance: 'Tolerance',
  baseline: 'Baseline',
  trajectory: 'Trajectory',
  dueDate: 'Due date',
  partLabels: 'Part labels',
  dataSource: 'Data source',
  owner: 'Owner',
  change: 'Indicator change',
  changeReason: 'Indicator change reason',
};

/** A value as the spreadsheet shows it. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}

function diffItems<T extends object>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  title: (item: T) => string,
  labels: Partial<Record<keyof T, string>>,
): ItemChanges {
  const old = new Map(before.map((i) => [key(i), i]));
  const now = new Set(after.map(key));
  const out: ItemChanges = { added: [], changed: [], retired: [] };
  for (const a of after) {
    const b = old.get(key(a));
    if (!b) {
      out.added.push({ key: key(a), title: title(a), fields: [] });
      continue;
    }
    const fields: FieldChange[] = [];
    for (const [field, label] of Object.entries(labels) as [keyof T, string][]) {
      const was = shown(b[field]);
      const is = shown(a[field]);
      if (was !== is) fields.push({ label, before: was, after: is });
    }
    if (fields.length) out.changed.push({ key: key(a), title: title(a), fields });
  }
  for (const b of before)
    if (!now.has(key(b))) out.retired.push({ key: key(b), title: title(b), fields: [] });
  return out;
}

/**
 * What saving `after` over `before` (null: a new plan) would change. `directorates` are every
 * directorate the council has now, by code.
 */
export function previewFramework(
  before: FrameworkDocument | null,
  after: FrameworkDocument,
  directorates: readonly { code: string; name: string }[],
): FrameworkPreview {
  const was = before ?? {
    ...after,
    priorities: [],
    outcomes: [],
    indicators: [],
    secondFramework: null,
    retired: [],
  };
  const priorities = diffItems(
    was.priorities,
    after.priorities,
    (p) => p.code,
    (p) => p.title,
    PRIORITY_FIELDS,
  );
  const outcomes = diffItems(
    was.outcomes,
    after.outcomes,
    (o) => o.code,
    (o) => o.title,
    OUTCOME_FIELDS,
  );
  const indicators = diffItems(
    was.indicators,
    after.indicators,
    (i) => i.number,
    (i) => i.title,
    INDICATOR_FIELDS,
  );

  const known = new Map(directorates.map((d) => [d.code, d.name]));
  const added: ItemChange[] = [];
  const renamed: ItemChange[] = [];
  for (const d of after.directorates) {
    const name = known.get(d.code);
    if (name === undefined) added.push({ key: d.code, title: d.name, fields: [] });
    else if (name !== d.name)
      renamed.push({
        key: d.code,
        title: d.name,
        fields: [{ label: 'Directorate', before: name, after: d.name }],
      });
  }

  const other: string[] = [];
  if (before) {
    const order = (a: string[], b: string[]) => {
      const common = new Set(a.filter((k) => b.includes(k)));
      return (
        JSON.stringify(a.filter((k) => common.has(k))) !== JSON.stringify(b.filter((k) => common.has(k)))
      );
    };
    if (
      order(
        before.priorities.map((p) => p.code),
        after.priorities.map((p) => p.code),
      )
    )
      other.push('The priorities are put in a new order.');
    if (
      order(
        before.outcomes.map((o) => o.code),
        after.outcomes.map((o) => o.code),
      )
    )
      other.push('The outcomes are put in a new order.');
    if (JSON.stringify(before.secondFramework) !== JSON.stringify(after.secondFramework))
      other.push(
        after.secondFramework
          ? `The second framework (“${after.secondFramework.name}”) changes: it will have ${after.secondFramework.priorities.length} priorities.`
          : 'The second framework is removed.',
      );
    if (JSON.stringify(before.retired) !== JSON.stringify(after.retired))
      other.push(
        `The list of measures retired since last year changes: it will have ${after.retired.length} ${after.retired.length === 1 ? 'entry' : 'entries'}.`,
      );
  }

  const parts = [priorities, outcomes, indicators];
  const counts = {
    added: parts.reduce((n, p) => n + p.added.length, 0),
    changed: parts.reduce((n, p) => n + p.changed.length, 0),
    retired: parts.reduce((n, p) => n + p.retired.length, 0),
  };
  return {
    priorities,
    outcomes,
    indicators,
    directorates: { added, renamed },
    other,
    counts,
    unchanged:
      counts.added + counts.changed + counts.retired + added.length + renamed.length + other.length === 0,
  };
}

/** "2 added, 3 changed and 1 retired" (or "no changes"), for a confirmation and an amendment's summary. */
export function describeCounts(counts: FrameworkPreview['counts']): string {
  const parts = [
    counts.added ? `${counts.added} added` : null,
    counts.changed ? `${counts.changed} changed` : null,
    counts.retired ? `${counts.retired} retired` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return 'no changes';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
