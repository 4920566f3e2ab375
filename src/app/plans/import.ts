/**
 * Importing a whole plan (from the demo or a spreadsheet): check every part, then save it all or
 * nothing, audited.
 */
import type { Problem } from '../../domain/problem.js';
import {
  PLAN_BASES,
  PLAN_KINDS,
  type PlanActionDoc,
  type PlanDocument,
} from '../../domain/plans/document.js';
import { readStatus } from '../../domain/plans/status.js';
import {
  deleteImprovementPlan,
  findImprovementPlanByTitle,
  findStrategyPlanByTitle,
  insertPlanDocument,
  strategyIndex,
  type StrategyIndex,
} from '../../storage/plans-repository.js';
import { transaction } from '../../storage/transaction.js';
import type { Store } from '../store.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError } from '../errors.js';

/** The database or a transaction in it. */
type Db = Store['db'];

/** Where each part of the document came from, so problems can say sheet and row. */
export interface DocumentOrigin {
  recommendations?: number[];
  findings?: number[];
  actions?: number[];
  reviews?: number[];
}

function problem(sheet: string, row: number | undefined, column: string, message: string): Problem {
  return row === undefined ? { sheet, column, message } : { sheet, row, column, message };
}

/** Checks a plan document as a whole; every problem found, each with where it is. */
export function checkPlanDocument(
  doc: PlanDocument,
  strategy: StrategyIndex | null,
  origin: DocumentOrigin = {},
): Problem[] {
  const out: Problem[] = [];
  const p = doc.plan;
  if (!p.title.trim()) out.push(problem('Plan', undefined, 'Title', 'Enter the plan’s title.'));
  if (!(PLAN_KINDS as readonly string[]).includes(p.kind))
    out.push(problem('Plan', undefined, 'Kind', `The kind must be one of: ${PLAN_KINDS.join(', ')}.`));
  if (p.basis && !(PLAN_BASES as readonly string[]).includes(p.basis))
    out.push(problem('Plan', undefined, 'Basis', `The basis must be one of: ${PLAN_BASES.join(', ')}.`));
  if (p.strategy && !strategy)
    out.push(problem('Plan', undefined, 'Strategy', `There is no strategy plan called “${p.strategy}”.`));

  const themes = new Set(doc.themes.map((t) => t.code));
  const recs = new Set<string>();
  doc.recommendations.forEach((r, i) => {
    const row = origin.recommendations?.[i];
    if (!r.code.trim())
      out.push(problem('Recommendations', row, 'Code', 'Enter the recommendation’s code, such as 1a or 4.'));
    else if (recs.has(r.code))
      out.push(
        problem(
          'Recommendations',
          row,
          'Code',
          `Recommendation ${r.code} appears twice: codes must be unique.`,
        ),
      );
    recs.add(r.code);
    if (!r.title.trim())
      out.push(problem('Recommendations', row, 'Title', 'Enter the recommendation’s title.'));
    if (r.theme && !themes.has(r.theme))
      out.push(problem('Recommendations', row, 'Theme', `There is no theme or priority “${r.theme}”.`));
  });
  const findings = new Set<string>();
  doc.findings.forEach((f, i) => {
    const row = origin.findings?.[i];
    if (!f.number.trim()) out.push(problem('Findings', row, 'Number', 'Enter the finding’s number.'));
    else if (findings.has(f.number))
      out.push(
        problem('Findings', row, 'Number', `Finding ${f.number} appears twice: numbers must be unique.`),
      );
    findings.add(f.number);
    if (!f.text.trim()) out.push(problem('Findings', row, 'Finding', 'Enter what the finding says.'));
    if (f.recommendation && !recs.has(f.recommendation))
      out.push(problem('Findings', row, 'Recommendation', `There is no recommendation ${f.recommendation}.`));
  });
  const reviews = new Set<string>();
  doc.reviews.forEach((r, i) => {
    const row = origin.reviews?.[i];
    if (!r.title.trim()) out.push(problem('Reviews', row, 'Review', 'Enter the review’s name.'));
    else if (reviews.has(r.title))
      out.push(problem('Reviews', row, 'Review', `The review “${r.title}” appears twice.`));
    reviews.add(r.title);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date))
      out.push(problem('Reviews', row, 'Date', 'Enter the review’s date, such as 9/4/2024.'));
  });
  const codes = new Set<string>();
  doc.actions.forEach((a, i) => {
    const row = origin.actions?.[i];
    out.push(...checkAction(a, row, { recs, reviews, strategy }));
    if (codes.has(a.code))
      out.push(problem('Actions', row, 'Ref', `Action ${a.code} appears twice: references must be unique.`));
    codes.add(a.code);
  });
  return out;
}

function checkAction(
  a: PlanActionDoc,
  row: number | undefined,
  known: { recs: Set<string>; reviews: Set<string>; strategy: StrategyIndex | null },
): Problem[] {
  const out: Problem[] = [];
  if (!a.code.trim())
    out.push(problem('Actions', row, 'Ref', 'Enter a reference for the action, such as 1.3.'));
  if (!a.title.trim()) out.push(problem('Actions', row, 'Action', 'Enter what the action is.'));
  if (a.recommendation && !known.recs.has(a.recommendation))
    out.push(
      problem(
        'Actions',
        row,
        'Recommendation',
        `There is no recommendation ${a.recommendation} in this plan.`,
      ),
    );
  if (readStatus(a.status) === undefined)
    out.push(
      problem(
        'Actions',
        row,
        'Status',
        `“${a.status}” is not a status Cairn knows: write Not started, On track, Ongoing, At risk, Complete, Paused or Stopped.`,
      ),
    );
  if (a.completedOn && !/^\d{4}-\d{2}-\d{2}$/.test(a.completedOn))
    out.push(
      problem('Actions', row, 'Completed on', 'Enter the completion date as a date, such as 31/12/2024.'),
    );
  for (const s of a.supports ?? []) {
    if (!known.strategy)
      out.push(
        problem(
          'Actions',
          row,
          'Supports',
          'The plan is not linked to a strategy, so it cannot support its priorities.',
        ),
      );
    else if (!known.strategy[s.kind].get(s.code))
      out.push(problem('Actions', row, 'Supports', `The strategy has no ${s.kind} ${s.code}.`));
  }
  for (const u of a.updates ?? []) {
    if (u.review && !known.reviews.has(u.review))
      out.push(problem('Updates', row, 'Review', `Action ${a.code}: there is no review “${u.review}”.`));
    if (readStatus(u.status) === undefined)
      out.push(
        problem('Updates', row, 'Status', `Action ${a.code}: “${u.status}” is not a status Cairn knows.`),
      );
  }
  return out;
}

async function strategyFor(db: Db, title: string | null | undefined) {
  if (!title) return null;
  const plan = await findStrategyPlanByTitle(db, title);
  return plan ? { planId: plan.id, index: await strategyIndex(db, plan.id) } : null;
}

/**
 * Saves a whole plan document as a new plan, or (replace) in place of the plan with its title — all
 * or nothing, audited. Throws IMPORT_REJECTED listing every problem.
 */
export async function importPlanDocument(
  store: Store,
  actor: Actor,
  doc: PlanDocument,
  clock: Clock,
  options: { replace?: boolean; origin?: DocumentOrigin; source?: string } = {},
): Promise<{ planId: number; replaced: boolean }> {
  return transaction(store.db, async (trx) => {
    const strategy = await strategyFor(trx, doc.plan.strategy);
    const problems = checkPlanDocument(doc, strategy?.index ?? null, options.origin);
    const existing = await findImprovementPlanByTitle(trx, doc.plan.title);
    if (existing && !options.replace)
      problems.push(
        problem(
          'Plan',
          undefined,
          'Title',
          `There is already a plan called “${doc.plan.title}”: give this one another title, or replace it.`,
        ),
      );
    if (problems.length) {
      const n = problems.length;
      throw new CairnError(
        'IMPORT_REJECTED',
        `${options.source ?? 'The plan'} was not imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing. Nothing has been changed.`,
        problems,
      );
    }
    if (existing) await deleteImprovementPlan(trx, existing.id);
    const planId = await insertPlanDocument(trx, doc, strategy, isoNow(clock), actor.name);
    await recordChange(
      trx,
      actor,
      {
        action: existing ? 'plan.replace' : 'plan.import',
        entity: 'improvement_plan',
        entityId: planId,
        before: existing ? { id: existing.id, title: existing.title } : undefined,
        after: {
          title: doc.plan.title,
          kind: doc.plan.kind,
          recommendations: doc.recommendations.length,
          findings: doc.findings.length,
          actions: doc.actions.length,
          reviews: doc.reviews.length,
        },
        reason: options.source ?? null,
      },
      clock,
    );
    return { planId, replaced: existing !== undefined };
  });
}
