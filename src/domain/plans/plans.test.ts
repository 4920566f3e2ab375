import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverage, compareRefs, isOverdue, readCitations, statusCounts } from './progress.js';
import { ACTION_STATUSES, readStatus, statusDisplay } from './status.js';
import { describeTarget, parseTargetDate } from './target-dates.js';

describe('target dates as printed', () => {
  it.each([
    ['December 2024', 'month', '2024-12-31'],
    ['Dec 2024', 'month', '2024-12-31'],
    ['December\n2025', 'month', '2025-12-31'],
    ['March 2025 (IPS)', 'month', '2025-03-31'],
    ['Nov 02', 'month', '2002-11-30'],
    ['Sept 03', 'month', '2003-09-30'],
    ['June 03', 'month', '2003-06-30'],
    ['Feb 2024', 'month', '2024-02-29'],
    ['31/12/2024', 'day', '2024-12-31'],
    ['2024-06-30', 'day', '2024-06-30'],
    ['9 April 2024', 'day', '2024-04-09'],
    ['Q3 2024-25', 'quarter', '2024-12-31'],
    ['Q4 2024/25', 'quarter', '2025-03-31'],
    ['Q1 2024-25', 'quarter', '2024-06-30'],
    ['2024-25', 'year', '2025-03-31'],
    ['July / Nov 03 / Jan / May 04', 'several', '2004-05-31'],
  ])('%s is a %s due %s', (text, kind, due) => {
    const t = parseTargetDate(text);
    expect(t.kind).toBe(kind);
    expect(t.due).toBe(due);
    expect(t.text).toBe(text.replace(/\s+/g, ' '));
  });

  it.each(['ongoing', 'On going', 'On-going', 'Ongoing'])('%s is ongoing and never due', (text) => {
    expect(parseTargetDate(text)).toMatchObject({ kind: 'ongoing', due: null });
  });

  it('reads "March 2003 onwards" as ongoing from a date', () => {
    const t = parseTargetDate('March 2003 onwards');
    expect(t).toMatchObject({ kind: 'onwards', due: null, from: '2003-03-31' });
    expect(describeTarget(t)).toBe('Ongoing from 31 March 2003: never overdue');
  });

  it('keeps blank as none and anything else as not understood', () => {
    expect(parseTargetDate('')).toMatchObject({ kind: 'none', due: null });
    expect(parseTargetDate(null)).toMatchObject({ kind: 'none' });
    expect(parseTargetDate('when possible')).toMatchObject({ kind: 'unknown', due: null });
    expect(parseTargetDate('31/02/2024')).toMatchObject({ kind: 'unknown' });
    expect(parseTargetDate('Q3 2024-26')).toMatchObject({ kind: 'unknown' });
  });

  it('never throws, keeps the text, and a due date is always a real ISO date', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = parseTargetDate(s);
        expect(t.text).toBe(s.replace(/\s+/g, ' ').trim());
        if (t.due) expect(new Date(`${t.due}T00:00:00Z`).toISOString().slice(0, 10)).toBe(t.due);
      }),
    );
  });

  it('reads any month and year it prints back to the last day of that month', () => {
    const names = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1990, max: 2090 }), (m, y) => {
        const t = parseTargetDate(`${names[m]} ${y}`);
        const last = new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
        expect(t).toMatchObject({ kind: 'month', due: last });
      }),
    );
  });
});

describe('statuses', () => {
  it('maps printed words to the six statuses and keeps the word', () => {
    expect(readStatus('Complete')).toBe('complete');
    expect(readStatus('Ongoing')).toBe('on-track');
    expect(readStatus('On hold')).toBe('paused');
    expect(readStatus('Cancelled')).toBe('stopped');
    expect(readStatus('')).toBeNull();
    expect(readStatus('purple')).toBeUndefined();
    expect(statusDisplay('on-track', 'Ongoing')).toBe('Ongoing (on track)');
    expect(statusDisplay('complete', 'Complete')).toBe('Complete');
    expect(statusDisplay(null, null)).toBe('Not recorded');
  });
});

describe('overdue, counts and coverage', () => {
  it('is overdue once the target has passed and it is not complete', () => {
    const a = { code: '1', status: 'on-track' as const, due: '2024-12-31' };
    expect(isOverdue(a, '2024-12-31')).toBe(false);
    expect(isOverdue(a, '2025-01-01')).toBe(true);
    expect(isOverdue({ ...a, status: 'complete' }, '2025-01-01')).toBe(false);
    expect(isOverdue({ ...a, status: 'complete', completedOn: '2025-02-01' }, '2025-01-01')).toBe(true);
    expect(isOverdue({ ...a, status: 'stopped' }, '2025-01-01')).toBe(false);
    expect(isOverdue({ ...a, due: null }, '2099-01-01')).toBe(false);
  });

  it('counts every action once, and overdue ones among them', () => {
    const status = fc.constantFrom(...ACTION_STATUSES, null);
    const due = fc.option(fc.constantFrom('2024-01-31', '2024-12-31', '2025-06-30'));
    fc.assert(
      fc.property(fc.array(fc.record({ status, due })), (rows) => {
        const actions = rows.map((r, i) => ({ code: String(i), ...r }));
        const c = statusCounts(actions, '2024-10-01');
        const sum = ACTION_STATUSES.reduce((n, s) => n + c[s], c['not-recorded']);
        expect(sum).toBe(actions.length);
        expect(c.total).toBe(actions.length);
        expect(c.overdue).toBe(actions.filter((a) => isOverdue(a, '2024-10-01')).length);
        expect(c.overdue).toBeLessThanOrEqual(actions.length - c.complete - c.stopped);
      }),
    );
  });

  it('finds unaddressed findings and citations of things that do not exist', () => {
    const c = coverage({
      findings: [{ number: '1' }, { number: '2' }, { number: '3' }],
      recommendations: [{ code: '1a' }, { code: '1b' }],
      actions: [
        { code: 'A', findings: ['1', '51'], recommendations: ['1A'] },
        { code: 'B', findings: ['1'], recommendations: ['9z'] },
      ],
    });
    expect(c.unaddressed).toEqual(['2', '3']);
    expect(c.addressedBy.get('1')).toEqual(['A', 'B']);
    expect(c.dangling).toEqual([
      { action: 'A', kind: 'finding', ref: '51' },
      { action: 'B', kind: 'recommendation', ref: '9z' },
    ]);
    expect(c.recommendationsWithoutActions).toEqual(['1b']);
  });

  it('every finding is either addressed or unaddressed, never both', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 30 }),
        fc.array(fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 4 }), { maxLength: 20 }),
        (numbers, cites) => {
          const findings = numbers.map((n) => ({ number: String(n) }));
          const actions = cites.map((c, i) => ({
            code: `a${i}`,
            findings: c.map(String),
            recommendations: [],
          }));
          const r = coverage({ findings, recommendations: [], actions });
          for (const f of findings)
            expect(r.unaddressed.includes(f.number)).toBe(r.addressedBy.get(f.number)!.length === 0);
          const total = cites.flat().length;
          const resolved = [...r.addressedBy.values()].reduce((n, l) => n + l.length, 0);
          expect(resolved + r.dangling.length).toBe(total);
        },
      ),
    );
  });

  it('reads citations as printed and sorts references as people do', () => {
    expect(readCitations('(1a) (3)')).toEqual(['1a', '3']);
    expect(readCitations('(13,15,16)')).toEqual(['13', '15', '16']);
    expect(['10', '2', '1b', '1a'].sort(compareRefs)).toEqual(['1a', '1b', '2', '10']);
  });
});

describe('target dates as a council tracker gives them (issue 20)', () => {
  it('reads an Excel serial as the day it is, and TBC as no date yet; keeps the accepted forms', async () => {
    const { targetDateCell, parseTargetDate, targetDateProblem } = await import('./target-dates.js');
    expect(targetDateCell('42004')).toBe('31 December 2014');
    expect(parseTargetDate(targetDateCell('42004'))).toMatchObject({ kind: 'day', due: '2014-12-31' });
    expect(targetDateCell('Nov 02')).toBe('Nov 02');
    for (const t of ['TBC', 'tba', 'To be confirmed'])
      expect(parseTargetDate(t)).toMatchObject({ kind: 'none', due: null });
    for (const t of ['December 2024', 'Nov 02', 'Q3 2024-25', 'On going', 'March 2003 onwards'])
      expect(targetDateProblem(parseTargetDate(t))).toBeNull();
    expect(targetDateProblem(parseTargetDate('10/31/2014'))).toContain('write 31/10/2014');
    expect(targetDateProblem(parseTargetDate('31/13/2014'))).toContain('no month 13');
    expect(targetDateProblem(parseTargetDate('2014-11-31'))).toContain('November has no day 31');
    expect(targetDateProblem(parseTargetDate('soon'))).toContain('“soon” is not a target date');
  });

  it('reads RAG words and done flags, and a council’s own words first', async () => {
    const { readStatus, readMappedStatus, parseStatusMap, readDoneFlag } = await import('./status.js');
    expect(['grn', 'amb', 'red', 'gry', 'TRUE'].map((w) => readStatus(w))).toEqual([
      'on-track',
      'at-risk',
      'at-risk',
      'not-started',
      'complete',
    ]);
    expect(readStatus('FALSE')).toBeNull();
    expect(readDoneFlag('Y')).toBe(true);
    expect(readDoneFlag('maybe')).toBeNull();
    const map = parseStatusMap('gry=complete, slipping = at risk');
    expect(readMappedStatus('GRY', map)).toBe('complete');
    expect(readMappedStatus('Slipping', map)).toBe('at-risk');
    expect(readMappedStatus('purple', map)).toBeUndefined();
    expect(() => parseStatusMap('grn=fine')).toThrow(/“fine” is not a status/);
  });
});
