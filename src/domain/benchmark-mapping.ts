/**
 * How a file of other councils' figures maps onto Cairn's tidy layout — area (code or name), metric
 * (code and title), period, value, and optionally numerator, denominator and a published comparator
 * average — so an LG Inform download, an LGBF file or an ONS / Open SDG file loads without reshaping.
 * Each Cairn field names the file's column that holds it (found from the headers, changed in the
 * mapping step, saved per source), or a value for the whole file (one metric per file, as Open SDG
 * and most LG Inform downloads are). A "wide" file, with a column per period (LGBF's), names those
 * columns instead of a period and a value column.
 *
 * Also how the cells are read: periods in every form Cairn reads, plus "2017 Q1" (a calendar quarter,
 * as ONS writes it: January–March 2017, which is Q4 2016-17); figures as "1,234", "12.3%" or "£5"; and
 * the marks statistics use for no figure ("", "-", "..", ":", "x", "c", "[c]", "n/a", "*").
 *
 * Pure: no I/O.
 */
import { parsePeriod, PeriodParseError, tryParsePeriod, type Period } from './periods.js';
import type { Problem } from './problem.js';
import { bestColumn, headerIndex, headerWords } from './column-mapping.js';
import { METRIC_POLARITIES, type MetricPolarity } from './benchmark-stats.js';

export const METRIC_UNITS = ['number', 'percent', 'currency', 'rate'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];
export const METRIC_UNIT_LABEL: Record<MetricUnit, string> = {
  number: 'A number',
  percent: 'A percentage',
  currency: 'An amount (£)',
  rate: 'A rate (per 1,000, per 10,000 …)',
};

/** Cairn's fields, in the order the mapping step asks for them. */
export const MAPPED_FIELDS = [
  'area',
  'metricCode',
  'metricTitle',
  'period',
  'value',
  'numerator',
  'denominator',
  'average',
  'polarity',
  'unit',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const FIELD_LABEL: Record<MappedField, string> = {
  area: 'Council (GSS code or name)',
  metricCode: 'Metric code',
  metricTitle: 'Metric title',
  period: 'Period',
  value: 'Value',
  numerator: 'Numerator',
  denominator: 'Denominator',
  average: 'Published comparator average',
  polarity: 'Which way is better',
  unit: 'Unit',
};

/** Known spellings of each field's header (compared by headerWords). */
const SYNONYMS: Record<MappedField, string[]> = {
  area: [
    'area code',
    'areacode',
    'area_code',
    'gss code',
    'ons code',
    'geocode',
    'geo code',
    'geography code',
    'la code',
    'local authority code',
    'council code',
    'code',
    'area',
    'area name',
    'local authority',
    'authority',
    'council',
    'la name',
    'local authority name',
    'geography',
    'geoname',
  ],
  metricCode: [
    'metric code',
    'metric id',
    'metric type id',
    'metricid',
    'indicator code',
    'indicator id',
    'measure code',
    'series code',
    'series',
    'code of indicator',
  ],
  metricTitle: [
    'metric title',
    'metric name',
    'metric',
    'metric type',
    'indicator',
    'indicator title',
    'indicator name',
    'measure',
    'title',
    'description',
  ],
  period: ['period', 'time period', 'year', 'financial year', 'academic year', 'date', 'time', 'quarter'],
  value: ['value', 'data value', 'figure', 'result', 'obs value', 'observation', 'data'],
  numerator: ['numerator', 'count', 'number'],
  denominator: ['denominator', 'population', 'base'],
  average: [
    'published comparator average',
    'comparator average',
    'england mean',
    'england average',
    'national average',
    'scotland average',
    'wales average',
    'average',
    'mean',
  ],
  polarity: ['polarity', 'which way is better', 'direction', 'better'],
  unit: ['unit', 'units', 'unit of measure'],
};

/** Preference among several matching columns: codes before names for the area. */
const AREA_CODE_WORDS = new Set(SYNONYMS.area.slice(0, 12));

export { headerWords };

export type Layout = 'tidy' | 'lg-inform' | 'lgbf' | 'open-sdg' | 'wide';
export const LAYOUT_LABEL: Record<Layout, string> = {
  tidy: 'Cairn’s tidy layout',
  'lg-inform': 'An LG Inform download',
  lgbf: 'An LGBF (Local Government Benchmarking Framework) file',
  'open-sdg': 'An ONS / Open SDG data file',
  wide: 'A column for each period',
};

export interface ColumnMapping {
  /** Header of the column holding each field, or null. */
  columns: Partial<Record<MappedField, string | null>>;
  /** Wide files: the headers that are periods, each holding that period's values. */
  periodColumns?: string[];
  /** For the whole file when no column holds it. */
  metricCode?: string | null;
  metricTitle?: string | null;
  period?: string | null;
  /** For metrics the file brings that Cairn does not know yet, when no column says. */
  polarity?: MetricPolarity | null;
  unit?: MetricUnit | null;
}

/** True when a header names a period ("2016-17", "2016/17", "AY 2016/17"): a wide file's column. */
export function isPeriodHeader(header: string): boolean {
  return readBenchmarkPeriod(header) !== null;
}

/** Guesses the mapping from the headers: which column holds each field, and the layout it looks like. */
export function detectMapping(headers: readonly string[]): { layout: Layout; mapping: ColumnMapping } {
  const words = headers.map(headerWords);
  const used = new Set<number>();
  const columns: Partial<Record<MappedField, string | null>> = {};
  const pick = (field: MappedField, prefer?: (w: string) => boolean) => {
    const best = bestColumn(words, SYNONYMS[field], used, prefer);
    if (best >= 0) {
      used.add(best);
      columns[field] = headers[best]!;
    }
  };
  pick('area', (w) => AREA_CODE_WORDS.has(w));
  pick('metricCode');
  pick('metricTitle');
  // "Indicator" beside a "Title" column (LGBF) is the indicator's code.
  if (!columns.metricCode && ['indicator', 'metric'].includes(headerWords(columns.metricTitle ?? ''))) {
    const code = columns.metricTitle!;
    const titleAt = words.findIndex(
      (w, i) =>
        !used.has(i) &&
        ['title', 'description', 'indicator title', 'indicator name', 'metric title', 'metric name'].includes(
          w,
        ),
    );
    if (titleAt >= 0) {
      used.add(titleAt);
      columns.metricCode = code;
      columns.metricTitle = headers[titleAt]!;
    }
  }
  pick('value');
  pick('numerator');
  pick('denominator');
  pick('average');
  pick('polarity');
  pick('unit');
  const periodColumns = headers.filter((h, i) => !used.has(i) && isPeriodHeader(h));
  const wide = periodColumns.length >= 2 && !columns.value;
  if (!wide) pick('period');
  const has = (w: string) => words.includes(w);
  const layout: Layout = wide
    ? has('local authority') || has('indicator') || has('family group')
      ? 'lgbf'
      : 'wide'
    : has('geocode') || has('units') || has('series')
      ? 'open-sdg'
      : has('area code') && has('area name') && !has('metric code')
        ? 'lg-inform'
        : 'tidy';
  return { layout, mapping: { columns, ...(wide ? { periodColumns } : {}) } };
}

/** Where each field is in a row: a column index, or a value for the whole file. */
export interface ResolvedMapping {
  area: number;
  metricCode: number | null;
  metricTitle: number | null;
  period: number | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  average: number | null;
  averageLabel: string | null;
  polarity: number | null;
  unit: number | null;
  /** Wide files: each period column's index and period. */
  periodColumns: { index: number; period: Period }[];
  fixed: {
    metricCode: string | null;
    metricTitle: string | null;
    period: Period | null;
    polarity: MetricPolarity | null;
    unit: MetricUnit | null;
  };
}

/**
 * The mapping checked against the file's headers: every required field has a column or a value, and
 * every column named is in the file. Problems are on the mapping form's fields (`column:<field>`,
 * `metricCode`, `period`, …).
 */
export function resolveMapping(
  headers: readonly string[],
  mapping: ColumnMapping,
): { ok: true; resolved: ResolvedMapping } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const index = headerIndex(headers);
  const col = (field: MappedField): number | null => {
    const h = mapping.columns[field];
    if (!h) return null;
    const i = index.get(h);
    if (i === undefined) {
      problems.push({
        field: `column-${field}`,
        message: `The file has no column "${h}" for ${FIELD_LABEL[field].toLowerCase()}`,
      });
      return null;
    }
    return i;
  };
  const area = col('area');
  if (area === null && !problems.some((p) => p.field === 'column-area'))
    problems.push({
      field: 'column-area',
      message: 'Choose the column that holds the council’s GSS code or name',
    });
  const metricCode = col('metricCode');
  const metricTitle = col('metricTitle');
  const fixedCode = mapping.metricCode?.trim() || null;
  const fixedTitle = mapping.metricTitle?.trim() || null;
  if (metricCode === null && metricTitle === null && !fixedCode)
    problems.push({
      field: 'metricCode',
      message:
        'Choose the column that holds the metric’s code or title, or give the code of the one metric in this file',
    });
  if (metricCode === null && metricTitle === null && fixedCode && !fixedTitle)
    problems.push({ field: 'metricTitle', message: 'Give the metric’s title, as its source names it' });
  const periodColumns: { index: number; period: Period }[] = [];
  for (const h of mapping.periodColumns ?? []) {
    const i = index.get(h);
    const p = readBenchmarkPeriod(h);
    if (i === undefined) problems.push({ field: 'periodColumns', message: `The file has no column "${h}"` });
    else if (!p) problems.push({ field: 'periodColumns', message: `"${h}" is not a period Cairn can read` });
    else periodColumns.push({ index: i, period: p });
  }
  const period = periodColumns.length ? null : col('period');
  const value = periodColumns.length ? null : col('value');
  let fixedPeriod: Period | null = null;
  if (!periodColumns.length && period === null) {
    const text = mapping.period?.trim();
    if (!text)
      problems.push({
        field: 'column-period',
        message: 'Choose the column that holds the period, or give the period of every figure in this file',
      });
    else {
      fixedPeriod = readBenchmarkPeriod(text);
      if (!fixedPeriod) problems.push({ field: 'period', message: periodMessage(text) });
    }
  }
  if (!periodColumns.length && value === null && !problems.some((p) => p.field === 'column-value'))
    problems.push({ field: 'column-value', message: 'Choose the column that holds the figures' });
  const averageIndex = col('average');
  const resolved: ResolvedMapping = {
    area: area ?? -1,
    metricCode,
    metricTitle,
    period,
    value,
    numerator: col('numerator'),
    denominator: col('denominator'),
    average: averageIndex,
    averageLabel: averageIndex === null ? null : headers[averageIndex]!,
    polarity: col('polarity'),
    unit: col('unit'),
    periodColumns,
    fixed: {
      metricCode: fixedCode,
      metricTitle: fixedTitle,
      period: fixedPeriod,
      polarity: mapping.polarity ?? null,
      unit: mapping.unit ?? null,
    },
  };
  return problems.length ? { ok: false, problems } : { ok: true, resolved };
}

// ---------------------------------------------------------------------------------------------
// Cells

const CALENDAR_QUARTER = /^(\d{4})\s*[- ]?\s*Q([1-4])$/i;

/**
 * A period as benchmarking files write it: every form Cairn reads ("2016/17", "2016-17", "Q1 2017-18",
 * "AY 2016/17", "2017"), and "2017 Q1" / "2017-Q1" — a calendar quarter, as ONS writes it, stored as the
 * financial quarter it is (2017 Q1 = January–March 2017 = Q4 2016-17). Null if it is none of these.
 */
export function readBenchmarkPeriod(text: string): Period | null {
  const t = text.trim();
  if (!t) return null;
  const cq = CALENDAR_QUARTER.exec(t);
  if (cq) {
    const year = Number(cq[1]);
    const q = Number(cq[2]);
    // Calendar Q1 (Jan–Mar) is the financial year before's Q4; Q2–Q4 are Q1–Q3 of the year starting then.
    const fy = q === 1 ? year - 1 : year;
    const fq = q === 1 ? 4 : q - 1;
    return tryParsePeriod(`Q${fq} ${fy}-${String((fy + 1) % 100).padStart(2, '0')}`);
  }
  return tryParsePeriod(t);
}

export function periodMessage(text: string): string {
  try {
    parsePeriod(text);
  } catch (e) {
    if (e instanceof PeriodParseError) return `${e.message} Or "2017 Q1" for a calendar quarter.`;
  }
  return `"${text}" is not a period Cairn can read.`;
}

/** The marks official statistics use for "no figure": suppressed, not available, not applicable. */
const NO_FIGURE = new Set([
  '',
  '-',
  '–',
  '—',
  '..',
  '...',
  ':',
  'x',
  'c',
  '*',
  'n/a',
  'na',
  'null',
  'z',
  'u',
  'low',
  '[c]',
  '[x]',
  '[z]',
  '[u]',
  '[low]',
  'suppressed',
]);

export type FigureCell = { kind: 'figure'; value: number } | { kind: 'none' } | { kind: 'bad' };

const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const WRITTEN_NUMBER = /^(-|−)?£?\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?\s*%?$/;

/** A figure as files write it: 12.3, "1,234", "12.3%" (12.3: percentages are in points), "£5"; or no figure. */
export function readFigureCell(text: string): FigureCell {
  const t = text.trim();
  if (PLAIN_NUMBER.test(t)) return { kind: 'figure', value: Number(t) };
  if (NO_FIGURE.has(t.toLowerCase())) return { kind: 'none' };
  const m = WRITTEN_NUMBER.exec(t);
  if (m && (m[2] !== undefined || m[3] !== undefined)) {
    const n = Number(`${m[2] ?? '0'}${m[3] ?? ''}`.replace(/,/g, ''));
    return { kind: 'figure', value: m[1] ? -n : n };
  }
  return { kind: 'bad' };
}

const POLARITY_WORDS: Record<string, MetricPolarity> = {
  higher: 'higher',
  'higher is better': 'higher',
  high: 'higher',
  up: 'higher',
  'high is good': 'higher',
  lower: 'lower',
  'lower is better': 'lower',
  low: 'lower',
  down: 'lower',
  'low is good': 'lower',
  middle: 'middle',
  'best in the middle': 'middle',
  'in the middle': 'middle',
  neither: 'middle',
};

export function readPolarity(text: string): MetricPolarity | null {
  const t = headerWords(text);
  return (METRIC_POLARITIES as readonly string[]).includes(t)
    ? (t as MetricPolarity)
    : (POLARITY_WORDS[t] ?? null);
}

const UNIT_WORDS: Record<string, MetricUnit> = {
  number: 'number',
  count: 'number',
  percent: 'percent',
  percentage: 'percent',
  '%': 'percent',
  currency: 'currency',
  '£': 'currency',
  gbp: 'currency',
  pounds: 'currency',
  rate: 'rate',
  'rate per 1,000': 'rate',
  'rate per 10,000': 'rate',
  'rate per 100,000': 'rate',
};

export function readUnit(text: string): MetricUnit | null {
  const t = text.trim().toLowerCase();
  return UNIT_WORDS[t] ?? (t.startsWith('rate') ? 'rate' : t.startsWith('percent') ? 'percent' : null);
}
