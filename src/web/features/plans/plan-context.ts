/**
 * What the plan route files share: the access a page needs, the plan from the address, whether the
 * reader may change plans, the navigation's strategy plan, and the action page's view data. Its own
 * module, so the route files import it and not each other.
 */
import type { FastifyRequest } from 'fastify';
import { allows } from '../../../app/access/roles.js';
import { invalidInput, notFound } from '../../../app/errors.js';
import { loadPlanProgress } from '../../../app/plans/progress.js';
import { actionUpdates } from '../../../app/plans/reading.js';
import { livePlans } from '../../../app/performance.js';
import type { WebDeps } from '../../deps.js';
import { readId, requireId } from '../../params.js';
import { single, type RawQuery } from '../performance/filters.js';
import { actionPage } from './presenter.js';

export const READ = { config: { access: 'read-internal' as const } };
export const MANAGE = { config: { access: 'manage-plans' as const } };

/** The plan id in the address, or a 404. */
export const planIdOf = (text: string): number => requireId(text, `There is no improvement plan ${text}.`);

export const canManage = (req: FastifyRequest) => allows('manage-plans', req.session?.user.role ?? null);

/** The progress review chosen in the query (`?review=`), if any; one that is not an id is refused. */
export function reviewParam(raw: RawQuery): number | undefined {
  const r = single(raw, 'review');
  if (!r) return undefined;
  const id = readId(r);
  if (id === undefined) throw invalidInput(`“${r}” is not a progress review: choose one from the list.`);
  return id;
}

/** The strategy plan the service navigation's performance links go to (the latest approved), if any. */
export async function navPlanId(deps: WebDeps): Promise<number | undefined> {
  return (await livePlans(deps.store))[0]?.id;
}

/** The action page's view data (shared with the update form's error page). */
export async function actionContext(deps: WebDeps, planIdText: string, code: string, manage: boolean) {
  const { data, progress } = await loadPlanProgress(deps.store, planIdOf(planIdText), deps.clock);
  const a = data.actions.find((x) => x.code === code);
  if (!a) throw notFound(`${data.plan.title} has no action ${code}.`);
  return actionPage(data, progress, a, await actionUpdates(deps.store, a.id), manage);
}
