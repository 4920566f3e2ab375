/**
 * The quarterly report's optional Risk section (issue 14), laid out: the heat map of residual risk
 * scores as a figure with the same data as a table (never colour alone: each cell prints its band's
 * letter, score and count, and the table says it in words), then the risks whose score rose in the
 * quarter, and the risks over appetite.
 */
import { MOVEMENT_LABEL } from '../../domain/risk.js';
import { heatMapTableRows, HEAT_MAP_TABLE_HEAD, riskHeatMapSvg } from '../../render/charts/risk-heat-map.js';
import { cell, heading, paragraph, type Block } from '../../render/document.js';
import type { ReportSource } from './model.js';

export function riskBlocks(s: ReportSource): Block[] {
  const h = s.risk?.heatMap;
  const blocks: Block[] = [heading(2, 'Risk', 'risk')];
  if (!h) return blocks;
  const m = h.matrix;
  const bands = m.bands.map((b) => `${b.name} ${b.min}–${b.max}`).join(', ');
  blocks.push(
    paragraph(
      `The residual (current) score of each open risk in the register as at ${h.periodLabel}, scored likelihood × impact on the council’s ${m.size} × ${m.size} matrix (bands: ${bands}). Each cell gives the number of risks and how their scores moved in the quarter: ↑ rose, ↓ fell, → no change, • new.`,
    ),
  );
  if (!h.risks.length) {
    blocks.push(paragraph(`There are no open risks in scope at ${h.periodLabel}.`));
    return blocks;
  }
  const title = `Heat map of residual risk scores, ${h.periodLabel}`;
  blocks.push({
    kind: 'figure',
    svg: riskHeatMapSvg({
      id: 'report-risk-heat-map',
      title,
      size: m.size,
      likelihood: m.likelihood,
      impact: m.impact,
      bands: m.bands,
      cells: h.cells,
    }),
    alt: title,
    table: {
      kind: 'table',
      caption: `The heat map’s cells: risks by likelihood and impact, ${h.periodLabel}`,
      head: [HEAT_MAP_TABLE_HEAD.map((t) => cell(t))],
      rows: heatMapTableRows(h.cells).map((r) =>
        r.map((t, i) => cell(t, i === 0 ? { rowHeader: true } : {})),
      ),
      sheet: 'Risk heat map',
    },
  });
  const rose = h.risks.filter((r) => r.movement === 'up');
  blocks.push(heading(3, 'Risks whose score rose', 'risk-rose'));
  if (!rose.length) blocks.push(paragraph(`No risk’s score rose in ${h.periodLabel}.`));
  else
    blocks.push({
      kind: 'table',
      caption: `Risks whose score rose in ${h.periodLabel}`,
      head: [['Risk', 'Title', 'Directorate', 'Score before', 'Score now', 'Appetite'].map((t) => cell(t))],
      rows: rose.map((r) => [
        cell(r.reference, { rowHeader: true }),
        cell(r.title),
        cell(r.directorateName ?? 'Corporate'),
        cell(r.previousScore === null ? '—' : String(r.previousScore)),
        cell(`${r.level} (${r.score})`),
        cell(r.overAppetite ? 'Over appetite' : 'Within appetite'),
      ]),
      sheet: 'Risks that rose',
    });
  const over = h.risks.filter((r) => r.overAppetite);
  blocks.push(heading(3, 'Risks over appetite', 'risk-appetite'));
  if (!over.length) blocks.push(paragraph(`No risk is over appetite at ${h.periodLabel}.`));
  else
    blocks.push({
      kind: 'table',
      caption: `Risks whose residual score is above their target, ${h.periodLabel}`,
      head: [['Risk', 'Title', 'Directorate', 'Score', 'Movement'].map((t) => cell(t))],
      rows: over.map((r) => [
        cell(r.reference, { rowHeader: true }),
        cell(r.title),
        cell(r.directorateName ?? 'Corporate'),
        cell(`${r.level} (${r.score})`),
        cell(MOVEMENT_LABEL[r.movement]),
      ]),
      sheet: 'Risks over appetite',
    });
  return blocks;
}
