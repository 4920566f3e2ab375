/**
 * A small in-process cache for things computed from the data (scorecards, rendered pages). Every
 * entry remembers the data version it was computed at; the caller passes the current version (one
 * indexed read of `data_version`, which database triggers increase on every write), so a stale entry
 * is never served, even when another Cairn process made the change. Least recently used entries are
 * dropped past a count or a total size, and concurrent misses for one key compute once.
 */
export interface CacheLimits<V> {
  maxEntries: number;
  /** Total size budget, measured by `sizeOf` (e.g. string length); no budget when absent. */
  maxSize?: number;
  sizeOf?: (value: V) => number;
}

interface Entry<V> {
  version: number;
  value: V;
  size: number;
}

export class VersionedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly pending = new Map<string, { version: number; promise: Promise<V> }>();
  private total = 0;

  constructor(private readonly limits: CacheLimits<V>) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, version: number, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const inFlight = this.pending.get(key);
    if (inFlight && inFlight.version === version) return inFlight.promise;
    const promise = compute().then(
      (value) => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        this.store(key, version, value);
        return value;
      },
      (error: unknown) => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, { version, promise });
    return promise;
  }

  private store(key: string, version: number, value: V): void {
    const size = this.limits.sizeOf?.(value) ?? 0;
    if (this.limits.maxSize !== undefined && size > this.limits.maxSize) return;
    this.remove(key);
    this.entries.set(key, { version, value, size });
    this.total += size;
    for (const oldest of this.entries.keys()) {
      const over =
        this.entries.size > this.limits.maxEntries ||
        (this.limits.maxSize !== undefined && this.total > this.limits.maxSize);
      if (!over) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (e) {
      this.total -= e.size;
      this.entries.delete(key);
    }
  }
}
