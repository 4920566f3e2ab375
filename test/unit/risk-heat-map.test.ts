import { describe, expect, it } from 'vitest';
import { defaultMatrix, levelOf } from '../../src/domain/risk.js';
import {
  heatMapTableRows,
  riskHeatMapSvg,
  severityClass,
  type HeatMapChartInput,
} from '../../src/render/charts/risk-heat-map.js';

const m = defaultMatrix();
const cells: HeatMapChartInput['cells'] = [];
for (let l = 5; l >= 1; l--)
  for (let i = 1; i <= 5; i++) {
    const level = levelOf(m, l * i);
    const count = l === 4 && i === 4 ? 2 : l === 2 && i === 3 ? 1 : 0;
    cells.push({
      likelihood: l,
      impact: i,
      score: l * i,
      level: level.name,
      levelIndex: level.index,
      count,
      up: l === 4 && i === 4 ? 1 : 0,
      down: 0,
      same: count && !(l === 4 && i === 4) ? 1 : 0,
      new: l === 4 && i === 4 ? 1 : 0,
    });
  }

describe('the risk heat map', () => {
  it('is one labelled image with a cell per score, its count and movement in text, never colour alone', () => {
    const svg = riskHeatMapSvg({
      id: 'h',
      title: 'Residual risk scores, Q2 2017-18',
      size: 5,
      likelihood: m.likelihood,
      impact: m.impact,
      bands: m.bands,
      cells,
    });
    expect(svg).toMatch(/^<svg class="cairn-risk-map"[^>]* role="img" aria-labelledby="h-title h-desc"/);
    expect(svg).toContain('<title id="h-title">Residual risk scores, Q2 2017-18</title>');
    expect(svg).toContain('3 risks on a 5 by 5 grid');
    expect(svg.match(/<rect /g)).toHaveLength(25);
    // Every cell prints its band's letter and score; counts and arrows are text.
    expect(svg).toContain('>H16</text>');
    expect(svg).toContain('>↑1 •1</text>');
    expect(svg).not.toContain('style=');
  });

  it('gives the same data as a table, highest score first', () => {
    expect(heatMapTableRows(cells)).toEqual([
      ['4', '4', 'High (16)', '2', '1', '0', '0', '1'],
      ['2', '3', 'Medium (6)', '1', '0', '0', '1', '0'],
    ]);
  });

  it('spreads any number of bands over five shades, least to most severe', () => {
    expect([0, 1, 2].map((i) => severityClass(i, 3))).toEqual([
      'cairn-risk-cell--sev-0',
      'cairn-risk-cell--sev-2',
      'cairn-risk-cell--sev-4',
    ]);
    expect(severityClass(0, 1)).toBe('cairn-risk-cell--sev-0');
  });
});
