/**
 * Choosing what is public (issue 15): the performance team marks framework plans, indicators,
 * improvement plans and quarterly reports for the public site and the open data, and sets the open
 * data licence. Each change names the value its form was read at, so a change someone else made since
 * is refused (CONFLICT, 409) rather than undone; all or nothing, each change audited in the same
 * transaction. What the page lists is read here too.
 */
import { tooLong } from '../domain/text-limits.js';
import type { Problem } from '../domain/problem.js';
import type { Store } from '../storage/database.js';
import {
  findLicence,
  listImprovementPlanFlags,
  listIndicatorFlags,
  listPlanFlags,
  listReportFlags,
  setLicence,
  setPublicFlag,
  type PublicTarget,
} from '../storage/public-repository.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { CairnError } from './errors.js';

export type { PublicTarget } from '../storage/public-repository.js';

type Reader = Pick<Store, 'db'>;

export const planFlags = (store: Reader) => listPlanFlags(store.db);
export const indicatorFlags = (store: Reader, planId: number) => listIndicatorFlags(store.db, planId);
export const improvementPlanFlags = (store: Reader) => listImprovementPlanFlags(store.db);
export const reportFlags = (store: Reader) => listReportFlags(store.db);
export const storedLicence = (store: Reader) => findLicence(store.db);

/** One flag as the person left it, and as their form showed it. */
export interface FlagChange {
  target: PublicTarget;
  id: number;
  value: boolean;
  was: boolean;
}

const NOUN: Record<PublicTarget, string> = {
  plan: 'plan',
  indicator: 'indicator',
  improvement_plan: 'improvement plan',
  report_draft: 'report',
};

/**
 * Applies the flags the person changed (those whose value differs from what their form showed), in
 * one transaction; returns how many changed. Someone else's change to the same flag since the form
 * was read refuses the whole form.
 */
export async function setPublicFlags(
  store: Store,
  actor: Actor,
  flags: readonly FlagChange[],
  clock: Clock,
  reason: string | null = null,
): Promise<number> {
  const changed = flags.filter((f) => f.value !== f.was);
  if (!changed.length) return 0;
  await transaction(store.db, async (trx) => {
    for (const f of changed) {
      if (!(await setPublicFlag(trx, f.target, f.id, f.value, f.was)))
        throw new CairnError(
          'CONFLICT',
          `Someone else has changed what is public since you opened this page (the ${NOUN[f.target]} ${f.id}). Nothing has been saved. Open the page again to see what is public now, then make your changes.`,
        );
      await recordChange(
        trx,
        actor,
        {
          action: f.value ? 'public.publish' : 'public.withdraw',
          entity: f.target,
          entityId: f.id,
          before: { public: f.was },
          after: { public: f.value },
          reason,
        },
        clock,
      );
    }
  });
  return changed.length;
}

export interface LicenceInput {
  name: string;
  url: string;
}

/**
 * Sets the open data licence (both empty: back to the default, the Open Government Licence), if it is
 * still what the form was read at. Returns problems to show on the form, or none when saved.
 */
export async function setOpenDataLicence(
  store: Store,
  actor: Actor,
  input: LicenceInput,
  was: LicenceInput,
  clock: Clock,
): Promise<Problem[]> {
  const name = input.name.trim();
  const url = input.url.trim();
  const problems: Problem[] = [];
  for (const p of [
    tooLong('licence', 'The licence', name, 200),
    tooLong('licenceUrl', 'The licence’s web address', url, 500),
  ])
    if (p) problems.push(p);
  if (!name && url)
    problems.push({ field: 'licence', message: 'Enter the licence’s name, or clear its web address' });
  if (url && !/^https?:\/\/[^\s]+$/i.test(url))
    problems.push({
      field: 'licenceUrl',
      message:
        'Enter the licence’s web address starting with https://, like https://creativecommons.org/licenses/by/4.0/',
    });
  if (problems.length) return problems;
  const before = { name: was.name.trim() || null, url: was.url.trim() || null };
  const after = { name: name || null, url: url || null };
  if (before.name === after.name && before.url === after.url) return [];
  await transaction(store.db, async (trx) => {
    if (!(await setLicence(trx, after, before)))
      throw new CairnError(
        'CONFLICT',
        'Someone else has changed the open data licence since you opened this page. Nothing has been saved. Open the page again to see the licence now.',
      );
    await recordChange(
      trx,
      actor,
      { action: 'public.licence', entity: 'council', entityId: 1, before, after },
      clock,
    );
  });
  return [];
}
