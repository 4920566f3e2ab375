/**
 * Drafts and publishing on each database: edited texts are audited; a published report's data and
 * files never change — not when a figure is corrected later, and not by UPDATE or DELETE — and the
 * correction is listed as a change since publication; publishing again makes version 2.
 */
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { findIndicator } from '../../src/storage/performance-repository.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import { findFrozenFile, listFrozenFiles } from '../../src/storage/published-repository.js';
import { listVersions } from '../../src/storage/report-repository.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import {
  changesSincePublication,
  draftDocument,
  editDraftText,
  publishReport,
  saveDraft,
} from '../../src/reports/quarterly/service.js';
import { closePdfBrowser } from '../../src/render/pdf.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

afterAll(async () => {
  await closePdfBrowser();
});

const actor = { id: 'user:1', name: 'Pat Performance' };

describeEachDatabase(
  'report drafts and published versions',
  (store) => {
    let draftId = 0;

    it('creates a draft with its settings, and audits it', async () => {
      const d = await saveDraft(store(), actor, fixedClock, {
        period: 'Q1 2017-18',
        settings: { ...DEFAULT_SETTINGS, meetingDate: '17 October 2017', contactOfficer: 'Steven Jones' },
      });
      draftId = d.id;
      expect(d.period_code).toBe('2017-18-Q1');
      expect(d.scope).toBe('council');
      const again = await saveDraft(store(), actor, fixedClock, {
        period: '2017-18-Q1',
        scope: 'council',
        settings: {
          ...DEFAULT_SETTINGS,
          meetingDate: '17 October 2017',
          contactOfficer: 'Steven Jones, Corporate Performance and Risk Manager',
        },
      });
      expect(again.id).toBe(d.id);
      const audit = await store()
        .db.selectFrom('audit_event')
        .select(['action', 'entity_id'])
        .where('entity', '=', 'report_draft')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['report.create', 'report.settings']);
    });

    it('refuses settings without a meeting, saying what to enter', async () => {
      await expect(
        saveDraft(store(), actor, fixedClock, {
          period: 'Q1 2017-18',
          settings: { ...DEFAULT_SETTINGS, meeting: ' ' },
        }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: [{ column: 'meeting', message: expect.stringMatching(/^Enter the meeting/) }],
      });
    });

    it('saves edited achievements and exception narratives into the document, each audited', async () => {
      await editDraftText(store(), actor, fixedClock, draftId, {
        key: 'achievements:P1',
        items:
          'Public consultation has started on the County Infrastructure Strategy\n\n5 new innovation bids were submitted',
      });
      const { document: doc0, source } = await draftDocument(
        store(),
        await store()
          .db.selectFrom('report_draft')
          .selectAll()
          .where('id', '=', draftId)
          .executeTakeFirstOrThrow(),
        fixedClock,
      );
      const red = source.outcomes.find((o) => o.indicators.some((i) => i.number === '7'))!;
      await editDraftText(store(), actor, fixedClock, draftId, {
        key: `exception:${red.code}`,
        narrative: 'Oxfordshire has had a long term problem with delayed transfers of care.',
        action: 'None recommended at this time. Comprehensive action plans are in place.',
      });
      const draft = await store()
        .db.selectFrom('report_draft')
        .selectAll()
        .where('id', '=', draftId)
        .executeTakeFirstOrThrow();
      const { document } = await draftDocument(store(), draft, fixedClock);
      const texts = JSON.stringify(document.blocks);
      expect(texts).toContain('5 new innovation bids were submitted');
      expect(texts).toContain('Oxfordshire has had a long term problem with delayed transfers of care.');
      expect(texts).toContain('None recommended at this time.');
      expect(JSON.stringify(doc0.blocks)).not.toContain('None recommended at this time.');
      const edits = await store()
        .db.selectFrom('audit_event')
        .select(['before', 'after'])
        .where('action', '=', 'report.edit')
        .orderBy('id')
        .execute();
      expect(edits).toHaveLength(2);
      expect(JSON.parse(edits[0]!.after!)).toEqual({
        'achievements:P1': [
          'Public consultation has started on the County Infrastructure Strategy',
          '5 new innovation bids were submitted',
        ],
      });
      await expect(
        editDraftText(store(), actor, fixedClock, draftId, {
          key: `exception:${red.code}`,
          narrative: '',
          action: '',
        }),
      ).rejects.toMatchObject({ details: [{ column: 'narrative' }, { column: 'action' }] });
      await expect(
        editDraftText(store(), actor, fixedClock, draftId, {
          key: 'exception:O1',
          narrative: 'x',
          action: 'y',
        }),
      ).rejects.toThrow(/not rated Red/);
    });

    let v1 = 0;
    let v1Files: { format: string; bytes: Buffer }[] = [];

    it('publishes version 1: every format rendered once and stored with its SHA-256, audited', async () => {
      const p = await publishReport(store(), actor, fixedClock, { period: 'Q1 2017-18' });
      expect(p.version).toBe(1);
      v1 = p.versionId;
      expect(p.files.map((f) => f.format)).toEqual(['html', 'pdf', 'docx', 'xlsx', 'csv']);
      v1Files = [];
      for (const f of await listFrozenFiles(store().db, 'quarterly', [v1])) {
        const file = (await findFrozenFile(store().db, 'quarterly', v1, f.format))!;
        expect(file.bytes.length).toBe(f.size);
        const { createHash } = await import('node:crypto');
        expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(f.sha256);
        v1Files.push({ format: f.format, bytes: file.bytes });
      }
      expect(
        v1Files
          .find((f) => f.format === 'pdf')!
          .bytes.subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const audit = await store()
        .db.selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'report.publish')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after!).files).toHaveLength(5);
    }, 60_000);

    it('is byte-for-byte the same after a later correction, which is listed as a change since publication', async () => {
      const plan = await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const ind = (await findIndicator(store().db, plan.id, '46'))!;
      await upsertValue(
        store().db,
        { indicatorId: ind.id, periodCode: '2017-18-Q1', actual: 1210, commentary: 'Backlog of paperwork.' },
        '2017-10-20T10:00:00Z',
      );
      for (const f of v1Files)
        expect((await findFrozenFile(store().db, 'quarterly', v1, f.format))!.bytes.equals(f.bytes)).toBe(
          true,
        );
      const changes = await changesSincePublication(store(), v1, fixedClock);
      expect(changes).toEqual([
        {
          indicator: '46',
          title: expect.stringMatching(/safe and well/),
          period: 'Q1 2017-18',
          what: 'Figure',
          before: 'no figure',
          after: '1210',
        },
        {
          indicator: '46',
          title: expect.stringMatching(/safe and well/),
          period: 'Q1 2017-18',
          what: 'Commentary',
          before: '',
          after: 'Backlog of paperwork.',
        },
      ]);
    });

    it('refuses to change or delete a published version or its files, on the database itself', async () => {
      const db = store().db;
      await expect(sql`update report_version set title = 'x'`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`delete from report_version`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`update report_file set size = 0`.execute(db)).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      await expect(sql`delete from report_file`.execute(db)).rejects.toThrow(/cannot be changed or deleted/);
    });

    it('publishes version 2 with the corrected figure, leaving version 1 as it was', async () => {
      const p = await publishReport(store(), actor, fixedClock, { period: 'Q1 2017-18', scope: 'council' });
      expect(p.version).toBe(2);
      const versions = await listVersions(store().db, draftId);
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
      expect(await changesSincePublication(store(), p.versionId, fixedClock)).toEqual([]);
      for (const f of v1Files)
        expect((await findFrozenFile(store().db, 'quarterly', v1, f.format))!.bytes.equals(f.bytes)).toBe(
          true,
        );
      const csv2 = (await findFrozenFile(store().db, 'quarterly', p.versionId, 'csv'))!.bytes.toString(
        'utf8',
      );
      expect(csv2).toContain('Backlog of paperwork.');
    }, 60_000);

    it('publishes a directorate report numbered on its own', async () => {
      const p = await publishReport(store(), systemActor, fixedClock, { period: 'Q1 2017-18', scope: 'SCS' });
      expect(p.version).toBe(1);
      await expect(publishReport(store(), actor, fixedClock, { period: '2017-18' })).rejects.toBeInstanceOf(
        CairnError,
      );
    }, 60_000);
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
