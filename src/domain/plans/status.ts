/**
 * Action statuses: six that Cairn counts, and the words councils print ("Complete", "Ongoing", "On
 * hold"…), kept beside what they mean. An action with no status printed is "not recorded" — never
 * guessed.
 */
export const ACTION_STATUSES = [
  'not-started',
  'on-track',
  'at-risk',
  'complete',
  'paused',
  'stopped',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const STATUS_LABEL: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  complete: 'Complete',
  paused: 'Paused',
  stopped: 'Stopped',
};

export function isActionStatus(v: unknown): v is ActionStatus {
  return typeof v === 'string' && (ACTION_STATUSES as readonly string[]).includes(v);
}

const WORDS: Record<string, ActionStatus> = {
  'not started': 'not-started',
  'not yet started': 'not-started',
  'not-started': 'not-started',
  planned: 'not-started',
  'on track': 'on-track',
  'on-track': 'on-track',
  ongoing: 'on-track',
  'on going': 'on-track',
  'on-going': 'on-track',
  'in progress': 'on-track',
  started: 'on-track',
  green: 'on-track',
  grn: 'on-track',
  g: 'on-track',
  'at risk': 'at-risk',
  'at-risk': 'at-risk',
  delayed: 'at-risk',
  'behind schedule': 'at-risk',
  amber: 'at-risk',
  amb: 'at-risk',
  a: 'at-risk',
  red: 'at-risk',
  r: 'at-risk',
  // Grey in a RAG tracker: not started, or not yet due. Blue (BRAG): complete.
  grey: 'not-started',
  gray: 'not-started',
  gry: 'not-started',
  blue: 'complete',
  blu: 'complete',
  // A done flag in the status column: TRUE is complete (FALSE is read by readDoneFlag as not done).
  true: 'complete',
  complete: 'complete',
  completed: 'complete',
  done: 'complete',
  achieved: 'complete',
  paused: 'paused',
  'on hold': 'paused',
  deferred: 'paused',
  stopped: 'stopped',
  cancelled: 'stopped',
  canceled: 'stopped',
  withdrawn: 'stopped',
  closed: 'stopped',
};

/** A done flag (a "Done" column, or TRUE/FALSE in a status column): true, false, or null if not one. */
export function readDoneFlag(printed: string | null | undefined): boolean | null {
  const w = (printed ?? '').trim().toLowerCase();
  if (['true', 'yes', 'y', 'done', '1', '✓', 'x'].includes(w)) return true;
  if (['false', 'no', 'n', '0', ''].includes(w)) return false;
  return null;
}

/**
 * A council's own status words mapped onto Cairn's ("grn=on track, amb=at risk, gry=not started"),
 * as given to `cairn plan import --map-status`. Throws an Error naming a word or a status it cannot use.
 */
export function parseStatusMap(text: string): Map<string, ActionStatus> {
  const map = new Map<string, ActionStatus>();
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*=\s*(.+)$/.exec(pair);
    if (!m) throw new Error(`“${pair}” should be a word, = and a status, such as grn=on track.`);
    const status = WORDS[m[2]!.trim().toLowerCase()];
    if (!status)
      throw new Error(
        `“${m[2]!.trim()}” is not a status: map “${m[1]!.trim()}” to Not started, On track, At risk, Complete, Paused or Stopped.`,
      );
    map.set(statusKey(m[1]!), status);
  }
  return map;
}

const statusKey = (printed: string) => printed.replace(/\s+/g, ' ').trim().toLowerCase().replace(/\.$/, '');

/** Reads a printed status with a council's own words first (see parseStatusMap). */
export function readMappedStatus(
  printed: string | null | undefined,
  map: ReadonlyMap<string, ActionStatus>,
): ActionStatus | null | undefined {
  const own = map.get(statusKey(printed ?? ''));
  return own ?? readStatus(printed);
}

/** The words accepted, for help text and error messages. */
export const STATUS_WORDS = Object.keys(WORDS);

/**
 * Reads a printed status. Blank → null (not recorded). Unknown words → undefined, so the caller can
 * say what to write instead.
 */
export function readStatus(printed: string | null | undefined): ActionStatus | null | undefined {
  const w = statusKey(printed ?? '');
  if (!w || w === 'false') return null;
  return WORDS[w];
}

/** The status as shown: the printed word, with what it means when that differs ("Ongoing (on track)"). */
export function statusDisplay(status: ActionStatus | null, printed: string | null): string {
  if (!status) return printed?.trim() ? printed.trim() : 'Not recorded';
  const label = STATUS_LABEL[status];
  if (!printed || printed.trim().toLowerCase() === label.toLowerCase()) return label;
  return `${printed.trim()} (${label.toLowerCase()})`;
}

/**
 * An action update's sign-off state in plain words, for its history: 'submitted' (waiting for
 * approval), 'returned' (with a comment), 'superseded' (replaced by a later update while it waited,
 * never decided); null for 'approved' (plans and reports show it).
 */
export function updateStateWords(state: string): string | null {
  switch (state) {
    case 'submitted':
      return 'waiting for approval';
    case 'returned':
      return 'returned';
    case 'superseded':
      return 'replaced by a later update';
    default:
      return null;
  }
}
