/**
 * The data of bench/collection: the large council (bench/large-council.ts, 500 indicators), a round
 * opened for its last quarter, and data owners each assigned an equal share of the indicators (every
 * indicator to exactly one owner), each with a session (cookie token and CSRF token), as the sign-in
 * form makes them.
 *
 * The large council has a figure for every quarter, loaded as already reported; the quarter being
 * collected has none yet, so its figures are removed before the round opens: each owner starts from
 * "not started" (version 0), and every version after that is one acknowledged save.
 */
import { hashToken, startSession } from '../src/app/access/sessions.js';
import { userActor } from '../src/app/audit.js';
import type { Clock } from '../src/app/clock.js';
import { assignIndicators, openRound } from '../src/app/collection/rounds.js';
import { dataPeriodFor, periodFromCode } from '../src/domain/periods.js';
import { insertUser } from '../src/storage/account-repository.js';
import type { Store } from '../src/storage/database.js';
import { loadLargeCouncil } from './large-council.js';

/** The last quarter of the large council's plan (2017-18 to 2021-22). */
export const ROUND_QUARTER = '2021-22-Q4';

export interface OwnerIndicator {
  id: number;
  number: string;
  /** The period the figure is stored against (the quarter, or an earlier one for arrears). */
  periodCode: string;
  unit: string;
}

export interface BenchOwner {
  id: number;
  name: string;
  /** The `cairn_session` cookie's value. */
  token: string;
  csrfToken: string;
  indicators: OwnerIndicator[];
}

export interface CollectionBench {
  planId: number;
  roundId: number;
  owners: BenchOwner[];
}

/** Opens the round and makes the owners, on a council already loaded (and its round's quarter empty). */
export async function prepareRound(
  store: Store,
  clock: Clock,
  planId: number,
  owners: number,
): Promise<CollectionBench> {
  const now = clock.now().toISOString();
  const perf = await insertUser(
    store.db,
    {
      email: 'performance@bench.example',
      name: 'Bench performance team',
      role: 'performance',
      passwordHash: null,
      directorateId: null,
    },
    now,
  );
  const actor = userActor(perf);
  // Due in a fortnight: the owners are on time.
  const dueDate = new Date(clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const round = await openRound(store, actor, { planId, period: ROUND_QUARTER, dueDate }, clock);

  const indicators = await store.db
    .selectFrom('indicator')
    .select(['id', 'number', 'unit', 'in_arrears'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  if (owners < 1 || indicators.length % owners !== 0)
    throw new Error(`${indicators.length} indicators cannot be shared equally among ${owners} owners`);
  const each = indicators.length / owners;

  const out: BenchOwner[] = [];
  for (let k = 0; k < owners; k++) {
    const name = `Bench owner ${k + 1}`;
    const user = await insertUser(
      store.db,
      {
        email: `owner${k + 1}@bench.example`,
        name,
        role: 'owner',
        passwordHash: null,
        directorateId: null,
      },
      now,
    );
    const mine = indicators.slice(k * each, (k + 1) * each).map((i) => ({
      id: i.id,
      number: i.number,
      unit: i.unit,
      periodCode: dataPeriodFor(round.period, i.in_arrears).code,
    }));
    await assignIndicators(
      store,
      actor,
      user.id,
      mine.map((i) => i.id),
      clock,
    );
    const token = await startSession(store, clock, user.id);
    const session = await store.db
      .selectFrom('user_session')
      .select('csrf_token')
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    out.push({ id: user.id, name, token, csrfToken: session.csrf_token, indicators: mine });
  }
  return { planId, roundId: round.id, owners: out };
}

/** Removes the figures of the round's quarter (each indicator's data period) from a loaded council. */
export async function clearRoundQuarter(store: Store, planId: number): Promise<number> {
  const indicators = await store.db
    .selectFrom('indicator')
    .select(['id', 'in_arrears'])
    .where('plan_id', '=', planId)
    .execute();
  const round = periodFromCode(ROUND_QUARTER);
  let removed = 0;
  await store.db.transaction().execute(async (trx) => {
    const byPeriod = new Map<string, number[]>();
    for (const i of indicators) {
      const code = dataPeriodFor(round, i.in_arrears).code;
      byPeriod.set(code, [...(byPeriod.get(code) ?? []), i.id]);
    }
    for (const [code, ids] of byPeriod) {
      const r = await trx
        .deleteFrom('indicator_value')
        .where('period_code', '=', code)
        .where('indicator_id', 'in', ids)
        .executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
  });
  return removed;
}

/** The large council, loaded, with a round open for its last quarter and `owners` data owners. */
export async function buildCollectionBench(
  store: Store,
  clock: Clock,
  owners: number,
): Promise<CollectionBench> {
  const { planId } = await loadLargeCouncil(store, clock);
  await clearRoundQuarter(store, planId);
  return prepareRound(store, clock, planId, owners);
}
