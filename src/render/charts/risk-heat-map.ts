/**
 * A server-rendered, accessible SVG heat map of residual risk scores (issue 14): a likelihood ×
 * impact grid, most likely at the top, with the number of risks in each cell and, beneath it, arrows
 * with counts for the movement since last quarter (↑ rose, ↓ fell, → no change, • new).
 *
 * As the other charts (trend-chart.ts): one `<svg role="img">` labelled by its own `<title>` and a
 * `<desc>` that says the same in words; the page and the report show the same data in a table; no
 * inline styles (classes in web/styles/_risk.scss and render/style.ts); and nothing told by colour
 * alone — each cell prints its score's band as a letter as well as its shade, and the counts and
 * arrows are text. Pure and deterministic.
 */
import { escapeHtml as esc } from '../escape.js';

export interface HeatMapChartInput {
  /** Unique prefix for the chart's element ids. */
  id: string;
  title: string;
  size: number;
  likelihood: string[];
  impact: string[];
  bands: { name: string }[];
  cells: {
    likelihood: number;
    impact: number;
    score: number;
    level: string;
    levelIndex: number;
    count: number;
    up: number;
    down: number;
    same: number;
    new: number;
  }[];
}

const CELL = 72;
const LEFT = 132;
const TOP = 12;
const FONT = 12;

/** A band's shade, from 0 (least severe) to 4 (most), whatever the number of bands. */
export function severityClass(index: number, bands: number): string {
  const shade = bands <= 1 ? 0 : Math.round((index * 4) / (bands - 1));
  return `cairn-risk-cell--sev-${shade}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Wraps a label onto at most two lines of about `width` characters. */
function lines(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [''];
  for (const w of words) {
    const cur = out[out.length - 1]!;
    if (cur && (cur + ' ' + w).length > width && out.length < 2) out.push(w);
    else out[out.length - 1] = cur ? `${cur} ${w}` : w;
  }
  return out;
}

export function riskHeatMapSvg(input: HeatMapChartInput): string {
  const n = input.size;
  const width = LEFT + n * CELL + 8;
  const gridBottom = TOP + n * CELL;
  const height = gridBottom + 58;
  const total = input.cells.reduce((s, c) => s + c.count, 0);
  const parts: string[] = [];
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const busiest = input.cells
    .filter((c) => c.count > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(
      (c) =>
        `${plural(c.count, 'risk', 'risks')} at likelihood ${c.likelihood}, impact ${c.impact} (${c.level}, ${c.score})`,
    );
  const desc = total
    ? `${plural(total, 'risk', 'risks')} on a ${n} by ${n} grid of likelihood against impact. Highest scored: ${busiest.join('; ')}. The table below gives every cell.`
    : `No risks on the ${n} by ${n} grid.`;
  parts.push(
    `<svg class="cairn-risk-map" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${titleId}">${esc(input.title)}</title>`,
    `<desc id="${descId}">${esc(desc)}</desc>`,
  );
  for (const c of input.cells) {
    const x = LEFT + (c.impact - 1) * CELL;
    const y = TOP + (n - c.likelihood) * CELL;
    const cls = severityClass(c.levelIndex, input.bands.length);
    const label = `Likelihood ${c.likelihood}, impact ${c.impact}: score ${c.score}, ${c.level}; ${plural(c.count, 'risk', 'risks')}`;
    parts.push(
      `<g><title>${esc(label)}</title>`,
      `<rect class="cairn-risk-cell ${cls}" x="${x}" y="${y}" width="${CELL}" height="${CELL}"/>`,
      `<text class="cairn-risk-map__band" x="${x + 5}" y="${y + 14}">${esc(c.level.charAt(0))}${c.score}</text>`,
    );
    if (c.count > 0) {
      parts.push(
        `<text class="cairn-risk-map__count" x="${x + CELL / 2}" y="${y + CELL / 2 + 6}" text-anchor="middle">${c.count}</text>`,
      );
      const moves = [
        c.up ? `↑${c.up}` : '',
        c.down ? `↓${c.down}` : '',
        c.same ? `→${c.same}` : '',
        c.new ? `•${c.new}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      if (moves)
        parts.push(
          `<text class="cairn-risk-map__moves" x="${x + CELL / 2}" y="${y + CELL - 8}" text-anchor="middle">${esc(moves)}</text>`,
        );
    }
    parts.push('</g>');
  }
  // Axes: likelihood labels on the left (most likely at the top), impact labels beneath.
  for (let l = 1; l <= n; l++) {
    const y = TOP + (n - l) * CELL + CELL / 2;
    const text = lines(`${l} ${input.likelihood[l - 1] ?? ''}`, 16);
    text.forEach((t, i) =>
      parts.push(
        `<text class="cairn-risk-map__axis" x="${LEFT - 8}" y="${y + (i - (text.length - 1) / 2) * (FONT + 2) + 4}" text-anchor="end">${esc(t)}</text>`,
      ),
    );
  }
  for (let i = 1; i <= n; i++) {
    const x = LEFT + (i - 1) * CELL + CELL / 2;
    const text = lines(`${i} ${input.impact[i - 1] ?? ''}`, 11);
    text.forEach((t, k) =>
      parts.push(
        `<text class="cairn-risk-map__axis" x="${x}" y="${gridBottom + 16 + k * (FONT + 2)}" text-anchor="middle">${esc(t)}</text>`,
      ),
    );
  }
  parts.push(
    `<text class="cairn-risk-map__axis-title" x="${LEFT + (n * CELL) / 2}" y="${height - 6}" text-anchor="middle">Impact</text>`,
    `<text class="cairn-risk-map__axis-title" x="12" y="${TOP + (n * CELL) / 2}" text-anchor="middle" transform="rotate(-90 12 ${TOP + (n * CELL) / 2})">Likelihood</text>`,
    '</svg>',
  );
  return parts.join('');
}

/** The same data as the grid, a row a cell with risks in it, highest score first. */
export function heatMapTableRows(cells: HeatMapChartInput['cells']): string[][] {
  return cells
    .filter((c) => c.count > 0)
    .sort((a, b) => b.score - a.score || b.likelihood - a.likelihood)
    .map((c) => [
      String(c.likelihood),
      String(c.impact),
      `${c.level} (${c.score})`,
      String(c.count),
      String(c.up),
      String(c.down),
      String(c.same),
      String(c.new),
    ]);
}

export const HEAT_MAP_TABLE_HEAD = [
  'Likelihood',
  'Impact',
  'Score',
  'Risks',
  'Score rose',
  'Score fell',
  'No change',
  'New',
];
