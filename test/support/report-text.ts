/**
 * A report document's words, for tests that read what a report says: each block as text (a table by
 * its caption), and the whole document one block a line.
 */
import type { Block, ReportDocument } from '../../src/render/document.js';

/** One block's words: a heading's text, a paragraph's runs, details as "label: value", list items a line each. */
export const blockWords = (b: Block): string =>
  b.kind === 'heading'
    ? b.text
    : b.kind === 'paragraph'
      ? b.content.map((c) => (typeof c === 'string' ? c : c.text)).join('')
      : b.kind === 'details'
        ? b.items.map((i) => `${i.label}: ${i.value}`).join('\n')
        : b.kind === 'list'
          ? b.items.map((i) => i.map((c) => (typeof c === 'string' ? c : c.text)).join('')).join('\n')
          : b.kind === 'table'
            ? b.caption
            : '';

/** Every block's words, one block a line. */
export const documentWords = (d: ReportDocument): string => d.blocks.map(blockWords).join('\n');
