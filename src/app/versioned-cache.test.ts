import { describe, expect, it } from 'vitest';
import { VersionedCache } from './versioned-cache.js';

describe('VersionedCache', () => {
  it('computes once per key and version, and again when the version moves on', async () => {
    const cache = new VersionedCache<string>({ maxEntries: 10 });
    let calls = 0;
    const compute = async () => `value ${++calls}`;
    expect(await cache.get('a', 1, compute)).toBe('value 1');
    expect(await cache.get('a', 1, compute)).toBe('value 1');
    expect(await cache.get('a', 2, compute)).toBe('value 2');
    expect(calls).toBe(2);
  });

  it('shares one computation between concurrent misses', async () => {
    const cache = new VersionedCache<number>({ maxEntries: 10 });
    let calls = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const results = await Promise.all([
      cache.get('k', 1, slow),
      cache.get('k', 1, slow),
      cache.get('k', 1, slow),
    ]);
    expect(results).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });

  it('never caches a failure', async () => {
    const cache = new VersionedCache<string>({ maxEntries: 10 });
    await expect(cache.get('k', 1, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('k', 1, async () => 'fine')).toBe('fine');
  });

  it('drops the least recently used entries past its count and size budgets', async () => {
    const cache = new VersionedCache<string>({ maxEntries: 3, maxSize: 10, sizeOf: (v) => v.length });
    for (const k of ['a', 'b', 'c']) await cache.get(k, 1, async () => k);
    await cache.get('a', 1, async () => 'never'); // touch a: b is now the oldest
    await cache.get('d', 1, async () => 'd');
    expect(cache.size).toBe(3);
    expect(await cache.get('b', 1, async () => 'recomputed')).toBe('recomputed');
    await cache.get('big', 1, async () => '123456789');
    expect(cache.size).toBeLessThanOrEqual(2);
    expect(await cache.get('huge', 1, async () => '12345678901')).toBe('12345678901');
    expect(await cache.get('huge', 1, async () => 'not kept: over budget')).toBe('not kept: over budget');
  });
});
