/**
 * Checking a benchmarking file row by row, as it streams past: each row's council (through the name
 * lookup), metric, period and figure, under the mapping chosen for the file. A good row becomes a
 * figure (or, for a country, a region or an average, a published comparator average); a bad one a
 * Problem with its row and column. Duplicates — the same council, metric and period twice — are found
 * with one small bitmap per metric and period, so memory stays flat however long the file is.
 *
 * Pure: rows go in, figures and problems come out.
 */
import type { AreaDirectory } from './benchmark-areas.js';
import { ownString } from './own-string.js';
import { areaProblem } from './benchmark-areas.js';
import {
  FIELD_LABEL,
  periodMessage,
  readBenchmarkPeriod,
  readFigureCell,
  readPolarity,
  readUnit,
  type MetricUnit,
  type ResolvedMapping,
} from './benchmark-mapping.js';
import type { MetricPolarity } from './benchmark-stats.js';
import type { Period } from './periods.js';
import type { Problem } from './problem.js';

export interface CheckedFigure {
  metric: string;
  periodCode: string;
  councilId: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface CheckedAverage {
  metric: string;
  periodCode: string;
  label: string;
  value: number;
}

export interface MetricSeen {
  code: string;
  title: string;
  polarity: MetricPolarity | null;
  unit: MetricUnit | null;
  /** The first row it was on, for a problem about it. */
  row: number;
}

/** What Cairn already knows of a source's metrics (by code): whether a new one needs a polarity. */
export type KnownMetrics = ReadonlyMap<string, { polarity: string; unit: string }>;

/** The most problems kept (and so listed); the rest are counted. */
export const MAX_KEPT_PROBLEMS = 200;

export class BenchmarkRowChecker {
  readonly problems: Problem[] = [];
  problemCount = 0;
  rows = 0;
  figures = 0;
  averages = 0;
  /** Rows whose value cell held no figure ("..", "c", blank): left out. */
  noFigure = 0;
  readonly metrics = new Map<string, MetricSeen>();
  readonly periods = new Set<string>();
  private readonly seen = new Map<string, Uint8Array>();
  private readonly periodCache = new Map<string, Period | null>();

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly directory: AreaDirectory,
    private readonly known: KnownMetrics,
    private readonly sheet: string,
    private readonly headers: readonly string[],
  ) {}

  private problem(row: number, column: number | null, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_KEPT_PROBLEMS)
      this.problems.push({
        sheet: this.sheet,
        row,
        ...(column !== null ? { column: this.headers[column] || `column ${column + 1}` } : {}),
        message: ownString(message),
      });
  }

  private period(text: string): Period | null {
    let p = this.periodCache.get(text);
    if (p === undefined) {
      p = readBenchmarkPeriod(text);
      if (this.periodCache.size < 10_000) this.periodCache.set(text, p);
    }
    return p;
  }

  /** Checks one row; good figures go to `out`, averages to `averages`. */
  check(row: number, cells: readonly string[], out: CheckedFigure[], averages: CheckedAverage[]): void {
    const m = this.mapping;
    this.rows++;
    const cell = (i: number | null) => (i === null ? '' : (cells[i] ?? '').trim());
    const areaText = cell(m.area);
    const code = cell(m.metricCode) || m.fixed.metricCode || cell(m.metricTitle);
    const title = cell(m.metricTitle) || m.fixed.metricTitle || code;
    if (!areaText && !code && cells.every((c) => !c || !c.trim())) {
      this.rows--;
      return;
    }
    let bad = false;
    if (!areaText) {
      this.problem(row, m.area, 'the council is blank: write its GSS code or name');
      bad = true;
    }
    if (!code) {
      this.problem(row, m.metricCode ?? m.metricTitle, 'the metric is blank');
      bad = true;
    }
    const periods: { period: Period; text: string; index: number | null }[] = [];
    if (m.periodColumns.length) {
      for (const pc of m.periodColumns)
        periods.push({ period: pc.period, text: cell(pc.index), index: pc.index });
    } else {
      const periodText = m.period === null ? null : cell(m.period);
      const p = periodText === null ? m.fixed.period : this.period(periodText);
      if (!p) {
        this.problem(row, m.period, periodText ? periodMessage(periodText) : 'the period is blank');
        bad = true;
      } else periods.push({ period: p, text: cell(m.value), index: m.value });
    }
    if (bad) return;

    const first = periods[0]!.period;
    const area = this.directory.match(areaText, first.start);
    const areaMessage = areaProblem(areaText, area);
    if (areaMessage) return this.problem(row, m.area, areaMessage);

    let metric = this.metrics.get(code);
    if (!metric) {
      const polarity = m.polarity === null ? m.fixed.polarity : readPolarity(cell(m.polarity));
      const unit = m.unit === null ? m.fixed.unit : readUnit(cell(m.unit));
      if (m.polarity !== null && cell(m.polarity) && !polarity)
        this.problem(
          row,
          m.polarity,
          `"${cell(m.polarity)}" is not a direction: write higher, lower or middle`,
        );
      if (m.unit !== null && cell(m.unit) && !unit)
        this.problem(row, m.unit, `"${cell(m.unit)}" is not a unit: write number, percent, currency or rate`);
      metric = {
        code: ownString(code),
        title: ownString(title),
        polarity: polarity ?? null,
        unit: unit ?? null,
        row,
      };
      this.metrics.set(metric.code, metric);
      if (!this.known.has(code) && !metric.polarity)
        this.problem(
          row,
          m.polarity,
          `Cairn does not know metric "${code}" yet: say whether higher or lower is better (a "${FIELD_LABEL.polarity}" column, or a choice for the whole file)`,
        );
    }

    for (const { period, text, index } of periods) {
      const figure = readFigureCell(text);
      if (figure.kind === 'bad') {
        this.problem(row, index, `"${text}" is not a figure: write a number such as 11.2, or leave it blank`);
        continue;
      }
      if (area.kind === 'aggregate') {
        if (figure.kind === 'figure') {
          averages.push({
            metric: metric.code,
            periodCode: period.code,
            label: ownString(areaText),
            value: figure.value,
          });
          this.averages++;
        }
        continue;
      }
      if (figure.kind === 'none') {
        this.noFigure++;
        continue;
      }
      const numerator = this.optional(row, m.numerator, cell(m.numerator));
      const denominator = this.optional(row, m.denominator, cell(m.denominator));
      if (numerator === undefined || denominator === undefined) continue;
      const councilId = (area as { council: { id: number } }).council.id;
      const key = `${code}\u0000${period.code}`;
      let bits = this.seen.get(key);
      if (!bits) {
        bits = new Uint8Array(128);
        this.seen.set(key, bits);
      }
      if (councilId >= bits.length * 8) {
        const grown = new Uint8Array(Math.ceil((councilId + 1) / 8) * 2);
        grown.set(bits);
        bits = grown;
        this.seen.set(key, bits);
      }
      const byte = councilId >> 3;
      const bit = 1 << (councilId & 7);
      if (bits[byte]! & bit) {
        this.problem(
          row,
          m.area,
          `${areaText} already has a figure for ${code} in ${period.label} earlier in the file: give each council one figure per metric and period`,
        );
        continue;
      }
      bits[byte] = bits[byte]! | bit;
      this.periods.add(period.code);
      out.push({
        metric: metric.code,
        periodCode: period.code,
        councilId,
        value: figure.value,
        numerator,
        denominator,
      });
      this.figures++;
      if (m.average !== null) {
        const avg = readFigureCell(cell(m.average));
        if (avg.kind === 'figure')
          averages.push({
            metric: metric.code,
            periodCode: period.code,
            label: m.averageLabel ?? 'Average',
            value: avg.value,
          });
      }
    }
  }

  /** A numerator or denominator: null when blank, undefined (and a problem) when unreadable. */
  private optional(row: number, index: number | null, text: string): number | null | undefined {
    if (index === null || !text) return null;
    const f = readFigureCell(text);
    if (f.kind === 'figure') return f.value;
    if (f.kind === 'none') return null;
    this.problem(row, index, `"${text}" is not a number`);
    return undefined;
  }
}
