/**
 * `cairn plan overdue ID [--as-at DATE | --review REVIEW_ID]`: the actions overdue as at a date (the
 * stored statuses, against that date: no review is invented), or as at a progress review, with
 * subtotals per theme and per lead officer; and `cairn plan reviews ID`, the reviews with their ids.
 */
import type { Command } from 'commander';
import { systemClock } from '../app/clock.js';
import { invalidInput } from '../app/errors.js';
import { loadPlanProgress } from '../app/plans/progress.js';
import { DateParseError, formatDate, parseDate } from '../domain/dates.js';
import type { Store } from '../app/store.js';
import { readId } from '../web/params.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

const idOf = (text: string, what: string, hint: string) => {
  const value = readId(text);
  if (value === undefined) throw invalidInput(`The ${what} is a number, not "${text}". ${hint}`);
  return value;
};

function asAtOf(text: string): string {
  try {
    return parseDate(text);
  } catch (e) {
    if (e instanceof DateParseError) throw invalidInput(`--as-at: ${e.message}`);
    throw e;
  }
}

export function addPlanOverdueCommands(plan: Command, withStore: WithStore): void {
  plan
    .command('overdue <id>')
    .description(
      'the actions overdue as at a date or a progress review, with subtotals per theme and lead officer',
    )
    .option('--as-at <date>', 'as at this date, e.g. 2015-03-31 (default: today)')
    .option('--review <reviewId>', 'as at this progress review (see: cairn plan reviews ID)')
    .action((id: string, opts: { asAt?: string; review?: string }) =>
      withStore(async (store) => {
        const planId = idOf(id, 'plan id', 'See: cairn plan list.');
        if (opts.asAt && opts.review) throw invalidInput('Choose --as-at or --review, not both.');
        const reviewId =
          opts.review === undefined
            ? undefined
            : idOf(opts.review, 'progress review id', `See: cairn plan reviews ${planId}.`);
        const asAt = opts.asAt ? asAtOf(opts.asAt) : undefined;
        const { data, progress } = await loadPlanProgress(store, planId, systemClock, { reviewId, asAt });
        const when = progress.review
          ? `as at review ${progress.review.id} "${progress.review.title}" (${formatDate(progress.review.date)})`
          : `as at ${formatDate(progress.asAt)}`;
        const n = progress.overdue.length;
        console.log(
          `${data.plan.title}: ${n} of ${progress.counts.total} ${progress.counts.total === 1 ? 'action' : 'actions'} overdue ${when}.`,
        );
        for (const a of progress.overdue)
          console.log(
            [
              a.code,
              `${a.days} days`,
              a.targetText ?? '',
              a.leadOfficers ?? '–',
              a.title.replace(/\s+/g, ' '),
            ].join('\t'),
          );
        if (n > 0) {
          console.log('By theme:');
          for (const t of progress.overdueByTheme) console.log(`  ${t.name}\t${t.count}`);
          console.log('By lead officer:');
          for (const t of progress.overdueByLead) console.log(`  ${t.name}\t${t.count}`);
        }
      }),
    );
  plan
    .command('reviews <id>')
    .description("a plan's progress reviews, with the ids --review takes")
    .action((id: string) =>
      withStore(async (store) => {
        const planId = idOf(id, 'plan id', 'See: cairn plan list.');
        const { data } = await loadPlanProgress(store, planId, systemClock);
        if (data.reviews.length === 0) return console.log(`${data.plan.title} has no progress reviews.`);
        for (const r of data.reviews) console.log([r.id, r.date, r.title].join('\t'));
      }),
    );
}
