/**
 * The demo's collection round, so a new user can try the whole quarter at once: a data owner, an
 * approver and a performance officer (all with the password shown at start-up), the Social and
 * Community Services indicators assigned to the data owner, and Q2 2017-18 open for collection, due
 * on 20 October 2017: in the demo's own year, like everything else in it. The illustrative risk
 * register (demo-risks.ts), so the round asks the data owner to review their risks too.
 */
import type { Store } from '../storage/database.js';
import { createAccount } from './access/accounts.js';
import type { Role } from './access/roles.js';
import { systemActor } from './audit.js';
import type { Clock } from './clock.js';
import { assignIndicators, openRound } from './collection/rounds.js';
import { assignAction } from './plans/updates.js';
import { indicatorIdsOfDirectorate, unfinishedActionIds } from '../storage/demo.js';
import { loadDemoRisks } from './demo-risks.js';

export const DEMO_PEOPLE: { email: string; name: string; role: Role; directorate: string | null }[] = [
  { email: 'owner@demo.cairn.example', name: 'Olive Owens (data owner)', role: 'owner', directorate: 'SCS' },
  {
    email: 'approver@demo.cairn.example',
    name: 'Aditi Rao (approver)',
    role: 'approver',
    directorate: 'SCS',
  },
  {
    email: 'performance@demo.cairn.example',
    name: 'Pat Quinn (performance team)',
    role: 'performance',
    directorate: null,
  },
];

/** Q2 2017-18's updates are due three weeks after the quarter ends, in the demo's year. */
export const DEMO_DUE_DATE = '2017-10-20';

export async function loadDemoCollection(
  store: Store,
  planId: number,
  password: string,
  clock: Clock,
): Promise<{ roundId: number }> {
  const ids: Record<string, number> = {};
  for (const p of DEMO_PEOPLE) {
    const u = await createAccount(store, systemActor, { ...p, password, mustChangePassword: false }, clock);
    ids[p.role] = u.id;
  }
  const scs = await indicatorIdsOfDirectorate(store.db, planId, 'SCS');
  await assignIndicators(store, systemActor, ids.owner!, scs, clock);
  // A few unfinished actions of the first improvement plan, so Your updates shows actions too.
  const actions = await unfinishedActionIds(store.db, 3);
  for (const a of actions) await assignAction(store, systemActor, a, ids.owner!, clock);
  // The illustrative risk register (demo-risks.ts): the data owner owns the SCS risks.
  await loadDemoRisks(store, planId, { owner: ids.owner!, performance: ids.performance! }, clock);
  const round = await openRound(
    store,
    systemActor,
    { planId, period: '2017-18-Q2', dueDate: DEMO_DUE_DATE },
    clock,
  );
  return { roundId: round.id };
}
