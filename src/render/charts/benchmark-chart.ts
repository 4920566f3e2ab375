/**
 * A server-rendered, accessible SVG chart of one metric across a comparator group: a bar per council,
 * best first, this council's bar marked and named, the quartiles' edges and the median drawn.
 *
 * It follows the trend chart's approach (trend-chart.ts): one `<svg role="img">` labelled by its own
 * `<title>` and a `<desc>` that says the same in words; the page shows the same data in a table; no
 * inline styles (classes in styles/_benchmarking.scss); and nothing told by colour alone — this
 * council's bar is black where the others are grey, and it is also named above the bar, and the
 * quartiles are labelled in words. Pure and deterministic: coordinates rounded to one decimal place.
 */
import { escapeHtml as esc } from '../escape.js';

export interface BenchmarkChartInput {
  /** Unique prefix for the chart's element ids. */
  id: string;
  title: string;
  /** Best first. */
  bars: { name: string; value: number; us: boolean; rank: number }[];
  /** Formats a figure in the metric's unit: "11.2%". */
  format: (n: number) => string;
  /** The figure at each quartile's edge (best first), for the labels; null when n < 4. */
  quartileEdges: { top: number; second: number; third: number } | null;
  median: number | null;
  /** e.g. "lower is better". */
  direction: string;
}

const WIDTH = 640;
const HEIGHT = 300;
const FONT_SIZE = 12;
const CHAR_WIDTH = 7;
const TOP = 46;
const BOTTOM = HEIGHT - 34;
const RIGHT = WIDTH - 12;

const num = (n: number): string => {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
};

function ticks(lo: number, hi: number): number[] {
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Math.round(t / step) * step);
  if (out[out.length - 1]! < hi) out.push(out[out.length - 1]! + step);
  return out;
}

function describe(input: BenchmarkChartInput): string {
  const n = input.bars.length;
  const us = input.bars.find((b) => b.us);
  const best = input.bars[0];
  const parts = [`${n} councils, best first (${input.direction}).`];
  if (us) parts.push(`${us.name} is ranked ${us.rank} of ${n} with ${input.format(us.value)}.`);
  if (input.quartileEdges) parts.push(`The top quartile's edge is ${input.format(input.quartileEdges.top)}.`);
  if (input.median !== null) parts.push(`The median is ${input.format(input.median)}.`);
  if (best) parts.push(`The best is ${best.name} with ${input.format(best.value)}.`);
  return parts.join(' ');
}

/** The chart's SVG markup, or '' when there are no figures. */
export function benchmarkChart(input: BenchmarkChartInput): string {
  const bars = input.bars;
  const n = bars.length;
  if (n === 0) return '';
  const id = input.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const values = bars.map((b) => b.value);
  const t = ticks(Math.min(0, ...values), Math.max(0, ...values));
  const yMin = t[0]!;
  const yMax = t[t.length - 1]!;
  const labels = t.map((v) => input.format(v));
  const left = Math.max(44, Math.max(...labels.map((l) => l.length)) * CHAR_WIDTH + 14);
  const slot = (RIGHT - left) / n;
  const yAt = (v: number) => BOTTOM - ((v - yMin) / (yMax - yMin)) * (BOTTOM - TOP);
  const xAt = (i: number) => left + slot * i;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cairn-chart cairn-benchmark-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}"` +
      ` preserveAspectRatio="xMidYMid meet" width="100%" role="img" focusable="false"` +
      ` aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}">`,
    `<title id="${id}-title">${esc(input.title)}</title>`,
    `<desc id="${id}-desc">${esc(describe(input))}</desc>`,
    '<g class="cairn-chart__y-axis">',
  ];
  t.forEach((v, i) => {
    const y = num(yAt(v));
    parts.push(
      `<line class="cairn-chart__grid" x1="${num(left)}" y1="${y}" x2="${num(RIGHT)}" y2="${y}"/>`,
      `<text class="cairn-chart__text" x="${num(left - 8)}" y="${num(yAt(v) + 4)}" text-anchor="end">${esc(labels[i]!)}</text>`,
    );
  });
  parts.push('</g>');

  // Quartile bands: separators after places floor(q·n/4), and each quarter named along the top.
  if (n >= 4) {
    const edges = [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n];
    const names = ['Top quartile', '2nd', '3rd', 'Bottom quartile'];
    parts.push('<g class="cairn-benchmark-chart__quartiles">');
    for (let q = 0; q < 4; q++) {
      const x0 = xAt(edges[q]!);
      const x1 = xAt(edges[q + 1]!);
      if (q > 0)
        parts.push(
          `<line class="cairn-benchmark-chart__edge" x1="${num(x0)}" y1="${num(TOP - 14)}" x2="${num(x0)}" y2="${num(BOTTOM)}"/>`,
        );
      const label =
        x1 - x0 > names[q]!.length * CHAR_WIDTH ? names[q]! : x1 - x0 > 3 * CHAR_WIDTH ? `Q${q + 1}` : '';
      if (label)
        parts.push(
          `<text class="cairn-chart__text" x="${num((x0 + x1) / 2)}" y="${num(TOP - 20)}" text-anchor="middle">${esc(label)}</text>`,
        );
    }
    parts.push('</g>');
  }

  // Bars.
  const base = yAt(Math.max(yMin, Math.min(0, yMax)));
  parts.push('<g class="cairn-benchmark-chart__bars">');
  bars.forEach((b, i) => {
    const y = yAt(b.value);
    const w = Math.max(0.6, slot * 0.8);
    parts.push(
      `<rect class="cairn-benchmark-chart__bar${b.us ? ' cairn-benchmark-chart__bar--us' : ''}" x="${num(xAt(i) + (slot - w) / 2)}"` +
        ` y="${num(Math.min(y, base))}" width="${num(w)}" height="${num(Math.max(0.5, Math.abs(base - y)))}"/>`,
    );
  });
  parts.push('</g>');

  // The median.
  if (input.median !== null) {
    const y = num(yAt(input.median));
    parts.push(
      `<line class="cairn-benchmark-chart__median" x1="${num(left)}" y1="${y}" x2="${num(RIGHT)}" y2="${y}"/>`,
      `<text class="cairn-chart__text" x="${num(RIGHT)}" y="${num(yAt(input.median) - 5)}" text-anchor="end">Median ${esc(input.format(input.median))}</text>`,
    );
  }

  // This council, named above its bar with a pointer.
  const at = bars.findIndex((b) => b.us);
  if (at >= 0) {
    const b = bars[at]!;
    const cx = xAt(at) + slot / 2;
    const y = Math.min(yAt(b.value), base) - 6;
    const text = `${b.name}: ${input.format(b.value)} (rank ${b.rank})`;
    const half = (text.length * CHAR_WIDTH) / 2;
    const tx = Math.min(Math.max(cx, left + half), RIGHT - half);
    parts.push(
      `<path class="cairn-benchmark-chart__pointer" d="M${num(cx)},${num(y)} l-5,-8 h10 Z"/>`,
      `<text class="cairn-chart__text cairn-benchmark-chart__us-label" x="${num(tx)}" y="${num(y - 12)}" text-anchor="middle">${esc(text)}</text>`,
    );
  }

  // X axis: its ends say which way the councils run.
  parts.push(
    `<line class="cairn-chart__axis" x1="${num(left)}" y1="${num(BOTTOM)}" x2="${num(RIGHT)}" y2="${num(BOTTOM)}"/>`,
    `<text class="cairn-chart__text" x="${num(left)}" y="${num(BOTTOM + 20)}">Best</text>`,
    `<text class="cairn-chart__text" x="${num(RIGHT)}" y="${num(BOTTOM + 20)}" text-anchor="end">Worst</text>`,
    `<text class="cairn-chart__text" x="${num((left + RIGHT) / 2)}" y="${num(BOTTOM + 20)}" text-anchor="middle">${esc(`${n} councils, ranked`)}</text>`,
    '</svg>',
  );
  return parts.join('');
}
