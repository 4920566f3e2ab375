/**
 * Uploading a return (the web's "Upload your return", `cairn import values`): every row is checked
 * with the same rules as the form (figures.ts: who may enter it, its state, numbers as people write
 * them, unusual figures, commentary for Red and Amber on submit), every problem is collected with
 * its row and column, and only when there are none is every changed row written, in one
 * transaction, each audited. A figure changed by someone since the return was downloaded refuses
 * the whole file, naming the row. Rows left as they were are not saved again.
 */
import type { Problem } from '../../domain/problem.js';
import { transaction, type Db } from '../../storage/transaction.js';
import { transition } from '../../domain/collection.js';
import {
  readReturn,
  sortProblems,
  type ReadReturn,
  type ReturnRow,
} from '../../importers/values/read-return.js';
import { RETURN_COLUMNS } from '../../importers/values/layout.js';
import type { Store } from '../../storage/database.js';
import { assignedIndicatorIds, roundIndicators } from '../../storage/collection-repository.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import {
  checkFigure,
  figureContext,
  formatFor,
  writeChecked,
  type CheckedFigure,
  type FigureContext,
  type FigureInput,
} from './figures.js';
import { runsCollection, type Collector } from './permissions.js';
import { getRound, type RoundView } from './rounds.js';

export interface ImportSummary {
  /** Rows saved as drafts. */
  saved: number;
  /** Rows submitted for approval. */
  submitted: number;
  /** Rows left as they were (or blank), not saved again. */
  unchanged: number;
  /** What was made of the figures as written, by row: "0.774 was read as 77.4%". */
  notes: { row: number; message: string }[];
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; problems: Problem[] };

export interface ImportOptions {
  step: 'save' | 'submit';
  /** Who the audit trail names (the CLI); by default the user. */
  actor?: Actor;
  /** Called once every row has passed, just before the first write (used by the crash test). */
  onWriting?: () => void;
  /**
   * Only these indicators may be written, whatever the user's role (an API token scoped to named
   * indicators); a row for any other is a problem naming it.
   */
  onlyIndicators?: ReadonlySet<number>;
}

const FIELD_COLUMN: Record<string, string> = {
  actual: RETURN_COLUMNS.actual.header,
  numerator: RETURN_COLUMNS.numerator.header,
  denominator: RETURN_COLUMNS.denominator.header,
  milestoneStatus: RETURN_COLUMNS.progress.header,
  outlook: RETURN_COLUMNS.outlook.header,
  commentary: RETURN_COLUMNS.commentary.header,
  confirmUnusual: RETURN_COLUMNS.confirmUnusual.header,
  unusualNote: RETURN_COLUMNS.unusualNote.header,
};

/** Compares loosely what people do to text they did not mean to change (spaces, case, commas). */
const loose = (s: string) => s.toLowerCase().replace(/[\s,]/g, '');

class Rejected extends Error {}

const blankCell = (v: string | number | null | undefined) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function sameNumber(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Text compared as a person reads it: spreadsheets change line endings and spaces at the ends. */
const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').replace(/\s+/g, ' ').trim() === (b ?? '').replace(/\s+/g, ' ').trim();

/** The row says what is stored already (or is blank where nothing is stored). */
function sameAsStored(ctx: FigureContext, input: FigureInput): boolean {
  const cur = ctx.current;
  if (!cur)
    return [
      input.actual,
      input.numerator,
      input.denominator,
      input.milestoneStatus,
      input.outlook,
      input.commentary,
      input.unusualNote,
    ].every(blankCell);
  const relaxed: FigureContext = { ...ctx, state: 'in-progress', round: { ...ctx.round, locked: false } };
  const r = checkFigure(
    relaxed,
    { ...input, confirmUnusual: true, unusualNote: input.unusualNote || '-' },
    'save',
  );
  if (!r.ok) return false;
  const f = r.checked.fields;
  const note = input.unusualNote?.trim() || null;
  return (
    sameNumber(f.actual, cur.actual) &&
    sameNumber(f.numerator, cur.numerator) &&
    sameNumber(f.denominator, cur.denominator) &&
    (f.milestone_status ?? null) === (cur.milestone_status ?? null) &&
    sameText(f.commentary, cur.commentary) &&
    (f.outlook ?? null) === (cur.outlook ?? null) &&
    (r.checked.unusual.length === 0 || sameText(note, cur.unusual_note))
  );
}

/** What the row asks for; a column missing from the file keeps what is stored. */
function inputOf(row: ReturnRow, ctx: FigureContext, columns: Set<string>, version: number): FigureInput {
  const cur = ctx.current;
  const given: ReadonlySet<string> = row.given ?? columns;
  const keep = <T>(key: string, fromFile: T, stored: T): T => (given.has(key) ? fromFile : stored);
  return {
    actual: keep('actual', row.actual, cur?.actual ?? null),
    numerator: keep('numerator', row.numerator, cur?.numerator ?? null),
    denominator: keep('denominator', row.denominator, cur?.denominator ?? null),
    milestoneStatus: keep('progress', row.progress, cur?.milestone_status ?? null),
    outlook: keep('outlook', row.outlook, cur?.outlook ?? null),
    commentary: keep('commentary', row.commentary, cur?.commentary ?? null),
    confirmUnusual: keep('confirmUnusual', row.confirmUnusual, Boolean(cur?.unusual_note)),
    unusualNote: keep('unusualNote', row.unusualNote, cur?.unusual_note ?? null),
    // Parts are not in the return: keep what is stored.
    parts: cur?.parts ? (JSON.parse(cur.parts) as (number | null)[]) : undefined,
    version,
  };
}

interface Planned {
  row: number;
  checked: CheckedFigure;
  version: number;
}

/** Checks every row; returns what to write, or throws Rejected after adding the problems. */
async function planRows(
  db: Db,
  round: RoundView,
  user: Collector,
  rows: ReturnRow[],
  columns: Set<string>,
  step: 'save' | 'submit',
  problems: Problem[],
  only?: ReadonlySet<number>,
): Promise<{ planned: Planned[]; unchanged: number }> {
  const plan = await roundIndicators(db, round.planId);
  const byId = new Map(plan.map((i) => [i.id, i]));
  const byNumber = new Map(plan.map((i) => [loose(i.number), i]));
  // The same answer as mayEnter, for every row at once.
  const mayEnter = runsCollection(user)
    ? new Set(plan.map((i) => i.id))
    : user.role === 'owner' || user.role === 'approver'
      ? new Set(await assignedIndicatorIds(db, user.id))
      : new Set<number>();
  const allowed = only ? new Set([...mayEnter].filter((id) => only.has(id))) : mayEnter;
  const notYours = (n: string) =>
    only
      ? `indicator ${n} is not one of the indicators this API token may write. Leave it out, or ask an administrator for a token that includes it`
      : `indicator ${n} is not one of your indicators for ${round.periodLabel}. Delete the row, or ask the performance team to assign it to you`;
  const NO = RETURN_COLUMNS.number.header;
  const seen = new Map<number, number>();
  const planned: Planned[] = [];
  let unchanged = 0;
  let otherRound = false;
  for (const row of rows) {
    const add = (column: string | null, message: string) => {
      // One problem per cell: "Choose the outlook" says nothing more after "'up' is not one of…".
      if (column && problems.some((p) => p.row === row.row && p.column === column)) return;
      problems.push({ row: row.row, column, message });
    };
    if (row.roundId !== null && row.roundId !== round.id && !otherRound) {
      otherRound = true;
      add(
        RETURN_COLUMNS.roundId.header,
        `this return was downloaded for a different collection round, not ${round.periodLabel} of ${round.planTitle}. ` +
          'Download the return for this round and copy your figures into it',
      );
    }
    let ind = row.indicatorId !== null ? byId.get(row.indicatorId) : undefined;
    if (row.indicatorId !== null) {
      if (!ind) {
        add(
          RETURN_COLUMNS.indicatorId.header,
          `this row's indicator is not in ${round.planTitle}. Download your return again and copy your figures into it`,
        );
        continue;
      }
      if (!allowed.has(ind.id)) {
        add(NO, notYours(ind.number));
        continue;
      }
      if (row.number !== null && loose(row.number) !== loose(ind.number)) {
        add(
          NO,
          `this row is for indicator ${ind.number}; its number cannot be changed (it says ${row.number}). Put it back`,
        );
        continue;
      }
    } else {
      ind = byNumber.get(loose(row.number ?? ''));
      if (!ind) {
        add(NO, `there is no indicator ${row.number ?? ''} in ${round.planTitle}`);
        continue;
      }
      if (!allowed.has(ind.id)) {
        add(NO, notYours(ind.number));
        continue;
      }
    }
    const first = seen.get(ind.id);
    if (first !== undefined) {
      add(
        NO,
        `indicator ${ind.number} is also on row ${first}. Keep one row per indicator and delete the other`,
      );
      continue;
    }
    seen.set(ind.id, row.row);

    const ctx = await figureContext(db, round, ind.id);
    if (row.target !== null && loose(row.target) !== loose(ctx.targetText))
      add(
        RETURN_COLUMNS.target.header,
        `the target cannot be changed here (it is ${ctx.targetText || 'blank'}). Put it back; ask the performance team if the target is wrong`,
      );
    const stored = ctx.current?.version ?? 0;
    const input = inputOf(row, ctx, columns, row.version ?? stored);
    if (sameAsStored(ctx, input)) {
      const submitting = step === 'submit' && (ctx.state === 'in-progress' || ctx.state === 'returned');
      if (!submitting) {
        unchanged += 1;
        continue;
      }
    }
    if (row.version !== null && row.version !== stored) {
      const fmt = formatFor(ctx);
      const now = ctx.current;
      add(
        null,
        `indicator ${ind.number}'s figure has been changed in Cairn since you downloaded this return` +
          (now
            ? ` (it is now ${now.actual === null ? 'blank' : fmt(now.actual)}, ${ctx.state.replace('-', ' ')})`
            : '') +
          '. Nothing has been saved: download your return again and copy your changes into it',
      );
      continue;
    }
    const result = checkFigure(ctx, input, step);
    if (!result.ok) {
      const t = transition(ctx.state, step, round.locked);
      for (const p of result.problems) {
        if (!t.ok && p.message === t.message) {
          add(null, `indicator ${ind.number}: ${p.message}`);
          continue;
        }
        const column = (p.field && FIELD_COLUMN[p.field]) ?? null;
        const label = column ?? '';
        const message =
          label && p.message.startsWith(`${label}: `) ? p.message.slice(label.length + 2) : p.message;
        add(column, message);
      }
      continue;
    }
    planned.push({ row: row.row, checked: result.checked, version: input.version });
  }
  return { planned, unchanged };
}

/**
 * Imports a return. Either every changed row is written (and audited) or nothing is; problems come
 * back with their rows and columns. Throws only CairnErrors: NOT_FOUND for an unknown round,
 * CONFLICT when someone saves a figure of the file at the very moment it is written.
 */
export async function importValues(
  store: Store,
  user: Collector,
  roundId: number,
  bytes: Buffer,
  fileName: string,
  clock: Clock,
  opts: ImportOptions,
): Promise<ImportResult> {
  const round = await getRound(store, roundId);
  const read = await readReturn(bytes, fileName);
  return importReturnRows(store, user, round, read, fileName, clock, opts);
}

/**
 * Imports a return's rows however they arrived (a spreadsheet, or the API's JSON as rows): the same
 * checks, the same writes, all or nothing. `source` names them in messages ("Nothing from … has been
 * saved").
 */
export async function importReturnRows(
  store: Store,
  user: Collector,
  round: RoundView,
  read: Pick<ReadReturn, 'rows' | 'problems' | 'columns'>,
  source: string,
  clock: Clock,
  opts: ImportOptions,
): Promise<ImportResult> {
  const fileName = source;
  const problems: Problem[] = [...read.problems];
  if (read.rows.length === 0 && problems.length === 0)
    problems.push({
      row: null,
      column: null,
      message: `There are no indicator rows in ${fileName}. Fill in the return you downloaded from Cairn and upload it again`,
    });
  if (problems.some((p) => p.row === null && p.column === null)) return { ok: false, problems };
  let summary: ImportSummary = { saved: 0, submitted: 0, unchanged: 0, notes: [] };
  try {
    await transaction(store.db, async (trx) => {
      const { planned, unchanged } = await planRows(
        trx,
        round,
        user,
        read.rows,
        read.columns,
        opts.step,
        problems,
        opts.onlyIndicators,
      );
      if (problems.length) throw new Rejected();
      opts.onWriting?.();
      for (const p of planned) {
        try {
          await writeChecked(trx, user, p.checked, p.version, clock, opts.actor);
        } catch (e) {
          if (e instanceof CairnError && e.code === 'CONFLICT')
            throw new CairnError(
              'CONFLICT',
              `Row ${p.row}: ${e.message} Nothing from ${fileName} has been saved.`,
              [{ row: p.row, column: null, message: e.message }],
            );
          throw e;
        }
      }
      summary = {
        saved: opts.step === 'save' ? planned.length : 0,
        submitted: opts.step === 'submit' ? planned.length : 0,
        unchanged,
        notes: planned.flatMap((p) => p.checked.notes.map((message) => ({ row: p.row, message }))),
      };
    });
  } catch (e) {
    if (e instanceof Rejected) return { ok: false, problems: sortProblems(problems) };
    throw e;
  }
  return { ok: true, summary };
}
