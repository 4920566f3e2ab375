/**
 * `cairn plan publish ID [--review REVIEW_ID]`: publish an improvement plan's progress report as at
 * a progress review (or as at today) — a new numbered version, frozen — and print each file's hash.
 */
import type { Command } from 'commander';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import { invalidInput } from '../app/errors.js';
import { councilName } from '../app/plans/reading.js';
import type { Store } from '../app/store.js';
import { parseId } from '../domain/ids.js';
import { publishPlanReport } from '../reports/progress/publish.js';
import { closePdfBrowser } from '../render/pdf.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

const idOf = (text: string, what: string, hint: string) => {
  const id = parseId(text);
  if (id === undefined) throw invalidInput(`The ${what} is a number, not "${text}". ${hint}`);
  return id;
};

export function addPlanPublishCommand(
  plan: Command,
  withStore: WithStore,
  defaults: () => { council?: string; colour: string },
): void {
  plan
    .command('publish <id>')
    .description("publish a plan's progress report: a new numbered version, frozen, in every format")
    .option('--review <reviewId>', 'as at this progress review (default: the latest updates, as at today)')
    .action((id: string, opts: { review?: string }) =>
      withStore(async (store) => {
        const planId = idOf(id, 'plan id', 'See: cairn plan list.');
        const reviewId =
          opts.review === undefined
            ? undefined
            : idOf(opts.review, 'progress review id', "See the review list on the plan's page.");
        const d = defaults();
        const council = d.council ?? (await councilName(store)) ?? 'Your council';
        try {
          const p = await publishPlanReport(
            store,
            cliActor(),
            systemClock,
            { planId, reviewId, council },
            { colour: d.colour },
          );
          console.log(
            `Published version ${p.version} of plan ${planId}'s progress report` +
              `${reviewId === undefined ? ' (latest updates)' : ` as at review ${reviewId}`}:`,
          );
          for (const f of p.files) console.log(`  ${f.fileName}  ${f.size} bytes  sha256 ${f.sha256}`);
        } finally {
          await closePdfBrowser();
        }
      }),
    );
}
