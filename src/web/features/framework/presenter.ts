/**
 * Shapes the scorecard for the framework page. Templates only lay out what this returns.
 */
import type { Scorecard } from '../../../app/scorecard.js';
import {
  OUTLOOK_ARROW,
  OUTLOOK_LABEL,
  RAG_LABEL,
  RAG_LETTER,
  type Outlook,
  type Rag,
} from '../../../domain/vocabulary.js';

export interface RagView {
  modifier: Rag | 'none';
  shape: string;
  letter: string;
  label: string;
  explanation: string;
}

const SHAPE: Record<Rag | 'none', string> = { red: '▲', amber: '◆', green: '●', none: '○' };

export function ragView(rating: Rag | null, explanation: string): RagView {
  if (!rating) return { modifier: 'none', shape: SHAPE.none, letter: '–', label: 'Not rated', explanation };
  return {
    modifier: rating,
    shape: SHAPE[rating],
    letter: RAG_LETTER[rating],
    label: RAG_LABEL[rating],
    explanation,
  };
}

export function outlookView(outlook: Outlook | null): { arrow: string; label: string } | null {
  return outlook ? { arrow: OUTLOOK_ARROW[outlook], label: OUTLOOK_LABEL[outlook] } : null;
}

const BASIS_LABEL = {
  derived: 'derived from its indicators',
  judgement: 'director’s judgement',
  none: 'not rated',
} as const;

export function frameworkPage(s: Scorecard) {
  return {
    pageTitle: `${s.plan.title}: ${s.period.label}`,
    planTitle: s.plan.title,
    periodLabel: s.period.label,
    periodCode: s.period.code,
    sentences: s.summary.sentences,
    counts: [
      {
        label: 'Outcomes',
        red: s.summary.outcomes.red,
        amber: s.summary.outcomes.amber,
        green: s.summary.outcomes.green,
        notRated: s.summary.outcomes.notRated,
        total: s.summary.outcomes.total,
      },
      {
        label: 'Success indicators',
        red: s.summary.indicators.red,
        amber: s.summary.indicators.amber,
        green: s.summary.indicators.green,
        notRated: s.summary.indicators.notRated,
        total: s.summary.indicators.total,
      },
    ],
    priorities: s.priorities.map((p) => ({
      code: p.code,
      title: p.title,
      outcomes: p.outcomes.map((o) => ({
        code: o.code,
        title: o.title,
        directorate: o.directorate.name,
        rating: ragView(o.rating.rating, o.rating.explanation),
        basis: BASIS_LABEL[o.rating.basis],
        indicators: o.indicators.map((i) => ({
          number: i.number,
          title: i.title,
          target: i.target,
          cumulative: i.cumulative ? 'Y' : 'N',
          rating: ragView(i.rating, i.explanation),
          explanation: i.explanation,
          outlook: outlookView(i.outlook),
          arrearsNote: i.inArrears > 0 ? `Reported in arrears: figure for ${i.dataPeriod.label}` : null,
        })),
      })),
    })),
    key: [ragView('red', ''), ragView('amber', ''), ragView('green', ''), ragView(null, '')],
    outlookKey: (['improving', 'stable', 'deteriorating'] as const).map((o) => outlookView(o)),
  };
}
