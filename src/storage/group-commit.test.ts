import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A sync that finishes only when told: `pending` holds one resolver per sync started. */
function controlledSync() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { sync, pending };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('does not sync for a context that committed nothing', async () => {
    const { sync, pending } = controlledSync();
    const group = new GroupCommit(sync);
    const context = group.run((c) => c);
    await group.settle(context);
    expect(pending).toHaveLength(0);
    expect(group.stats.syncs).toBe(0);
  });

  it('charges each commit to the context it was made in, across awaits', async () => {
    const group = new GroupCommit(async () => undefined);
    const a = group.run((c) => c);
    const b = await group.run(async (c) => {
      await tick();
      group.noteCommit();
      await tick();
      group.noteCommit();
      return c;
    });
    group.run(() => group.noteCommit());
    expect(a.lastCommit).toBe(0);
    expect(b.lastCommit).toBe(2);
    expect(group.stats.committed).toBe(3);
  });

  it('holds a commit until a sync that began after it has finished, and lets commits made meanwhile share the next sync', async () => {
    const { sync, pending } = controlledSync();
    const group = new GroupCommit(sync);
    const settled: string[] = [];
    const commit = (name: string) =>
      group.run((c) => {
        group.noteCommit();
        return group.settle(c).then(() => settled.push(name));
      });

    const first = commit('first');
    await tick();
    expect(pending).toHaveLength(1); // the first sync covers the first commit only
    const others = [commit('second'), commit('third'), commit('fourth')];
    await tick();
    expect(pending).toHaveLength(1); // they wait for it to finish: it may have begun before they committed

    pending[0]!.resolve();
    await first;
    await tick();
    expect(settled).toEqual(['first']);
    expect(pending).toHaveLength(2); // one more sync, for the three of them

    pending[1]!.resolve();
    await Promise.all(others);
    expect(settled.sort()).toEqual(['first', 'fourth', 'second', 'third']);
    expect(group.stats).toMatchObject({ committed: 4, synced: 4, syncs: 2 });
  });

  it('rejects when the sync fails, and syncs again for the next to ask', async () => {
    const { sync, pending } = controlledSync();
    const group = new GroupCommit(sync);
    const context = group.run((c) => {
      group.noteCommit();
      return c;
    });
    const failed = group.settle(context);
    await tick();
    pending[0]!.reject(new Error('EIO: i/o error, fdatasync'));
    await expect(failed).rejects.toThrow('EIO');
    expect(group.stats.synced).toBe(0);

    const retried = group.settle(context);
    await tick();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve();
    await retried;
    expect(group.stats.synced).toBe(1);
  });

  it('durable() waits for every commit so far', async () => {
    const { sync, pending } = controlledSync();
    const group = new GroupCommit(sync);
    group.noteCommit();
    group.noteCommit();
    let done = false;
    const all = group.durable().then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    pending[0]!.resolve();
    await all;
    expect(group.stats.synced).toBe(2);
  });
});
