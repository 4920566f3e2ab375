/**
 * The quarterly report built from the demo (seed 003's Q1 2017-18): its structure, its headline
 * figures and its exception reports, on each database.
 */
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import type { ReportDocument, TableBlock } from '../../src/render/document.js';
import { buildQuarterlyReport } from '../../src/reports/quarterly/build.js';
import { draftTexts } from '../../src/reports/quarterly/draft.js';
import { DEFAULT_SETTINGS, mergeTexts } from '../../src/reports/quarterly/model.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { blockWords, documentWords } from '../support/report-text.js';

const headings = (d: ReportDocument, level: number) =>
  d.blocks.filter((b) => b.kind === 'heading' && b.level === level).map(blockWords);
const tables = (d: ReportDocument) => d.blocks.filter((b): b is TableBlock => b.kind === 'table');

describeEachDatabase(
  'the quarterly report on the demo',
  (store) => {
    async function build(scope?: string, charts = false) {
      const s = await loadReportSource(store(), 'Q1 2017-18', scope, { charts, now: fixedClock.now() });
      const settings = {
        ...DEFAULT_SETTINGS,
        meeting: 'Cabinet',
        meetingDate: '17 October 2017',
        reportOf: 'Assistant Chief Finance Officer (Assurance)',
        contactOfficer: 'Steven Jones, Corporate Performance and Risk Manager',
        charts,
      };
      return {
        s,
        doc: buildQuarterlyReport(s, settings, draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18')),
      };
    }

    it("has seed 003's structure: cover, introduction, Annex 1 sections A–C, Annex 2, changes, second line", async () => {
      const { doc } = await build();
      expect(headings(doc, 1)).toEqual(['Business management and monitoring report: Q1 2017-18']);
      expect(headings(doc, 2)).toEqual([
        'Introduction',
        'Recommendation',
        'Annex 1 – Performance report – Q1 2017-18',
        'Annex 2 – Performance dashboards',
        'Changes to the framework in 2017-18',
        "Second line of reporting: County Leadership Team's 12 strategic priorities (illustrative mapping)",
      ]);
      const h3 = headings(doc, 3);
      expect(h3.slice(0, 3).map((h) => h.slice(0, 10))).toEqual(['Section A:', 'Section B:', 'Section C:']);
      expect(h3).toContain('Key to symbols');
      expect(h3.filter((h) => h.includes('performance dashboard'))).toHaveLength(5);
      const cover = doc.blocks[1]!;
      expect(blockWords(cover)).toContain('Meeting: Cabinet – 17 October 2017');
      expect(blockWords(cover)).toContain('Contact officer: Steven Jones');
      expect(doc.language).toBe('en-GB');
    });

    it("computes the seed's own headline sentences", async () => {
      const { doc } = await build();
      const all = documentWords(doc);
      expect(all).toContain('Of the 23 outcomes being reported on this year, 21 were rated Green or Amber');
      expect(all).toContain('Of the 50 success indicators being reported on, 2 were rated as Red');
      expect(all).toContain(
        'The outlook for 49 of the 50 success indicators was "stable" or "positive/improving"',
      );
      const counts = tables(doc)[0]!;
      expect(counts.rows[0]!.map((c) => c.value)).toEqual([undefined, 15, 6, 2, 0, 23]);
    });

    it('writes exactly two exception reports, citing indicators 7 and 46', async () => {
      const { doc } = await build();
      const exceptions = doc.blocks.filter(
        (b) => b.kind === 'heading' && b.text.startsWith('Exception report'),
      );
      expect(exceptions).toHaveLength(2);
      const details = doc.blocks.filter(
        (b) => b.kind === 'details' && blockWords(b).includes('Dashboard details'),
      );
      expect(details.map((d) => blockWords(d).match(/Success indicator (\d+)/)?.[1]).sort()).toEqual([
        '46',
        '7',
      ]);
      expect(blockWords(details[0]!)).toContain('Corporate Plan priority: Protecting vulnerable people');
    });

    it('lays each directorate dashboard out with typed numbers, rating words and outlooks', async () => {
      const { doc } = await build();
      const scs = tables(doc).find((t) => t.sheet === 'Social and Community Services')!;
      expect(scs.head[0]!.map((c) => c.text)).toEqual([
        'Priority',
        'Outcome',
        'No.',
        'Success indicator',
        'Target',
        'Cumulative target Y/N',
        'Q1 RAG',
        'Outlook',
      ]);
      const seven = scs.rows.find((r) => r.some((c) => c.text === '7'))!;
      expect(seven.find((c) => c.rag !== undefined)).toMatchObject({ text: 'Red', rag: 'red' });
      expect(seven.find((c) => c.text === '7')!.value).toBe(7);
      expect(doc.data!.rows).toHaveLength(50);
    });

    it('lists framework changes with reasons, the retired measure and the 12 CLT priorities', async () => {
      const { doc } = await build();
      const changes = tables(doc).find((t) =>
        t.caption.startsWith('Outcomes and success indicators introduced'),
      )!;
      // Seed 003: the outcomes updated for 2017-18 (in bold) and their indicators, then the one deleted.
      expect(changes.rows.filter((r) => r[0]!.text === 'Updated')).toHaveLength(40);
      const updatedOutcomes = changes.rows.filter(
        (r) => r[0]!.text === 'Updated' && r[1]!.text.startsWith('Outcome:'),
      );
      expect(updatedOutcomes).toHaveLength(10);
      expect(updatedOutcomes.every((r) => r[1]!.strong === true)).toBe(true);
      expect(changes.rows.at(-1)![0]!.text).toBe('Deleted');
      const all = documentWords(doc);
      expect(all).toContain('Carried over from 2016-17: 13 outcomes and 20 success indicators.');
      expect(all).not.toContain('Amendments since approval');
      const retired = tables(doc).find((t) =>
        t.caption.startsWith('Outcomes and measures reported last year'),
      )!;
      expect(retired.rows[0]![0]!.text).toMatch(/^Communities are encouraged to help themselves/);
      const second = tables(doc).find((t) => t.sheet === 'Second framework')!;
      expect(second.rows.filter((r) => r[0]!.rowHeader).map((r) => r[0]!.text.split('.')[0])).toEqual(
        Array.from({ length: 12 }, (_, n) => String(n + 1)),
      );
    });

    it('narrows to a directorate: its outcomes, its counts, its one exception report', async () => {
      const { doc } = await build('SCS');
      expect(doc.title).toContain('Social and Community Services');
      const all = documentWords(doc);
      expect(all).toContain('Of the 4 outcomes being reported on this year, 3 were rated Green or Amber');
      expect(
        doc.blocks.filter((b) => b.kind === 'heading' && b.text.startsWith('Exception report')),
      ).toHaveLength(1);
      expect(tables(doc).filter((t) => t.caption.includes('success indicators, Q1'))).toHaveLength(1);
    });

    it('drafts achievements and issues from the figures, and edited texts replace the draft', async () => {
      const { s } = await build();
      const drafted = draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18');
      expect(drafted.issues.P3!.join('\n')).toContain('Indicator 7:');
      expect(drafted.issues.P2!.join('\n')).toContain('Indicator 4:'); // deteriorating
      const merged = mergeTexts(drafted, { achievements: { P1: ['Public consultation has started.'] } });
      const doc = buildQuarterlyReport(s, DEFAULT_SETTINGS, merged);
      const i = doc.blocks.findIndex((b) => b.kind === 'heading' && b.editKey === 'achievements:P1');
      expect(blockWords(doc.blocks[i + 1]!)).toBe('Public consultation has started.');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
