/**
 * The counting of bench/collection, checked with saves made straight through the use case: it finds
 * every acknowledged save once, and it notices a save that was lost, one applied without being
 * acknowledged, and a stored figure that is not the last one acknowledged.
 */
import { expect, it } from 'vitest';
import { saveFigure } from '../../src/app/collection/figures.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { findValue } from '../../src/storage/collection-repository.js';
import type { Store } from '../../src/storage/database.js';
import { countUpdates, tallyKey, type SentFigure, type Tally } from '../../bench/collection-count.js';
import { figureFor } from '../../bench/collection-load.js';
import { prepareRound, type BenchOwner, type CollectionBench } from '../../bench/collection-setup.js';
import { syntheticFramework } from '../../bench/synthetic.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';

const clock = clockAt('2022-04-02T09:00:00Z');

async function save(
  store: Store,
  bench: CollectionBench,
  owner: BenchOwner,
  i: number,
  n: number,
  step: SentFigure['step'],
): Promise<SentFigure> {
  const indicator = owner.indicators[i]!;
  const current = await findValue(store.db, indicator.id, indicator.periodCode);
  const figure = figureFor(owner, indicator, n, step);
  const result = await saveFigure(
    store,
    { id: owner.id, name: owner.name, role: 'owner', directorateId: null },
    bench.roundId,
    indicator.id,
    {
      version: current?.version ?? 0,
      actual: figure.actual.toFixed(2),
      outlook: figure.outlook,
      commentary: figure.commentary,
      confirmUnusual: true,
      unusualNote: 'Checked.',
    },
    step,
    clock,
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return figure;
}

function acknowledge(tallies: Map<string, Tally>, indicatorId: number, figure: SentFigure) {
  const t = tallies.get(tallyKey(indicatorId)) ?? { acknowledged: 0, last: null };
  tallies.set(tallyKey(indicatorId), { acknowledged: t.acknowledged + 1, last: figure });
}

describeEachDatabase('bench/collection: counting saves afterwards', (store) => {
  it('counts every acknowledged save once, and notices a lost, an unacknowledged and an overwritten one', async () => {
    const s = store();
    const doc = syntheticFramework({
      priorities: 2,
      outcomes: 4,
      indicators: 12,
      directorates: 2,
      years: '2017-18 to 2021-22',
    });
    const { planId } = await saveFrameworkDocument(s, doc, clock);
    const bench = await prepareRound(s, clock, planId, 3);
    expect(bench.owners.map((o) => o.indicators.length)).toEqual([4, 4, 4]);
    expect(new Set(bench.owners.flatMap((o) => o.indicators.map((i) => i.id))).size).toBe(12);
    for (const o of bench.owners) expect(o.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Owner 1 saves indicator 0 three times (the last a submit), owner 2 saves one figure once.
    const tallies = new Map<string, Tally>();
    const [first, second] = bench.owners as [BenchOwner, BenchOwner];
    for (const [n, step] of [
      [1, 'save'],
      [2, 'save'],
      [3, 'submit'],
    ] as const)
      acknowledge(tallies, first.indicators[0]!.id, await save(s, bench, first, 0, n, step));
    acknowledge(tallies, second.indicators[2]!.id, await save(s, bench, second, 2, 1, 'save'));

    const good = await countUpdates(s, bench.owners, tallies);
    expect(good).toMatchObject({
      figures: 12,
      acknowledged: 4,
      auditRecords: 4,
      lost: 0,
      duplicated: 0,
      mismatched: 0,
      auditOk: true,
    });

    // A save the owner never saw acknowledged: applied once too often, and not the figure it expects.
    await save(s, bench, first, 0, 4, 'save');
    const extra = await countUpdates(s, bench.owners, tallies);
    expect(extra).toMatchObject({ lost: 0, duplicated: 1, auditOk: true });
    expect(extra.details.join('\n')).toContain('stored version 4, but 3 saves were acknowledged');

    // An acknowledged save that is nowhere in the database.
    const lostTallies = new Map(tallies);
    const phantom = figureFor(second, second.indicators[3]!, 1, 'save');
    acknowledge(lostTallies, second.indicators[3]!.id, phantom);
    acknowledge(lostTallies, first.indicators[0]!.id, figureFor(first, first.indicators[0]!, 4, 'save'));
    const lost = await countUpdates(s, bench.owners, lostTallies);
    expect(lost).toMatchObject({ lost: 1, duplicated: 0, mismatched: 1 });
    expect(lost.details.join('\n')).toContain('1 saves acknowledged, but no figure is stored');
  });
});
