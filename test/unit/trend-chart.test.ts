import { describe, it, expect } from 'vitest';
import { trendChart, type TrendChartInput, type TrendPoint } from '../../src/render/charts/trend-chart.js';

const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];
function label(i: number): string {
  const year = 2017 + Math.floor(i / 4);
  return `${QUARTERS[i % 4]} ${year}-${String(year + 1).slice(2)}`;
}

function point(i: number, value: number | null, extra: Partial<TrendPoint> = {}): TrendPoint {
  return { label: label(i), value, target: 70, rating: 'green', ...extra };
}

function chart(points: TrendPoint[], extra: Partial<TrendChartInput> = {}): string {
  return trendChart({ id: 'ind-7', title: 'Indicator 7', unit: 'percent', points, ...extra });
}

const TWELVE: TrendPoint[] = Array.from({ length: 12 }, (_, i) =>
  point(i, 55 + i, { rating: i % 3 === 0 ? 'red' : i % 3 === 1 ? 'amber' : 'green' }),
);

function count(svg: string, pattern: RegExp): number {
  return svg.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

/** The text of the x-axis labels. */
function xLabels(svg: string): string[] {
  const axis = /<g class="cairn-chart__x-axis">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

function yLabels(svg: string): string[] {
  const axis = /<g class="cairn-chart__y-axis">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

describe('trendChart', () => {
  it('renders nothing without any value or target', () => {
    expect(chart([])).toBe('');
    expect(chart([point(0, null, { target: null, rating: null })])).toBe('');
  });

  it('renders for targets alone, and for a range alone', () => {
    expect(chart([point(0, null, { rating: null })])).toContain('cairn-chart__target');
    expect(chart([point(0, null, { target: null, targetLow: 93, targetHigh: 95, rating: null })])).toContain(
      'cairn-chart__band',
    );
  });

  it('is one svg with role=img labelled by its own title and desc', () => {
    const svg = chart(TWELVE);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(count(svg, /<svg\b/)).toBe(1);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="ind-7-title ind-7-desc"');
    expect(svg).toContain('<title id="ind-7-title">Indicator 7</title>');
    expect(svg).toMatch(/<desc id="ind-7-desc">[^<]+<\/desc>/);
    expect(svg).toContain('viewBox="0 0 640 280"');
    expect(svg).toContain('preserveAspectRatio=');
    expect(svg).toContain('width="100%"');
  });

  it('describes the periods and the latest figure against its target in words', () => {
    const points = TWELVE.map((p, i) => (i === 11 ? { ...p, value: 67, rating: 'amber' as const } : p));
    expect(chart(points)).toContain(
      '<desc id="ind-7-desc">12 periods from Q1 2017-18 to Q4 2019-20. ' +
        'Latest, Q4 2019-20: 67% against a target of 70%, rated Amber.</desc>',
    );
  });

  it('describes a range target, the latest period with a figure and missing figures', () => {
    const points = [
      point(0, 94, { target: null, targetLow: 93, targetHigh: 95 }),
      point(1, null, { target: null, targetLow: 93, targetHigh: 95, rating: null }),
    ];
    expect(chart(points)).toContain(
      '2 periods from Q1 2017-18 to Q2 2017-18. Latest, Q1 2017-18: 94% against a target range of 93% ' +
        'to 95%, rated Green. No figure for 1 period.',
    );
  });

  it('escapes text from user data', () => {
    const svg = trendChart({
      id: 'x" onload="alert(1)',
      title: `<script>alert('x')</script> & "quotes"`,
      unit: 'number',
      points: [point(0, 5, { label: '<b>Q1</b> & co' })],
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('onload="');
    expect(svg).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(svg).toContain('&lt;b&gt;Q1&lt;/b&gt; &amp; co');
    // The id stays one token so aria-labelledby still points at the title and desc.
    const ids = /aria-labelledby="([^"]*)"/.exec(svg)?.[1]?.split(' ') ?? [];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(svg).toContain(`id="${id}"`);
  });

  it('leaves a gap and no marker where a value is missing', () => {
    const points = [point(0, 50), point(1, 55), point(2, null, { rating: null }), point(3, 60), point(4, 65)];
    const svg = chart(points);
    expect(count(svg, /<path class="cairn-chart__line"[^>]* d="M[^"]*"/)).toBe(2 + 1); // two runs + the legend
    const lines = [...svg.matchAll(/<path class="cairn-chart__line" fill="none" d="(M[^"]*)"/g)].map(
      (m) => m[1],
    );
    expect(lines.filter((d) => d?.includes('L'))).toHaveLength(2);
    // Four figures, four markers (plus the legend's three shapes).
    expect(count(svg, /class="cairn-chart__marker /)).toBe(4 + 3);
  });

  it('draws no line for an isolated figure, only its marker', () => {
    const svg = chart([point(0, 50), point(1, null, { rating: null }), point(2, 60)]);
    expect(count(svg, /<path class="cairn-chart__line"[^>]*d="M[^"]*L/)).toBe(0);
    expect(count(svg, /cairn-chart__marker--green/)).toBe(2 + 1);
  });

  it('gives each rating its own shape', () => {
    const svg = chart([
      point(0, 50, { rating: 'red' }),
      point(1, 55, { rating: 'amber' }),
      point(2, 60, { rating: 'green' }),
      point(3, 65, { rating: null }),
    ]);
    expect(svg).toMatch(
      /<polygon class="cairn-chart__marker cairn-chart__marker--red" points="(\S+ ){2}\S+"\/>/,
    );
    expect(svg).toMatch(
      /<polygon class="cairn-chart__marker cairn-chart__marker--amber" points="(\S+ ){3}\S+"\/>/,
    );
    expect(svg).toMatch(/<circle class="cairn-chart__marker cairn-chart__marker--green" /);
    expect(svg).toMatch(/<rect class="cairn-chart__marker cairn-chart__marker--none" fill="none" /);
    // Each shape once in the plot and once in the legend.
    for (const r of ['red', 'amber', 'green', 'none']) expect(count(svg, new RegExp(`marker--${r}`))).toBe(2);
    for (const word of ['Actual', 'Target', 'Red', 'Amber', 'Green', 'Not rated']) {
      expect(svg).toContain(`>${word}</text>`);
    }
  });

  it('leaves "Not rated" out of the legend when every figure is rated', () => {
    expect(chart(TWELVE)).not.toContain('Not rated');
  });

  it('labels a percentage axis with round ticks from zero past the target', () => {
    expect(yLabels(chart([point(0, 40), point(1, 67)]))).toEqual(['0%', '20%', '40%', '60%', '80%']);
    expect(yLabels(chart([point(0, 40, { target: 100 })]))).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('labels numbers with thousands separators and money in pounds', () => {
    expect(yLabels(chart([point(0, 9000, { target: 12000 })], { unit: 'number' }))).toEqual([
      '0',
      '5,000',
      '10,000',
      '15,000',
    ]);
    expect(yLabels(chart([point(0, 900, { target: 1200 })], { unit: 'currency' }))).toContain('£1,000');
    expect(yLabels(chart([point(0, 1_200_000, { target: 1_500_000 })], { unit: 'currency' }))).toEqual([
      '£0.0m',
      '£0.5m',
      '£1.0m',
      '£1.5m',
    ]);
  });

  it('reaches below zero for negative figures', () => {
    expect(yLabels(chart([point(0, -5, { target: 10 })], { unit: 'number' }))).toEqual([
      '-5',
      '0',
      '5',
      '10',
    ]);
  });

  it('draws a band and dashed edges for a range target', () => {
    const svg = chart([
      point(0, 94, { target: null, targetLow: 93, targetHigh: 95 }),
      point(1, 96, { target: null, targetLow: 95, targetHigh: 93 }),
    ]);
    expect(count(svg, /<path class="cairn-chart__band" d="M[^"]+Z"/)).toBe(1);
    expect(count(svg, /cairn-chart__target--range/)).toBe(2 + 1);
    expect(svg).toContain('>Target range</text>');
    expect(svg).not.toContain('>Target</text>');
  });

  it('steps the target line where the target changes and breaks it where there is none', () => {
    const flat = chart([point(0, 50), point(1, 50), point(2, 50)]);
    const plotTargets = (svg: string) =>
      [...svg.matchAll(/<path class="cairn-chart__target" fill="none" d="([^"]*)"/g)].map((m) => m[1] ?? '');
    // One plot line plus the legend's; a flat target has no vertical step.
    expect(plotTargets(flat)).toHaveLength(2);
    expect(plotTargets(flat)[0]).not.toContain('V');
    const stepped = chart([point(0, 50), point(1, 50, { target: 80 }), point(2, 50, { target: null })]);
    expect(plotTargets(stepped)).toHaveLength(2);
    expect(plotTargets(stepped)[0]).toMatch(/^M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+ H[\d.]+$/);
  });

  it('is deterministic, with coordinates to one decimal place', () => {
    const a = chart(TWELVE);
    expect(chart(TWELVE)).toBe(a);
    expect(chart(structuredClone(TWELVE))).toBe(a);
    expect(a).not.toMatch(/\d\.\d\d/);
    expect(a).not.toContain('NaN');
    expect(a).not.toContain('-0,');
  });

  it('uses no inline styles', () => {
    const svg = chart([
      point(0, 50, { rating: 'red' }),
      point(1, null, { target: null, targetLow: 93, targetHigh: 95, rating: null }),
      point(2, 60, { rating: null }),
    ]);
    expect(svg).not.toContain('style=');
    expect(svg).not.toContain('<style');
  });

  it('shows every period label when they fit', () => {
    expect(xLabels(chart(TWELVE.slice(0, 6)))).toEqual(TWELVE.slice(0, 6).map((p) => p.label));
  });

  it('thins the period labels for many periods, keeping the first and the last', () => {
    const forty = Array.from({ length: 40 }, (_, i) => point(i, 50 + (i % 7)));
    const labels = xLabels(chart(forty));
    expect(labels.length).toBeLessThanOrEqual(9);
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels[0]).toBe('Q1 2017-18');
    expect(labels[labels.length - 1]).toBe('Q4 2026-27');
  });

  it('keeps x labels apart so they do not overlap', () => {
    for (const n of [1, 2, 7, 9, 13, 25, 40]) {
      const svg = chart(Array.from({ length: n }, (_, i) => point(i, 50)));
      const axis = /<g class="cairn-chart__x-axis">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
      const centres = [...axis.matchAll(/<text [^>]*\bx="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(centres).toHaveLength(xLabels(svg).length);
      for (let i = 1; i < centres.length; i++) {
        expect((centres[i] ?? 0) - (centres[i - 1] ?? 0)).toBeGreaterThanOrEqual(10 * 7);
      }
    }
  });
});
