/**
 * The demo's ILLUSTRATIVE budget monitoring and savings programme for Q1 and Q2 2017-18
 * (src/demo/finance-2017-18.ts; the seeds print no budget figures), loaded as if from the finance
 * system's export: each quarter's lines, approved, and its load recorded.
 */
import { DEMO_FINANCE_FILE, demoBudget, demoSavings } from '../demo/finance-2017-18.js';
import { parsePeriod } from '../domain/periods.js';
import { recordFinanceLoad, replaceBudgetLines, replaceSavingsLines } from '../storage/finance.js';
import type { Trx } from '../storage/transaction.js';
import { listDirectoratesWithUse } from '../storage/organisation.js';
import { systemActor } from './audit.js';

export async function loadDemoFinance(trx: Trx, at: string): Promise<void> {
  const directorates = new Map((await listDirectoratesWithUse(trx)).map((d) => [d.code, d.id]));
  const id = (code: string) => {
    const found = directorates.get(code);
    if (found === undefined) throw new Error(`Demo finance: directorate ${code} is not in the framework`);
    return found;
  };
  const pence = (pounds: number) => Math.round(pounds * 100);
  for (const [label, lines] of Object.entries(demoBudget)) {
    const period = parsePeriod(label).code;
    await replaceBudgetLines(
      trx,
      period,
      lines.map((l) => ({
        directorateId: id(l.directorate),
        serviceId: null,
        budget: pence(l.budget),
        forecast: pence(l.forecast),
        commentary: l.commentary,
      })),
      { source: 'upload', by: systemActor.name, at },
    );
    await recordFinanceLoad(
      trx,
      {
        period,
        kind: 'budget',
        fileName: DEMO_FINANCE_FILE,
        lineCount: lines.length,
        by: systemActor.name,
        at,
      },
      0,
    );
  }
  for (const [label, lines] of Object.entries(demoSavings)) {
    const period = parsePeriod(label).code;
    await replaceSavingsLines(
      trx,
      period,
      lines.map((s) => ({
        directorateId: id(s.directorate),
        reference: s.reference,
        title: s.title,
        target: pence(s.target),
        forecast: pence(s.forecast),
        commentary: s.commentary,
      })),
    );
    await recordFinanceLoad(
      trx,
      {
        period,
        kind: 'savings',
        fileName: DEMO_FINANCE_FILE,
        lineCount: lines.length,
        by: systemActor.name,
        at,
      },
      0,
    );
  }
}
