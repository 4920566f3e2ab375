/**
 * Publishing an improvement plan's progress report, as at a progress review or as at today: every
 * format rendered once and stored with its SHA-256 beside the frozen document and each action's
 * status and update as printed, numbered v1, v2… per plan and review, audited in the same
 * transaction, never changed. And what has changed in the actions since a version was published.
 */
import type { Actor } from '../../app/audit.js';
import type { Clock } from '../../app/clock.js';
import { CairnError, notFound } from '../../app/errors.js';
import { loadPlanProgress } from '../../app/plans/progress.js';
import type { Store } from '../../storage/database.js';
import type { PlanData } from '../../storage/plans-repository.js';
import { findPublishedVersion } from '../../storage/published-repository.js';
import type { ReportDocument } from '../../render/document.js';
import { nextVersion, publishFrozen, type Published } from '../publish.js';
import type { RenderOptions } from '../../render/formats.js';
import { buildCoverageMatrix, buildProgressReport, printedStatus, updatesFor } from './build.js';

/** An action as the published report printed it. */
export interface FrozenAction {
  code: string;
  title: string;
  status: string;
  update: string;
}

export interface FrozenPlanReport {
  document: ReportDocument;
  actions: FrozenAction[];
}

function freezeActions(data: PlanData, reviewId: number | null): FrozenAction[] {
  const updates = updatesFor(data, reviewId);
  return data.actions.map((a) => {
    const u = updates.get(a.id);
    return {
      code: a.code,
      title: a.title,
      status: u ? printedStatus(u.status, u.statusText) : printedStatus(a.status, a.statusText),
      update: u?.text ?? '',
    };
  });
}

export const subjectOf = (reviewId: number | null | undefined) =>
  reviewId == null ? 'today' : `review:${reviewId}`;

export async function publishPlanReport(
  store: Store,
  actor: Actor,
  clock: Clock,
  input: { planId: number; reviewId?: number; council: string },
  o: RenderOptions = {},
): Promise<Published> {
  const { planId, reviewId } = input;
  const { data, progress } = await loadPlanProgress(store, planId, clock, { reviewId, withUpdates: true });
  const subject = { improvement_plan_id: planId, review_id: reviewId ?? null, subject: subjectOf(reviewId) };
  const version = await nextVersion(store, 'plan', subject);
  const readAt = clock.now().toISOString();
  const report = buildProgressReport(data, progress, { council: input.council, readAt });
  // A plan with findings publishes its coverage matrix with the report, frozen with it.
  const coverage = data.findings.length
    ? buildCoverageMatrix(data, progress, { council: input.council, readAt }).blocks
    : [];
  const document = {
    ...report,
    blocks: coverage.length
      ? [...report.blocks, { kind: 'page-break' as const }, ...coverage]
      : report.blocks,
    version,
  };
  const frozen: FrozenPlanReport = { document, actions: freezeActions(data, reviewId ?? null) };
  return publishFrozen(
    store,
    actor,
    clock,
    {
      kind: 'plan',
      version,
      frozen,
      fileBase: `${data.plan.title} progress report ${progress.review ? progress.review.date : progress.asAt} v${version}`,
      subject,
      noun: 'progress report',
      audit: { action: 'plan.report.publish', after: { plan: planId, review: reviewId ?? null } },
    },
    o,
  );
}

export interface ActionChange {
  code: string;
  title: string;
  what: 'Status' | 'Update' | 'Action';
  before: string;
  after: string;
}

/** Actions whose status or latest update differs now from the published version. */
export async function planChangesSincePublication(
  store: Store,
  versionId: number,
  clock: Clock,
): Promise<ActionChange[]> {
  const v = await findPublishedVersion(store.db, 'plan', versionId);
  if (!v) throw notFound(`There is no published progress report ${versionId}.`);
  const frozen = JSON.parse(v.data) as FrozenPlanReport;
  let live: FrozenAction[] = [];
  try {
    const { data } = await loadPlanProgress(store, v.improvement_plan_id, clock, { withUpdates: true });
    live = freezeActions(data, null);
  } catch (e) {
    if (!(e instanceof CairnError) || e.code !== 'NOT_FOUND') throw e;
  }
  const now = new Map(live.map((a) => [a.code, a]));
  const changes: ActionChange[] = [];
  for (const a of frozen.actions) {
    const n = now.get(a.code);
    const row = (what: ActionChange['what'], before: string, after: string) =>
      changes.push({ code: a.code, title: a.title, what, before, after });
    if (!n) row('Action', 'in the report', 'no longer in the plan');
    else {
      if (a.status !== n.status) row('Status', a.status, n.status);
      if (a.update !== n.update) row('Update', a.update || 'No update', n.update || 'No update');
    }
  }
  const published = new Set(frozen.actions.map((a) => a.code));
  for (const n of live.filter((x) => !published.has(x.code)))
    changes.push({
      code: n.code,
      title: n.title,
      what: 'Action',
      before: 'not in the report',
      after: 'added to the plan',
    });
  return changes;
}
