import { describe, expect, it } from 'vitest';
import type { IndicatorBenchmark } from '../../../app/benchmark-links.js';
import type { ReferenceCouncil } from '../../../domain/benchmark-areas.js';
import { benchmarkResult, type MetricInfo } from '../../../domain/benchmark-result.js';
import type { MetricPolarity } from '../../../domain/benchmark-stats.js';
import { periodFromCode } from '../../../domain/periods.js';
import { benchmarkLine, benchmarkPanelView } from './presenter.js';

const council = (id: number, name: string): ReferenceCouncil => ({
  id,
  code: `C${id}`,
  gssCode: `E1000000${id}`,
  officialName: `${name} County Council`,
  niceName: name,
  nation: 'England',
  region: 'South East',
  typeCode: 'CTY',
  typeName: 'County',
  population: null,
  startDate: null,
  endDate: null,
  current: true,
});
const COUNCILS = ['Us', 'Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta'].map((n, i) =>
  council(i + 1, n),
);

function result(values: number[], polarity: MetricPolarity = 'lower', asked = '2017-18-Q1') {
  const metric: MetricInfo = {
    id: 1,
    source: 'LG Inform',
    code: 'PA',
    title: 'Persistent absence',
    polarity,
    unit: 'percent',
  };
  return benchmarkResult({
    metric,
    period: periodFromCode('2016-17'),
    asked: periodFromCode(asked),
    values: values.map((value, i) => ({ areaId: i + 1, value })),
    comparison: {
      label: 'shire counties',
      short: 'Shire counties',
      members: new Set(COUNCILS.map((c) => c.id)),
      nation: 'England',
      validFrom: null,
    },
    us: COUNCILS[0]!,
    council: (id) => COUNCILS[id - 1],
  });
}

const panel = (values: number[], polarity?: MetricPolarity) => {
  const r = result(values, polarity);
  const ib: IndicatorBenchmark = {
    link: {
      indicatorId: 9,
      metric: r.metric,
      comparison: { kind: 'group', groupId: 1 },
      version: 1,
      linkedAt: '',
      linkedBy: '',
    },
    current: r,
    history: [r],
  };
  const view = benchmarkPanelView(ib, 1, '9', true)!;
  return {
    view,
    summary: Object.fromEntries(
      (view.summary as { key: string; value: string }[]).map((s) => [s.key, s.value]),
    ),
  };
};

describe('the indicator page’s benchmark panel', () => {
  it('says our rank, quartile, distance from the median and the gap to the top quartile in the metric’s units', () => {
    // Lower is better: 13.0 is 5th of 8 (third quartile); the top quartile's edge is the 2nd best, 11.0.
    const { view, summary } = panel([13.0, 10.5, 11.0, 12.0, 12.5, 13.5, 14.0, 15.0]);
    expect(summary['Our rank']).toBe('5 of 8 (1 is best; lower is better)');
    expect(summary['Our quartile']).toBe('Third quartile (3rd of 4)');
    expect(summary['To the top quartile']).toBe(
      '2.0% lower is needed to reach the top quartile’s boundary of 11.0%.',
    );
    expect(summary['Against the median']).toMatch(/^Broadly similar to the median of 12\.8%/);
    expect(summary.Best).toBe('Alpha: 10.5%');
    expect(view.older).toBe('The latest figures are for 2016-17, before Q1 2017-18.');
    expect(view.chart).toContain('role="img"');
    expect((view.rows as { us: boolean; name: string }[]).find((r) => r.us)?.name).toBe('Us');
  });

  it('has no quartile when fewer than 4 councils have a figure, and says so', () => {
    const { summary } = panel([13.0, 10.5, 11.0]);
    expect(summary['Our quartile']).toBe('No quartile (fewer than 4 councils had a figure)');
    expect(summary['To the top quartile']).toBe('No top quartile: fewer than 4 councils had a figure.');
    expect(summary['Councils with a figure']).toBe(
      '3 of the 8 councils in shire counties had a figure for 2016-17.',
    );
  });

  it('offers to link an unlinked indicator only to those who may', () => {
    expect(benchmarkPanelView(null, 1, '9', true)).toMatchObject({
      linked: false,
      linkUrl: '/plans/1/indicators/9/benchmark',
    });
    expect(benchmarkPanelView(null, 1, '9', false)).toBeNull();
  });
});

describe('a line of the plan’s benchmarking page', () => {
  const base = {
    number: '9',
    title: 'Persistent absence',
    url: '/x',
    directorate: { code: 'CEF', name: 'Children' },
    metric: 'PA',
  };

  it('carries the rank, quartile and words, or why there is no data', () => {
    const line = benchmarkLine(base, {
      current: result([10.6, 10.5, 11.0, 12.0, 12.5, 13.5, 14.0, 15.0]),
      comparisonLabel: 'Shire counties',
    });
    expect(line).toMatchObject({
      rank: 2,
      n: 8,
      quartile: 1,
      quartileText: 'Top quartile',
      value: '10.6%',
      period: '2016-17',
    });
    const none = benchmarkLine(base, {
      current: { reason: 'nobody has said which council this is' },
      comparisonLabel: 'Shire counties',
    });
    expect(none).toMatchObject({
      rank: null,
      quartileText: 'No data',
      reason: 'Nobody has said which council this is.',
    });
  });
});
