/**
 * UK local-government reporting periods: financial years (1 April – 31 March), their quarters
 * (Q1 = April–June … Q4 = January–March), calendar months, academic years (1 September – 31 August)
 * and calendar years.
 *
 * Pure: no I/O and no clock. Dates go in and come out as ISO 'YYYY-MM-DD' strings.
 *
 * Internally every period is an integer "ordinal" within its kind (FY 2017-18 → 2017,
 * Q1 2017-18 → 2017 × 4, April 2017 → 2017 × 12 + 3, AY 2017-18 → 2017, CY 2017 → 2017), so shifting,
 * counting and comparing are plain arithmetic.
 *
 * Beware: a financial-year code and a month code can be the same string. '2011-12' is both FY 2011-12
 * and December 2011 (this happens for FYs 1900-01…1911-12, 2000-01…2011-12 and 2100-01…2111-12).
 * Without a kind, such text is read as the financial year; pass the kind to `parsePeriod` or
 * `periodFromCode` to read it as a month, and store a period's kind alongside its code.
 */

export type PeriodKind = 'financial-year' | 'quarter' | 'month' | 'academic-year' | 'calendar-year';
export const PERIOD_KINDS: readonly PeriodKind[] = [
  'financial-year',
  'quarter',
  'month',
  'academic-year',
  'calendar-year',
];
/** The kinds of period that a quarter or month can be counted within ("year to date", "month 4 of 12"). */
export type YearKind = 'financial-year' | 'academic-year' | 'calendar-year';

export interface Period {
  kind: PeriodKind;
  /** Canonical storage code, sortable within a kind: FY '2017-18', quarter '2017-18-Q1', month 'M2017-04', academic 'AY2017-18', calendar 'CY2017'. */
  code: string;
  /** First and last day, ISO 'YYYY-MM-DD'. */
  start: string;
  end: string;
  /** How councils print it: '2017-18', 'Q1 2017-18', 'April 2017', 'Academic year 2017-18', '2017'. */
  label: string;
}

/** Every day of a period must fall in the years MIN_YEAR to MAX_YEAR: FY 2200-01 is out, Q1 2200-01 is in. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** How many periods of each kind make up a year. */
export const PERIODS_PER_YEAR: Record<PeriodKind, number> = {
  'financial-year': 1,
  quarter: 4,
  month: 12,
  'academic-year': 1,
  'calendar-year': 1,
};

const KIND_NOUN: Record<PeriodKind, string> = {
  'financial-year': 'a financial year',
  quarter: 'a quarter',
  month: 'a month',
  'academic-year': 'an academic year',
  'calendar-year': 'a calendar year',
};

const ACCEPTED_FORMS =
  'financial year "2017-18", "2017/18", "2017-2018", "FY 2017-18"; ' +
  'quarter "Q1 2017-18", "2017/18 Q1", "Quarter 1 2017-18", "2017-18-Q1"; ' +
  'month "April 2017", "Apr 2017", "Sept 2017", "March-2018", "2017-04"; ' +
  'academic year "AY 2017-18", "Academic year 2017/18", "2017-18 academic year"; ' +
  'calendar year "2017", "CY 2017"';

const CODE_FORMS =
  'financial year "2017-18", quarter "2017-18-Q1", month "M2017-04", academic year "AY2017-18", ' +
  'calendar year "CY2017"';

/** Text that is not a period. The message quotes the input and lists the accepted forms. */
export class PeriodParseError extends Error {
  override readonly name = 'PeriodParseError';
  /** The text that could not be read. */
  readonly input: string;
  /** Why, without the list of accepted forms. */
  readonly reason: string;

  constructor(input: string, reason: string, forms: string = ACCEPTED_FORMS) {
    super(`Cannot read ${JSON.stringify(input)} as a period: ${reason}. Accepted forms: ${forms}.`);
    this.input = input;
    this.reason = reason;
  }
}

const MONTH_NAMES =
  'January February March April May June July August September October November December'.split(' ');

/** Lower-case month name or abbreviation → month number 1–12. */
const MONTH_NUMBER = new Map<string, number>([
  ...MONTH_NAMES.flatMap((name, i): [string, number][] => [
    [name.toLowerCase(), i + 1],
    [name.slice(0, 3).toLowerCase(), i + 1],
  ]),
  ['sept', 9],
]);

// ---------------------------------------------------------------------------------------------------
// Dates and ordinals

const pad2 = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad2(m)}-${pad2(d)}`;
/** '2017-18' for the year starting in 2017. */
const span = (y: number): string => `${y}-${pad2((y + 1) % 100)}`;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The ordinal of the period of `kind` containing a day in year `y`, month `m` (1–12). */
function ordinalOfDate(kind: PeriodKind, y: number, m: number): number {
  const fy = m >= 4 ? y : y - 1;
  switch (kind) {
    case 'financial-year':
      return fy;
    case 'quarter':
      return fy * 4 + Math.floor(((m + 8) % 12) / 3);
    case 'month':
      return y * 12 + m - 1;
    case 'academic-year':
      return m >= 9 ? y : y - 1;
    case 'calendar-year':
      return y;
  }
}

function ordinal(p: Period): number {
  return ordinalOfDate(p.kind, Number(p.start.slice(0, 4)), Number(p.start.slice(5, 7)));
}

/**
 * The period of `kind` with the given ordinal. Every day of it must be in the years MIN_YEAR–MAX_YEAR:
 * otherwise a PeriodParseError quoting `text` if reading text, else a RangeError.
 */
function make(kind: PeriodKind, ord: number, text?: string): Period {
  const year = Math.floor(ord / PERIODS_PER_YEAR[kind]);
  const p = Number.isSafeInteger(ord) && year >= MIN_YEAR - 1 && year <= MAX_YEAR ? build(kind, ord) : null;
  if (!p || Number(p.start.slice(0, 4)) < MIN_YEAR || Number(p.end.slice(0, 4)) > MAX_YEAR) {
    const reason = `${p?.label ?? `${KIND_NOUN[kind]} in ${year}`} is outside the years ${MIN_YEAR}–${MAX_YEAR}`;
    throw text === undefined ? new RangeError(reason) : new PeriodParseError(text, reason);
  }
  return p;
}

function build(kind: PeriodKind, ord: number): Period {
  const year = Math.floor(ord / PERIODS_PER_YEAR[kind]);
  switch (kind) {
    case 'financial-year':
      return { kind, code: span(year), start: iso(year, 4, 1), end: iso(year + 1, 3, 31), label: span(year) };
    case 'academic-year':
      return {
        kind,
        code: `AY${span(year)}`,
        start: iso(year, 9, 1),
        end: iso(year + 1, 8, 31),
        label: `Academic year ${span(year)}`,
      };
    case 'calendar-year':
      return { kind, code: `CY${year}`, start: iso(year, 1, 1), end: iso(year, 12, 31), label: String(year) };
    case 'quarter': {
      const q = ord - year * 4 + 1;
      const first = year * 12 + 3 * q; // month ordinal of the quarter's first month (April for Q1)
      const last = first + 2;
      const [ly, lm] = [Math.floor(last / 12), (last % 12) + 1];
      return {
        kind,
        code: `${span(year)}-Q${q}`,
        start: iso(Math.floor(first / 12), (first % 12) + 1, 1),
        end: iso(ly, lm, daysInMonth(ly, lm)),
        label: `Q${q} ${span(year)}`,
      };
    }
    case 'month': {
      const m = ord - year * 12 + 1;
      return {
        kind,
        code: `M${year}-${pad2(m)}`,
        start: iso(year, m, 1),
        end: iso(year, m, daysInMonth(year, m)),
        label: `${MONTH_NAMES[m - 1] ?? ''} ${year}`,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Parsing

/** Lower case, en/em dashes and minus signs as hyphens, single spaces, no spaces around '-' or '/'. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ?([-/]) ?/g, '$1');
}

/** Two years such as '2017' and '18' or '2018'. */
const SPAN = String.raw`(\d{4})[-/](\d{2}|\d{4})`;
const QUARTER = String.raw`(?:q|qtr|quarter) ?([1-4])`;
/** The canonical month code, 'M2017-04': unambiguous, unlike '2011-12'. */
const MONTH_CODE_RE = /^m(\d{4})-(\d{2})$/;
const CY_RE = /^(?:cy|calendar year)? ?(\d{4})$/;
const MONTH_RE = /^([a-z]+)\.?[ -]?(\d{4})$/;
const QUARTER_FIRST_RE = new RegExp(`^${QUARTER}[ -]?(?:fy ?)?${SPAN}$`);
const QUARTER_LAST_RE = new RegExp(`^(?:fy ?)?${SPAN}[ -]?${QUARTER}$`);
const AY_FIRST_RE = new RegExp(`^(?:ay|academic year) ?${SPAN}$`);
const AY_LAST_RE = new RegExp(`^${SPAN} academic year$`);
const FY_RE = new RegExp(`^(fy|financial year)? ?${SPAN}$`);

const group = (m: RegExpExecArray, i: number): string => m[i] ?? '';

const isConsecutive = (a: string, b: string): boolean =>
  b === (b.length === 2 ? pad2((Number(a) + 1) % 100) : String(Number(a) + 1));

/** The first year of a two-year span such as '2017-18', which must be consecutive. */
function firstYear(a: string, b: string, text: string, noun: string): number {
  if (!isConsecutive(a, b)) {
    throw new PeriodParseError(
      text,
      `the two years of ${noun} must be consecutive (e.g. "${span(Number(a))}"), but ${a} and ${b} are not`,
    );
  }
  return Number(a);
}

/** Every period `text` can be read as, the likeliest first. Never empty: throws instead. */
function readPeriod(text: string): Period[] {
  if (typeof text !== 'string') throw new PeriodParseError(String(text), 'it is not text');
  const s = normalise(text);
  const quarter = (q: string, a: string, b: string): Period[] => [
    make('quarter', firstYear(a, b, text, 'a financial year') * 4 + Number(q) - 1, text),
  ];
  let m: RegExpExecArray | null;

  if ((m = MONTH_CODE_RE.exec(s))) {
    const month = Number(group(m, 2));
    if (month < 1 || month > 12) throw new PeriodParseError(text, `${group(m, 2)} is not a month number`);
    return [make('month', Number(group(m, 1)) * 12 + month - 1, text)];
  }
  if ((m = CY_RE.exec(s))) return [make('calendar-year', Number(group(m, 1)), text)];
  if ((m = MONTH_RE.exec(s))) {
    const month = MONTH_NUMBER.get(group(m, 1));
    if (month === undefined) throw new PeriodParseError(text, `"${group(m, 1)}" is not a month`);
    return [make('month', Number(group(m, 2)) * 12 + month - 1, text)];
  }
  if ((m = QUARTER_FIRST_RE.exec(s))) return quarter(group(m, 1), group(m, 2), group(m, 3));
  if ((m = QUARTER_LAST_RE.exec(s))) return quarter(group(m, 3), group(m, 1), group(m, 2));
  if ((m = AY_FIRST_RE.exec(s) ?? AY_LAST_RE.exec(s))) {
    return [make('academic-year', firstYear(group(m, 1), group(m, 2), text, 'an academic year'), text)];
  }
  if ((m = FY_RE.exec(s))) {
    const [prefix, a, b] = [group(m, 1), group(m, 2), group(m, 3)];
    // 'YYYY-MM' is also an ISO month, so '2011-12' is both FY 2011-12 and December 2011.
    const mm = Number(b);
    const month =
      !prefix && b.length === 2 && s.charAt(4) === '-' && mm >= 1 && mm <= 12
        ? [make('month', Number(a) * 12 + mm - 1, text)]
        : [];
    // (FY 2200-01 is out of range, January 2200 is not.)
    if (month.length > 0 && (!isConsecutive(a, b) || Number(a) >= MAX_YEAR)) return month;
    return [make('financial-year', firstYear(a, b, text, 'a financial year'), text), ...month];
  }
  throw new PeriodParseError(text, 'it is not a recognised period');
}

/** The reading of `text` of the wanted kind, or the likeliest one. */
function pick(found: Period[], text: string, kind: PeriodKind | undefined, forms: string): Period {
  const p = kind === undefined ? found[0] : found.find((c) => c.kind === kind);
  if (p === undefined) {
    const got = found[0] ? `it is ${KIND_NOUN[found[0].kind]}` : 'it is not a period';
    throw new PeriodParseError(text, `${got}, not ${kind ? KIND_NOUN[kind] : 'a period'}`, forms);
  }
  return p;
}

/**
 * Reads any accepted form (case-insensitive, tolerant of extra spaces and en dashes), including the
 * canonical codes. Text that is both a financial year and a month ('2011-12') is read as the financial
 * year unless `kind` says otherwise; if `kind` is given, the period must be of that kind.
 */
export function parsePeriod(text: string, kind?: PeriodKind): Period {
  return pick(readPeriod(text), text, kind, ACCEPTED_FORMS);
}

/** Like `parsePeriod`, but null instead of a PeriodParseError. */
export function tryParsePeriod(text: string, kind?: PeriodKind): Period | null {
  try {
    return parsePeriod(text, kind);
  } catch (e) {
    if (e instanceof PeriodParseError) return null;
    throw e;
  }
}

/**
 * Reads a canonical code exactly ('2017-18', '2017-18-Q1', 'M2017-04', 'AY2017-18', 'CY2017'); anything
 * else throws a PeriodParseError. A code that is both an FY and a month ('2011-12') is the FY unless
 * `kind` is 'month'.
 */
export function periodFromCode(code: string, kind?: PeriodKind): Period {
  let found: Period[];
  try {
    found = readPeriod(code).filter((p) => p.code === code);
  } catch (e) {
    if (e instanceof PeriodParseError) throw new PeriodParseError(e.input, e.reason, CODE_FORMS);
    throw e;
  }
  if (found.length === 0) throw new PeriodParseError(code, 'it is not a canonical period code', CODE_FORMS);
  return pick(found, code, kind, CODE_FORMS);
}

/** How councils print the period: its label. */
export function formatPeriod(p: Period): string {
  return p.label;
}

// ---------------------------------------------------------------------------------------------------
// Arithmetic

/** The period of `kind` containing a day 'YYYY-MM-DD'. Throws a RangeError for an invalid date. */
export function periodContaining(date: string, kind: PeriodKind): Period {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new RangeError(`Not a date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
  }
  return make(kind, ordinalOfDate(kind, y, mo));
}

/** The financial year containing p's end date (for academic and calendar years: containing its start). */
export function financialYearOf(p: Period): Period {
  const byStart = p.kind === 'academic-year' || p.kind === 'calendar-year';
  return periodContaining(byStart ? p.start : p.end, 'financial-year');
}

/**
 * The periods of `kind` that make up `year`, in order: the 4 quarters or 12 months of an FY, the 12 months
 * of an academic or calendar year, the 3 months of a quarter. Throws a RangeError if periods of `kind`
 * do not exactly tile `year` (e.g. quarters of an academic year).
 */
export function periodsOfYear(year: Period, kind: PeriodKind): Period[] {
  const list = [periodContaining(year.start, kind)];
  let last = list[0];
  while (last && last.end < year.end) list.push((last = nextPeriod(last)));
  if (list[0]?.start !== year.start || last?.end !== year.end) {
    throw new RangeError(`${year.label} is not made up of whole periods of kind ${kind}`);
  }
  return list;
}

/** By whole periods of p's kind; negative goes back. */
export function shiftPeriod(p: Period, by: number): Period {
  if (!Number.isInteger(by)) throw new RangeError(`Can only shift by whole periods, not ${by}`);
  return make(p.kind, ordinal(p) + by);
}

export function previousPeriod(p: Period): Period {
  return shiftPeriod(p, -1);
}

export function nextPeriod(p: Period): Period {
  return shiftPeriod(p, 1);
}

/** The same period a year earlier: Q1 2017-18 → Q1 2016-17; April 2017 → April 2016. */
export function sameLastYear(p: Period): Period {
  return shiftPeriod(p, -PERIODS_PER_YEAR[p.kind]);
}

/**
 * Periods of p's kind from the start of its year up to and including p. The year is the financial year
 * unless `basis` says otherwise; for year-long periods (FY, academic, calendar) it is just [p].
 */
export function yearToDate(p: Period, basis: YearKind = 'financial-year'): Period[] {
  if (PERIODS_PER_YEAR[p.kind] === 1) return [p];
  return periodsOfYear(periodContaining(p.start, basis), p.kind).filter((x) => x.start <= p.start);
}

/** Q2 → {index: 2, of: 4}; July 2017 → {index: 4, of: 12}; any year-long period → {index: 1, of: 1}. */
export function positionInYear(p: Period, basis: YearKind = 'financial-year'): { index: number; of: number } {
  if (PERIODS_PER_YEAR[p.kind] === 1) return { index: 1, of: 1 };
  const all = periodsOfYear(periodContaining(p.start, basis), p.kind);
  return { index: all.findIndex((x) => x.start === p.start) + 1, of: all.length };
}

/**
 * For an indicator reported `quartersInArrears` late: the period whose data is reported in reporting
 * period `reporting`. Q1 2017-18 with 1 → Q4 2016-17. Months go back 3 months per quarter. Year-long
 * periods give the latest whole year that ended by then: FY 2017-18 with 1 to 4 → FY 2016-17.
 */
export function dataPeriodFor(reporting: Period, quartersInArrears: number): Period {
  const n = quartersInArrears;
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Quarters in arrears must be a whole number ≥ 0, not ${n}`);
  if (reporting.kind === 'quarter') return shiftPeriod(reporting, -n);
  if (reporting.kind === 'month') return shiftPeriod(reporting, -3 * n);
  return shiftPeriod(reporting, -Math.ceil(n / 4));
}

/** By start date, then by end date (so Q1 2017-18 sorts before FY 2017-18). */
export function comparePeriods(a: Period, b: Period): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  return 0;
}

/** Whether every day of `inner` is in `outer`. */
export function contains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
