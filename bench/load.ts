/**
 * Load on one URL with autocannon, shared by the page benches (bench/pages.ts, bench/risk.ts): every
 * response's latency kept (exact percentiles), the bytes on the wire, and what went wrong.
 */
import { createRequire } from 'node:module';

// autocannon ships no type definitions; these are the parts used here.

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
}

export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { average: number };
}

interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
  ): void;
}

type Autocannon = (
  options: AutocannonOptions,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Load {
  result: AutocannonResult;
  /** Every response's latency in ms, sorted. */
  latencies: Float64Array;
  /** Mean bytes on the wire per response, headers included. */
  wireBytes: number;
}

/** Runs autocannon on `url` for `duration` seconds with the session cookie on every request. */
export function load(
  url: string,
  duration: number,
  o: { connections: number; cookie: string },
): Promise<Load> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let bytes = 0;
    const options = {
      url,
      connections: o.connections,
      duration,
      pipelining: 1,
      headers: { cookie: o.cookie },
    };
    const instance = autocannon(options, (err, result) => {
      if (err) return reject(err);
      const sorted = Float64Array.from(latencies).sort();
      resolve({ result, latencies: sorted, wireBytes: latencies.length ? bytes / latencies.length : 0 });
    });
    instance.on('response', (_client, _status, resBytes, responseTime) => {
      latencies.push(responseTime);
      bytes += resBytes;
    });
  });
}

export function problems(what: string, r: AutocannonResult): string[] {
  const out: string[] = [];
  if (r.errors) out.push(`${what}: ${r.errors} errors (${r.timeouts} timeouts)`);
  if (r.non2xx) {
    const codes = Object.entries(r.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, s]) => `${s.count}× ${code}`)
      .join(', ');
    out.push(`${what}: ${r.non2xx} non-2xx responses (${codes})`);
  }
  if (r.mismatches) out.push(`${what}: ${r.mismatches} body mismatches`);
  if (r['2xx'] === 0) out.push(`${what}: no successful responses at all`);
  return out;
}
