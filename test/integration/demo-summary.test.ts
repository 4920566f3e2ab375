/**
 * The demo against seed 003's own headline figures, computed from the stored ratings on each database.
 */
import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildScorecard } from '../../src/app/scorecard.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { periodSummary } from '../../src/app/summary.js';
import { summaryText } from '../../src/cli/summary-text.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

describeEachDatabase(
  'the Oxfordshire demo, Q1 2017-18',
  (store) => {
    it('counts 21 of 23 outcomes Green or Amber and 2 Red, the outcomes of indicators 7 and 46', async () => {
      const { summary } = await periodSummary(store(), 'Q1 2017-18');
      expect(summary.outcomes.total).toBe(23);
      expect(summary.outcomes.green + summary.outcomes.amber).toBe(21);
      expect(summary.outcomes.red).toBe(2);
      expect(summary.outcomes.redOutcomes.flatMap((o) => o.indicators).sort()).toEqual(['46', '7']);
    });

    it('counts 2 of 50 indicators Red (7 and 46) and the outlook for 49 stable or improving', async () => {
      const { summary } = await periodSummary(store(), '2017/18 Q1');
      expect(summary.indicators.total).toBe(50);
      expect(summary.indicators.red).toBe(2);
      expect(summary.indicators.redNumbers).toEqual(['7', '46']);
      expect(summary.outlook.stable + summary.outlook.improving).toBe(49);
      expect(summary.outlook.deterioratingNumbers).toEqual(['4']);
    });

    it('shows which outcome ratings were derived and which judged (school attendance)', async () => {
      const view = await periodSummary(store(), 'Q1 2017-18');
      expect(view.summary.outcomes.judged).toBe(1);
      expect(view.summary.outcomes.derived).toBe(22);
      const judged = view.outcomes.filter((o) => o.rating.basis === 'judgement');
      expect(judged.map((o) => o.title)).toEqual([expect.stringMatching(/^Increase school attendance/)]);
      const text = summaryText(view);
      expect(text).toContain('derived from indicators 22');
      expect(text).toContain("director's judgement 1");
    });

    it('writes the seed’s headline sentences', async () => {
      const { summary } = await periodSummary(store(), 'Q1 2017-18');
      expect(summary.sentences[0]).toContain(
        'Of the 23 outcomes being reported on this year, 21 were rated Green or Amber',
      );
      expect(summary.sentences[1]).toContain(
        'Of the 50 success indicators being reported on, 2 were rated as Red',
      );
      expect(summary.sentences[1]).toContain(
        'In both cases these have directly led to the 2 Red-rated outcomes',
      );
      expect(summary.sentences[2]).toBe(
        'The outlook for 49 of the 50 success indicators was "stable" or "positive/improving".',
      );
    });

    it('summarises a directorate and a priority', async () => {
      const scs = await periodSummary(store(), 'Q1 2017-18', 'SCS');
      expect(scs.summary.indicators.total).toBe(8);
      expect(scs.summary.indicators.redNumbers).toEqual(['7']);
      const p3 = await periodSummary(store(), 'Q1 2017-18', 'priority:P3');
      expect(p3.summary.outcomes.total).toBe(8);
      await expect(periodSummary(store(), 'Q1 2017-18', 'XYZ')).rejects.toThrow(/is not a scope/);
    });

    it('keeps the indicator reported in arrears (27) against the quarter it measures', async () => {
      const view = await periodSummary(store(), 'Q1 2017-18');
      const i27 = view.outcomes.flatMap((o) => o.indicators).find((i) => i.number === '27');
      expect(i27?.dataPeriod.label).toBe('Q4 2016-17');
      expect(i27?.rating).not.toBeNull();
    });

    it('says plainly when no framework covers a period', async () => {
      await expect(periodSummary(store(), 'Q1 2019-20')).rejects.toThrow(/No framework covers 2019-20/);
      await expect(periodSummary(store(), 'Quarter five')).rejects.toThrow(/Cannot read "Quarter five"/);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);

describeEachDatabase(
  'computed ratings on the demo framework',
  (store) => {
    it('rates a milestone past its due date, with no completion reported, as Red — and says why', async () => {
      const card = await buildScorecard(store(), parsePeriod('Q3 2017-18'));
      const i31 = card.priorities
        .flatMap((p) => p.outcomes)
        .flatMap((o) => o.indicators)
        .find((i) => i.number === '31');
      expect(i31?.ratingSource).toBe('computed');
      expect(i31?.rating).toBe('red');
      expect(i31?.explanation).toMatch(/^Red: .*30 September 2017|^Red: .*2017-09-30/);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
