/**
 * Publishing a plan's progress report on each database: v1 stored with every format and its SHA-256;
 * a later action update leaves the stored bytes byte-for-byte the same and is listed as a change
 * since publication; publishing again gives v2; a version as at a review is numbered on its own;
 * the database refuses UPDATE and DELETE on the versions and their files; a version someone else
 * published meanwhile is refused.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { recordActionUpdate } from '../../src/app/plans/updates.js';
import { peerChallengePlan } from '../../src/demo/peer-challenge-2024.js';
import {
  planChangesSincePublication,
  publishPlanReport,
  type FrozenPlanReport,
} from '../../src/reports/progress/publish.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { publishFrozen } from '../../src/reports/publish.js';
import { latestPlanReportVersion, listPlanReportVersions } from '../../src/storage/plan-report-repository.js';
import {
  findFrozenFile,
  findPublishedVersion,
  listFrozenFiles,
} from '../../src/storage/published-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock, clockAt } from '../support/fixtures.js';

afterAll(async () => {
  await closePdfBrowser();
});

const actor = { id: 'user:1', name: 'Pat Performance' };
const later = clockAt('2024-11-20T10:00:00Z');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describeEachDatabase(
  'publishing a plan progress report',
  (store) => {
    let planId = 0;
    let v1 = 0;
    const stored: Record<string, Buffer> = {};

    it('publishes v1: every format rendered once, stored with its SHA-256, audited', async () => {
      const plan = await store()
        .db.selectFrom('improvement_plan')
        .select('id')
        .where('title', '=', peerChallengePlan.plan.title)
        .executeTakeFirstOrThrow();
      planId = plan.id;
      const p = await publishPlanReport(store(), actor, later, { planId, council: 'Oxford City Council' });
      expect(p.version).toBe(1);
      v1 = p.versionId;
      expect(p.files.map((f) => f.format)).toEqual(['html', 'pdf', 'docx', 'xlsx', 'csv']);
      for (const f of p.files) {
        const file = (await findFrozenFile(store().db, 'plan', v1, f.format))!;
        expect(sha(file.bytes)).toBe(f.sha256);
        expect(file.size).toBe(file.bytes.length);
        stored[f.format] = file.bytes;
      }
      expect(stored.pdf!.subarray(0, 4).toString()).toBe('%PDF');
      const v = (await findPublishedVersion(store().db, 'plan', v1))!;
      const frozen = JSON.parse(v.data) as FrozenPlanReport;
      expect(frozen.document.version).toBe(1);
      expect(frozen.actions).toHaveLength(55);
      const audit = await store()
        .db.selectFrom('audit_event')
        .select(['action', 'entity_id'])
        .where('entity', '=', 'plan_report_version')
        .execute();
      expect(audit).toEqual([{ action: 'plan.report.publish', entity_id: String(v1) }]);
      expect(await planChangesSincePublication(store(), v1, later)).toEqual([]);
    });

    it('keeps the stored bytes after an action update, and lists the update as a change', async () => {
      const action = await store()
        .db.selectFrom('plan_action')
        .select(['id', 'code', 'version'])
        .where('improvement_plan_id', '=', planId)
        .orderBy('position')
        .executeTakeFirstOrThrow();
      await recordActionUpdate(
        store(),
        actor,
        {
          actionId: action.id,
          status: 'at-risk',
          text: 'The partnership board has not met since October.',
          expectedVersion: action.version,
        },
        later,
      );
      for (const [format, bytes] of Object.entries(stored)) {
        const file = (await findFrozenFile(store().db, 'plan', v1, format))!;
        expect(Buffer.compare(file.bytes, bytes), format).toBe(0);
        expect(sha(file.bytes)).toBe(file.sha256);
      }
      const changes = await planChangesSincePublication(store(), v1, later);
      expect(changes.map((c) => [c.code, c.what])).toEqual([
        [action.code, 'Status'],
        [action.code, 'Update'],
      ]);
      expect(changes[0]!.after).toBe('At risk');
      expect(changes[1]!.after).toBe('The partnership board has not met since October.');
    });

    it('publishes v2 with the update, and numbers a review’s versions on their own', async () => {
      const p2 = await publishPlanReport(store(), actor, later, { planId, council: 'Oxford City Council' });
      expect(p2.version).toBe(2);
      expect(await planChangesSincePublication(store(), p2.versionId, later)).toEqual([]);
      const review = await store()
        .db.selectFrom('progress_review')
        .select('id')
        .where('improvement_plan_id', '=', planId)
        .executeTakeFirstOrThrow();
      const r1 = await publishPlanReport(store(), actor, later, {
        planId,
        reviewId: review.id,
        council: 'Oxford City Council',
      });
      expect(r1.version).toBe(1);
      const versions = await listPlanReportVersions(store().db, planId);
      expect(versions.map((v) => [v.subject, v.version])).toEqual([
        [`review:${review.id}`, 1],
        ['today', 2],
        ['today', 1],
      ]);
      expect(await listFrozenFiles(store().db, 'plan', [r1.versionId])).toHaveLength(5);
    });

    it('refuses UPDATE and DELETE on published versions and their files', async () => {
      const db = store().db;
      await expect(sql`UPDATE plan_report_version SET title = 'x'`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`DELETE FROM plan_report_version`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`UPDATE plan_report_file SET size = 0`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`DELETE FROM plan_report_file`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      expect(Buffer.compare((await findFrozenFile(db, 'plan', v1, 'pdf'))!.bytes, stored.pdf!)).toBe(0);
    });

    it('refuses a version someone else published meanwhile, storing and auditing nothing', async () => {
      const db = store().db;
      const latest = (d: Kysely<Database>) => latestPlanReportVersion(d, planId, 'today');
      const version = (await latest(db)) + 1;
      // Between reading the number and storing the version, someone else publishes.
      await publishPlanReport(store(), actor, later, { planId, council: 'Oxford City Council' });
      const versions = await listPlanReportVersions(db, planId);
      const audited = await db.selectFrom('audit_event').select('id').execute();
      const { document } = JSON.parse((await findPublishedVersion(db, 'plan', v1))!.data) as FrozenPlanReport;
      await expect(
        publishFrozen(store(), actor, later, {
          kind: 'plan',
          version,
          frozen: { document },
          fileBase: 'Too late',
          subject: { improvement_plan_id: planId, review_id: null, subject: 'today' },
          noun: 'progress report',
          audit: { action: 'plan.report.publish', after: { plan: planId, review: null } },
        }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^Someone else published this progress report just now\./),
      });
      expect(await listPlanReportVersions(db, planId)).toEqual(versions);
      expect(await db.selectFrom('audit_event').select('id').execute()).toEqual(audited);
    });

    it('says which plan is missing', async () => {
      await expect(
        publishPlanReport(store(), actor, later, { planId: 999999, council: 'x' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
