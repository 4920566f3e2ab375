import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { INSPECTION_TITLE } from '../../src/demo/inspection-2002.js';
import { publishPlanReport } from '../../src/reports/progress/publish.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { findFrozenFile } from '../../src/storage/published-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, testBrand } from '../support/web.js';

const brand = testBrand();
afterAll(() => closePdfBrowser());

describeEachDatabase(
  'the coverage matrix as files, and published with the progress report',
  (store) => {
    it('downloads the inspection plan’s coverage matrix in every format and freezes it with the report', async () => {
      const s = store();
      const plan = await s.db
        .selectFrom('improvement_plan')
        .select('id')
        .where('title', '=', INSPECTION_TITLE)
        .executeTakeFirstOrThrow();
      const app = buildApp({ store: s, clock: fixedClock, brand });
      const viewer = await sessionFor(s, fixedClock, 'viewer');
      const page = await app.inject({ url: paths.planCoverage(plan.id), cookies: viewer.cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(paths.planCoverageDownload(plan.id, 'pdf'));
      const pdf = await app.inject({
        url: paths.planCoverageDownload(plan.id, 'pdf'),
        cookies: viewer.cookies,
      });
      expect(pdf.statusCode).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'cairn-coverage-'));
      try {
        writeFileSync(join(dir, 'c.pdf'), pdf.rawPayload);
        const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString('utf8');
        expect(text).toContain('coverage of findings');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      for (const format of ['docx', 'xlsx', 'csv']) {
        const res = await app.inject({
          url: paths.planCoverageDownload(plan.id, format),
          cookies: viewer.cookies,
        });
        expect(res.statusCode, format).toBe(200);
        expect(res.rawPayload.length, format).toBeGreaterThan(100);
      }
      expect(
        (await app.inject({ url: paths.planCoverageDownload(plan.id, 'exe'), cookies: viewer.cookies }))
          .statusCode,
      ).toBe(404);

      const published = await publishPlanReport(s, systemActor, fixedClock, {
        planId: plan.id,
        council: brand.councilName,
      });
      const version = await s.db
        .selectFrom('plan_report_version')
        .select('id')
        .where('version', '=', published.version)
        .where('improvement_plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      const csv = await findFrozenFile(s.db, 'plan', version.id, 'csv');
      expect(csv!.bytes.toString('utf8')).toContain('Recommendation 1a: findings × actions');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
