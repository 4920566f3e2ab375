/**
 * Adding an action to a plan, and changing one: what it is, who leads it, its target date, what it
 * cites and supports, its tags. Its status changes through updates (updates.ts), so its history is
 * kept; a new action may start with one.
 */
import type { Problem } from '../../domain/problem.js';
import { parseDate, DateParseError } from '../../domain/dates.js';
import { isActionStatus, readStatus, STATUS_LABEL } from '../../domain/plans/status.js';
import { parseTargetDate } from '../../domain/plans/target-dates.js';
import { findUserByEmail } from '../../storage/account-repository.js';
import {
  findActionByCode,
  insertAction,
  replaceActionLinks,
  updateActionAtVersion,
} from '../../storage/plan-actions-repository.js';
import { findImprovementPlan, strategyIndex } from '../../storage/plans-repository.js';
import { transaction } from '../../storage/transaction.js';
import type { Store } from '../store.js';
import { recordChange, type Actor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { CairnError, notFound } from '../errors.js';
import { field, orNull, rejected, text, type Fields } from './common.js';
import { nextPosition, recommendationNamed, takenInPlan } from './parts.js';

/** The database or a transaction in it. */
type Db = Store['db'];

const refs = (v: string | undefined) =>
  (v ?? '')
    .split(/[\s,;()]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function addAction(store: Store, actor: Actor, planId: number, input: Fields, clock: Clock) {
  return saveAction(store, actor, planId, input, clock, null);
}

/**
 * Changes an action (not its status: that is an update, kept in its history), if it is still at the
 * version its form was read at — otherwise refused (CONFLICT), so two people changing one action
 * cannot overwrite each other. Returns its code.
 */
export function editAction(
  store: Store,
  actor: Actor,
  planId: number,
  code: string,
  input: Fields,
  clock: Clock,
  expectedVersion: number,
) {
  return saveAction(store, actor, planId, input, clock, { code, expectedVersion });
}

function staleAction(code: string): CairnError {
  return new CairnError(
    'CONFLICT',
    `Someone else changed action ${code} while you were editing it. Your changes have not been saved: ` +
      'check what is saved now, then save yours again if they still apply.',
  );
}

const TARGET_HELP = 'write a day (31/12/2024), a month (December 2024), a quarter (Q3 2024-25) or “ongoing”.';

async function saveAction(
  store: Store,
  actor: Actor,
  planId: number,
  input: Fields,
  clock: Clock,
  existing: { code: string; expectedVersion: number } | null,
): Promise<string> {
  const existingCode = existing?.code ?? null;
  const title = text(input.title);
  const problems: Problem[] = [];
  if (!title) problems.push(field('title', 'Enter what the action is.'));
  const statusWord = orNull(input.status);
  const status = isActionStatus(statusWord) ? statusWord : readStatus(statusWord);
  if (existingCode === null && status === undefined) problems.push(field('status', 'Choose a status.'));
  let completedOn: string | null = null;
  if (existingCode === null && text(input.completedOn)) {
    try {
      completedOn = parseDate(text(input.completedOn));
    } catch (e) {
      if (!(e instanceof DateParseError)) throw e;
      problems.push(field('completedOn', 'Enter the completion date as a date, such as 31/12/2024.'));
    }
  }
  const target = parseTargetDate(input.target);
  if (target.kind === 'unknown')
    problems.push(field('target', `Cairn cannot read “${target.text}” as a target date: ${TARGET_HELP}`));
  return transaction(store.db, async (trx) => {
    const before = existingCode ? await findActionByCode(trx, planId, existingCode) : null;
    if (existingCode && !before) throw notFound(`There is no action ${existingCode} in this plan.`);
    const recCode = orNull(input.recommendation);
    const recommendationId = await recommendationNamed(trx, planId, recCode, problems);
    const position = before?.position ?? (await nextPosition(trx, 'plan_action', planId));
    const code = text(input.code) || before?.code || `${recCode ?? 'A'}.${position}`;
    if (await takenInPlan(trx, planId, { table: 'plan_action', column: 'code' }, code, before?.id))
      problems.push(field('code', `There is already an action ${code} in this plan.`));
    const links = await resolveSupports(trx, planId, refs(input.supports), problems);
    const ownerEmail = text(input.owner).toLowerCase();
    const owner = ownerEmail ? await findUserByEmail(trx, ownerEmail) : null;
    if (ownerEmail && !owner)
      problems.push(field('owner', `There is no Cairn account for ${ownerEmail}: check the email address.`));
    if (problems.length) throw rejected('The action', problems);
    if (before && existing && before.version !== existing.expectedVersion) throw staleAction(before.code);
    const fields = {
      recommendation_id: recommendationId,
      code,
      section: orNull(input.section),
      title,
      lead_officers: orNull(input.leadOfficers),
      lead_councillor: orNull(input.leadCouncillor),
      owner_user_id: owner?.id ?? null,
      target_text: target.text || null,
      target_due: target.due,
      updated_at: isoNow(clock),
    };
    let id: number;
    if (before) {
      id = before.id;
      const written = await updateActionAtVersion(trx, id, before.version, {
        ...fields,
        version: before.version + 1,
      });
      // Changed between the read and the write (an update recorded meanwhile): refused all the same.
      if (written !== 1) throw staleAction(before.code);
    } else {
      id = await insertAction(trx, {
        ...fields,
        improvement_plan_id: planId,
        status: status ?? null,
        status_text: status ? STATUS_LABEL[status] : null,
        completed_on: completedOn,
        position,
      });
    }
    const findings = [...new Set(refs(input.findings))];
    const recommendations = [...new Set(refs(input.recommendations))];
    const tags = [
      ...new Set(
        (input.tags ?? '')
          .split(/[,;]/)
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    await replaceActionLinks(trx, id, {
      citations: [
        ...findings.map((ref) => ({ kind: 'finding' as const, ref })),
        ...recommendations.map((ref) => ({ kind: 'recommendation' as const, ref })),
      ],
      supports: links,
      tags,
    });
    await recordChange(
      trx,
      actor,
      {
        action: before ? 'action.change' : 'action.create',
        entity: 'plan_action',
        entityId: id,
        before: before ?? undefined,
        after: { ...fields, findings, recommendations, supports: refs(input.supports), tags },
      },
      clock,
    );
    return code;
  });
}

/**
 * Resolves what an action supports — priority or outcome codes, or indicator numbers, of the plan's
 * strategy ("P1, O2, 7") — adding a problem for any it cannot find.
 */
async function resolveSupports(db: Db, planId: number, wanted: string[], problems: Problem[]) {
  if (!wanted.length) return [];
  const plan = await findImprovementPlan(db, planId);
  if (!plan?.strategy_plan_id) {
    problems.push(
      field(
        'supports',
        'This plan is not linked to a strategy: link it first, then say which priorities or outcomes the action supports.',
      ),
    );
    return [];
  }
  const index = await strategyIndex(db, plan.strategy_plan_id);
  const out: { priority_id: number | null; outcome_id: number | null; indicator_id: number | null }[] = [];
  for (const ref of wanted) {
    const p = index.priority.get(ref);
    const o = index.outcome.get(ref);
    const i = index.indicator.get(ref);
    if (p) out.push({ priority_id: p.id, outcome_id: null, indicator_id: null });
    else if (o) out.push({ priority_id: null, outcome_id: o.id, indicator_id: null });
    else if (i) out.push({ priority_id: null, outcome_id: null, indicator_id: i.id });
    else problems.push(field('supports', `The strategy has no priority, outcome or indicator “${ref}”.`));
  }
  return out;
}
