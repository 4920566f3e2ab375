import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { cell, heading, paragraph, type ReportDocument } from '../../src/render/document.js';
import { fileName, FORMAT_INFO, FORMATS } from '../../src/render/formats.js';
import { render, rendererFor, renderers } from '../../src/render/renderers.js';

const doc: ReportDocument = {
  title: 'Tiny report',
  language: 'en-GB',
  council: 'Test Council',
  asAt: '2024-10-01T09:00:00Z',
  version: null,
  blocks: [
    heading(1, 'Tiny report'),
    paragraph('Fish & chips'),
    {
      kind: 'table',
      caption: 'Figures',
      head: [[cell('Name'), cell('Value')]],
      rows: [[cell('A'), cell('1', { value: 1 })]],
    },
  ],
};

describe('the renderer registry', () => {
  it('has one renderer per format, each saying what it makes', async () => {
    const all = await renderers();
    expect(all.map((r) => r.format)).toEqual([...FORMATS]);
    for (const r of all) {
      expect(r).toMatchObject(FORMAT_INFO[r.format]);
      expect(await rendererFor(r.format)).toBe(r);
    }
    expect(fileName('Council report Q1 2017-18 v2', 'docx')).toBe('council-report-q1-2017-18-v2.docx');
  });

  it('renders the same document in each light format through the one interface', async () => {
    const html = (await render(doc, 'html')).toString('utf8');
    expect(html).toContain('<title>Tiny report – Test Council</title>');
    expect(html).toContain('<p>Fish &amp; chips</p>');
    const csv = (await render(doc, 'csv')).toString('utf8');
    expect(csv.startsWith('\uFEFFFigures')).toBe(true);
    expect(csv).toContain('A,1');
    const docx = await JSZip.loadAsync(await (await rendererFor('docx')).render(doc));
    expect(await docx.file('word/document.xml')!.async('string')).toContain('Fish &amp; chips');
    const xlsx = await JSZip.loadAsync(await (await rendererFor('xlsx')).render(doc));
    expect(Object.keys(xlsx.files)).toContain('xl/worksheets/sheet1.xml');
  });
});

describe('the Excel rendering', () => {
  it('keeps the header of a one-table sheet frozen and filterable, and leaves sheets of several tables alone', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const two: ReportDocument = {
      ...doc,
      blocks: [
        ...doc.blocks,
        {
          kind: 'table',
          caption: 'More figures',
          head: [[cell('Name'), cell('Value')]],
          rows: [[cell('B'), cell('2', { value: 2 })]],
          sheet: 'Two tables',
        },
        {
          kind: 'table',
          caption: 'Yet more',
          head: [[cell('Name'), cell('Value')]],
          rows: [[cell('C'), cell('3', { value: 3 })]],
          sheet: 'Two tables',
        },
      ],
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await render(two, 'xlsx')) as unknown as ArrayBuffer);
    const one = wb.getWorksheet('Tables')!;
    // Row 1 is the caption, row 2 the header: frozen below it, filters over header and rows.
    expect(one.getRow(2).getCell(1).value).toBe('Name');
    expect(one.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(one.autoFilter).toBe('A2:B3');
    const several = wb.getWorksheet('Two tables')!;
    expect(several.autoFilter).toBeUndefined();
    expect((several.views ?? []).some((v) => v.state === 'frozen')).toBe(false);
  });
});
