/**
 * bench/report: the quarterly report for a synthetic large council (500 indicators, 60 outcomes,
 * 10 directorates, 5 years of quarters) — the time to read and build the document, the time for each
 * format, and the peak memory of this (Node) process, each with its ratio to the target on this
 * machine: HTML < 1 s, Word and Excel < 3 s, PDF < 15 s, peak memory < 500 MB. Then the same with a
 * chart per indicator (the last eight quarters), which the targets do not cover.
 *
 * Times are wall-clock (what a person waits); Node's own CPU time is printed beside them, because
 * on a shared machine the wall time also counts waiting for a core. The PDF's work is mostly in
 * Chromium, a separate process, whose memory is not in the Node figure.
 *
 *   npm run bench:report
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/app/clock.js';
import { buildQuarterlyReport } from '../src/reports/quarterly/build.js';
import { DEFAULT_SETTINGS } from '../src/reports/quarterly/model.js';
import { textsFor } from '../src/reports/quarterly/service.js';
import { loadReportSource } from '../src/reports/quarterly/source.js';
import { FORMATS, type Format } from '../src/render/formats.js';
import { render } from '../src/render/renderers.js';
import { closePdfBrowser } from '../src/render/pdf.js';
import { migrate, openStore } from '../src/storage/database.js';
import { LARGE_COUNCIL, loadLargeCouncil } from './large-council.js';

const TARGET_MS: Record<Format, number | null> = {
  html: 1000,
  docx: 3000,
  xlsx: 3000,
  pdf: 15000,
  csv: null,
};
const TARGET_RSS_MB = 500;

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const sampler = setInterval(sample, 10);

const ratio = (value: number, target: number | null) =>
  target === null
    ? ''
    : `  ${(value / target).toFixed(2)} of target ${target >= 1000 ? `${target / 1000} s` : `${target} ms`}`;

async function run(store: ReturnType<typeof openStore>, charts: boolean): Promise<void> {
  const period = `Q4 ${LARGE_COUNCIL.years[LARGE_COUNCIL.years.length - 1]}`;
  let t = performance.now();
  const source = await loadReportSource(store, period, undefined, { charts, now: new Date() });
  const doc = buildQuarterlyReport(source, { ...DEFAULT_SETTINGS, charts }, textsFor(source, null));
  const buildMs = performance.now() - t;
  console.log(
    `\n${period}, whole council${charts ? ', with a chart per indicator' : ''}: ${source.outcomes.length} outcomes, ` +
      `${source.outcomes.reduce((n, o) => n + o.indicators.length, 0)} indicators, ${doc.blocks.length} blocks`,
  );
  sample();
  console.log(
    `  read + build document  ${buildMs.toFixed(0).padStart(6)} ms  RSS peak so far ${(peak / 1048576).toFixed(0)} MB`,
  );
  for (const format of FORMATS) {
    t = performance.now();
    const cpu = process.cpuUsage();
    const bytes = await render(doc, format);
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    sample();
    console.log(
      `  ${format.padEnd(21)} ${ms.toFixed(0).padStart(6)} ms  (Node CPU ${((used.user + used.system) / 1000).toFixed(0).padStart(5)} ms)  ${(bytes.length / 1048576).toFixed(2).padStart(6)} MB  RSS peak so far ${(peak / 1048576).toFixed(0).padStart(4)} MB${charts ? '' : ratio(ms, TARGET_MS[format])}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-report-'));
  const store = openStore(join(dir, 'cairn.db'));
  try {
    await migrate(store.db);
    let t = performance.now();
    await loadLargeCouncil(store, systemClock);
    console.log(
      `Loaded the large council (${LARGE_COUNCIL.indicators} indicators, ${LARGE_COUNCIL.outcomes} outcomes, ` +
        `${LARGE_COUNCIL.directorates} directorates, ${LARGE_COUNCIL.years.length} years of quarters) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    // Warm the browser once: a long-running server starts it once per process too.
    t = performance.now();
    await render(
      {
        title: 'warm',
        language: 'en-GB',
        council: '',
        asAt: new Date().toISOString(),
        version: null,
        blocks: [],
      },
      'pdf',
    );
    console.log(
      `Chromium started in ${(performance.now() - t).toFixed(0)} ms (once per process; not counted below)`,
    );
    peak = 0;
    await run(store, false);
    const peakMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576;
    console.log(
      `  peak memory (RSS, Node) ${peakMb.toFixed(0).padStart(5)} MB${ratio(peakMb, TARGET_RSS_MB)
        .replace(/ (\d+) ms$/, ' $1 MB')
        .replace(/ 0\.5 s$/, ' 500 MB')}`,
    );
    await run(store, true);
    console.log(
      `  peak memory (RSS, Node) ${(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576).toFixed(0).padStart(5)} MB (whole run)`,
    );
  } finally {
    clearInterval(sampler);
    await closePdfBrowser();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
