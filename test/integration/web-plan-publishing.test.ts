/**
 * Publishing a plan's progress report on the web, on each database: the performance team publishes
 * from the report page with its CSRF token; the version's page lists its frozen files and, after an
 * action update, the change since publication; a viewer downloads the frozen PDF and sees the
 * versions but has no Publish button and is refused if they post; a bad version id is a 404.
 */
import { afterAll, expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { recordActionUpdate } from '../../src/app/plans/updates.js';
import { peerChallengePlan } from '../../src/demo/peer-challenge-2024.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { findFrozenFile } from '../../src/storage/published-repository.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { sessionFor, csrfOf, testBrand } from '../support/web.js';

afterAll(async () => {
  await closePdfBrowser();
});

describeEachDatabase(
  'publishing a plan progress report on the web',
  (store) => {
    const app = () =>
      buildApp({
        store: store(),
        clock: fixedClock,
        brand: testBrand('Oxford City Council'),
      });
    let planId = 0;
    let versionUrl = '';

    it('publishes from the report page with the CSRF token, as the performance team', async () => {
      const a = app();
      planId = (
        await store()
          .db.selectFrom('improvement_plan')
          .select('id')
          .where('title', '=', peerChallengePlan.plan.title)
          .executeTakeFirstOrThrow()
      ).id;
      const { cookies } = await sessionFor(store(), fixedClock, 'performance');
      const page = await a.inject({ url: paths.planReport(planId), cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Publish this progress report');
      expect(page.body).toContain('This progress report has not been published yet.');
      const noToken = await a.inject({
        method: 'POST',
        url: paths.planReportPublish(planId),
        cookies,
        payload: { review: '' },
      });
      expect(noToken.statusCode).toBe(403);
      const res = await a.inject({
        method: 'POST',
        url: paths.planReportPublish(planId),
        cookies,
        payload: { _csrf: csrfOf(page.body), review: '' },
      });
      expect(res.statusCode).toBe(303);
      versionUrl = res.headers.location!.replace(/\?.*$/, '');
      expect(versionUrl).toMatch(new RegExp(`^/improvement-plans/${planId}/published/\\d+$`));
      const version = await a.inject({ url: res.headers.location!, cookies });
      expect(version.statusCode).toBe(200);
      expect(version.body).toContain('Version 1 is published.');
      expect(version.body).toContain('No action’s status or update has changed');
      const after = await a.inject({ url: paths.planReport(planId), cookies });
      expect(after.body).toContain('Version 1');
      expect(after.body).toContain(`${versionUrl}/pdf`);
    });

    it('lets a viewer read the versions and download the frozen PDF, but not publish', async () => {
      const a = app();
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const page = await a.inject({ url: paths.planReport(planId), cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Publish this progress report');
      expect(page.body).toContain('Published versions');
      const pdf = await a.inject({ url: `${versionUrl}/pdf`, cookies });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
      const versionId = Number(versionUrl.split('/').pop());
      const stored = (await findFrozenFile(store().db, 'plan', versionId, 'pdf'))!;
      expect(Buffer.compare(pdf.rawPayload, stored.bytes)).toBe(0);
      const refused = await a.inject({
        method: 'POST',
        url: paths.planReportPublish(planId),
        cookies,
        payload: { _csrf: csrfOf((await a.inject({ url: paths.account(), cookies })).body) },
      });
      expect(refused.statusCode).toBe(403);
      expect((await a.inject({ url: paths.planPublished(planId, 999999), cookies })).statusCode).toBe(404);
      expect((await a.inject({ url: `${versionUrl}/exe`, cookies })).statusCode).toBe(404);
      expect(
        (await a.inject({ url: paths.planPublished(planId + 1000, versionId), cookies })).statusCode,
      ).toBe(404);
    });

    it('lists an action update made after publishing as a change since publication', async () => {
      const action = await store()
        .db.selectFrom('plan_action')
        .select(['id', 'code', 'title', 'version'])
        .where('improvement_plan_id', '=', planId)
        .orderBy('position')
        .executeTakeFirstOrThrow();
      await recordActionUpdate(
        store(),
        { id: 'user:1', name: 'Pat' },
        {
          actionId: action.id,
          status: 'paused',
          text: 'Waiting for the new board.',
          expectedVersion: action.version,
        },
        fixedClock,
      );
      const { cookies } = await sessionFor(store(), fixedClock, 'viewer');
      const page = await app().inject({ url: versionUrl, cookies });
      expect(page.body).toContain('2 changes to actions since version 1 was published');
      expect(page.body).toContain(`${action.code}: `);
      expect(page.body).toContain('Waiting for the new board.');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
