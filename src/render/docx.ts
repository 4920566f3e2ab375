/**
 * ReportDocument → Word (.docx), to drop into a committee management system: real Heading 1–4
 * styles in the council's colour, real tables with their header rows marked to repeat on every page
 * and rows that do not split, a caption above each table, ratings as shape + word, page numbers in
 * the footer, and the document's title and language set. Charts are given by their data table and a
 * sentence (Word's SVG needs a bitmap fallback that Cairn does not make).
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { OUTLOOK_ARROW, OUTLOOK_LABEL, OUTLOOKS, RAG_LABEL, RAGS, type Rag } from '../domain/vocabulary.js';
import type { Block, Cell, Inline, ReportDocument, TableBlock } from './document.js';
import { describeFormat, type Renderer } from './formats.js';
import { RAG_SHAPE, statusLine } from './html.js';
import { DEFAULT_COLOUR } from './style.js';

export interface DocxOptions {
  colour?: string;
}

const FONT = 'Arial';
const HEADING = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];
/** Shape colours with at least 3:1 contrast on white. */
const RAG_COLOUR: Record<Rag | 'none', string> = {
  red: 'B3261E',
  amber: 'B35900',
  green: '00703C',
  none: '505A5F',
};
/** A4 in twips, and the text width between 2 cm margins in each orientation. */
const A4 = { short: 11906, long: 16838 };
const MARGIN = 1134;
const CONTENT_WIDTH = { portrait: A4.short - 2 * MARGIN, landscape: A4.long - 2 * MARGIN };
type Orientation = keyof typeof CONTENT_WIDTH;

function runs(content: Inline[], size?: number): ParagraphChild[] {
  return content.map((c) =>
    typeof c === 'string'
      ? new TextRun({ text: c, size })
      : new TextRun({ text: c.text, bold: c.strong ?? false, size }),
  );
}

function ragRuns(rating: Rag | null, word: string, size?: number): ParagraphChild[] {
  const mod = rating ?? 'none';
  return [
    new TextRun({ text: `${RAG_SHAPE[mod]} `, color: RAG_COLOUR[mod], bold: true, size }),
    new TextRun({ text: word, bold: true, size }),
  ];
}

/** Table text is the "CairnTableText" paragraph style (8 pt, tight spacing), set once, not per run. */
const TABLE_STYLE = 'CairnTableText';

function cellParagraphs(c: Cell, header: boolean): Paragraph[] {
  let children: ParagraphChild[];
  if (c.rag !== undefined) children = ragRuns(c.rag, c.text);
  else if (c.outlook !== undefined)
    children = c.outlook
      ? [new TextRun({ text: `${OUTLOOK_ARROW[c.outlook]} `, bold: true }), new TextRun(c.text)]
      : [new TextRun(c.text)];
  else children = [header || c.strong ? new TextRun({ text: c.text, bold: true }) : new TextRun(c.text)];
  return [
    new Paragraph({
      style: TABLE_STYLE,
      children,
      ...(c.value !== undefined ? { alignment: AlignmentType.RIGHT } : {}),
    }),
    ...(c.lines ?? []).map((l) => new Paragraph({ style: TABLE_STYLE, children: [new TextRun(l)] })),
  ];
}

function table(t: TableBlock, width: number): (Paragraph | Table)[] {
  const cols = Math.max(1, ...t.head.map((r) => r.reduce((n, c) => n + (c.colSpan ?? 1), 0)));
  const widths = t.widths && t.widths.length === cols ? t.widths : Array.from({ length: cols }, () => 1);
  const total = widths.reduce((a, b) => a + b, 0);
  const columnWidths = widths.map((w) => Math.round((w / total) * width));
  const row = (cells: Cell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (c) =>
          new TableCell({
            children: cellParagraphs(c, header),
            rowSpan: c.rowSpan,
            columnSpan: c.colSpan,
            shading:
              header || c.rowHeader
                ? { type: ShadingType.CLEAR, fill: header ? 'F3F2F1' : 'FAFAFA', color: 'auto' }
                : undefined,
          }),
      ),
    });
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun({ text: t.caption })] }),
    new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths,
      margins: { top: 40, bottom: 40, left: 60, right: 60 },
      rows: [...t.head.map((r) => row(r, true)), ...t.rows.map((r) => row(r, false))],
    }),
    new Paragraph({ children: [], spacing: { after: 120 } }),
  ];
}

function key(): Paragraph[] {
  const meaning: Record<Rag, string> = {
    red: 'off target: at risk',
    amber: 'close to target, within tolerance',
    green: 'on target',
  };
  return [
    new Paragraph({
      children: [
        new TextRun({ text: 'Ratings (shape and word; colour is never the only sign):', bold: true }),
      ],
    }),
    ...[...RAGS, null].map(
      (r) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [
            ...ragRuns(r, r ? RAG_LABEL[r] : 'Not rated', 22),
            new TextRun({ text: ` ${r ? meaning[r] : 'no rating this period'}` }),
          ],
        }),
    ),
    new Paragraph({ children: [new TextRun({ text: 'Outlook (into the next quarter):', bold: true })] }),
    ...OUTLOOKS.map(
      (o) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: `${OUTLOOK_ARROW[o]} `, bold: true }),
            new TextRun({ text: `the outlook is ${OUTLOOK_LABEL[o]}` }),
          ],
        }),
    ),
  ];
}

function block(b: Block, width: number): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: HEADING[b.level - 1],
          children: [new TextRun({ text: b.text })],
          keepNext: true,
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ children: runs(b.content) })];
    case 'list':
      return b.items.map((i) =>
        b.ordered
          ? new Paragraph({ numbering: { reference: 'cairn-numbered', level: 0 }, children: runs(i) })
          : new Paragraph({ bullet: { level: 0 }, children: runs(i) }),
      );
    case 'details':
      return b.items.map(
        (i) =>
          new Paragraph({
            children: [new TextRun({ text: `${i.label}: `, bold: true }), new TextRun({ text: i.value })],
          }),
      );
    case 'table':
      return table(b, width);
    case 'figure':
      return [
        new Paragraph({ children: [new TextRun({ text: b.alt, bold: true })], keepNext: true }),
        ...table(b.table, width),
      ];
    case 'key':
      return key();
    case 'page-break':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

/** The blocks in Word sections: a page break that gives an orientation starts a new section. */
function sections(doc: ReportDocument): { orientation: Orientation; blocks: Block[] }[] {
  const out = [{ orientation: 'portrait' as Orientation, blocks: [] as Block[] }];
  for (const b of doc.blocks) {
    if (b.kind === 'page-break' && b.orientation) out.push({ orientation: b.orientation, blocks: [] });
    else out[out.length - 1]!.blocks.push(b);
  }
  return out.filter((sec) => sec.blocks.length > 0);
}

function footer(doc: ReportDocument): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new TextRun({ text: `${doc.council} – ${doc.title} – Page `, size: 16 }),
          new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
          new TextRun({ text: ' of ', size: 16 }),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16 }),
        ],
      }),
    ],
  });
}

export async function renderDocx(doc: ReportDocument, o: DocxOptions = {}): Promise<Buffer> {
  const colour = (o.colour ?? DEFAULT_COLOUR).replace('#', '').toUpperCase();
  const heading = (size: number) => ({
    run: { font: FONT, size, bold: true, color: colour },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });
  const document = new Document({
    title: doc.title,
    creator: 'Cairn',
    description: statusLine(doc),
    subject: doc.council,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22, language: { value: doc.language } },
          paragraph: { spacing: { after: 120 } },
        },
        heading1: heading(36),
        heading2: heading(30),
        heading3: heading(26),
        heading4: heading(23),
        caption: { run: { font: FONT, size: 20, bold: true, italics: false, color: '0B0C0C' } },
      },
      paragraphStyles: [
        {
          id: TABLE_STYLE,
          name: 'Cairn Table Text',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: FONT, size: 16 },
          paragraph: { spacing: { before: 0, after: 40 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'cairn-numbered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: sections(doc).map((sec, n, all) => ({
      properties: {
        page: {
          size:
            sec.orientation === 'landscape'
              ? { orientation: PageOrientation.LANDSCAPE, width: A4.short, height: A4.long }
              : { orientation: PageOrientation.PORTRAIT, width: A4.short, height: A4.long },
          margin: { top: 1020, bottom: 1020, left: MARGIN, right: MARGIN },
        },
      },
      footers: { default: footer(doc) },
      children: [
        ...sec.blocks.flatMap((b) => block(b, CONTENT_WIDTH[sec.orientation])),
        ...(n === all.length - 1
          ? [
              new Paragraph({
                children: [
                  new TextRun({ text: `${statusLine(doc)} Produced with Cairn.`, size: 18, color: '505A5F' }),
                ],
              }),
            ]
          : []),
      ],
    })),
  });
  return Packer.toBuffer(document);
}

export const docxRenderer: Renderer = { ...describeFormat('docx'), render: renderDocx };
