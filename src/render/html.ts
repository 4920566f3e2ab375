/**
 * ReportDocument → an accessible, printable HTML page: lang and title, headings in order, every table
 * with a caption and scoped header cells, ratings as shape + word, charts with their tables. The PDF
 * is this page printed by Chromium. `renderHtmlFragment` gives the report's <main> content alone, for
 * pages that embed it (the app's draft page links the same CSS instead of inlining it).
 */
import { OUTLOOK_ARROW, OUTLOOK_LABEL, OUTLOOKS, RAG_LABEL, RAGS, type Rag } from '../domain/vocabulary.js';
import type { Block, Cell, Inline, ReportDocument, TableBlock } from './document.js';
import { escapeHtml as esc } from './escape.js';
import { describeFormat, type Renderer } from './formats.js';
import { reportCss } from './style.js';

export const RAG_SHAPE: Record<Rag | 'none', string> = { red: '▲', amber: '◆', green: '●', none: '○' };

export interface HtmlOptions {
  /** The council's colour for headings. */
  colour?: string;
  /** Turns a heading's editKey into an edit link (the app's draft page); left out, no links. */
  editLink?: (key: string, heading: string) => { href: string; text: string } | null;
  /**
   * Wraps each table in a region that scrolls sideways and takes keyboard focus, named by its
   * caption, so a wide table on a narrow screen scrolls rather than the page (the app's pages); left
   * out, tables stand alone (the standalone page and the PDF, which print them whole).
   */
  scrollableTables?: boolean;
}

export function ragHtml(rating: Rag | null, text?: string): string {
  const mod = rating ?? 'none';
  const word = text ?? (rating ? RAG_LABEL[rating] : 'Not rated');
  return `<span class="cairn-rag cairn-rag--${mod}"><span class="cairn-rag__shape" aria-hidden="true">${RAG_SHAPE[mod]}</span>${esc(word)}</span>`;
}

function inline(content: Inline[]): string {
  return content
    .map((c) => {
      if (typeof c === 'string') return esc(c);
      let t = esc(c.text);
      if (c.strong) t = `<strong>${t}</strong>`;
      if (c.href) t = `<a href="${esc(c.href)}">${t}</a>`;
      return t;
    })
    .join('');
}

function cellContent(c: Cell): string {
  let body: string;
  if (c.rag !== undefined) body = ragHtml(c.rag, c.text);
  else if (c.outlook !== undefined)
    body = c.outlook
      ? `<span class="cairn-outlook"><span class="cairn-outlook__arrow" aria-hidden="true">${OUTLOOK_ARROW[c.outlook]}</span>${esc(c.text)}</span>`
      : esc(c.text);
  else body = esc(c.text);
  if (c.strong) body = `<strong>${body}</strong>`;
  for (const line of c.lines ?? []) body += `<span class="cairn-lines">${esc(line)}</span>`;
  return body;
}

function spans(c: Cell): string {
  return `${c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
}

export function tableHtml(t: TableBlock, o: HtmlOptions = {}): string {
  const total = t.widths?.reduce((a, b) => a + b, 0) ?? 0;
  const cols =
    t.widths && total > 0
      ? `<colgroup>${t.widths.map((w) => `<col width="${((w / total) * 100).toFixed(1)}%">`).join('')}</colgroup>`
      : '';
  const head = t.head
    .map(
      (row) =>
        `<tr>${row.map((c) => `<th scope="${c.colSpan && c.colSpan > 1 ? 'colgroup' : 'col'}"${spans(c)}>${cellContent(c)}</th>`).join('')}</tr>`,
    )
    .join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((c) =>
            c.rowHeader
              ? `<th scope="row"${spans(c)}>${cellContent(c)}</th>`
              : `<td${spans(c)}${c.value !== undefined ? ' class="cairn-number"' : ''}>${cellContent(c)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  // A short table is kept on one page in print, so its header row is never left alone at a page's foot.
  const keep = t.rows.length <= 3 ? ' class="cairn-keep"' : '';
  const table = `<table${keep}><caption>${esc(t.caption)}</caption>${cols}<thead>${head}</thead><tbody>${body}</tbody></table>`;
  return o.scrollableTables
    ? `<div class="cairn-scroll" tabindex="0" role="region" aria-label="${esc(t.caption)}">${table}</div>`
    : table;
}

function keyHtml(): string {
  const ratings = [...RAGS, null].map(
    (r) =>
      `<li>${ragHtml(r)} ${r === 'red' ? 'off target: at risk' : r === 'amber' ? 'close to target, within tolerance' : r === 'green' ? 'on target' : 'no rating this period'}</li>`,
  );
  const outlooks = OUTLOOKS.map(
    (o) =>
      `<li><span class="cairn-outlook"><span class="cairn-outlook__arrow" aria-hidden="true">${OUTLOOK_ARROW[o]}</span>the outlook is ${esc(OUTLOOK_LABEL[o])}</span></li>`,
  );
  return `<p><strong>Ratings</strong> (shape and word; colour is never the only sign):</p><ul class="cairn-key">${ratings.join('')}</ul><p><strong>Outlook</strong> (into the next quarter):</p><ul class="cairn-key">${outlooks.join('')}</ul>`;
}

function block(b: Block, o: HtmlOptions): string {
  switch (b.kind) {
    case 'heading': {
      const id = b.id ? ` id="${esc(b.id)}"` : '';
      const h = `<h${b.level}${id}>${esc(b.text)}</h${b.level}>`;
      const link = b.editKey && o.editLink ? o.editLink(b.editKey, b.text) : null;
      return link
        ? `${h}<p class="cairn-edit"><a href="${esc(link.href)}">${esc(link.text)}<span class="cairn-visually-hidden">: ${esc(b.text)}</span></a></p>`
        : h;
    }
    case 'paragraph':
      return `<p>${inline(b.content)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`;
    }
    case 'details':
      return `<dl>${b.items.map((i) => `<dt>${esc(i.label)}</dt><dd>${esc(i.value)}</dd>`).join('')}</dl>`;
    case 'table':
      return tableHtml(b, o);
    case 'figure':
      // The SVG is Cairn's own chart markup (role="img", its own title and description).
      return `<figure><figcaption>${esc(b.alt)}</figcaption>${b.svg}${tableHtml(b.table, o)}</figure>`;
    case 'key':
      return keyHtml();
    case 'page-break':
      return b.orientation ? '' : '<div class="cairn-page-break"></div>';
  }
}

export function statusLine(doc: ReportDocument): string {
  const when = doc.asAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return doc.version === null
    ? `Draft, not yet published. Figures as at ${when}.`
    : `Published version ${doc.version}. Figures as at ${when}.`;
}

/**
 * The blocks, in runs of one page orientation: a page break that gives an orientation closes one
 * run and opens the next (a `<div>` printed on CSS named pages, which also starts a new page).
 */
function body(doc: ReportDocument, o: HtmlOptions): string {
  const out: string[] = ['<div class="cairn-portrait">'];
  for (const b of doc.blocks) {
    if (b.kind === 'page-break' && b.orientation) out.push(`</div>\n<div class="cairn-${b.orientation}">`);
    else out.push(block(b, o));
  }
  out.push('</div>');
  return out.join('\n').replace(/<div class="cairn-portrait">\n<\/div>\n/g, '');
}

export function renderHtmlFragment(doc: ReportDocument, o: HtmlOptions = {}): string {
  return `<div class="cairn-report">\n${body(doc, o)}\n<p class="cairn-status">${esc(statusLine(doc))} Produced with Cairn.</p>\n</div>`;
}

export function renderHtml(doc: ReportDocument, o: HtmlOptions = {}): string {
  return `<!DOCTYPE html>
<html lang="${esc(doc.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)} – ${esc(doc.council)}</title>
<style>${reportCss(o.colour)}</style>
</head>
<body class="cairn-standalone">
<main>
${renderHtmlFragment(doc, o)}
</main>
</body>
</html>
`;
}

export const htmlRenderer: Renderer = {
  ...describeFormat('html'),
  render: (doc, o) => Promise.resolve(Buffer.from(renderHtml(doc, o), 'utf8')),
};
