/**
 * A synthetic large council for the page benchmarks: 500 indicators, 60 outcomes, 10 directorates,
 * five financial years of quarterly figures (10,000 values) with outlooks and commentary.
 */
import { saveFrameworkDocument } from '../src/app/framework.js';
import type { Clock } from '../src/app/clock.js';
import { periodsOfYear, parsePeriod } from '../src/domain/periods.js';
import { OUTLOOKS } from '../src/domain/vocabulary.js';
import type { Store } from '../src/storage/database.js';
import { syntheticFramework } from './synthetic.js';

export const LARGE_COUNCIL = {
  priorities: 6,
  outcomes: 60,
  indicators: 500,
  directorates: 10,
  years: ['2017-18', '2018-19', '2019-20', '2020-21', '2021-22'],
} as const;

export async function loadLargeCouncil(store: Store, clock: Clock): Promise<{ planId: number }> {
  const doc = syntheticFramework({
    priorities: LARGE_COUNCIL.priorities,
    outcomes: LARGE_COUNCIL.outcomes,
    indicators: LARGE_COUNCIL.indicators,
    directorates: LARGE_COUNCIL.directorates,
    years: `${LARGE_COUNCIL.years[0]} to ${LARGE_COUNCIL.years[LARGE_COUNCIL.years.length - 1]}`,
    title: 'Large Council Plan',
  });
  const saved = await saveFrameworkDocument(store, doc, clock);
  const indicators = await store.db
    .selectFrom('indicator')
    .select(['id', 'number'])
    .where('plan_id', '=', saved.planId)
    .execute();
  const quarters = LARGE_COUNCIL.years.flatMap((y) => periodsOfYear(parsePeriod(y), 'quarter'));
  const now = clock.now().toISOString();
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = quarters.flatMap((q) =>
    indicators.map((ind) => ({
      indicator_id: ind.id,
      period_code: q.code,
      actual: Math.round(rand() * 1500) / 10,
      outlook: OUTLOOKS[Math.floor(rand() * OUTLOOKS.length)] ?? null,
      commentary: `Commentary for indicator ${ind.number} in ${q.label}: performance moved as expected.`,
      updated_at: now,
    })),
  );
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('indicator_value')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  });
  return { planId: saved.planId };
}
