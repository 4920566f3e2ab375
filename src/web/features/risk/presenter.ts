/**
 * What the risk pages show (issue 14): the risk form's fields, scores in words, movement as an arrow
 * with its words (never an arrow or a colour alone), the heat map's SVG and tables, and the score
 * history's chart. Pure functions of what app/risks/ read.
 */
import {
  CONTROLS_EFFECTIVE,
  CONTROLS_EFFECTIVE_LABEL,
  MOVEMENT_ARROW,
  MOVEMENT_LABEL,
  RISK_CATEGORIES,
  RISK_KIND_LABEL,
  RISK_KINDS,
  levelOf,
  type Movement,
  type RiskMatrix,
} from '../../../domain/risk.js';
import {
  heatMapTableRows,
  HEAT_MAP_TABLE_HEAD,
  riskHeatMapSvg,
  severityClass,
} from '../../../render/charts/risk-heat-map.js';
import { trendChart } from '../../../render/charts/trend-chart.js';
import type { HeatMap } from '../../../app/risks/reading.js';
import type { Field } from '../../forms.js';
import { formatDate } from '../../../domain/dates.js';

/** A movement as its arrow and words; null (never reviewed) in words only. */
export const movementText = (m: Movement | null) =>
  m ? `${MOVEMENT_ARROW[m]} ${MOVEMENT_LABEL[m]}` : 'Not reviewed yet';

/** A score as a tag: its level's name and number, shaded by band (the words carry it, not the shade). */
export function scoreTag(m: RiskMatrix, score: number) {
  const level = levelOf(m, score);
  return {
    text: `${level.name} ${score}`,
    classes: `cairn-risk-tag ${severityClass(level.index, m.bands.length)}`,
  };
}

export const dateText = (iso: string | null) => (iso ? formatDate(iso) : '—');

const ratingOptions = (labels: string[]) => [
  { value: '', text: 'Choose' },
  ...labels.map((l, i) => ({ value: String(i + 1), text: `${i + 1} – ${l}` })),
];

export interface RiskFormChoices {
  matrix: RiskMatrix;
  owners: { id: number; name: string }[];
  directorates: { id: number; name: string }[];
  categories: string[];
  priorities: { id: number; code: string; title: string }[];
  outcomes: { id: number; code: string; title: string }[];
}

/** The add and edit form's fields. */
export function riskFields(c: RiskFormChoices): Field[] {
  const categories = [...new Set([...RISK_CATEGORIES, ...c.categories])];
  const scores = (prefix: string, section: string, when: string): Field[] => [
    {
      name: `${prefix}Likelihood`,
      label: `${section} likelihood`,
      hint: when,
      type: 'select',
      options: ratingOptions(c.matrix.likelihood),
      section,
    },
    {
      name: `${prefix}Impact`,
      label: `${section} impact`,
      type: 'select',
      options: ratingOptions(c.matrix.impact),
    },
  ];
  return [
    {
      name: 'reference',
      label: 'Reference',
      hint: 'For example, CR1 for a corporate risk',
      type: 'text',
      width: 'govuk-input--width-5',
    },
    {
      name: 'kind',
      label: 'Corporate or directorate risk',
      type: 'radios',
      options: RISK_KINDS.map((k) => ({ value: k, text: `${RISK_KIND_LABEL[k]} risk` })),
    },
    { name: 'title', label: 'Title', type: 'text' },
    {
      name: 'cause',
      label: 'Cause (optional)',
      hint: 'What could make it happen',
      type: 'textarea',
      rows: 3,
    },
    { name: 'event', label: 'Event (optional)', hint: 'What could happen', type: 'textarea', rows: 3 },
    { name: 'effect', label: 'Effect (optional)', hint: 'What it would lead to', type: 'textarea', rows: 3 },
    {
      name: 'category',
      label: 'Category',
      type: 'select',
      options: [{ value: '', text: 'Choose' }, ...categories.map((x) => ({ value: x, text: x }))],
    },
    {
      name: 'owner',
      label: 'Owner',
      hint: 'The person who reviews the risk each quarter',
      type: 'select',
      options: [
        { value: '', text: 'Choose' },
        ...c.owners.map((o) => ({ value: String(o.id), text: o.name })),
      ],
    },
    {
      name: 'directorate',
      label: 'Directorate',
      hint: 'Its approver signs off the quarter’s review. Needed for a directorate risk.',
      type: 'select',
      options: [
        { value: '', text: 'None (corporate)' },
        ...c.directorates.map((d) => ({ value: String(d.id), text: d.name })),
      ],
    },
    {
      name: 'reviewDate',
      label: 'Next review date (optional)',
      hint: 'For example, 31/12/2017',
      type: 'text',
      width: 'govuk-input--width-10',
    },
    ...scores('inherent', 'Inherent', 'Before any controls'),
    ...scores('residual', 'Residual', 'Now, with the controls in place'),
    ...scores('target', 'Target', 'The council’s appetite: where it should be'),
    {
      name: 'controls',
      label: 'Controls in place (optional)',
      hint: 'One control a line',
      type: 'textarea',
      rows: 5,
      section: 'Controls and links',
    },
    {
      name: 'links',
      label: 'Priorities and outcomes it threatens (optional)',
      type: 'checkboxes',
      options: [
        ...c.priorities.map((p) => ({ value: `priority-${p.id}`, text: `Priority ${p.code}: ${p.title}` })),
        ...c.outcomes.map((o) => ({ value: `outcome-${o.id}`, text: `Outcome ${o.code}: ${o.title}` })),
      ],
    },
  ];
}

/** The review form's fields (collection round). */
export function reviewFields(m: RiskMatrix): Field[] {
  return [
    { name: 'likelihood', label: 'Likelihood now', type: 'select', options: ratingOptions(m.likelihood) },
    { name: 'impact', label: 'Impact now', type: 'select', options: ratingOptions(m.impact) },
    {
      name: 'controlsEffective',
      label: 'Are the controls in place effective?',
      type: 'radios',
      options: CONTROLS_EFFECTIVE.map((c) => ({ value: c, text: CONTROLS_EFFECTIVE_LABEL[c] })),
    },
    {
      name: 'commentary',
      label: 'Commentary',
      hint: 'What has changed since the last review, and why the score is what it is',
      type: 'textarea',
      rows: 6,
    },
  ];
}

/** The heat map as a figure: the SVG, and its cells and risks as tables. */
export function heatMapView(h: HeatMap, id = 'risk-heat-map') {
  const m = h.matrix;
  return {
    svg: riskHeatMapSvg({
      id,
      title: `Residual risk scores, ${h.periodLabel}`,
      size: m.size,
      likelihood: m.likelihood,
      impact: m.impact,
      bands: m.bands,
      cells: h.cells,
    }),
    cellHead: HEAT_MAP_TABLE_HEAD.map((text) => ({ text })),
    cellRows: heatMapTableRows(h.cells).map((r) => r.map((text) => ({ text }))),
    bands: m.bands.map((b, i) => ({
      text: `${b.name}: ${b.min}–${b.max}`,
      classes: `cairn-risk-tag ${severityClass(i, m.bands.length)}`,
    })),
  };
}

/** A risk's score history as the trend chart draws it, with the target (appetite) as its target line. */
export function historyChart(
  id: string,
  title: string,
  target: number,
  points: { periodLabel: string; score: number }[],
) {
  return trendChart({
    id,
    title,
    unit: 'number',
    points: points.map((p) => ({ label: p.periodLabel, value: p.score, target, rating: null })),
  });
}
