import { describe, expect, it } from 'vitest';
import {
  detectMapping,
  readBenchmarkPeriod,
  readFigureCell,
  readPolarity,
  resolveMapping,
} from '../../src/domain/benchmark-mapping.js';

describe('periods in benchmarking files', () => {
  it('reads every form Cairn reads, and ONS’s calendar quarters', () => {
    expect(readBenchmarkPeriod('2016/17')?.code).toBe('2016-17');
    expect(readBenchmarkPeriod('2016-17')?.code).toBe('2016-17');
    expect(readBenchmarkPeriod('AY 2016/17')?.code).toBe('AY2016-17');
    expect(readBenchmarkPeriod('Q1 2017-18')?.code).toBe('2017-18-Q1');
    // January–March 2017 is Q4 2016-17; April–June 2017 is Q1 2017-18.
    expect(readBenchmarkPeriod('2017 Q1')?.code).toBe('2016-17-Q4');
    expect(readBenchmarkPeriod('2017-Q2')?.code).toBe('2017-18-Q1');
    expect(readBenchmarkPeriod('Spring')).toBeNull();
  });
});

describe('figures in benchmarking files', () => {
  it('reads numbers as written, and the marks for no figure', () => {
    expect(readFigureCell('11.2')).toEqual({ kind: 'figure', value: 11.2 });
    expect(readFigureCell('1,234')).toEqual({ kind: 'figure', value: 1234 });
    expect(readFigureCell('12.5%')).toEqual({ kind: 'figure', value: 12.5 });
    expect(readFigureCell('£4,812')).toEqual({ kind: 'figure', value: 4812 });
    expect(readFigureCell('-3')).toEqual({ kind: 'figure', value: -3 });
    for (const none of ['', '..', ':', 'x', 'c', '[c]', '-', 'n/a'])
      expect(readFigureCell(none)).toEqual({ kind: 'none' });
    expect(readFigureCell('five')).toEqual({ kind: 'bad' });
    expect(readPolarity('Lower is better')).toBe('lower');
    expect(readPolarity('best in the middle')).toBe('middle');
  });
});

describe('finding the columns', () => {
  it('knows an LG Inform download, preferring the code column for the council', () => {
    const d = detectMapping(['Area name', 'Area code', 'Period', 'Value']);
    expect(d.layout).toBe('lg-inform');
    expect(d.mapping.columns).toMatchObject({ area: 'Area code', period: 'Period', value: 'Value' });
  });
  it('knows Open SDG’s columns', () => {
    const d = detectMapping(['Year', 'Series', 'Units', 'GeoCode', 'Value']);
    expect(d.layout).toBe('open-sdg');
    expect(d.mapping.columns).toMatchObject({
      area: 'GeoCode',
      period: 'Year',
      value: 'Value',
      metricCode: 'Series',
      unit: 'Units',
    });
  });
  it('says which fields are not mapped, on the mapping form’s fields', () => {
    const r = resolveMapping(['Council', 'Score'], { columns: { area: 'Council' } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.field)).toEqual(['metricCode', 'column-period', 'column-value']);
    const named = resolveMapping(['Council', 'Score'], {
      columns: { area: 'Council', value: 'Score' },
      metricCode: 'X',
      metricTitle: 'X score',
      period: '2016/17',
    });
    expect(named.ok).toBe(true);
  });
});
