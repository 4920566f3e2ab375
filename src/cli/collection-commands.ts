/**
 * `cairn collection …` and `cairn user assign`: the collection round from the command line, for the
 * performance team (the actor is the operating-system account, as for every CLI change).
 */
import type { Command } from 'commander';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import {
  assignIndicators,
  lockPreview,
  lockRound,
  openRound,
  reopenRound,
  roundProgress,
} from '../app/collection/rounds.js';
import { CairnError } from '../app/errors.js';
import { resolvePeriod } from '../app/scorecard.js';
import { normaliseEmail } from '../app/access/sessions.js';
import { findUserByEmail } from '../storage/account-repository.js';
import { findRoundFor } from '../storage/collection-repository.js';
import type { Store } from '../storage/database.js';
import { listPlans } from '../storage/performance-repository.js';
import { FIGURE_STATES, STATE_LABEL, SUBMISSION_STATES } from '../domain/collection.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

async function planId(store: Store, given?: string): Promise<number> {
  const plans = await listPlans(store.db);
  if (given) {
    const p = plans.find((x) => String(x.id) === given);
    if (!p)
      throw new CairnError(
        'NOT_FOUND',
        `There is no plan ${given}. Plans: ${plans.map((x) => `${x.id} (${x.title})`).join(', ')}.`,
      );
    return p.id;
  }
  const last = plans.at(-1);
  if (!last) throw new CairnError('NOT_FOUND', 'There is no plan yet: import a framework first.');
  return last.id;
}

export async function roundFor(store: Store, period: string, plan?: string) {
  const id = await planId(store, plan);
  const p = resolvePeriod(period);
  const round = await findRoundFor(store.db, id, p.code);
  if (!round) throw new CairnError('NOT_FOUND', `${p.label} has not been opened for collection.`);
  return round;
}

export function addCollectionCommands(program: Command, withStore: WithStore): void {
  const c = program.command('collection').description('the quarterly collection round');
  c.command('open')
    .description('open a quarter for collection')
    .requiredOption('--period <quarter>', 'the quarter, e.g. "Q2 2017-18"')
    .requiredOption('--due <date>', 'when updates are due, e.g. 20/10/2017')
    .option('--remind <days>', 'remind data owners this many days before the due date', '5')
    .option('--plan <id>', 'the plan (default: the latest)')
    .action((o: { period: string; due: string; remind: string; plan?: string }) =>
      withStore(async (store) => {
        const r = await openRound(
          store,
          cliActor(),
          {
            planId: await planId(store, o.plan),
            period: o.period,
            dueDate: o.due,
            remindDaysBefore: o.remind,
          },
          systemClock,
        );
        console.log(`${r.periodLabel} is open for collection, due ${r.dueDate} (round ${r.id}).`);
      }),
    );
  c.command('status')
    .description("a round's progress: counts by state and who still has updates to submit")
    .requiredOption('--period <quarter>', 'the quarter')
    .option('--plan <id>', 'the plan (default: the latest)')
    .action((o: { period: string; plan?: string }) =>
      withStore(async (store) => {
        const round = await roundFor(store, o.period, o.plan);
        const p = await roundProgress(store, round.id, systemClock);
        console.log(
          `${p.round.periodLabel}: due ${p.round.dueDate}${p.round.locked ? ', locked' : p.late ? ', overdue' : ''}.`,
        );
        for (const s of p.round.locked ? FIGURE_STATES : SUBMISSION_STATES)
          console.log(`  ${STATE_LABEL[s].padEnd(12)} ${p.counts[s]}`);
        for (const who of p.outstanding)
          console.log(`  outstanding: ${who.name} <${who.email}>: ${who.count}`);
      }),
    );
  c.command('lock')
    .description(
      'lock a quarter: after this a figure changes only by a correction with a reason; figures not ' +
        'approved are carried as "not reported". Without --confirm, says what is outstanding and locks nothing',
    )
    .requiredOption('--period <quarter>', 'the quarter')
    .option('--plan <id>', 'the plan (default: the latest)')
    .option('--confirm', 'lock, even with figures outstanding (they become "not reported")')
    .action((o: { period: string; plan?: string; confirm?: boolean }) =>
      withStore(async (store) => {
        const round = await roundFor(store, o.period, o.plan);
        const preview = await lockPreview(store, round.id);
        if (preview.round.locked)
          throw new CairnError('CONFLICT', `${preview.round.periodLabel} is already locked.`);
        const outstanding = preview.outstanding.filter((g) => g.rows.length > 0);
        const lines = [
          `${preview.approved} of ${preview.total} figures are approved.`,
          ...outstanding.map(
            (g) => `  ${g.label}: ${g.rows.length} (${g.rows.map((r) => r.indicator.number).join(', ')})`,
          ),
        ];
        if (!o.confirm) {
          console.log(lines.join('\n'));
          throw new CairnError(
            'CONFLICT',
            outstanding.length
              ? `Nothing was locked. Locking ${preview.round.periodLabel} now would show the figures above as not reported. ` +
                  'Run the command again with --confirm to lock anyway.'
              : `Nothing was locked. Every figure is approved: run the command again with --confirm to lock ${preview.round.periodLabel}.`,
          );
        }
        const r = await lockRound(store, cliActor(), round.id, systemClock);
        const notReported = outstanding.reduce((n, g) => n + g.rows.length, 0);
        console.log(
          `${r.periodLabel} is locked.` +
            (notReported ? ` ${notReported} figures not approved are shown as not reported.` : ''),
        );
      }),
    );
  c.command('reopen')
    .description(
      'reopen a locked quarter (the reason is audited); figures not reported at the lock are restored',
    )
    .requiredOption('--period <quarter>', 'the quarter')
    .requiredOption('--reason <text>', 'why the period is being reopened')
    .option('--plan <id>', 'the plan (default: the latest)')
    .action((o: { period: string; plan?: string; reason: string }) =>
      withStore(async (store) => {
        const round = await roundFor(store, o.period, o.plan);
        const r = await reopenRound(store, cliActor(), round.id, o.reason, systemClock);
        console.log(`${r.periodLabel} is open again for collection.`);
      }),
    );

  const user = program.commands.find((x) => x.name() === 'user');
  (user ?? program)
    .command('assign <email>')
    .description('set the indicators a person gives figures for (replaces what they had in that plan)')
    .requiredOption('--indicators <numbers>', 'indicator numbers, comma-separated, e.g. 7,8,12 (or "none")')
    .option('--plan <id>', 'the plan (default: the latest)')
    .action((email: string, o: { indicators: string; plan?: string }) =>
      withStore(async (store) => {
        const u = await findUserByEmail(store.db, normaliseEmail(email));
        if (!u) throw new CairnError('NOT_FOUND', `There is no account for ${email}.`);
        const id = await planId(store, o.plan);
        const numbers =
          o.indicators.trim().toLowerCase() === 'none'
            ? []
            : o.indicators
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
        const rows = await store.db
          .selectFrom('indicator')
          .select(['id', 'number'])
          .where('plan_id', '=', id)
          .execute();
        const unknown = numbers.filter((n) => !rows.some((r) => r.number === n));
        if (unknown.length)
          throw new CairnError('INVALID_INPUT', `No indicator numbered ${unknown.join(', ')} in this plan.`);
        const inPlan = new Set(rows.map((r) => r.id));
        const keep = (
          await store.db
            .selectFrom('indicator_assignment')
            .select('indicator_id')
            .where('user_id', '=', u.id)
            .execute()
        )
          .map((r) => r.indicator_id)
          .filter((i) => !inPlan.has(i));
        const chosen = rows.filter((r) => numbers.includes(r.number)).map((r) => r.id);
        await assignIndicators(store, cliActor(), u.id, [...keep, ...chosen], systemClock);
        console.log(
          `${u.name} now gives figures for ${numbers.length ? `indicators ${numbers.join(', ')}` : 'no indicators'}.`,
        );
      }),
    );
}
