/**
 * The target grammar: every target shape a council prints in its dashboards (seed 003, Annex 2) — 67%,
 * >28%, <20%, 93-95%, 8920, 12,000, £1,200, Top quartile, Completion, 60/20, - — read into a typed
 * value and printed back. Forms the seed prints come back exactly as written (the number's grouping
 * and decimals are part of the parsed value); other spellings print in one canonical form.
 *
 * Beside the target: cumulative profiles, Amber tolerances and the baseline/trajectory shape.
 *
 * Conventions the rest of Cairn relies on:
 * - Percentages are in points: "67%" has value 67, and percent actuals are entered as 67 too.
 * - A value target without a comparator ("67%") means "meet it"; which way is better comes from the
 *   indicator's polarity. A comparator overrides it: ">28%" is higher-is-better, "<20%" lower.
 * - A number written without thousands separators reads `grouped: false`; numbers under 1,000 always
 *   read `grouped: false`, since separators would not show.
 *
 * Pure: no I/O.
 */
import { DateParseError, formatDate, parseDate } from './dates.js';
import type { Polarity } from './vocabulary.js';

export type Comparator = '>=' | '>' | '<=' | '<' | '=';
/** How a number is written: digits after the decimal point, and whether thousands are separated by commas. */
export interface NumberFormat {
  decimals: number;
  grouped: boolean;
}
export type ValueUnit = 'number' | 'percent' | 'currency';

/** A value to reach. `comparator` null means "meet it", in the direction the polarity says. */
export interface ValueTarget {
  kind: 'value';
  comparator: Comparator | null;
  value: number;
  unit: ValueUnit;
  format: NumberFormat;
}
/** "93-95%": both bounds share one unit and one format. Bounds are not negative; low ≤ high. */
export interface RangeTarget {
  kind: 'range';
  low: number;
  high: number;
  unit: ValueUnit;
  format: NumberFormat;
}
export type BenchmarkPosition =
  | 'top-quartile'
  | 'top-half'
  | 'above-average'
  | 'national-average'
  | 'below-average'
  | 'bottom-quartile'
  | 'above-median'
  | 'top-n';
/** Who a benchmark target names: every council nationally, or a kind of comparator group of ours. */
export type BenchmarkAmong = 'nation' | 'cipfa' | 'family' | 'statistical';
/**
 * A position among other councils ("Top quartile", "Top 3 in our family group", "Better than the
 * median of our CIPFA neighbours", "Permanent exclusions to remain in the top quartile nationally"),
 * rated from the linked metric's figures (domain/benchmark-rating.ts). The optional parts are present
 * only when the text says them; `text` keeps a longer form exactly as typed.
 */
export interface BenchmarkTarget {
  kind: 'benchmark';
  position: BenchmarkPosition;
  /** "Top 3": the places to be in (position 'top-n'). */
  top?: number;
  /** Who with, when the target says ("nationally", "our CIPFA neighbours"); else the link's comparison. */
  among?: BenchmarkAmong;
  /** "Remain in …": the council is there already and is to stay. */
  remain?: true;
  /** "… by 2018": when, as written. */
  by?: string;
  /** The target as typed, when it is more than a position's name ("Remain in the top quartile"). */
  text?: string;
}
/** "Completion", optionally by a date (ISO; a month alone means its last day). */
export interface MilestoneTarget {
  kind: 'milestone';
  due: string | null;
}
/** "60/20": several parts (at least two), each its own value. */
export interface CompoundTarget {
  kind: 'compound';
  parts: ValueTarget[];
}
/** "-": no target, reported for information. */
export interface NoTarget {
  kind: 'none';
}
export type Target =
  ValueTarget | RangeTarget | BenchmarkTarget | MilestoneTarget | CompoundTarget | NoTarget;

const TARGET_FORMS =
  'Write it as printed, for example: 67%, >28%, <20% or >=90% (a value; > or < says which way is better); ' +
  '8920, 12,000 or £1,200 (a count or amount); 93-95% (a range); Top quartile, Top half, Above average or ' +
  'National average, Top 3 in our family group, Better than the median of our CIPFA neighbours or Remain in the ' +
  'top quartile nationally (against other councils); Completion or Completion by September 2017 (a milestone); ' +
  '60/20 (a target in parts); or - for no target.';

/** A target, profile or tolerance that cannot be read. The message quotes the text and says what to write. */
export class TargetParseError extends Error {
  readonly input: string;
  constructor(input: string, message?: string) {
    super(message ?? `Cannot read "${input}" as a target. ${TARGET_FORMS}`);
    this.name = 'TargetParseError';
    this.input = input;
  }
}

function targetError(input: string, detail: string): TargetParseError {
  return new TargetParseError(input, `Cannot read "${input}" as a target: ${detail}. ${TARGET_FORMS}`);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A number as councils print it: no leading zeros; commas only in groups of three. */
const NUMBER = String.raw`(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?`;

function readNumber(text: string): { value: number; format: NumberFormat } {
  const dot = text.indexOf('.');
  const value = Number(text.replace(/,/g, ''));
  return { value, format: { decimals: dot < 0 ? 0 : text.length - dot - 1, grouped: text.includes(',') } };
}

/** Prints a number in a format: 12000 with grouping → "12,000"; 6.8 with 1 decimal → "6.8". Never prints "-0". */
export function formatNumber(n: number, format: NumberFormat): string {
  if (!Number.isFinite(n)) return String(n);
  const decimals = Math.min(20, Math.max(0, Math.trunc(format.decimals)));
  let s = Math.abs(n).toFixed(decimals);
  const negative = n < 0 && /[1-9]/.test(s);
  if (format.grouped) {
    const [int = '', frac] = s.split('.');
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
  }
  return negative ? `-${s}` : s;
}

/** A figure with its unit: "67%", "£1,200", "-£5", "12,000". */
export function formatFigure(n: number, unit: ValueUnit, format: NumberFormat): string {
  const s = formatNumber(n, format);
  if (unit === 'percent') return `${s}%`;
  if (unit === 'currency') return s.startsWith('-') ? `-£${s.slice(1)}` : `£${s}`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const NONE_WORDS = new Set(['-', '–', '—', 'n/a', 'na', 'none', 'no target', 'not applicable']);

const BENCHMARK_WORDS: Record<string, BenchmarkPosition> = {
  'top quartile': 'top-quartile',
  'upper quartile': 'top-quartile',
  'top half': 'top-half',
  'upper half': 'top-half',
  'above average': 'above-average',
  'above national average': 'above-average',
  'above the national average': 'above-average',
  'national average': 'national-average',
  'the national average': 'national-average',
  'at national average': 'national-average',
  'below average': 'below-average',
  'below national average': 'below-average',
  'below the national average': 'below-average',
  'bottom quartile': 'bottom-quartile',
  'lower quartile': 'bottom-quartile',
  'better than the median': 'above-median',
  'better than median': 'above-median',
  'above the median': 'above-median',
  'above median': 'above-median',
};

const BENCHMARK_TEXT: Record<BenchmarkPosition, string> = {
  'top-quartile': 'Top quartile',
  'top-half': 'Top half',
  'above-average': 'Above average',
  'national-average': 'National average',
  'below-average': 'Below average',
  'bottom-quartile': 'Bottom quartile',
  'above-median': 'Better than the median',
  'top-n': 'Top',
};

const AMONG_WORDS: [RegExp, BenchmarkAmong][] = [
  [/ nationally$| in (?:england|scotland|wales|the country)$| of all councils$/, 'nation'],
  [/ (?:of|in|among|amongst) (?:our|the) cipfa(?: nearest)? neighbours$/, 'cipfa'],
  [/ (?:of|in|among|amongst) (?:our|the) cipfa (?:comparator )?group$/, 'cipfa'],
  [/ (?:of|in|among|amongst) (?:our|the) (?:lgbf )?family group$/, 'family'],
  [/ (?:of|in|among|amongst) (?:our|the) statistical neighbours$/, 'statistical'],
];
const AMONG_TEXT: Record<BenchmarkAmong, string> = {
  nation: ' nationally',
  cipfa: ' of our CIPFA neighbours',
  family: ' in our family group',
  statistical: ' of our statistical neighbours',
};
/** "… by 2018", "… by March 2019", "… by 2018/19". */
const BY_RE = /\s+by\s+((?:[a-z]+\s+)?\d{4}(?:[-/]\d{2,4})?)$/i;
/** What may come before the position: "in the", "remain in the", "Persistent absence rates to be in the", … */
const LEAD_RE =
  /^(?:(?:.+?\s+)?(?:to\s+)?(remain|stay|be|are|is|maintain|keep)(?:\s+(?:in|within|at|among))?(?:\s+the)?|(?:in|within|at|among)(?:\s+the)?|the)$/;

/**
 * Reads a benchmark target: a position's name, or a sentence around one — "Top 3 in our family group",
 * "Remain in the top quartile", "Persistent absence rates to be in the top quartile nationally by 2018".
 * Null when it is not one.
 */
function readBenchmark(t: string, lower: string): BenchmarkTarget | null {
  const simple = BENCHMARK_WORDS[lower.replace(/^in the /, '')];
  if (simple) return { kind: 'benchmark', position: simple };
  let core = lower;
  const target: BenchmarkTarget = { kind: 'benchmark', position: 'top-quartile' };
  const by = BY_RE.exec(t.replace(/\.$/, ''));
  if (by) {
    target.by = by[1]!;
    core = core.slice(0, core.length - by[0].length);
  }
  for (const [re, among] of AMONG_WORDS) {
    const m = re.exec(core);
    if (m) {
      target.among = among;
      core = core.slice(0, m.index);
      break;
    }
  }
  const top = /(?:^|\s)(?:the\s+)?top\s+([1-9]\d{0,2})$/.exec(core);
  let lead: string;
  if (top) {
    target.position = 'top-n';
    target.top = Number(top[1]);
    lead = core.slice(0, top.index);
  } else {
    const key = Object.keys(BENCHMARK_WORDS)
      .filter((k) => core === k || core.endsWith(` ${k}`))
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return null;
    target.position = BENCHMARK_WORDS[key]!;
    lead = core.slice(0, core.length - key.length);
  }
  const before = lead.trim();
  const verb = before === '' ? null : LEAD_RE.exec(before);
  if (before !== '' && !verb) return null;
  if (verb?.[1] && /^(?:remain|stay|maintain|keep)$/.test(verb[1])) target.remain = true;
  if (before !== '' || target.among || target.by || target.position === 'top-n')
    target.text = t.replace(/\.$/, '');
  return target;
}

const SYMBOLS: Record<string, Comparator> = {
  '>=': '>=',
  '=>': '>=',
  '≥': '>=',
  '>': '>',
  '<=': '<=',
  '=<': '<=',
  '≤': '<=',
  '<': '<',
  '=': '=',
};

const WORD_COMPARATORS: [string, Comparator][] = [
  ['at least', '>='],
  ['no less than', '>='],
  ['no fewer than', '>='],
  ['more than', '>'],
  ['greater than', '>'],
  ['over', '>'],
  ['above', '>'],
  ['at most', '<='],
  ['no more than', '<='],
  ['up to', '<='],
  ['less than', '<'],
  ['fewer than', '<'],
  ['under', '<'],
  ['below', '<'],
];

const VALUE_RE = new RegExp(String.raw`^(>=|=>|<=|=<|≥|≤|>|<|=)?\s*([-−])?(£)?\s*(${NUMBER})\s*(%)?$`);
const RANGE_RE = new RegExp(
  String.raw`^(£)?\s*(${NUMBER})\s*(%)?\s*(?:-|–|—|to)\s*(£)?\s*(${NUMBER})\s*(%)?$`,
);
const MILESTONE_RE = /^(?:completion|complete|completed)(?:\s+(?:by|due|due by)\s+(.+))?$/i;

/** Reads "67%", ">28%", "-3", "£1,200", "at least 90%": a value with an optional comparator. Null if it is not one. */
function readValue(text: string): ValueTarget | null {
  let t = text;
  let wordComparator: Comparator | null = null;
  const lower = t.toLowerCase();
  for (const [word, cmp] of WORD_COMPARATORS) {
    if (lower.startsWith(`${word} `)) {
      wordComparator = cmp;
      t = t.slice(word.length + 1).trim();
      break;
    }
  }
  const m = VALUE_RE.exec(t);
  if (!m) return null;
  const [, sym, minus, pound, digits = '', percent] = m;
  if (wordComparator && sym) return null;
  if (pound && percent) return null;
  const { value, format } = readNumber(digits);
  const comparator = wordComparator ?? (sym ? (SYMBOLS[sym] ?? null) : null);
  const signed = minus && value !== 0 ? -value : value;
  return {
    kind: 'value',
    comparator,
    value: signed,
    unit: pound ? 'currency' : percent ? 'percent' : 'number',
    format,
  };
}

/**
 * Reads a target as printed. Throws TargetParseError, quoting the text and listing the accepted forms,
 * when it cannot.
 */
export function parseTarget(text: string): Target {
  const t = text.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase().replace(/\.$/, '');
  if (t === '') throw new TargetParseError(text, `The target is empty. ${TARGET_FORMS}`);
  if (NONE_WORDS.has(lower)) return { kind: 'none' };

  const benchmark = readBenchmark(t, lower);
  if (benchmark) return benchmark;

  const milestone = MILESTONE_RE.exec(t);
  if (milestone) {
    const when = milestone[1];
    if (when === undefined) return { kind: 'milestone', due: null };
    try {
      return { kind: 'milestone', due: parseDate(when) };
    } catch (e) {
      if (e instanceof DateParseError) throw targetError(text, `"${when}" is not a date Cairn can read`);
      throw e;
    }
  }

  if (t.includes('/')) {
    const pieces = t.split('/').map((p) => p.trim());
    const parts = pieces.map(readValue);
    const bad = pieces.findIndex((_, i) => parts[i] === null);
    if (bad >= 0)
      throw targetError(text, `part ${bad + 1} ("${pieces[bad]}") is not a value such as 60 or 20%`);
    return { kind: 'compound', parts: parts as ValueTarget[] };
  }

  const range = RANGE_RE.exec(t);
  if (range) {
    const [, pound1, lowText = '', pct1, pound2, highText = '', pct2] = range;
    const currency = Boolean(pound1 || pound2);
    const percent = Boolean(pct1 || pct2);
    if (currency && percent)
      throw targetError(text, 'a range is either an amount (£) or a percentage, not both');
    const first = readNumber(lowText);
    const second = readNumber(highText);
    const [low, high] = first.value <= second.value ? [first, second] : [second, first];
    const target: RangeTarget = {
      kind: 'range',
      low: low.value,
      high: high.value,
      unit: currency ? 'currency' : percent ? 'percent' : 'number',
      format: {
        decimals: Math.max(low.format.decimals, high.format.decimals),
        grouped: low.format.grouped || high.format.grouped,
      },
    };
    if (first.value > second.value) {
      throw targetError(text, `a range gives the lower number first: ${formatTarget(target)}`);
    }
    return target;
  }

  const value = readValue(t);
  if (value) return value;
  if (/\d/.test(t) && /(^|[^\d.,])0\d/.test(t))
    throw targetError(text, 'write numbers without leading zeros');
  throw new TargetParseError(text);
}

/** parseTarget without throwing: the error is the message to show. */
export function tryParseTarget(text: string): { ok: true; target: Target } | { ok: false; error: string } {
  try {
    return { ok: true, target: parseTarget(text) };
  } catch (e) {
    if (e instanceof TargetParseError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

function formatValue(t: ValueTarget): string {
  return `${t.comparator ?? ''}${formatFigure(t.value, t.unit, t.format)}`;
}

/**
 * Prints a target. Seed forms print exactly as written; other spellings print canonically:
 * ASCII comparators (">=" for "≥"), "93-95%" for "93%–95%", "£10-£20" for currency ranges,
 * "Top quartile" for "Upper quartile", "Completion by 30 September 2017", "-" for no target.
 */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'value':
      return formatValue(t);
    case 'range': {
      const low = formatFigure(t.low, t.unit, t.format);
      const high = formatFigure(t.high, t.unit, t.format);
      return t.unit === 'percent' ? `${low.slice(0, -1)}-${high}` : `${low}-${high}`;
    }
    case 'benchmark':
      return t.text ?? benchmarkText(t);
    case 'milestone':
      return t.due ? `Completion by ${formatDate(t.due)}` : 'Completion';
    case 'compound':
      return t.parts.map(formatValue).join('/');
    case 'none':
      return '-';
  }
}

/** A benchmark target without its typed text, printed canonically: "Top 3 in our family group". */
function benchmarkText(t: BenchmarkTarget): string {
  const what = t.position === 'top-n' ? `Top ${t.top ?? 1}` : BENCHMARK_TEXT[t.position];
  const lead = t.remain ? `Remain in the ${what.charAt(0).toLowerCase()}${what.slice(1)}` : what;
  return `${lead}${t.among ? AMONG_TEXT[t.among] : ''}${t.by ? ` by ${t.by}` : ''}`;
}

const COMPARATOR_WORDS: Record<Comparator, string> = {
  '>=': 'at least',
  '>': 'more than',
  '<=': 'at most',
  '<': 'less than',
  '=': 'exactly',
};

function summariseValue(t: ValueTarget, polarity: Polarity | undefined): string {
  const figure = formatFigure(t.value, t.unit, t.format);
  const cmp = t.comparator ?? (polarity === 'higher' ? '>=' : polarity === 'lower' ? '<=' : null);
  return cmp ? `${COMPARATOR_WORDS[cmp]} ${figure}` : figure;
}

/**
 * A short description for people: "at least 67%", "more than 28%", "between 93% and 95%",
 * "in the top quartile", "completion by 30 September 2017", "no target". Give the polarity to say
 * which way a bare "67%" points; without it a bare value reads "67%".
 */
export function targetValueSummary(t: Target, polarity?: Polarity): string {
  switch (t.kind) {
    case 'value':
      return summariseValue(t, polarity);
    case 'range': {
      const low = formatFigure(t.low, t.unit, t.format);
      const high = formatFigure(t.high, t.unit, t.format);
      if (polarity === 'higher') return `at least ${low}`;
      if (polarity === 'lower') return `at most ${high}`;
      return `between ${low} and ${high}`;
    }
    case 'benchmark': {
      const what = t.position === 'top-n' ? `in the top ${t.top ?? 1}` : BENCHMARK_SUMMARY[t.position];
      return `${t.remain ? `to remain ${what}` : what}${t.among ? AMONG_TEXT[t.among] : ''}${t.by ? ` by ${t.by}` : ''}`;
    }
    case 'milestone':
      return t.due ? `completion by ${formatDate(t.due)}` : 'completion';
    case 'compound':
      return t.parts.map((p) => summariseValue(p, polarity)).join(' and ');
    case 'none':
      return 'no target';
  }
}

const BENCHMARK_SUMMARY: Record<BenchmarkPosition, string> = {
  'top-quartile': 'in the top quartile',
  'top-half': 'in the top half',
  'above-average': 'better than the average',
  'national-average': 'at or better than the national average',
  'below-average': 'below the average',
  'bottom-quartile': 'in the bottom quartile (at or below the lower quartile)',
  'above-median': 'better than the median',
  'top-n': 'in the top places',
};

// ---------------------------------------------------------------------------------------------
// Cumulative profiles

/**
 * How a cumulative (year-to-date) target builds up over the year:
 * - even: the annual target × periods so far / periods in the year;
 * - per-period: the target as written is each period's share, so the year-to-date target is it × periods so far;
 * - fractions: the share of the annual target due by the end of each period (non-decreasing, last = 1).
 */
export type CumulativeProfile =
  { kind: 'even' } | { kind: 'per-period' } | { kind: 'fractions'; fractions: number[] };

const PROFILE_FORMS =
  'Write even, per period, or the share of the annual target due by the end of each period, ' +
  'such as "0.1, 0.3, 0.6, 1" or "10%, 30%, 60%, 100%".';

/**
 * Reads a profile: null or '' → even; 'even'; 'per period' (also 'per-period', 'per quarter', 'per month');
 * '0.1, 0.3, 0.6, 1' or '10%, 30%, 60%, 100%'. Whether the fractions match the indicator's periods is for
 * the caller to check; rating maps a mismatched list onto the periods proportionally.
 */
export function parseProfile(text: string | null): CumulativeProfile {
  const t = (text ?? '').trim().toLowerCase();
  const words = t.replace(/[\s_-]+/g, ' ');
  if (words === '' || words === 'even') return { kind: 'even' };
  if (['per period', 'per quarter', 'per month'].includes(words)) return { kind: 'per-period' };
  const fail = (why: string): TargetParseError =>
    new TargetParseError(text ?? '', `Cannot read "${text}" as a profile: ${why}. ${PROFILE_FORMS}`);
  const items = t.split(/\s*[,;]\s*|\s+/).filter((s) => s !== '');
  const fractions = items.map((item) => {
    const m = /^(\d+(?:\.\d+)?|\.\d+)(%)?$/.exec(item);
    if (!m) throw fail(`"${item}" is not a fraction or percentage`);
    const n = Number(m[1]);
    return m[2] ? n / 100 : n;
  });
  if (fractions.some((f) => f > 1))
    throw fail('no share can be more than the whole annual target (1 or 100%)');
  if (fractions.some((f, i) => i > 0 && f < (fractions[i - 1] ?? 0)))
    throw fail('the shares must not go down');
  if (fractions[fractions.length - 1] !== 1)
    throw fail('the last share must be the whole annual target (1 or 100%)');
  return { kind: 'fractions', fractions };
}

/** Prints a profile so that parseProfile reads it back: "even", "per period", "0.1, 0.3, 0.6, 1". */
export function formatProfile(p: CumulativeProfile): string {
  if (p.kind === 'even') return 'even';
  if (p.kind === 'per-period') return 'per period';
  return p.fractions.map(String).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Tolerances

/**
 * How far short of target is still Amber. relative: 10 means within 10% of the target; absolute: in the
 * indicator's own units (percentage points for % targets).
 */
export interface Tolerance {
  kind: 'relative' | 'absolute';
  value: number;
}

/** Reads a tolerance: '10%' relative; '2' absolute; '2pp' (or '2 points', '2 percentage points') absolute. */
export function parseTolerance(text: string): Tolerance {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^(±|\+\/-|\+-|within)\s*/, '');
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(%|pp|pts?|points?|percentage points?)?$/.exec(t);
  if (!m) {
    throw new TargetParseError(
      text,
      `Cannot read "${text}" as a tolerance. Write 10% (within 10% of the target) or 2 (within 2 of the ` +
        'target, in its own units; 2pp for percentage points).',
    );
  }
  return { kind: m[2] === '%' ? 'relative' : 'absolute', value: Number(m[1]) };
}

/** Prints a tolerance so that parseTolerance reads it back: "10%" (relative) or "2" (absolute). */
export function formatTolerance(t: Tolerance): string {
  return t.kind === 'relative' ? `${t.value}%` : String(t.value);
}

// ---------------------------------------------------------------------------------------------
// Baseline and trajectory

/**
 * Where an indicator started and where it is heading, as the plan words it: "Reduce … from an average of
 * 28 in March 2017 to 14 at the end of March 2018" → baseline 28 at 'March 2017', goal 14 by 'March 2018'.
 * The period's target (e.g. an interim 629 towards 582) is the Target; this is context for reports.
 */
export interface Trajectory {
  baseline: { value: number; at: string } | null;
  goal: { value: number; by: string } | null;
}
