/**
 * A server-rendered, accessible SVG line chart of an indicator's values against its target over time.
 *
 * - One `<svg role="img">` labelled by its own `<title>` and `<desc>`; the desc says in words how many
 *   periods there are and how the latest figure compares with its target. The page shows the same data
 *   in a table beside it.
 * - No inline styles (the Content Security Policy forbids them): colours and strokes come from the
 *   `cairn-chart__*` classes in styles/_charts.scss; only geometry and a few safe fallbacks are attributes.
 * - Ratings are never shown by colour alone: Red is a triangle, Amber a diamond, Green a circle and a
 *   figure with no rating a hollow square.
 * - Pure and deterministic: no I/O, coordinates rounded to one decimal place.
 */
import { escapeHtml as esc } from '../escape.js';

export interface TrendPoint {
  /** Period label, e.g. 'Q1 2017-18'. */
  label: string;
  /** The actual figure; null = no figure (a gap in the line and no marker). */
  value: number | null;
  /** The numeric target for the period; null = none. */
  target: number | null;
  /** For range targets such as 93-95%: the bounds, drawn as a band. `target` may then be null. */
  targetLow?: number | null;
  targetHigh?: number | null;
  rating: 'red' | 'amber' | 'green' | null;
}

export interface TrendChartInput {
  /** Unique prefix for the chart's element ids. */
  id: string;
  title: string;
  unit: 'number' | 'percent' | 'currency' | 'milestone';
  /** Oldest first. */
  points: TrendPoint[];
}

type Unit = TrendChartInput['unit'];
type Rating = TrendPoint['rating'];

// Geometry, in viewBox units.
const WIDTH = 640;
const HEIGHT = 280;
const FONT_SIZE = 12;
/** A generous estimate of the width of one character at FONT_SIZE, for laying out text without a font. */
const CHAR_WIDTH = 7;
const MARGIN_RIGHT = 16;
const MARGIN_BOTTOM = 40;
const LEGEND_ROW = 20;
const MARKER = 5;
const MAX_X_LABELS = 8;

const RATING_WORD: Record<Exclude<Rating, null>, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

/** Renders the chart as SVG markup, or '' when no point has a value or a target. */
export function trendChart(input: TrendChartInput): string {
  const points = input.points.map(clean);
  const numbers = points.flatMap((p) => [p.value, p.target, p.low, p.high]).filter(isNumber);
  if (numbers.length === 0) return '';

  const id = safeId(input.id);
  const unit = input.unit;
  const n = points.length;

  // Y scale: nice ticks over the data, the targets and zero.
  const ticks = niceTicks(Math.min(0, ...numbers), Math.max(0, ...numbers));
  const tickLabels = axisLabels(ticks, unit);
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;

  // Legend first: it decides where the plot starts.
  const hasValues = points.some((p) => p.value !== null);
  const legendItems: LegendItem[] = [];
  if (hasValues) legendItems.push({ key: 'actual', text: 'Actual' });
  if (points.some((p) => p.target !== null)) legendItems.push({ key: 'target', text: 'Target' });
  if (points.some((p) => p.low !== null)) legendItems.push({ key: 'band', text: 'Target range' });
  if (hasValues) {
    legendItems.push(
      { key: 'red', text: 'Red' },
      { key: 'amber', text: 'Amber' },
      { key: 'green', text: 'Green' },
    );
    if (points.some((p) => p.value !== null && p.rating === null)) {
      legendItems.push({ key: 'none', text: 'Not rated' });
    }
  }
  const legend = layoutLegend(legendItems);

  const left = Math.max(40, Math.max(...tickLabels.map((l) => l.length)) * CHAR_WIDTH + 14);
  const right = WIDTH - MARGIN_RIGHT;
  const top = legend.height + 14;
  const bottom = HEIGHT - MARGIN_BOTTOM;
  const slot = (right - left) / Math.max(1, n);
  const xAt = (i: number): number => left + slot * (i + 0.5);
  const yAt = (v: number): number => bottom - ((v - yMin) / (yMax - yMin)) * (bottom - top);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="cairn-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}"` +
      ` preserveAspectRatio="xMidYMid meet" width="100%" role="img" focusable="false"` +
      ` aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}">`,
    `<title id="${id}-title">${esc(input.title)}</title>`,
    `<desc id="${id}-desc">${esc(describe(points, unit))}</desc>`,
  );

  // Grid and y-axis labels.
  parts.push('<g class="cairn-chart__y-axis">');
  ticks.forEach((t, i) => {
    const y = num(yAt(t));
    parts.push(
      `<line class="cairn-chart__grid" x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}"/>`,
      `<text class="cairn-chart__text" x="${num(left - 8)}" y="${num(yAt(t) + 4)}" text-anchor="end">` +
        `${esc(tickLabels[i] ?? '')}</text>`,
    );
  });
  if (yMin < 0) {
    const y = num(yAt(0));
    parts.push(`<line class="cairn-chart__axis" x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}"/>`);
  }
  parts.push('</g>');

  // X axis: a baseline, and thinned period labels that do not overlap.
  parts.push('<g class="cairn-chart__x-axis">');
  parts.push(
    `<line class="cairn-chart__axis" x1="${num(left)}" y1="${num(bottom)}" x2="${num(right)}" y2="${num(bottom)}"/>`,
  );
  const labelWidth = Math.max(...points.map((p) => p.label.length), 1) * CHAR_WIDTH;
  for (const i of xLabelIndexes(n, slot, labelWidth, right - left)) {
    const p = points[i];
    if (!p) continue;
    const x = xAt(i);
    const half = (p.label.length * CHAR_WIDTH) / 2;
    const tx = Math.min(Math.max(x, half + 2), WIDTH - half - 2);
    parts.push(
      `<line class="cairn-chart__axis" x1="${num(x)}" y1="${num(bottom)}" x2="${num(x)}" y2="${num(bottom + 5)}"/>`,
      `<text class="cairn-chart__text" x="${num(tx)}" y="${num(bottom + 20)}" text-anchor="middle">` +
        `${esc(p.label)}</text>`,
    );
  }
  parts.push('</g>');

  // Target range band, with dashed edges so it does not rely on a pale fill.
  for (const run of runs(points, (p) => p.low !== null)) {
    const upper = run.flatMap((i) => {
      const y = yAt(points[i]?.high ?? 0);
      return [`${num(xAt(i) - slot / 2)},${num(y)}`, `${num(xAt(i) + slot / 2)},${num(y)}`];
    });
    const lower = [...run].reverse().flatMap((i) => {
      const y = yAt(points[i]?.low ?? 0);
      return [`${num(xAt(i) + slot / 2)},${num(y)}`, `${num(xAt(i) - slot / 2)},${num(y)}`];
    });
    parts.push(`<path class="cairn-chart__band" d="M${[...upper, ...lower].join(' L')} Z"/>`);
    for (const bound of ['low', 'high'] as const) {
      const d = stepPath(run, (i) => yAt(points[i]?.[bound] ?? 0), xAt, slot);
      parts.push(`<path class="cairn-chart__target cairn-chart__target--range" fill="none" d="${d}"/>`);
    }
  }

  // Target line, stepping per period.
  for (const run of runs(points, (p) => p.target !== null)) {
    const d = stepPath(run, (i) => yAt(points[i]?.target ?? 0), xAt, slot);
    parts.push(`<path class="cairn-chart__target" fill="none" d="${d}"/>`);
  }

  // Actual values: one path per unbroken run, then a marker per figure.
  for (const run of runs(points, (p) => p.value !== null)) {
    if (run.length < 2) continue;
    const d = run.map((i, k) => `${k === 0 ? 'M' : 'L'}${num(xAt(i))},${num(yAt(points[i]?.value ?? 0))}`);
    parts.push(`<path class="cairn-chart__line" fill="none" d="${d.join(' ')}"/>`);
  }
  points.forEach((p, i) => {
    if (p.value !== null) parts.push(marker(p.rating, xAt(i), yAt(p.value)));
  });

  // Legend.
  parts.push('<g class="cairn-chart__legend">');
  for (const item of legend.items) parts.push(legendEntry(item));
  parts.push('</g>');

  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Data

interface CleanPoint {
  label: string;
  value: number | null;
  target: number | null;
  /** Both bounds of a range target, low ≤ high, or both null. */
  low: number | null;
  high: number | null;
  rating: Rating;
}

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Non-finite figures count as missing; a range needs both bounds, or its one bound is the target. */
function clean(p: TrendPoint): CleanPoint {
  const value = isNumber(p.value) ? p.value : null;
  let target = isNumber(p.target) ? p.target : null;
  const a = isNumber(p.targetLow) ? p.targetLow : null;
  const b = isNumber(p.targetHigh) ? p.targetHigh : null;
  let low: number | null = null;
  let high: number | null = null;
  if (a !== null && b !== null) {
    low = Math.min(a, b);
    high = Math.max(a, b);
  } else if (target === null) {
    target = a ?? b;
  }
  const rating = p.rating === 'red' || p.rating === 'amber' || p.rating === 'green' ? p.rating : null;
  return { label: String(p.label), value, target, low, high, rating };
}

/** Indexes of consecutive points that pass the test, in runs. */
function runs(points: CleanPoint[], has: (p: CleanPoint) => boolean): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  points.forEach((p, i) => {
    if (has(p)) {
      current.push(i);
    } else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** A line across each period's slot, stepping up or down where the figure changes. */
function stepPath(run: number[], y: (i: number) => number, x: (i: number) => number, slot: number): string {
  const first = run[0] ?? 0;
  const last = run[run.length - 1] ?? 0;
  let d = `M${num(x(first) - slot / 2)},${num(y(first))}`;
  for (let k = 1; k < run.length; k++) {
    const prev = run[k - 1] ?? 0;
    const i = run[k] ?? 0;
    if (num(y(i)) !== num(y(prev))) d += ` H${num(x(i) - slot / 2)} V${num(y(i))}`;
  }
  return `${d} H${num(x(last) + slot / 2)}`;
}

// ---------------------------------------------------------------------------------------------
// Scale and axis labels

/** About five round steps (1, 2, 2.5 or 5 × a power of ten) covering lo..hi. */
function niceTicks(lo: number, hi: number): number[] {
  if (hi === lo) hi = lo + 1;
  const rough = (hi - lo) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
  const decimals = decimalsOf(step);
  const start = Math.floor(lo / step + 1e-9);
  const end = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = start; k <= end; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

/** How many decimal places a number needs (up to 10). */
function decimalsOf(x: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = Math.abs(x) * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return 10;
}

/** Tick labels with one number of decimals across the axis; currency in millions as '£1.5m'. */
function axisLabels(ticks: number[], unit: Unit): string[] {
  const step = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : 1;
  const biggest = Math.max(...ticks.map(Math.abs));
  if (unit === 'currency' && biggest >= 1_000_000) {
    const decimals = decimalsOf(step / 1_000_000);
    return ticks.map((t) => withSign(t, (a) => `£${group((a / 1_000_000).toFixed(decimals))}m`));
  }
  const decimals = decimalsOf(step);
  return ticks.map((t) => figure(t, unit, decimals));
}

/** A figure with its unit, to a fixed number of decimals: '67%', '12,000', '£1,200', '-£5'. */
function figure(v: number, unit: Unit, decimals: number): string {
  return withSign(v, (a) => {
    const s = group(a.toFixed(decimals));
    return unit === 'percent' ? `${s}%` : unit === 'currency' ? `£${s}` : s;
  });
}

/** A figure as it is, to at most two decimals: 67.25 → '67.25%', 12000 → '12,000'. */
function figureAsIs(v: number, unit: Unit): string {
  return figure(v, unit, Math.min(2, decimalsOf(Number(v.toFixed(2)))));
}

function withSign(v: number, format: (abs: number) => string): string {
  const s = format(Math.abs(v));
  return v < 0 && /[1-9]/.test(s) ? `-${s}` : s;
}

function group(s: string): string {
  const [int = '', frac] = s.split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
}

/**
 * Which period labels to show: all of them when they fit, otherwise every k-th, always the first and
 * the last, dropping the one before the last if the two would collide.
 */
function xLabelIndexes(n: number, slot: number, labelWidth: number, plotWidth: number): number[] {
  if (n === 0) return [];
  const gap = labelWidth + 10;
  const fit = Math.max(2, Math.min(MAX_X_LABELS, Math.floor(plotWidth / gap)));
  if (n <= fit) return Array.from({ length: n }, (_, i) => i);
  const every = Math.ceil((n - 1) / (fit - 1));
  const shown: number[] = [];
  for (let i = 0; i < n - 1; i += every) shown.push(i);
  while (shown.length > 1 && (n - 1 - (shown[shown.length - 1] ?? 0)) * slot < gap) shown.pop();
  shown.push(n - 1);
  return shown;
}

// ---------------------------------------------------------------------------------------------
// Markers and legend

/** A rating's shape: triangle (Red), diamond (Amber), circle (Green), hollow square (not rated). */
function marker(rating: Rating, x: number, y: number): string {
  const cls = `cairn-chart__marker cairn-chart__marker--${rating ?? 'none'}`;
  const s = MARKER;
  switch (rating) {
    case 'red': {
      const pts = [
        [x, y - s * 1.25],
        [x + s * 1.2, y + s * 0.85],
        [x - s * 1.2, y + s * 0.85],
      ];
      return `<polygon class="${cls}" points="${pts.map(([a = 0, b = 0]) => `${num(a)},${num(b)}`).join(' ')}"/>`;
    }
    case 'amber': {
      const d = s * 1.3;
      const pts = [
        [x, y - d],
        [x + d, y],
        [x, y + d],
        [x - d, y],
      ];
      return `<polygon class="${cls}" points="${pts.map(([a = 0, b = 0]) => `${num(a)},${num(b)}`).join(' ')}"/>`;
    }
    case 'green':
      return `<circle class="${cls}" cx="${num(x)}" cy="${num(y)}" r="${s}"/>`;
    default:
      return (
        `<rect class="${cls}" fill="none" x="${num(x - s + 0.5)}" y="${num(y - s + 0.5)}"` +
        ` width="${num(2 * s - 1)}" height="${num(2 * s - 1)}"/>`
      );
  }
}

type LegendKey = 'actual' | 'target' | 'band' | 'red' | 'amber' | 'green' | 'none';
interface LegendItem {
  key: LegendKey;
  text: string;
}
interface PlacedItem extends LegendItem {
  x: number;
  y: number;
}

const SWATCH = 22;

/** Left to right across the top, wrapping to a new row when one is full. */
function layoutLegend(items: LegendItem[]): { items: PlacedItem[]; height: number } {
  const placed: PlacedItem[] = [];
  let x = 8;
  let row = 0;
  for (const item of items) {
    const swatch = item.key === 'actual' || item.key === 'target' || item.key === 'band' ? SWATCH : 12;
    const width = swatch + 6 + item.text.length * CHAR_WIDTH;
    if (x > 8 && x + width > WIDTH - 8) {
      x = 8;
      row++;
    }
    placed.push({ ...item, x, y: 14 + row * LEGEND_ROW });
    x += width + 16;
  }
  return { items: placed, height: placed.length === 0 ? 0 : 14 + row * LEGEND_ROW + 8 };
}

function legendEntry(item: PlacedItem): string {
  const { x, y } = item;
  let swatch: string;
  let textX: number;
  switch (item.key) {
    case 'actual':
      swatch = `<path class="cairn-chart__line" fill="none" d="M${num(x)},${num(y)} H${num(x + SWATCH)}"/>`;
      textX = x + SWATCH + 6;
      break;
    case 'target':
      swatch = `<path class="cairn-chart__target" fill="none" d="M${num(x)},${num(y)} H${num(x + SWATCH)}"/>`;
      textX = x + SWATCH + 6;
      break;
    case 'band':
      swatch =
        `<rect class="cairn-chart__band" x="${num(x)}" y="${num(y - 5)}" width="${SWATCH}" height="10"/>` +
        `<path class="cairn-chart__target cairn-chart__target--range" fill="none"` +
        ` d="M${num(x)},${num(y - 5)} H${num(x + SWATCH)} M${num(x)},${num(y + 5)} H${num(x + SWATCH)}"/>`;
      textX = x + SWATCH + 6;
      break;
    default:
      swatch = marker(item.key === 'none' ? null : item.key, x + 6, y);
      textX = x + 18;
  }
  return `${swatch}<text class="cairn-chart__text" x="${num(textX)}" y="${num(y + 4)}">${esc(item.text)}</text>`;
}

// ---------------------------------------------------------------------------------------------
// Description

/** In words: the periods covered, the latest figure against its target, and any missing figures. */
function describe(points: CleanPoint[], unit: Unit): string {
  const n = points.length;
  const first = points[0];
  const last = points[n - 1];
  if (!first || !last) return '';
  const sentences: string[] = [
    n === 1 ? `1 period: ${first.label}.` : `${n} periods from ${first.label} to ${last.label}.`,
  ];

  const latest = [...points].reverse().find((p) => p.value !== null);
  if (latest && latest.value !== null) {
    let s = `Latest, ${latest.label}: ${figureAsIs(latest.value, unit)}`;
    if (latest.low !== null && latest.high !== null) {
      s += ` against a target range of ${figureAsIs(latest.low, unit)} to ${figureAsIs(latest.high, unit)}`;
    } else if (latest.target !== null) {
      s += ` against a target of ${figureAsIs(latest.target, unit)}`;
    } else {
      s += ' with no target';
    }
    s += latest.rating ? `, rated ${RATING_WORD[latest.rating]}.` : ', not rated.';
    sentences.push(s);
  } else {
    sentences.push('No figures yet.');
  }

  const missing = points.filter((p) => p.value === null).length;
  if (latest && missing > 0) {
    sentences.push(missing === 1 ? 'No figure for 1 period.' : `No figures for ${missing} periods.`);
  }
  return sentences.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Output helpers

/** A coordinate rounded to one decimal place, never '-0'. */
function num(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** An id usable in an IDREF list: no spaces or markup characters. */
function safeId(id: string): string {
  const s = String(id).replace(/[^A-Za-z0-9_.:-]/g, '-');
  return esc(/^[A-Za-z_]/.test(s) ? s : `chart-${s}`);
}
