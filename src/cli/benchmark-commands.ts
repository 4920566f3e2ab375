/**
 * Benchmarking from the command line (issue 13): `cairn reference refresh [DIR]` (the reference data of
 * UK councils), `cairn benchmark council [NAME]` (which council this is), and the imports, links and
 * figures of `cairn benchmark …`. The actor is the operating-system account, as for every CLI change.
 */
import type { Command } from 'commander';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import {
  ourCouncil,
  refreshReference,
  setOurCouncil,
  REFERENCE_ATTRIBUTION,
} from '../app/benchmark-reference.js';
import { councilLabel } from '../domain/benchmark-areas.js';
import type { Store } from '../app/store.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;

export function addBenchmarkCommands(program: Command, withStore: WithStore): void {
  const reference = program.command('reference').description('reference data Cairn ships with');
  reference
    .command('refresh [dir]')
    .description(
      'load the UK councils (names, GSS codes, types, regions) from a copy of mySociety’s data; default: the copy shipped with Cairn',
    )
    .action((dir: string | undefined) =>
      withStore(async (store) => {
        const r = await refreshReference(store, cliActor(), systemClock, dir);
        console.log(
          `Loaded ${r.councils} councils from ${r.dir}: ${r.added} new, ${r.updated} updated` +
            `${r.retired ? `, ${r.retired} no longer listed (kept, as not current)` : ''}; ` +
            `${r.names} spellings of names and ${r.codes} GSS codes.`,
        );
        console.log(REFERENCE_ATTRIBUTION);
      }),
    );

  const benchmark = program.command('benchmark').description('benchmarking against other councils');
  benchmark
    .command('council [name]')
    .description('say which council this is (a name or GSS code), or show it')
    .action((name: string | undefined) =>
      withStore(async (store) => {
        if (name === undefined) {
          const c = await ourCouncil(store);
          console.log(
            c
              ? `This council is ${councilLabel(c)}, ${c.typeName}, ${c.nation}.`
              : 'Not set yet: run `cairn benchmark council NAME`.',
          );
          return;
        }
        const c = await setOurCouncil(store, cliActor(), name, systemClock);
        console.log(`This council is ${councilLabel(c)}, ${c.typeName}, ${c.nation}.`);
      }),
    );
}
