/**
 * A server-rendered, accessible SVG statistical process control (XmR) chart: the values, the mean, the
 * upper and lower process limits (each group of a rebased series its own), and the target line or
 * trajectory.
 *
 * - One `<svg role="img">` labelled by its `<title>` and `<desc>`; the desc says in words the limits,
 *   how many points are special cause, and the variation and assurance. The page shows the same data,
 *   with the rule each flagged point broke, in a table beside it.
 * - No inline styles (the Content Security Policy forbids them): the `cairn-spc__*` classes in
 *   styles/_charts.scss colour it.
 * - Never colour alone: common cause is a small circle, improvement a square, concern a diamond,
 *   neither (a "within range" indicator) a triangle, each named in the legend.
 * - Pure and deterministic: no I/O, coordinates rounded to one decimal place.
 */
import { escapeHtml as esc } from '../escape.js';

export type SpcMarker = 'common' | 'improvement' | 'concern' | 'neutral';

export interface SpcChartPoint {
  /** Period label, e.g. 'Q1 2017-18'. */
  label: string;
  value: number;
  mean: number;
  lower: number;
  upper: number;
  /** Index of the point's group: a new group (rebase) starts new limit lines. */
  group: number;
  target: number | null;
  marker: SpcMarker;
}

export interface SpcChartInput {
  /** Unique prefix for the chart's element ids. */
  id: string;
  title: string;
  unit: 'number' | 'percent' | 'currency' | 'milestone';
  /** Oldest first. */
  points: SpcChartPoint[];
  /** "Common cause variation", "Special cause: concerning" … */
  variation: string;
  /** "Target consistently met" …, or null. */
  assurance: string | null;
}

const WIDTH = 640;
const HEIGHT = 300;
const FONT = 12;
const CHAR = 7;
const MARKER = 5;
const MAX_X_LABELS = 8;

const MARKER_WORD: Record<SpcMarker, string> = {
  common: 'Common cause',
  improvement: 'Special cause: improving',
  concern: 'Special cause: concerning',
  neutral: 'Special cause (neither better nor worse)',
};

export function spcChart(input: SpcChartInput): string {
  const points = input.points.filter((p) => Number.isFinite(p.value));
  if (points.length === 0) return '';
  const id = safeId(input.id);
  const n = points.length;
  const numbers = points.flatMap((p) => [p.value, p.mean, p.lower, p.upper, p.target]).filter(isNumber);
  const ticks = niceTicks(Math.min(...numbers), Math.max(...numbers));
  const labels = ticks.map((t) => figure(t, input.unit, decimalsOf(ticks)));
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;

  const legendItems: { key: string; text: string }[] = [
    { key: 'value', text: 'Value' },
    { key: 'mean', text: 'Mean' },
    { key: 'limit', text: 'Process limits' },
  ];
  if (points.some((p) => p.target !== null)) {
    const varies = new Set(points.map((p) => p.target).filter(isNumber)).size > 1;
    legendItems.push({ key: 'target', text: varies ? 'Target (trajectory)' : 'Target' });
  }
  for (const m of ['common', 'improvement', 'concern', 'neutral'] as SpcMarker[])
    if (points.some((p) => p.marker === m)) legendItems.push({ key: m, text: MARKER_WORD[m] });
  const legend = layoutLegend(legendItems);

  const left = Math.max(44, Math.max(...labels.map((l) => l.length)) * CHAR + 14);
  const right = WIDTH - 16;
  const top = legend.height + 14;
  const bottom = HEIGHT - 40;
  const slot = (right - left) / Math.max(1, n);
  const xAt = (i: number): number => left + slot * (i + 0.5);
  const yAt = (v: number): number => bottom - ((v - yMin) / (yMax - yMin || 1)) * (bottom - top);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cairn-chart cairn-spc" viewBox="0 0 ${WIDTH} ${HEIGHT}"` +
      ` preserveAspectRatio="xMidYMid meet" width="100%" role="img" focusable="false"` +
      ` aria-labelledby="${id}-title ${id}-desc" font-size="${FONT}">`,
    `<title id="${id}-title">${esc(input.title)}</title>`,
    `<desc id="${id}-desc">${esc(describe(input, points))}</desc>`,
    '<g class="cairn-chart__y-axis">',
  ];
  ticks.forEach((t, i) => {
    const y = num(yAt(t));
    parts.push(
      `<line class="cairn-chart__grid" x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}"/>`,
      `<text class="cairn-chart__text" x="${num(left - 8)}" y="${num(yAt(t) + 4)}" text-anchor="end">${esc(labels[i] ?? '')}</text>`,
    );
  });
  parts.push('</g><g class="cairn-chart__x-axis">');
  parts.push(
    `<line class="cairn-chart__axis" x1="${num(left)}" y1="${num(bottom)}" x2="${num(right)}" y2="${num(bottom)}"/>`,
  );
  const labelWidth = Math.max(...points.map((p) => p.label.length)) * CHAR;
  const every = Math.max(
    1,
    Math.ceil(n / Math.max(1, Math.min(MAX_X_LABELS, Math.floor((right - left) / (labelWidth + 10))))),
  );
  for (let i = 0; i < n; i += every) {
    const p = points[i] as SpcChartPoint;
    const x = xAt(i);
    const half = (p.label.length * CHAR) / 2;
    const tx = Math.min(Math.max(x, half + 2), WIDTH - half - 2);
    parts.push(
      `<line class="cairn-chart__axis" x1="${num(x)}" y1="${num(bottom)}" x2="${num(x)}" y2="${num(bottom + 5)}"/>`,
      `<text class="cairn-chart__text" x="${num(tx)}" y="${num(bottom + 20)}" text-anchor="middle">${esc(p.label)}</text>`,
    );
  }
  parts.push('</g>');

  // Mean and limits: one set of lines per group, across its points.
  parts.push('<g class="cairn-spc__limits">');
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && points[end + 1]?.group === points[start]?.group) end++;
    const g = points[start] as SpcChartPoint;
    const x1 = num(xAt(start) - slot / 2);
    const x2 = num(xAt(end) + slot / 2);
    parts.push(
      `<line class="cairn-spc__limit" x1="${x1}" y1="${num(yAt(g.upper))}" x2="${x2}" y2="${num(yAt(g.upper))}"/>`,
      `<line class="cairn-spc__limit" x1="${x1}" y1="${num(yAt(g.lower))}" x2="${x2}" y2="${num(yAt(g.lower))}"/>`,
      `<line class="cairn-spc__mean" x1="${x1}" y1="${num(yAt(g.mean))}" x2="${x2}" y2="${num(yAt(g.mean))}"/>`,
    );
    start = end + 1;
  }
  parts.push('</g>');

  // Target: a step line where it has one.
  const target: string[] = [];
  points.forEach((p, i) => {
    if (p.target === null) return;
    const y = num(yAt(p.target));
    const prev = points[i - 1];
    const move = prev && prev.target !== null ? 'L' : 'M';
    target.push(`${move}${num(xAt(i) - slot / 2)},${y}L${num(xAt(i) + slot / 2)},${y}`);
  });
  if (target.length) parts.push(`<path class="cairn-spc__target" d="${target.join('')}"/>`);

  parts.push(
    `<path class="cairn-chart__line cairn-spc__line" d="${points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(xAt(i))},${num(yAt(p.value))}`).join('')}"/>`,
  );
  parts.push('<g class="cairn-spc__points">');
  points.forEach((p, i) => parts.push(marker(p.marker, xAt(i), yAt(p.value))));
  parts.push('</g>');

  parts.push('<g class="cairn-chart__legend">');
  for (const item of legend.items) parts.push(legendEntry(item));
  parts.push('</g></svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function marker(kind: SpcMarker, x: number, y: number, size = MARKER): string {
  const cls = `cairn-spc__marker cairn-spc__marker--${kind}`;
  const poly = (pts: [number, number][]) =>
    `<polygon class="${cls}" points="${pts.map(([a, b]) => `${num(a)},${num(b)}`).join(' ')}"/>`;
  switch (kind) {
    case 'common':
      return `<circle class="${cls}" cx="${num(x)}" cy="${num(y)}" r="${num(size * 0.7)}"/>`;
    case 'improvement':
      return `<rect class="${cls}" x="${num(x - size)}" y="${num(y - size)}" width="${num(2 * size)}" height="${num(2 * size)}"/>`;
    case 'concern': {
      const d = size * 1.35;
      return poly([
        [x, y - d],
        [x + d, y],
        [x, y + d],
        [x - d, y],
      ]);
    }
    case 'neutral':
      return poly([
        [x, y - size * 1.3],
        [x + size * 1.2, y + size * 0.9],
        [x - size * 1.2, y + size * 0.9],
      ]);
  }
}

interface Placed {
  key: string;
  text: string;
  x: number;
  y: number;
}

function layoutLegend(items: { key: string; text: string }[]): { items: Placed[]; height: number } {
  const placed: Placed[] = [];
  let x = 8;
  let y = 14;
  for (const item of items) {
    const w = 26 + item.text.length * CHAR + 14;
    if (x + w > WIDTH - 8 && x > 8) {
      x = 8;
      y += 20;
    }
    placed.push({ ...item, x, y });
    x += w;
  }
  return { items: placed, height: y + 6 };
}

function legendEntry(item: Placed): string {
  const cx = item.x + 11;
  const cy = item.y - 4;
  let swatch: string;
  if (item.key === 'value')
    swatch = `<line class="cairn-chart__line" x1="${item.x}" y1="${cy}" x2="${item.x + 22}" y2="${cy}"/>`;
  else if (item.key === 'mean')
    swatch = `<line class="cairn-spc__mean" x1="${item.x}" y1="${cy}" x2="${item.x + 22}" y2="${cy}"/>`;
  else if (item.key === 'limit')
    swatch = `<line class="cairn-spc__limit" x1="${item.x}" y1="${cy}" x2="${item.x + 22}" y2="${cy}"/>`;
  else if (item.key === 'target')
    swatch = `<line class="cairn-spc__target" x1="${item.x}" y1="${cy}" x2="${item.x + 22}" y2="${cy}"/>`;
  else swatch = marker(item.key as SpcMarker, cx, cy);
  return `${swatch}<text class="cairn-chart__text" x="${item.x + 28}" y="${item.y}">${esc(item.text)}</text>`;
}

function describe(input: SpcChartInput, points: SpcChartPoint[]): string {
  const first = points[0] as SpcChartPoint;
  const last = points[points.length - 1] as SpcChartPoint;
  const flagged = points.filter((p) => p.marker !== 'common').length;
  const groups = new Set(points.map((p) => p.group)).size;
  const d = decimalsOf(points.map((p) => p.value));
  const f = (v: number) => figure(v, input.unit, Math.min(3, d + 1));
  const out = [
    `${points.length} points from ${first.label} to ${last.label}.`,
    groups > 1
      ? `The limits are recalculated ${groups - 1} time${groups === 2 ? '' : 's'}; the latest mean is ${f(last.mean)}, limits ${f(last.lower)} to ${f(last.upper)}.`
      : `Mean ${f(last.mean)}, process limits ${f(last.lower)} to ${f(last.upper)}.`,
    flagged === 0
      ? 'No point shows special cause variation.'
      : `${flagged} of ${points.length} points show special cause variation.`,
    `Variation: ${input.variation}.`,
  ];
  if (input.assurance) out.push(`Assurance: ${input.assurance}.`);
  return out.join(' ');
}

function niceTicks(lo: number, hi: number): number[] {
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag;
  const start = Math.floor(lo / step) * step;
  const out: number[] = [];
  for (let t = start; t < hi + step * 0.999; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function decimalsOf(xs: number[]): number {
  let d = 0;
  for (const x of xs) {
    const s = String(Number(x.toPrecision(10)));
    const i = s.indexOf('.');
    if (i >= 0) d = Math.max(d, Math.min(3, s.length - i - 1));
  }
  return d;
}

function figure(v: number, unit: SpcChartInput['unit'], decimals: number): string {
  const abs = Math.abs(v).toFixed(decimals);
  const [whole = '0', frac] = abs.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = frac ? `${grouped}.${frac}` : grouped;
  const sign = v < 0 && Number(abs) !== 0 ? '−' : '';
  if (unit === 'percent') return `${sign}${body}%`;
  if (unit === 'currency') return `${sign}£${body}`;
  return `${sign}${body}`;
}

function num(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

function safeId(id: string): string {
  const s = String(id).replace(/[^A-Za-z0-9_.:-]/g, '-');
  return esc(/^[A-Za-z_]/.test(s) ? s : `chart-${s}`);
}

/** The variation or assurance badge: a small shape and the words, never the shape alone. */
export function spcBadge(kind: 'variation' | 'assurance', key: string, label: string): string {
  const shape =
    kind === 'variation'
      ? marker(
          key === 'improvement'
            ? 'improvement'
            : key === 'concern'
              ? 'concern'
              : key.startsWith('neutral')
                ? 'neutral'
                : 'common',
          8,
          8,
          5,
        )
      : key === 'consistently-met'
        ? '<circle class="cairn-spc__assure cairn-spc__assure--met" cx="8" cy="8" r="6"/><path class="cairn-spc__tick" d="M5,8.5L7.2,10.5L11,6"/>'
        : key === 'consistently-failed'
          ? '<circle class="cairn-spc__assure cairn-spc__assure--failed" cx="8" cy="8" r="6"/><path class="cairn-spc__tick" d="M5.5,5.5L10.5,10.5M10.5,5.5L5.5,10.5"/>'
          : '<circle class="cairn-spc__assure cairn-spc__assure--mixed" cx="8" cy="8" r="6"/><path class="cairn-spc__tick" d="M4.5,8L11.5,8"/>';
  return (
    `<span class="cairn-spc-badge cairn-spc-badge--${esc(key)}">` +
    `<svg class="cairn-spc-badge__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${shape}</svg>` +
    `<span class="cairn-spc-badge__text">${esc(label)}</span></span>`
  );
}
