/**
 * "Download my return": a person's indicators for a collection round as a spreadsheet, filled in
 * with what is known (the target, last period's figure, anything already saved), for them to fill
 * in and upload again (import-values.ts). The performance team's return has every indicator of
 * the round, unless they ask for one person's.
 */
import { formatPeriod } from '../../domain/periods.js';
import { STATE_LABEL } from '../../domain/collection.js';
import type { ReturnSheetData, ReturnSheetRow } from '../../importers/values/layout.js';
import { writeReturn } from '../../importers/values/write-return.js';
import type { Store } from '../../storage/database.js';
import { councilName } from '../../storage/council.js';
import { assignedIndicatorIds, findRoundFor, roundIndicators } from '../../storage/collection-repository.js';
import { listPlans } from '../../storage/performance-repository.js';
import { invalidInput, notFound } from '../errors.js';
import { findPlan } from '../framework.js';
import { resolvePeriod } from '../scorecard.js';
import { MILESTONE_LABEL, figureContext, type FigureContext } from './figures.js';
import { runsCollection, type Collector } from './permissions.js';
import { getRound, type RoundView } from './rounds.js';

const UNIT_WORDS: Record<string, string> = {
  percent: 'Per cent',
  number: 'Number',
  currency: '£',
  milestone: 'Milestone',
};

export interface ReturnOwner {
  id: number;
  name: string;
  email: string;
}

/** The indicators a return holds: the person's own, or every one for the performance team. */
export async function returnIndicatorIds(
  store: Store,
  round: RoundView,
  user: Collector,
  forPerson?: ReturnOwner,
): Promise<number[]> {
  if (!forPerson && runsCollection(user))
    return (await roundIndicators(store.db, round.planId)).map((i) => i.id);
  const ids = await assignedIndicatorIds(store.db, (forPerson ?? user).id);
  return (await roundIndicators(store.db, round.planId, { ids })).map((i) => i.id);
}

export function returnRow(ctx: FigureContext): ReturnSheetRow {
  const v = ctx.current;
  const milestone = ctx.target?.kind === 'milestone' || ctx.indicator.unit === 'milestone';
  const readOnly = ctx.round.locked || ctx.state === 'approved';
  const status = v?.milestone_status as keyof typeof MILESTONE_LABEL | null | undefined;
  return {
    indicatorId: ctx.indicator.id,
    version: v?.version ?? 0,
    number: ctx.indicator.number,
    title: ctx.indicator.title,
    outcome: `${ctx.place.outcome_code} ${ctx.place.outcome_title}`,
    target: ctx.targetText,
    unit: UNIT_WORDS[ctx.indicator.unit] ?? ctx.indicator.unit,
    periodLabel: formatPeriod(ctx.dataPeriod),
    previous: ctx.previous?.actual ?? null,
    actual: v?.actual ?? null,
    numerator: v?.numerator ?? null,
    denominator: v?.denominator ?? null,
    percent: ctx.indicator.unit === 'percent',
    milestone,
    progress: status ? (MILESTONE_LABEL[status] ?? status) : null,
    outlook: v?.outlook ? v.outlook.charAt(0).toUpperCase() + v.outlook.slice(1) : null,
    commentary: v?.commentary ?? null,
    confirmUnusual: Boolean(v?.unusual_note),
    unusualNote: v?.unusual_note ?? null,
    state: STATE_LABEL[ctx.state],
    readOnly,
  };
}

/** The return as an XLSX workbook, with a file name that says what it is. */
export async function exportReturn(
  store: Store,
  user: Collector,
  roundId: number,
  forPerson?: ReturnOwner,
): Promise<{ bytes: Buffer; fileName: string; rows: number; round: RoundView }> {
  const round = await getRound(store, roundId);
  const ids = await returnIndicatorIds(store, round, user, forPerson);
  const rows: ReturnSheetRow[] = [];
  for (const id of ids) rows.push(returnRow(await figureContext(store.db, round, id)));
  const council = await councilName(store.db);
  const who = forPerson ?? (runsCollection(user) ? null : user);
  const data: ReturnSheetData = {
    council: council ?? 'Council',
    planTitle: round.planTitle,
    periodLabel: round.periodLabel,
    dueDate: round.dueDate,
    forWhom: who
      ? `${who.name}${'email' in who && who.email ? ` (${String(who.email)})` : ''}`
      : 'every indicator of the plan (performance team)',
    roundId: round.id,
    rows,
  };
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return {
    bytes: await writeReturn(data),
    fileName: `return-${slug(round.periodLabel)}${who ? `-${slug(who.name)}` : ''}.xlsx`,
    rows: rows.length,
    round,
  };
}

/**
 * The collection round for a period, as the CLI names it ("Q2 2017-18", and a plan when more than
 * one plan has a round for that quarter).
 */
export async function roundForPeriod(store: Store, periodText: string, planRef?: string): Promise<RoundView> {
  let period;
  try {
    period = resolvePeriod(periodText);
  } catch (e) {
    throw invalidInput(e instanceof Error ? e.message : `"${periodText}" is not a period.`);
  }
  const plans = planRef ? [await findPlan(store, planRef)] : await listPlans(store.db);
  const rounds = [];
  for (const p of plans) {
    const r = await findRoundFor(store.db, p.id, period.code);
    if (r) rounds.push(r);
  }
  if (rounds.length === 0)
    throw notFound(
      `${formatPeriod(period)} is not open for collection${planRef ? ` in plan ${planRef}` : ''}. Open it first on the Collection page.`,
    );
  if (rounds.length > 1)
    throw invalidInput(
      `More than one plan collects ${formatPeriod(period)}: say which with --plan (${plans.map((p) => `${p.id} "${p.title}"`).join(', ')}).`,
    );
  return getRound(store, rounds[0]!.id);
}
