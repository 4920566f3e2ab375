import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closestNames, editDistance, isAggregateArea, nameKey } from '../../src/domain/benchmark-names.js';
import { AreaDirectory, areaProblem, type ReferenceCouncil } from '../../src/domain/benchmark-areas.js';

const council = (
  id: number,
  code: string,
  gss: string,
  name: string,
  extra: Partial<ReferenceCouncil> = {},
): ReferenceCouncil => ({
  id,
  code,
  gssCode: gss,
  officialName: `${name} Council`,
  niceName: name,
  nation: 'England',
  region: 'South East',
  typeCode: 'CTY',
  typeName: 'County',
  population: 1000,
  startDate: null,
  endDate: null,
  current: true,
  ...extra,
});

describe('name keys', () => {
  it('reads the spellings benchmarking files use as one name', () => {
    expect(nameKey('City of Edinburgh Council')).toBe('edinburgh');
    expect(nameKey('Edinburgh, City of')).toBe('edinburgh');
    expect(nameKey('Bath & North East Somerset')).toBe(nameKey('Bath and North East Somerset Council'));
    expect(nameKey('  Rhondda Cynon Taf  ')).toBe('rhondda cynon taf');
    expect(nameKey('Ynys Môn')).toBe('ynys mon');
    expect(nameKey("King's Lynn")).toBe('kings lynn');
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('oxfordshire', 'oxfordshire')).toBe(0);
  });
  it('is a metric: symmetric, zero only for equal strings, and obeys the triangle inequality', () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(s, s, s, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });
  it('offers the nearest names first', () => {
    const names = ['Oxford', 'Oxfordshire', 'South Oxfordshire', 'Bristol'].map((n) => ({
      key: nameKey(n),
      item: n,
    }));
    expect(closestNames('Oxfordshir', names, 2)).toEqual(['Oxfordshire', 'Oxford']);
  });
});

describe('aggregates', () => {
  it('knows countries, regions and averages are not councils', () => {
    for (const a of [
      'E92000001',
      'S92000003',
      'K04000001',
      'E12000008',
      'England',
      'England mean',
      'Scotland average',
    ])
      expect(isAggregateArea(a), a).toBe(true);
    for (const c of [
      'E10000025',
      'Oxfordshire',
      'West Sussex',
      'Wales Council for nothing'.slice(0, 0) || 'Newport',
    ])
      expect(isAggregateArea(c), c).toBe(false);
  });
});

describe('matching a cell to a council', () => {
  const oxf = council(1, 'OXF', 'E10000025', 'Oxfordshire');
  const nykOld = council(2, 'NYK', 'E10000023', 'North Yorkshire', { endDate: '2023-04-01', current: false });
  const nykNew = council(3, 'NYE', 'E06000065', 'North Yorkshire', {
    startDate: '2023-04-01',
    typeCode: 'UA',
  });
  const dir = new AreaDirectory(
    [oxf, nykOld, nykNew],
    [{ key: nameKey('Oxon'), councilId: 1 }],
    [{ gssCode: 'E10000099', councilId: 1 }],
  );
  it('by GSS code, former GSS code, registry code and any listed spelling', () => {
    for (const t of ['E10000025', 'e10000025', 'E10000099', 'OXF', 'Oxfordshire County Council', 'Oxon'])
      expect(dir.match(t), t).toEqual({ kind: 'council', council: oxf });
  });
  it('a name two councils have had is the one that existed in the period', () => {
    expect(dir.match('North Yorkshire', '2016-04-01')).toMatchObject({ council: { code: 'NYK' } });
    expect(dir.match('North Yorkshire', '2024-04-01')).toMatchObject({ council: { code: 'NYE' } });
    expect(dir.match('North Yorkshire')).toMatchObject({ council: { code: 'NYE' } });
  });
  it('a name that matches nothing is a problem naming the closest, never a guess', () => {
    const m = dir.match('Oxfordshir');
    expect(m.kind).toBe('unknown');
    expect(areaProblem('Oxfordshir', m)).toContain('The closest are: Oxfordshire (E10000025)');
    expect(dir.match('E10000000').kind).toBe('unknown');
    expect(dir.match('England').kind).toBe('aggregate');
  });
});
