/**
 * The one document model every paper Cairn produces is written in — the quarterly performance report
 * and a plan's progress report alike. A report builder turns live data into a `ReportDocument`; one
 * renderer per format (HTML, PDF from that HTML, Word, Excel, CSV) turns the document into bytes. So a
 * heading is a heading and a table has header rows in every format, and no renderer knows which
 * report it is printing.
 *
 * Pure data: no I/O, no HTML strings. Text is plain; renderers escape it.
 */
import type { Outlook, Rag } from '../domain/vocabulary.js';

/** A run of text inside a paragraph or cell. */
export type Inline = string | { text: string; strong?: boolean; href?: string };

/** A table cell. `value` keeps a number typed for spreadsheets (text is what is printed). */
export interface Cell {
  text: string;
  /** A RAG rating shown as shape + word (never colour alone); `null` means "not rated". */
  rag?: Rag | null;
  /** An outlook shown as arrow + words. */
  outlook?: Outlook | null;
  /** The figure as a number, for spreadsheets; leave out for text. */
  value?: number;
  rowSpan?: number;
  colSpan?: number;
  /** A row header (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Extra lines printed under the text in the same cell (e.g. bullet points). */
  lines?: string[];
  /**
   * The text printed in bold (seed 003 bolds the outcomes updated or introduced this year). Never the
   * only sign: say the same in words too, e.g. in `lines`.
   */
  strong?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Caption: what the table shows. Required: every table is named. */
  caption: string;
  /** Header rows (usually one). Repeated on every page in PDF and Word. */
  head: Cell[][];
  rows: Cell[][];
  /** Relative column widths, e.g. [3, 1, 6]; optional. */
  widths?: number[];
  /** For spreadsheets: the sheet this table goes to (tables with the same name share a sheet). */
  sheet?: string;
}

export type Block =
  /**
   * `editKey` (optional) names the editable text the heading introduces; a renderer may be given a
   * function that turns it into an edit link (the app's draft page does), and otherwise ignores it.
   */
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; id?: string; editKey?: string }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered?: boolean; items: Inline[][] }
  /** Label–value pairs, e.g. a cover's "Report of", "Contact officer". */
  | { kind: 'details'; items: { label: string; value: string }[] }
  | TableBlock
  /** A chart: SVG markup made by Cairn's own chart code, always with the same data as a table. */
  | { kind: 'figure'; svg: string; alt: string; table: TableBlock }
  /** The key to symbols (RAG shapes and words, outlook arrows). */
  | { kind: 'key' }
  /**
   * A new page. With `orientation`, the pages from here on (until the next break that gives one) are
   * portrait or landscape, e.g. wide dashboards; without it, they keep the orientation they had.
   */
  | { kind: 'page-break'; orientation?: 'portrait' | 'landscape' };

export interface ReportDocument {
  /** Document title (PDF title, Word title, HTML <title>). */
  title: string;
  /** BCP 47 language, e.g. 'en-GB'. */
  language: string;
  council: string;
  /** When the data was read (ISO 8601, UTC). */
  asAt: string;
  /** Version number once published, else null (a draft). */
  version: number | null;
  blocks: Block[];
  /**
   * Optional: the report's data as one flat table (one row per figure), not printed. The CSV is this
   * table and spreadsheets give it a sheet of its own ("Data"); without it they use the printed tables.
   */
  data?: TableBlock;
}

/** Shorthand for a paragraph of plain text. */
export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });

/** Shorthand for a heading. */
export const heading = (level: 1 | 2 | 3 | 4, text: string, id?: string): Block => ({
  kind: 'heading',
  level,
  text,
  ...(id ? { id } : {}),
});

/** Shorthand for a plain text cell. */
export const cell = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, ...extra });
