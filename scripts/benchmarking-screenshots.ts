/**
 * Screenshots of benchmarking (issue 13), on the demo, for the user guide's "Benchmarking":
 * docs/screenshots/benchmarking-*.png — the column-mapping step, an indicator's benchmark panel and a
 * plan's benchmarking page. The figures are made up for the pictures (eight shire counties).
 *
 *   npx tsx scripts/benchmarking-screenshots.ts [OUT_DIR]     (default docs/screenshots)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Clock } from '../src/app/clock.js';
import { DEMO_COUNCIL, loadDemo } from '../src/app/demo.js';
import { startSession } from '../src/app/access/sessions.js';
import { userActor } from '../src/app/audit.js';
import { importBenchmarkData } from '../src/app/benchmark-import.js';
import { importGroupsFile } from '../src/app/benchmark-groups.js';
import { linkIndicator } from '../src/app/benchmark-links.js';
import { setOurCouncil } from '../src/app/benchmark-reference.js';
import { receiveDataUpload } from '../src/app/benchmark-uploads.js';
import { insertUser } from '../src/storage/account-repository.js';
import { migrate, openStore } from '../src/storage/database.js';
import { buildApp } from '../src/web/build-app.js';
import { paths } from '../src/web/paths.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/render/chromium.js';

const COUNTIES: [string, string, string, string][] = [
  ['E10000025', 'Oxfordshire', '11.2', '10.8'],
  ['E10000031', 'Warwickshire', '12.5', '12.9'],
  ['E10000013', 'Gloucestershire', '13.1', '13.0'],
  ['E10000034', 'Worcestershire', '12.0', '12.2'],
  ['E10000003', 'Cambridgeshire', '14.2', '13.6'],
  ['E10000015', 'Hertfordshire', '10.9', '11.1'],
  ['E10000032', 'West Sussex', '13.8', '14.1'],
  ['E10000029', 'Suffolk', '15.0', '14.4'],
];
const dataCsv = Buffer.from(
  [
    'Area code,Area name,Indicator ID,Indicator title,Academic year,Figure',
    ...COUNTIES.flatMap(([code, name, a, b]) => [
      `${code},${name},PA-SEC,Persistent absence in secondary schools (%),2015/16,${b}`,
      `${code},${name},PA-SEC,Persistent absence in secondary schools (%),2016/17,${a}`,
    ]),
  ].join('\r\n'),
);

const out = process.argv[2] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cairn-benchmarking-shots-'));
const store = openStore(join(dir, 'cairn.db'));
const clock: Clock = { now: () => new Date('2018-02-15T09:00:00Z') };
try {
  await migrate(store.db);
  const { planId } = await loadDemo(store, clock);
  const app = buildApp({
    store,
    clock,
    brand: { councilName: DEMO_COUNCIL.name, colour: '#1d5c4d', logoUrl: null },
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const user = await insertUser(
    store.db,
    {
      email: 'officer@demo.cairn.example',
      name: 'Performance Officer',
      role: 'performance',
      passwordHash: null,
      directorateId: null,
    },
    clock.now().toISOString(),
  );
  const actor = userActor(user);
  await setOurCouncil(store, actor, 'Oxfordshire County Council', clock);
  const groups = await importGroupsFile(
    store,
    actor,
    {
      fileName: 'shire-counties.csv',
      bytes: Buffer.from(['Area code', ...COUNTIES.map((c) => c[0])].join('\n')),
    },
    { name: 'Shire counties', validFrom: '2015-04-01' },
    clock,
  );
  const mapping = {
    columns: {
      area: 'Area code',
      metricCode: 'Indicator ID',
      metricTitle: 'Indicator title',
      period: 'Academic year',
      value: 'Figure',
    },
    polarity: 'lower' as const,
    unit: 'percent' as const,
  };
  await importBenchmarkData(
    store,
    actor,
    { fileName: 'persistent-absence.csv', bytes: dataCsv },
    { source: 'LG Inform', mapping },
    clock,
  );
  const metric = await store.db.selectFrom('benchmark_metric').select('id').executeTakeFirstOrThrow();
  const nine = await store.db
    .selectFrom('indicator')
    .select('id')
    .where('plan_id', '=', planId)
    .where('number', '=', '9')
    .executeTakeFirstOrThrow();
  await linkIndicator(
    store,
    actor,
    {
      planId,
      indicatorId: nine.id,
      metricId: metric.id,
      comparison: `group:${groups.groups[0]!.id}`,
      version: 0,
    },
    clock,
  );
  // A second file from the same source, waiting at the mapping step with the saved columns.
  const upload = await receiveDataUpload(
    store,
    actor,
    { fileName: 'persistent-absence-2017-18.csv', bytes: dataCsv },
    'LG Inform',
    clock,
    10 * 1024 * 1024,
  );
  const cookie = { name: 'cairn_session', value: await startSession(store, clock, user.id), url: base };
  const shots: [string, string, string | null][] = [
    ['benchmarking-mapping', paths.benchmarkImportMapping(upload), null],
    ['benchmarking-indicator', paths.indicator(planId, '9'), '#benchmark'],
    ['benchmarking-plan', paths.benchmarking(planId), null],
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  for (const [name, url, selector] of shots) {
    const res = await page.goto(base + url);
    const path = join(out, `${name}.png`);
    if (selector) await page.locator(selector).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    console.log(`wrote ${path}  (${url}, ${res?.status()})`);
  }
  await browser.close();
  await app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
