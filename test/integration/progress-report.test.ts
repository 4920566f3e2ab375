import { expect, it } from 'vitest';
import { loadDemoPlans } from '../../src/app/demo.js';
import { coverageReport, progressReport } from '../../src/reports/progress/build.js';
import type { Block, ReportDocument, TableBlock } from '../../src/render/document.js';
import { peerChallengePlan } from '../../src/demo/peer-challenge-2024.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';

const today = clockAt('2026-01-15T12:00:00Z');
const tables = (doc: ReportDocument) => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const headings = (doc: ReportDocument) =>
  doc.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((h) => h.text);

describeEachDatabase('the progress report and coverage matrix as documents', (store) => {
  let ids: number[] = [];
  it('lays out seed 001 as the paper does: each recommendation, its bullets, then its actions', async () => {
    ids = await loadDemoPlans(store(), fixedClock);
    const october = await store()
      .db.selectFrom('progress_review')
      .select('id')
      .where('improvement_plan_id', '=', ids[0]!)
      .where('title', '=', 'October 2024 & final update')
      .executeTakeFirstOrThrow();
    const doc = await progressReport(store(), ids[0]!, today, 'Oxford City Council', october.id);
    expect(doc.council).toBe('Oxford City Council');
    expect(headings(doc)).toContain('Recommendation 1: Co-design shared outcomes');
    expect(headings(doc)).toContain('Recommendation 10: The Oxford Model');
    const actionTables = tables(doc).filter((t) => t.head[0]![0]!.text === 'Action');
    expect(actionTables).toHaveLength(10);
    expect(actionTables[0]!.caption).toBe('CO-DESIGN SHARED OUTCOMES');
    expect(actionTables[0]!.head[0]!.map((c) => c.text)).toEqual([
      'Action',
      'Target date',
      'Status',
      'October 2024 & final update',
    ]);
    const rows = actionTables.flatMap((t) => t.rows);
    expect(rows).toHaveLength(55);
    // Every action, in order, with its status and update as printed.
    const printed = peerChallengePlan.actions;
    rows.forEach((row, i) => {
      expect(row[0]!.text).toBe(printed[i]!.title);
      expect(row[2]!.text).toBe(printed[i]!.status ?? 'Not recorded');
      expect(row[3]!.text).toBe(printed[i]!.updates![0]!.text);
    });
    // The bullets come before the table.
    const i1 = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text.startsWith('Recommendation 2:'));
    expect(doc.blocks[i1 + 1]).toMatchObject({ kind: 'list' });
    expect((doc.blocks[i1 + 1] as { items: string[][] }).items).toHaveLength(2);
    // As at the review, one action is overdue, and it says so.
    const overdue = tables(doc).find((t) => t.caption.startsWith('Overdue actions'))!;
    expect(overdue.rows.map((r) => r[0]!.text)).toEqual(['10.2']);
    expect(rows.find((r) => r[1]!.text === 'September 2024')![2]!.lines).toEqual(['Overdue']);
    const summary = tables(doc).find((t) => t.caption.startsWith('Actions by status'))!;
    expect(summary.rows.at(-1)!.map((c) => c.text)).toEqual(['Whole plan', '39', '15', '1', '1', '55']);
  });

  it('reports the coverage of seed 004: six findings unaddressed, weakness 51 cited but never listed', async () => {
    const doc = await coverageReport(store(), ids[1]!, today, 'Oxfordshire County Council');
    const gaps = tables(doc).find((t) => t.caption === 'Findings no action addresses')!;
    expect(gaps.rows.map((r) => r[0]!.text)).toEqual(['24', '36', '39', '40', '41', '46']);
    const dangling = tables(doc).find((t) => t.caption.startsWith('Citations'))!;
    expect(dangling.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['2b.1', 'finding', '51'],
      ['2b.4', 'finding', '51'],
    ]);
    const m = tables(doc).find((t) => t.caption === 'Recommendation 3d: findings × actions')!;
    expect(m.rows[0]!.at(-1)!.text).toBe('3c.1, 3c.3');
    const first = tables(doc).find((t) => t.caption === 'Recommendation 1a: findings × actions')!;
    expect(first.head[0]!).toHaveLength(1 + 10 + 1);
    expect(first.rows).toHaveLength(8);
  });

  it('groups seed 004 under its priorities and the business plan under its section', async () => {
    const doc = await progressReport(store(), ids[1]!, today, 'x');
    expect(headings(doc)).toContain('Priority 3: Building corporate capacity');
    expect(tables(doc).some((t) => t.caption === '2a: Action Plan')).toBe(true);
    const bp = await progressReport(store(), ids[2]!, today, 'x');
    expect(headings(bp)).toContain('Equalities impact');
    expect(tables(bp).find((t) => t.caption === 'Equalities impact')!.rows).toHaveLength(18);
  });
});
