/**
 * View pieces every page uses: a rating as a tag (shape, letter, word — never colour alone), an
 * outlook as an arrow with words, the period picker, and the key to symbols.
 */
import type { Period } from '../domain/periods.js';
import {
  OUTLOOK_ARROW,
  OUTLOOK_LABEL,
  OUTLOOKS,
  RAG_LABEL,
  RAG_LETTER,
  type Outlook,
  type Rag,
} from '../domain/vocabulary.js';

export interface RagView {
  modifier: Rag | 'none';
  shape: string;
  letter: string;
  label: string;
  explanation: string;
}

export const RAG_SHAPE: Record<Rag | 'none', string> = { red: '▲', amber: '◆', green: '●', none: '○' };

export function ragView(rating: Rag | null, explanation = ''): RagView {
  if (!rating)
    return { modifier: 'none', shape: RAG_SHAPE.none, letter: '–', label: 'Not rated', explanation };
  return {
    modifier: rating,
    shape: RAG_SHAPE[rating],
    letter: RAG_LETTER[rating],
    label: RAG_LABEL[rating],
    explanation,
  };
}

export interface OutlookView {
  arrow: string;
  label: string;
}

export function outlookView(outlook: Outlook | null): OutlookView | null {
  return outlook ? { arrow: OUTLOOK_ARROW[outlook], label: OUTLOOK_LABEL[outlook] } : null;
}

export const BASIS_LABEL = {
  derived: 'derived from its indicators',
  judgement: 'judged',
  none: 'not rated',
} as const;

export interface Option {
  value: string;
  text: string;
  selected: boolean;
}

/** The periods a page can be shown for, for a plain GET `<select>`. */
export function periodOptions(periods: Period[], current: Period): Option[] {
  return periods.map((p) => ({ value: p.code, text: p.label, selected: p.code === current.code }));
}

export function options<T extends { value: string; label: string }>(list: T[], chosen?: string): Option[] {
  return list.map((o) => ({ value: o.value, text: o.label, selected: o.value === chosen }));
}

export const KEY = {
  ratings: [ragView('red'), ragView('amber'), ragView('green'), ragView(null)],
  outlooks: OUTLOOKS.map((o) => outlookView(o)!),
};
