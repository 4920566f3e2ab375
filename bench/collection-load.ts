/**
 * The simulated data owners of bench/collection. Each owner, on its own keep-alive connection, loops
 * over the indicators assigned to it: GET the update form (reading the figure's version and the CSRF
 * token from it), then POST a new figure with that version — a save, and every few saves a submit.
 * Now and then it sends the same form a second time, as a double click does: Cairn must refuse that
 * (409, the version is stale) and store nothing. Every request's latency and status is recorded; every
 * save Cairn acknowledges (303 to the owner's list of updates) is tallied with the figure sent, for
 * bench/collection-count.ts to find in the database afterwards. With `follow`, each owner then loads
 * that list, as a browser following the redirect does.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { paths } from '../src/web/paths.js';
import { tallyKey, type SentFigure, type Tally } from './collection-count.js';
import type { BenchOwner, OwnerIndicator } from './collection-setup.js';

export type RequestKind = 'form' | 'save' | 'submit' | 'again' | 'list';

export interface Sample {
  kind: RequestKind;
  /** When the request was sent, in ms from the start of the load. */
  at: number;
  ms: number;
  status: number;
}

export interface LoadOptions {
  baseUrl: string;
  roundId: number;
  owners: BenchOwner[];
  /** Measured seconds, after the warm-up. */
  seconds: number;
  /** Seconds of load before measuring (their saves are tallied and counted, their latencies not). */
  warmupSeconds: number;
  /**
   * The mean pause after each save, as a person reads and types (0: none, the heaviest load). Each
   * pause is drawn from half to one and a half times it, and each owner starts at a random moment
   * within one pause, so the owners do not move in step.
   */
  thinkMs: number;
  /** Every n-th save of an owner is a submit. */
  submitEvery: number;
  /** The share of acknowledged saves sent a second time (a double click). */
  againRate: number;
  /** Follow each save's redirect to the owner's list of updates, as a browser does. */
  follow: boolean;
}

export interface LoadResult {
  samples: Sample[];
  /** Requests that failed or answered what they should not, with what happened. */
  errors: number;
  errorExamples: string[];
  tallies: Map<string, Tally>;
  /** Measured wall time, in seconds. */
  measuredSeconds: number;
  warmupMs: number;
}

interface Reply {
  status: number;
  location: string | undefined;
  body: string;
}

const OUTLOOK_CYCLE = ['improving', 'stable', 'deteriorating'] as const;

/** The figure owner `k` sends in its n-th save of an indicator: different every time, traceable. */
export function figureFor(
  owner: BenchOwner,
  indicator: OwnerIndicator,
  n: number,
  step: SentFigure['step'],
): SentFigure {
  // 1.00 to 99.99: a percentage, a count or money alike; never below 1, which a percentage reads as a fraction.
  const actual = 1 + (((owner.id * 7919 + indicator.id * 104729 + n * 15485863) % 9899) + 1) / 100;
  return {
    actual: Math.round(actual * 100) / 100,
    outlook: OUTLOOK_CYCLE[(indicator.id + n) % OUTLOOK_CYCLE.length]!,
    commentary: `${owner.name}, update ${n} of indicator ${indicator.number}: checked against the source system.`,
    step,
  };
}

export function formBody(figure: SentFigure, csrf: string, version: number): string {
  return new URLSearchParams({
    _csrf: csrf,
    version: String(version),
    actual: figure.actual.toFixed(2),
    outlook: figure.outlook,
    commentary: figure.commentary,
    action: figure.step,
    // The bench's figures jump about; a person confirms such a figure and says why.
    confirmUnusual: 'yes',
    unusualNote: 'Checked: the bench moves its figures on every save.',
  }).toString();
}

const VERSION = /name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"/;
const CSRF = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/;

function field(re: RegExp, html: string): string | undefined {
  const m = re.exec(html);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The first line of the error summary, or the start of the page's text, to say what went wrong. */
function gist(html: string): string {
  const summary = /govuk-error-summary__list[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1];
  const text = (summary ?? heading ?? html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.slice(0, 300);
}

/** A small seeded pseudo-random generator (mulberry32): numbers from 0 to 1. */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runOwners(o: LoadOptions): Promise<LoadResult> {
  const url = new URL(o.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const samples: Sample[] = [];
  const errorExamples: string[] = [];
  let errors = 0;
  const tallies = new Map<string, Tally>();
  const start = performance.now();
  const warmupMs = o.warmupSeconds * 1000;
  const end = start + warmupMs + o.seconds * 1000;

  const error = (message: string) => {
    errors += 1;
    if (errorExamples.length < 12) errorExamples.push(message);
  };

  const send = (
    kind: RequestKind,
    method: 'GET' | 'POST',
    path: string,
    cookie: string,
    body?: string,
  ): Promise<Reply | null> =>
    new Promise((resolve) => {
      const sent = performance.now();
      const headers: http.OutgoingHttpHeaders = { cookie, accept: 'text/html' };
      if (body !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request(
        { host: url.hostname, port: url.port, path, method, agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            samples.push({ kind, at: sent - start, ms: performance.now() - sent, status });
            resolve({ status, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (e) => {
            error(`${method} ${path}: the response broke off: ${e.message}`);
            resolve(null);
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', (e) => {
        samples.push({ kind, at: sent - start, ms: performance.now() - sent, status: 0 });
        error(`${method} ${path}: ${e.message}`);
        resolve(null);
      });
      req.end(body);
    });

  const listUrl = paths.yourUpdates(o.roundId);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const owner = async (who: BenchOwner) => {
    const cookie = `cairn_session=${who.token}`;
    const saves = new Map<number, number>();
    let turn = 0;
    let mySaves = 0;
    // A different pseudo-random sequence per owner, the same on every run.
    const rand = mulberry32(who.id);
    if (o.thinkMs > 0) await sleep(o.thinkMs * rand());
    while (performance.now() < end) {
      const indicator = who.indicators[turn++ % who.indicators.length]!;
      const path = paths.update(o.roundId, indicator.id);
      const form = await send('form', 'GET', path, cookie);
      if (!form) continue;
      if (form.status !== 200) {
        error(`GET ${path} as ${who.name}: ${form.status}: ${gist(form.body)}`);
        await sleep(100);
        continue;
      }
      const version = Number(field(VERSION, form.body));
      const csrf = field(CSRF, form.body);
      if (!Number.isInteger(version) || csrf === undefined) {
        error(`GET ${path}: the form has no ${csrf === undefined ? '_csrf' : 'version'} hidden input`);
        await sleep(100);
        continue;
      }
      if (csrf !== who.csrfToken) error(`GET ${path}: the form's CSRF token is not the session's`);
      if (performance.now() >= end) break;

      const n = (saves.get(indicator.id) ?? 0) + 1;
      const step = (mySaves + 1) % o.submitEvery === 0 ? 'submit' : 'save';
      const figure = figureFor(who, indicator, n, step);
      const body = formBody(figure, csrf, version);
      const posted = await send(step, 'POST', path, cookie, body);
      if (!posted) continue;
      // Acknowledged: 303 to the owner's list of updates (with its success message, `?done=saved`).
      if (posted.status !== 303 || posted.location?.split('?')[0] !== listUrl) {
        error(
          `POST ${path} (${step}, version ${version}) as ${who.name}: ${posted.status}` +
            `${posted.location ? ` to ${posted.location}` : ''}: ${gist(posted.body)}`,
        );
        continue;
      }
      saves.set(indicator.id, n);
      mySaves += 1;
      const tally = tallies.get(tallyKey(indicator.id)) ?? { acknowledged: 0, last: null };
      tally.acknowledged += 1;
      tally.last = figure;
      tallies.set(tallyKey(indicator.id), tally);

      if (o.follow && performance.now() < end) {
        const list = await send('list', 'GET', listUrl, cookie);
        if (list && list.status !== 200)
          error(`GET ${listUrl} as ${who.name}: ${list.status}: ${gist(list.body)}`);
      }
      if (o.againRate > 0 && rand() < o.againRate && performance.now() < end) {
        const again = await send('again', 'POST', path, cookie, body);
        if (again?.status === 409 && !again.body.includes(figure.commentary))
          error(`POST ${path} sent twice: the 409 page does not say what was saved meanwhile`);
        if (again && again.status !== 409) {
          error(
            `POST ${path} sent twice with version ${version}: the second answered ${again.status}, not 409`,
          );
          if (again.status === 303) {
            // Acknowledged twice: tally it, so the count shows the duplicate for what it is.
            tally.acknowledged += 1;
          }
        }
      }
      if (o.thinkMs > 0) await sleep(o.thinkMs * (0.5 + rand()));
    }
  };

  await Promise.all(o.owners.map(owner));
  const finished = performance.now();
  agent.destroy();
  return {
    samples,
    errors,
    errorExamples,
    tallies,
    measuredSeconds: (Math.min(finished, end) - start - warmupMs) / 1000,
    warmupMs,
  };
}
