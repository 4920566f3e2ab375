/**
 * Issue 21, the quarterly report's text: no placeholder is stored or printed, Amber is never an
 * achievement, narratives keep their bullet points, the introduction, recommendations and a
 * business-management narrative are the officer's to write, the date is printed, the outlook names the
 * next quarter, and the key is repeated under each dashboard.
 */
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildQuarterlyReport, narrativeBlocks } from '../../src/reports/quarterly/build.js';
import { draftTexts, emptySections } from '../../src/reports/quarterly/draft.js';
import { DEFAULT_SETTINGS, mergeTexts } from '../../src/reports/quarterly/model.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { blockWords, documentWords } from '../support/report-text.js';

it('turns lines starting "- " or "• " into a bulleted list, keeping paragraphs apart', () => {
  const blocks = narrativeBlocks(
    'Hours fell in August.\n- Two providers left\n• Recruitment is behind\n\nA plan is agreed.',
  );
  expect(blocks).toEqual([
    { kind: 'paragraph', content: ['Hours fell in August.'] },
    { kind: 'list', items: [['Two providers left'], ['Recruitment is behind']] },
    { kind: 'paragraph', content: ['A plan is agreed.'] },
  ]);
  expect(narrativeBlocks('No recommended action has been written yet.')).toEqual([]);
});

describeEachDatabase(
  'the quarterly report text',
  (store) => {
    async function source() {
      return loadReportSource(store(), 'Q1 2017-18', undefined, { charts: false, now: fixedClock.now() });
    }

    it('stores and prints no placeholder, and lists every empty section for the publish confirmation', async () => {
      const s = await source();
      const texts = draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18');
      const red = s.outcomes.filter((o) => o.rating.rating === 'red');
      expect(red.length).toBeGreaterThan(0);
      for (const o of red) expect(texts.exceptions[o.code]!.action).toBe('');
      const doc = buildQuarterlyReport(s, DEFAULT_SETTINGS, texts);
      expect(documentWords(doc)).not.toContain('No recommended action has been written yet');
      expect(documentWords(doc)).not.toContain('None written');
      expect(documentWords(doc)).not.toContain('Recommended action:');
      const empty = emptySections(s.scorecard.priorities, red, texts).map((e) => e.label);
      for (const o of red) expect(empty).toContain(`Recommended action: ${o.title}`);
      expect(empty).toContain('Business management narrative');
      // An older draft's stored placeholder is still empty, never content.
      const legacy = mergeTexts(texts, {
        exceptions: {
          [red[0]!.code]: { narrative: 'Why', action: 'No recommended action has been written yet.' },
        },
      });
      expect(documentWords(buildQuarterlyReport(s, DEFAULT_SETTINGS, legacy))).not.toContain(
        'No recommended action',
      );
      expect(emptySections(s.scorecard.priorities, red, legacy).map((e) => e.label)).toContain(
        `Recommended action: ${red[0]!.title}`,
      );
    });

    it('never lists an Amber indicator as a key achievement', async () => {
      const s = await source();
      const texts = draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18');
      const amber = s.outcomes
        .flatMap((o) => o.indicators)
        .filter((i) => i.rating === 'amber' && i.outlook === 'improving');
      expect(amber.length).toBeGreaterThan(0);
      const achievements = Object.values(texts.achievements).flat().join('\n');
      for (const i of amber)
        expect(achievements).not.toMatch(new RegExp(`\\(indicator ${i.number}\\)|Indicator ${i.number}:`));
      expect(achievements).not.toContain('rated Amber');
    });

    it("prints the officer's introduction, business narrative and recommendations in order, the date, the next quarter's outlook and a key under each dashboard", async () => {
      const s = await source();
      const drafted = draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18');
      const texts = mergeTexts(drafted, {
        introduction: 'This quarter saw a new framework.',
        business: 'Finance:\n- The forecast is balanced\n- Reserves are on plan',
        recommendations: ['Note the report.', 'Agree the exception actions.', 'Ask for a Q2 update.'],
      });
      const doc = buildQuarterlyReport(s, DEFAULT_SETTINGS, texts);
      const text = documentWords(doc);
      expect(text).toContain('This quarter saw a new framework.');
      expect(text).toContain('Business management');
      const list = doc.blocks.find(
        (b) => b.kind === 'list' && blockWords(b).includes('The forecast is balanced'),
      );
      expect(list && blockWords(list)).toBe('The forecast is balanced\nReserves are on plan');
      const recs = doc.blocks.find(
        (b) => b.kind === 'list' && b.ordered && blockWords(b).includes('Agree the exception'),
      );
      expect(recs && blockWords(recs)).toBe(
        'Note the report.\nAgree the exception actions.\nAsk for a Q2 update.',
      );
      expect(text).toMatch(/Date of report: \d{1,2} \w+ \d{4}/);
      expect(text).toContain('Outlook into Q2 2017-18');
      expect(text).not.toContain('Outlook into the next quarter');
      const dashboards = doc.blocks.filter(
        (b) => b.kind === 'heading' && / – performance dashboard – /.test(b.text),
      ).length;
      expect(dashboards).toBeGreaterThan(1);
      expect(doc.blocks.filter((b) => b.kind === 'key')).toHaveLength(dashboards + 1);
      const editKeys = doc.blocks.flatMap((b) => (b.kind === 'heading' && b.editKey ? [b.editKey] : []));
      expect(editKeys).toEqual(expect.arrayContaining(['introduction', 'business', 'recommendations']));
    });

    it('prints the outcomes updated or introduced this year in bold, and says so in words', async () => {
      const s = await source();
      const changed = s.outcomes.filter((o) => o.change === 'updated' || o.change === 'introduced');
      expect(changed.length).toBeGreaterThan(0);
      const doc = buildQuarterlyReport(
        s,
        DEFAULT_SETTINGS,
        draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18'),
      );
      const cells = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flat() : []));
      for (const o of s.outcomes) {
        const shown = cells.filter((c) => c.text === o.title && c.rowHeader);
        if (shown.length === 0) continue;
        const isChanged = changed.includes(o);
        for (const c of shown) {
          expect(c.strong === true).toBe(isChanged);
          if (isChanged) expect(c.lines?.[0]).toMatch(/^(Updated|Introduced) for 2017-18$/);
        }
      }
      const { renderHtmlFragment } = await import('../../src/render/html.js');
      const first = changed.find((o) => cells.some((c) => c.text === o.title))!;
      expect(renderHtmlFragment(doc)).toContain(
        `<strong>${first.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;')}</strong>`,
      );
    });

    it('draws a chart per indicator when charts are asked for, even for a quarter rated without figures', async () => {
      const s = await loadReportSource(store(), 'Q1 2017-18', undefined, {
        charts: true,
        now: fixedClock.now(),
      });
      const texts = draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2017-18');
      const doc = buildQuarterlyReport(s, { ...DEFAULT_SETTINGS, charts: true }, texts);
      const figures = doc.blocks.filter((b) => b.kind === 'figure');
      expect(figures.length).toBeGreaterThan(10);
      expect(figures.every((f) => f.kind === 'figure' && f.svg.startsWith('<svg'))).toBe(true);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
