/**
 * A plan's progress report as a ReportDocument, laid out as seed 001 lays it out: for each
 * recommendation its bullets, then a table of action, target date, status and the update at the
 * review — grouped under themes or priorities where the plan has them — after a summary of status
 * counts and overdue actions. And the coverage matrix for plans with findings: for each
 * recommendation, its findings × its actions, then every finding no action addresses and every
 * citation of something that does not exist. The shared renderers turn these into HTML, PDF, Word
 * and Excel; the web page shows the same document.
 */
import { loadPlanProgress, type PlanProgress } from '../../app/plans/progress.js';
import type { Clock } from '../../app/clock.js';
import {
  PLAN_BASIS_LABEL,
  PLAN_KIND_LABEL,
  type PlanBasis,
  type PlanKind,
} from '../../domain/plans/document.js';
import { isOverdue } from '../../domain/plans/progress.js';
import { STATUS_LABEL, type ActionStatus } from '../../domain/plans/status.js';
import { describeTarget, formatDay, parseTargetDate } from '../../domain/plans/target-dates.js';
import type { Store } from '../../storage/database.js';
import type { ActionUpdate, PlanAction, PlanData } from '../../storage/plans-repository.js';
import {
  cell,
  heading,
  paragraph,
  type Block,
  type Cell,
  type ReportDocument,
  type TableBlock,
} from '../../render/document.js';

export interface ReportContext {
  council: string;
  /** When the data was read (ISO 8601). */
  readAt: string;
}

/** The status as the paper prints it: the word as recorded ("Ongoing"), else what it means. */
export function printedStatus(status: ActionStatus | null, printed: string | null): string {
  return printed?.trim() || (status ? STATUS_LABEL[status] : 'Not recorded');
}

function planLabel(data: PlanData): string {
  const kind = PLAN_KIND_LABEL[data.plan.kind as PlanKind] ?? data.plan.kind;
  const basis = data.plan.basis ? PLAN_BASIS_LABEL[data.plan.basis as PlanBasis] : null;
  return basis ? `${kind} ${basis}` : kind;
}

const COUNT_ORDER: (ActionStatus | 'not-recorded')[] = [
  'complete',
  'on-track',
  'at-risk',
  'not-started',
  'paused',
  'stopped',
  'not-recorded',
];
const COUNT_LABEL = (s: ActionStatus | 'not-recorded') =>
  s === 'not-recorded' ? 'Not recorded' : STATUS_LABEL[s];

function countsTable(data: PlanData, progress: PlanProgress): TableBlock {
  const shown = COUNT_ORDER.filter((s) => progress.counts[s] > 0);
  const num = (n: number) => cell(String(n), { value: n });
  return {
    kind: 'table',
    caption: `Actions by status, as at ${formatDay(progress.asAt)}`,
    head: [
      [cell('Recommendation'), ...shown.map((s) => cell(COUNT_LABEL(s))), cell('Overdue'), cell('Total')],
    ],
    rows: [
      ...data.recommendations.map((r) => {
        const c = progress.byRecommendation.get(r.id)!;
        return [
          cell(`${r.code}. ${r.title}`, { rowHeader: true }),
          ...shown.map((s) => num(c[s])),
          num(c.overdue),
          num(c.total),
        ];
      }),
      [
        cell('Whole plan', { rowHeader: true }),
        ...shown.map((s) => num(progress.counts[s])),
        num(progress.counts.overdue),
        num(progress.counts.total),
      ],
    ],
    sheet: 'Summary',
  };
}

/** The update to print for each action: the one at the review, else its latest. */
export function updatesFor(data: PlanData, reviewId: number | null): Map<number, ActionUpdate | undefined> {
  const out = new Map<number, ActionUpdate | undefined>();
  for (const a of data.actions) {
    const list = data.updates.get(a.id) ?? [];
    out.set(
      a.id,
      reviewId === null ? list[list.length - 1] : list.filter((u) => u.reviewId === reviewId).pop(),
    );
  }
  return out;
}

function actionRow(
  a: PlanAction,
  update: ActionUpdate | undefined,
  progress: PlanProgress,
  reviewId: number | null,
): Cell[] {
  const status = update
    ? printedStatus(update.status, update.statusText)
    : printedStatus(a.status, a.statusText);
  const overdue = isOverdue(
    { code: a.code, status: update?.status ?? a.status, due: a.targetDue, completedOn: a.completedOn },
    progress.asAt,
  );
  const extra: string[] = [];
  if (a.leadOfficers) extra.push(`Lead: ${a.leadOfficers}`);
  if (a.findings.length) extra.push(`Addresses findings ${a.findings.join(', ')}`);
  if (a.recommendations.length) extra.push(`Cites recommendations ${a.recommendations.join(', ')}`);
  return [
    cell(a.title, { rowHeader: true, ...(extra.length ? { lines: extra } : {}) }),
    cell(a.targetText ?? ''),
    cell(status, overdue ? { lines: ['Overdue'] } : {}),
    cell(update?.text ?? (reviewId === null ? 'No update recorded' : 'No update at this review')),
  ];
}

function actionsTable(
  caption: string,
  actions: PlanAction[],
  updateHeader: string,
  ctx: {
    progress: PlanProgress;
    updates: Map<number, ActionUpdate | undefined>;
    reviewId: number | null;
    sheet: string;
  },
): TableBlock {
  return {
    kind: 'table',
    caption,
    head: [[cell('Action'), cell('Target date'), cell('Status'), cell(updateHeader)]],
    rows: actions.map((a) => actionRow(a, ctx.updates.get(a.id), ctx.progress, ctx.reviewId)),
    widths: [4, 1.4, 1.2, 6],
    sheet: ctx.sheet,
  };
}

export function buildProgressReport(
  data: PlanData,
  progress: PlanProgress,
  ctx: ReportContext,
): ReportDocument {
  const reviewId = progress.review?.id ?? null;
  const updates = updatesFor(data, reviewId);
  const updateHeader = progress.review ? progress.review.title : 'Latest update';
  const tctx = { progress, updates, reviewId, sheet: 'Actions' };
  const blocks: Block[] = [
    heading(1, `${data.plan.title}: progress report`),
    {
      kind: 'details',
      items: [
        { label: 'Plan', value: planLabel(data) },
        ...(data.plan.organisation ? [{ label: 'Organisation', value: data.plan.organisation }] : []),
        ...(data.plan.source ? [{ label: 'Source', value: data.plan.source }] : []),
        ...(data.plan.owner ? [{ label: 'Owner', value: data.plan.owner }] : []),
        {
          label: 'Progress review',
          value: progress.review
            ? `${progress.review.title} (${formatDay(progress.review.date)})`
            : 'Latest updates',
        },
        { label: 'Overdue as at', value: formatDay(progress.asAt) },
      ],
    },
  ];
  const c = progress.counts;
  blocks.push(
    heading(2, 'Summary', 'summary'),
    paragraph(
      `${c.total} actions: ${COUNT_ORDER.filter((s) => c[s] > 0)
        .map((s) => `${c[s]} ${COUNT_LABEL(s).toLowerCase()}`)
        .join(', ')}. ` +
        `${c.overdue} ${c.overdue === 1 ? 'is' : 'are'} overdue as at ${formatDay(progress.asAt)}.`,
    ),
  );
  if (data.recommendations.length) blocks.push(countsTable(data, progress));
  if (progress.overdue.length)
    blocks.push({
      kind: 'table',
      caption: `Overdue actions as at ${formatDay(progress.asAt)}`,
      head: [[cell('Ref'), cell('Action'), cell('Target date'), cell('Status'), cell('Days overdue')]],
      rows: progress.overdue.map((a) => [
        cell(a.code),
        cell(a.title, { rowHeader: true }),
        cell(a.targetText ?? ''),
        cell(printedStatus(a.status, a.statusText)),
        cell(String(a.days), { value: a.days }),
      ]),
      sheet: 'Overdue',
    });

  const recBlocks = (r: PlanData['recommendations'][number]): Block[] => {
    const actions = data.actions.filter((a) => a.recommendationId === r.id);
    const out: Block[] = [
      heading(data.themes.length ? 3 : 2, `Recommendation ${r.code}: ${r.title}`, `recommendation-${r.code}`),
    ];
    if (r.body) out.push(paragraph(r.body));
    if (r.bullets.length) out.push({ kind: 'list', items: r.bullets.map((b) => [b]) });
    const findings = data.findings.filter((f) => f.recommendationId === r.id);
    if (findings.length)
      out.push({
        kind: 'list',
        ordered: false,
        items: findings.map((f) => [`${f.number}. ${f.text}${f.theme ? ` (${f.theme})` : ''}`]),
      });
    if (actions.length) {
      const sections = [...new Set(actions.map((a) => a.section ?? ''))];
      for (const s of sections) {
        const these = actions.filter((a) => (a.section ?? '') === s);
        const caption = s ? `${r.code}: ${s}` : r.title.toUpperCase();
        out.push(actionsTable(caption, these, updateHeader, tctx));
      }
    } else out.push(paragraph('No actions recorded under this recommendation.'));
    return out;
  };

  if (data.themes.length) {
    for (const t of data.themes) {
      const recs = data.recommendations.filter((r) => r.themeId === t.id);
      if (!recs.length) continue;
      blocks.push(heading(2, t.title, `theme-${t.code}`));
      for (const r of recs) blocks.push(...recBlocks(r));
    }
    for (const r of data.recommendations.filter((x) => x.themeId === null)) blocks.push(...recBlocks(r));
  } else {
    if (data.recommendations.length) blocks.push(heading(2, 'Our progress', 'progress'));
    for (const r of data.recommendations) blocks.push(...recBlocks(r));
  }
  const loose = data.actions.filter((a) => a.recommendationId === null);
  if (loose.length) {
    const sections = [...new Set(loose.map((a) => a.section ?? ''))];
    for (const s of sections) {
      const these = loose.filter((a) => (a.section ?? '') === s);
      blocks.push(heading(2, s || 'Actions', `section-${s || 'actions'}`));
      const tags = [...new Set(these.flatMap((a) => a.tags))];
      if (tags.length) blocks.push(paragraph(`Tagged: ${tags.join(', ')}.`));
      blocks.push(actionsTable(s || 'Actions', these, updateHeader, tctx));
    }
  }
  return {
    title: `${data.plan.title}: progress report`,
    language: 'en-GB',
    council: data.plan.organisation ?? ctx.council,
    asAt: ctx.readAt,
    version: null,
    blocks,
  };
}

const YES = 'Yes';

/** Findings × actions, per recommendation; then the gaps. For plans with findings. */
export function buildCoverageMatrix(
  data: PlanData,
  progress: PlanProgress,
  ctx: ReportContext,
): ReportDocument {
  const cov = progress.coverage;
  const blocks: Block[] = [heading(1, `${data.plan.title}: coverage of findings`)];
  const n = data.findings.length;
  blocks.push(
    paragraph(
      `${n} findings; ${n - cov.unaddressed.length} addressed by at least one action; ${cov.unaddressed.length} addressed by none. ` +
        `${cov.dangling.length} ${cov.dangling.length === 1 ? 'citation refers' : 'citations refer'} to a finding or recommendation the plan does not have.`,
    ),
  );
  blocks.push(heading(2, 'Findings no action addresses', 'unaddressed'));
  if (cov.unaddressed.length) {
    const byNumber = new Map(data.findings.map((f) => [f.number, f]));
    blocks.push({
      kind: 'table',
      caption: 'Findings no action addresses',
      head: [[cell('Finding'), cell('Theme'), cell('Text')]],
      rows: cov.unaddressed.map((num) => {
        const f = byNumber.get(num)!;
        return [cell(num, { rowHeader: true }), cell(f.theme ?? ''), cell(f.text)];
      }),
      sheet: 'Gaps',
    });
  } else blocks.push(paragraph('Every finding is addressed by at least one action.'));
  blocks.push(heading(2, 'Citations of things that do not exist', 'dangling'));
  if (cov.dangling.length)
    blocks.push({
      kind: 'table',
      caption: 'Citations of findings or recommendations the plan does not have',
      head: [[cell('Action'), cell('Cites'), cell('Which does not exist')]],
      rows: cov.dangling.map((d) => [cell(d.action, { rowHeader: true }), cell(d.kind), cell(d.ref)]),
      sheet: 'Gaps',
    });
  else blocks.push(paragraph('Every citation refers to a finding or recommendation in the plan.'));

  blocks.push(heading(2, 'Findings × actions, by recommendation', 'matrix'));
  const recCode = new Map(data.recommendations.map((r) => [r.id, r.code]));
  for (const r of data.recommendations) {
    const findings = data.findings.filter((f) => f.recommendationId === r.id);
    if (!findings.length) continue;
    const actions = data.actions.filter((a) => a.recommendationId === r.id);
    blocks.push({
      kind: 'table',
      caption: `Recommendation ${r.code}: findings × actions`,
      head: [[cell('Finding'), ...actions.map((a) => cell(a.code)), cell('Other actions addressing it')]],
      rows: findings.map((f) => {
        const by = cov.addressedBy.get(f.number) ?? [];
        const elsewhere = by.filter((code) => !actions.some((a) => a.code === code));
        return [
          cell(`${f.number}. ${f.text}`, { rowHeader: true, ...(f.theme ? { lines: [f.theme] } : {}) }),
          ...actions.map((a) => cell(by.includes(a.code) ? YES : '')),
          cell(elsewhere.length ? elsewhere.join(', ') : by.length ? '' : 'None: not addressed'),
        ];
      }),
      sheet: `Coverage ${recCode.get(r.id) ?? ''}`.trim(),
    });
  }
  return {
    title: `${data.plan.title}: coverage of findings`,
    language: 'en-GB',
    council: data.plan.organisation ?? ctx.council,
    asAt: ctx.readAt,
    version: null,
    blocks,
  };
}

/** How a target was read, for the action page. */
export const targetMeaning = (text: string | null) => describeTarget(parseTargetDate(text));

/** Loads the plan and builds its progress report (as at a review, or today). */
export async function progressReport(
  store: Store,
  planId: number,
  clock: Clock,
  council: string,
  reviewId?: number,
): Promise<ReportDocument> {
  const { data, progress } = await loadPlanProgress(store, planId, clock, { reviewId, withUpdates: true });
  return buildProgressReport(data, progress, { council, readAt: clock.now().toISOString() });
}

export async function coverageReport(
  store: Store,
  planId: number,
  clock: Clock,
  council: string,
): Promise<ReportDocument> {
  const { data, progress } = await loadPlanProgress(store, planId, clock);
  return buildCoverageMatrix(data, progress, { council, readAt: clock.now().toISOString() });
}
