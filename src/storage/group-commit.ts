/**
 * Group commit for the web server on SQLite (ADR 0007). A commit returns once SQLite has written it to
 * the write-ahead log; it is on disk once the log is synced. Rather than sync once per commit on the
 * event loop (`synchronous=FULL`), the server syncs the log off the event loop and answers a request
 * that committed only after a sync that began after its last commit has finished. Commits made while a
 * sync is running share the next one, so under load one sync covers many saves, and a request that
 * changed nothing never waits.
 *
 * Which commits belong to which request is followed with AsyncLocalStorage: `run` opens a context,
 * `noteCommit` (called by the SQLite connection after each commit) records the commit's number in the
 * context it is called from, and `settle` waits for that number to be on disk.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** What one request (or any unit of work) has committed: the number of its last commit, 0 for none. */
export interface CommitContext {
  lastCommit: number;
}

export class GroupCommit {
  readonly #sync: () => Promise<void>;
  readonly #context = new AsyncLocalStorage<CommitContext>();
  #committed = 0;
  #synced = 0;
  #syncing: Promise<void> | null = null;
  #syncs = 0;
  #syncMs = 0;

  /** `sync` makes everything committed before it was called durable (fdatasync of the log). */
  constructor(sync: () => Promise<void>) {
    this.#sync = sync;
  }

  /** Runs `fn` in a new context; commits made within it (and its async continuations) are its own. */
  run<T>(fn: (context: CommitContext) => T): T {
    const context: CommitContext = { lastCommit: 0 };
    return this.#context.run(context, () => fn(context));
  }

  /** Called after each commit: numbers it and charges it to the current context. */
  noteCommit(): void {
    this.#committed += 1;
    const context = this.#context.getStore();
    if (context) context.lastCommit = this.#committed;
  }

  /** Resolves when the context's commits are durable; at once when it committed nothing. */
  settle(context: CommitContext): Promise<void> {
    return this.durable(context.lastCommit);
  }

  /**
   * Resolves when commit `upTo` (by default every commit so far) is durable. A sync already running may
   * have begun before that commit, so it waits for it and then, if need be, starts the next one, which
   * covers every commit made meanwhile. Rejects if the sync fails: the change is committed but not known
   * to be on disk, and must not be acknowledged.
   */
  async durable(upTo: number = this.#committed): Promise<void> {
    while (this.#synced < upTo) {
      if (!this.#syncing) {
        const covers = this.#committed;
        this.#syncs += 1;
        const started = performance.now();
        this.#syncing = this.#sync()
          .then(() => {
            this.#synced = Math.max(this.#synced, covers);
            this.#syncMs += performance.now() - started;
          })
          .finally(() => {
            this.#syncing = null;
          });
      }
      await this.#syncing;
    }
  }

  /** Commits numbered so far, the highest known durable, syncs started and their total time: for tests and benchmarks. */
  get stats(): { committed: number; synced: number; syncs: number; syncMs: number } {
    return { committed: this.#committed, synced: this.#synced, syncs: this.#syncs, syncMs: this.#syncMs };
  }
}
