/**
 * Budget figures entered in Cairn rather than loaded from the finance system's file (issue 14): a
 * directorate's data owner or approver (or the performance team) enters a line's budget, forecast
 * outturn and commentary for a quarter; it waits for the directorate's approver, who approves or
 * returns it — the same sign-off as figures (`mayReview`), and not one's own entry unless one runs
 * collection. Until approved a line counts towards no total, rating or report. Each change names the
 * line's version (a stale one is refused, 409) and is audited.
 */
import { readAmount } from '../domain/finance.js';
import type { Period } from '../domain/periods.js';
import type { Problem } from '../domain/problem.js';
import { COMMENTARY_MAX, tooLong } from '../domain/text-limits.js';
import type { Store } from '../storage/database.js';
import {
  decideLine,
  findBudgetLine,
  findBudgetLineFor,
  insertEnteredLine,
  updateEnteredLine,
} from '../storage/finance.js';
import { findDirectorate, findService, listServices } from '../storage/organisation.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { mayReview, runsCollection, type Collector } from './collection/permissions.js';
import { CairnError } from './errors.js';

/** May enter this directorate's budget figures: its own data owners and approvers, or collection's runners. */
export function mayEnterFinance(u: Collector, directorateId: number): boolean {
  if (runsCollection(u)) return true;
  return (u.role === 'owner' || u.role === 'approver') && u.directorateId === directorateId;
}

/** The same answer for "no such directorate" and "not yours", so ids cannot be probed. */
const notYours = () =>
  new CairnError('NOT_FOUND', 'There are no budget figures here for you to enter or approve.');

export interface EntryLine {
  /** Null: directorate-wide. */
  serviceId: number | null;
  name: string;
  line: {
    id: number;
    budget: number;
    forecast: number;
    commentary: string;
    status: string;
    version: number;
  } | null;
}

/** A directorate's lines for a quarter, as the entry form offers them: directorate-wide, then each service. */
export async function entryLines(
  store: Store,
  user: Collector,
  period: Period,
  directorateId: number,
): Promise<{ directorate: { id: number; name: string }; lines: EntryLine[] }> {
  if (!mayEnterFinance(user, directorateId)) throw notYours();
  const directorate = await findDirectorate(store.db, directorateId);
  if (!directorate) throw notYours();
  const services = await listServices(store.db, directorateId);
  const lines: EntryLine[] = [];
  for (const s of [null, ...services]) {
    const l = await findBudgetLineFor(store.db, period.code, directorateId, s?.id ?? null);
    lines.push({
      serviceId: s?.id ?? null,
      name: s?.name ?? 'Directorate-wide',
      line: l
        ? {
            id: l.id,
            budget: l.budget,
            forecast: l.forecast,
            commentary: l.commentary,
            status: l.status,
            version: l.version,
          }
        : null,
    });
  }
  return { directorate: { id: directorate.id, name: directorate.name }, lines };
}

export interface EntryInput {
  serviceId: number | null;
  budget: string;
  forecast: string;
  commentary: string;
  /** The line's version the form was read at; 0 for a new line. */
  version: number;
}

export async function enterBudgetLine(
  store: Store,
  user: Collector,
  actor: Actor,
  period: Period,
  directorateId: number,
  input: EntryInput,
  clock: Clock,
): Promise<number> {
  if (!mayEnterFinance(user, directorateId)) throw notYours();
  const problems: Problem[] = [];
  const amount = (field: 'budget' | 'forecast', what: string): number | null => {
    const read = readAmount(input[field]);
    if (read.kind === 'amount') return read.pence;
    problems.push({
      field,
      message:
        read.kind === 'blank'
          ? `Enter the ${what} in pounds, such as 1,250,000`
          : `Enter the ${what} in pounds, such as 1,250,000 or -12,500.50`,
    });
    return null;
  };
  const budget = amount('budget', 'budget');
  const forecast = amount('forecast', 'forecast outturn');
  const commentary = input.commentary.trim();
  const long = tooLong('commentary', 'The commentary', commentary, COMMENTARY_MAX);
  if (long) problems.push(long);
  if (problems.length || budget === null || forecast === null)
    throw new CairnError('INVALID_INPUT', problems[0]!.message, problems);
  return transaction(store.db, async (trx) => {
    if (!(await findDirectorate(trx, directorateId))) throw notYours();
    if (input.serviceId !== null) {
      const service = await findService(trx, input.serviceId);
      if (!service || service.directorate_id !== directorateId) throw notYours();
    }
    const existing = await findBudgetLineFor(trx, period.code, directorateId, input.serviceId);
    const at = isoNow(clock);
    const stale = () =>
      new CairnError(
        'CONFLICT',
        'Someone else saved this line after you opened the form. The form now shows what is saved: check it, then save again.',
      );
    let id: number;
    if (existing) {
      if (
        !(await updateEnteredLine(
          trx,
          existing.id,
          input.version,
          { budget, forecast, commentary },
          actor.id,
          at,
        ))
      )
        throw stale();
      id = existing.id;
    } else {
      if (input.version !== 0) throw stale();
      id = await insertEnteredLine(
        trx,
        period.code,
        { directorateId, serviceId: input.serviceId, budget, forecast, commentary },
        actor.id,
        at,
      );
    }
    await recordChange(
      trx,
      actor,
      {
        action: 'finance.budget.enter',
        entity: 'budget_line',
        entityId: id,
        before: existing
          ? {
              budget: existing.budget,
              forecast: existing.forecast,
              commentary: existing.commentary,
              status: existing.status,
            }
          : null,
        after: {
          period: period.code,
          directorateId,
          serviceId: input.serviceId,
          budget,
          forecast,
          commentary,
          status: 'submitted',
        },
      },
      clock,
    );
    return id;
  });
}

/** Approves or returns a submitted line: the directorate's approver (not of their own entry), or collection's runners. */
export async function decideBudgetLine(
  store: Store,
  user: Collector,
  actor: Actor,
  lineId: number,
  version: number,
  decision: string,
  clock: Clock,
): Promise<{ period: string; directorateId: number; status: 'approved' | 'returned' }> {
  if (decision !== 'approve' && decision !== 'return')
    throw new CairnError('INVALID_INPUT', 'Choose whether to approve or return the figures', [
      { field: 'decision', message: 'Choose whether to approve or return the figures' },
    ]);
  const status = decision === 'approve' ? 'approved' : 'returned';
  return transaction(store.db, async (trx) => {
    const line = await findBudgetLine(trx, lineId);
    if (!line || !mayReview(user, line.directorate_id)) throw notYours();
    if (!runsCollection(user) && line.entered_by === actor.id)
      throw new CairnError(
        'INVALID_INPUT',
        'You entered these figures: another approver of the directorate, or the performance team, must approve them.',
      );
    if (
      line.status !== 'submitted' ||
      !(await decideLine(trx, lineId, version, status, actor.id, isoNow(clock)))
    )
      throw new CairnError(
        'CONFLICT',
        `These figures were ${line.status === 'submitted' ? 'changed' : line.status} after you opened the page. Look at them again.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: status === 'approved' ? 'finance.budget.approve' : 'finance.budget.return',
        entity: 'budget_line',
        entityId: lineId,
        before: { status: line.status },
        after: { status },
      },
      clock,
    );
    return { period: line.period, directorateId: line.directorate_id, status };
  });
}
