/**
 * The risk register on both databases (issue 14): adding and changing risks (located problems, 409 on
 * a stale form, audited), the matrix settings, the quarter's review in the round with the figures'
 * sign-off (a data owner sees and reviews only their own risks), the heat map's movement, the pages.
 */
import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { queueReminders } from '../../src/app/collection/reminders.js';
import { reminderLinks } from '../../src/main/worker.js';
import { loadDemo } from '../../src/app/demo.js';
import { changeRiskMatrix, riskMatrix, matrixFormValues } from '../../src/app/risks/matrix.js';
import { heatMap, riskRegister } from '../../src/app/risks/reading.js';
import { changeRisk, createRisk, type RiskInput } from '../../src/app/risks/register.js';
import {
  decideRiskReviewAs,
  riskReviewsWaiting,
  risksToReview,
  submitRiskReview,
} from '../../src/app/risks/reviews.js';
import { CairnError } from '../../src/app/errors.js';
import { defaultMatrix } from '../../src/domain/risk.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';
import { csrfOf, multipart, sessionFor, testBrand } from '../support/web.js';
import { exportRiskRegister, importRiskFile } from '../../src/app/risks/spreadsheet.js';

const clock = clockAt('2017-10-17T09:00:00Z');
const brand = testBrand();
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

describeEachDatabase(
  'the risk register',
  (store) => {
    async function people() {
      const s = store();
      const css = await s.db
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', 'CSS')
        .executeTakeFirstOrThrow();
      const scs = await s.db
        .selectFrom('directorate')
        .select('id')
        .where('code', '=', 'SCS')
        .executeTakeFirstOrThrow();
      const o9 = await s.db
        .selectFrom('outcome')
        .select('id')
        .where('code', '=', 'O9')
        .executeTakeFirstOrThrow();
      const owner = await sessionFor(s, clock, 'owner', css.id);
      const approver = await sessionFor(s, clock, 'approver', css.id);
      const performance = await sessionFor(s, clock, 'performance');
      const admin = await sessionFor(s, clock, 'admin');
      const viewer = await sessionFor(s, clock, 'viewer');
      return { s, css: css.id, scs: scs.id, o9: o9.id, owner, approver, performance, admin, viewer };
    }

    const input = (
      p: { owner: { userId: number }; css: number; o9: number },
      extra: Partial<RiskInput> = {},
    ): RiskInput => ({
      reference: 'R1',
      kind: 'directorate',
      title: 'Safe and well visits fall short',
      category: 'Operational',
      owner: String(p.owner.userId),
      directorate: String(p.css),
      reviewDate: '30/09/2017',
      inherentLikelihood: '4',
      inherentImpact: '4',
      residualLikelihood: '3',
      residualImpact: '3',
      targetLikelihood: '2',
      targetImpact: '3',
      controls: 'Referral agreements\n\nPartner forum',
      links: [`outcome-${p.o9}`],
      ...extra,
    });

    it('adds and changes risks with located problems, refuses stale changes, and audits each', async () => {
      const p = await people();
      const actor = { id: `user:${p.performance.userId}`, name: 'Test performance' };
      const bad = await createRisk(
        p.s,
        actor,
        input(p, {
          reference: '',
          inherentLikelihood: '6',
          kind: 'directorate',
          directorate: '',
          reviewDate: 'soon',
        }),
        clock,
      ).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(CairnError);
      expect((bad as CairnError).details.map((d) => `${d.field}: ${d.message}`)).toEqual([
        'reference: Enter the risk’s reference, such as CR1',
        'directorate: Choose the directorate whose risk it is',
        'reviewDate: Enter the review date as a date, such as 31/12/2017',
        'inherentLikelihood: Choose the inherent likelihood, from 1 to 5',
      ]);
      const id = await createRisk(p.s, actor, input(p), clock);
      const dup = await createRisk(p.s, actor, input(p, { reference: 'r1' }), clock).catch((e: unknown) => e);
      expect((dup as CairnError).details[0]?.message).toBe(
        'There is already a risk r1: choose another reference',
      );
      await changeRisk(
        p.s,
        actor,
        id,
        input(p, { title: 'Safe and well visits fall short of plan' }),
        1,
        clock,
      );
      const stale = await changeRisk(p.s, actor, id, input(p), 1, clock).catch((e: unknown) => e);
      expect((stale as CairnError).code).toBe('CONFLICT');
      const audit = await p.s.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity', '=', 'risk')
        .where('entity_id', '=', String(id))
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['risk.create', 'risk.change']);
      const { risks } = await riskRegister(
        p.s,
        { id: p.performance.userId, role: 'performance' },
        '2017-10-17',
      );
      const r = risks.find((x) => x.id === id)!;
      expect(r).toMatchObject({ residual: 9, target: 6, level: 'Medium', overAppetite: true, overdue: true });
      expect(r.links.map((l) => l.outcome_code)).toEqual(['O9']);
      const controls = await p.s.db
        .selectFrom('risk_control')
        .select('description')
        .where('risk_id', '=', id)
        .orderBy('position')
        .execute();
      expect(controls.map((c) => c.description)).toEqual(['Referral agreements', 'Partner forum']);
    });

    it('reviews a risk in the round: the owner submits, the directorate’s approver approves, the heat map moves', async () => {
      const p = await people();
      const id = (
        await p.s.db.selectFrom('risk').select('id').where('reference', '=', 'R1').executeTakeFirstOrThrow()
      ).id;
      const round = await openRound(
        p.s,
        systemActor,
        {
          planId: (await p.s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow()).id,
          period: '2017-18-Q2',
          dueDate: '20/10/2017',
        },
        clock,
      );
      const owner = { id: p.owner.userId, name: 'Test owner', role: 'owner' as const, directorateId: p.css };
      const approver = {
        id: p.approver.userId,
        name: 'Test approver',
        role: 'approver' as const,
        directorateId: p.css,
      };
      const otherApprover = { ...approver, id: p.admin.userId + 1000, directorateId: p.scs };
      expect((await risksToReview(p.s, owner, round.id)).map((r) => [r.risk.reference, r.state])).toEqual([
        ['R1', 'not-started'],
      ]);
      const risk = await p.s.db
        .selectFrom('risk')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const form = {
        likelihood: '4',
        impact: '4',
        commentary: 'Referrals fell.',
        controlsEffective: 'partly',
        version: risk.version,
      };
      expect(
        await submitRiskReview(p.s, owner, round.id, id, { ...form, commentary: '', likelihood: '9' }, clock),
      ).toEqual({
        ok: false,
        problems: [
          { field: 'likelihood', message: 'Choose the likelihood now, from 1 to 5' },
          { field: 'commentary', message: 'Say what has changed since the last review and why' },
        ],
      });
      expect(await submitRiskReview(p.s, owner, round.id, id, form, clock)).toEqual({ ok: true });
      const stale = await submitRiskReview(p.s, owner, round.id, id, form, clock);
      expect(stale.ok === false && stale.conflict).toMatch(/Someone else changed or reviewed risk R1/);
      expect((await risksToReview(p.s, owner, round.id))[0]?.state).toBe('submitted');
      // Only the approver of the risk's directorate (or the team) may decide it.
      expect(await riskReviewsWaiting(p.s, otherApprover)).toEqual([]);
      const waiting = await riskReviewsWaiting(p.s, approver);
      expect(waiting.map((w) => w.reference)).toEqual(['R1']);
      const returned = await decideRiskReviewAs(
        p.s,
        approver,
        waiting[0]!.reviewId,
        { approve: false, comment: '' },
        clock,
      );
      expect(returned).toEqual({
        ok: false,
        problems: [{ field: 'comment', message: 'Say what needs to change before it is submitted again' }],
      });
      expect(await decideRiskReviewAs(p.s, approver, waiting[0]!.reviewId, { approve: true }, clock)).toEqual(
        { ok: true },
      );
      const after = await p.s.db
        .selectFrom('risk')
        .select(['residual_likelihood', 'residual_impact'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ residual_likelihood: 4, residual_impact: 4 });
      const h = await heatMap(p.s, { id: p.viewer.userId, role: 'viewer' }, '2017-10-17', {
        periodCode: '2017-18-Q2',
      });
      expect(h.risks.find((r) => r.reference === 'R1')).toMatchObject({
        score: 16,
        level: 'High',
        previousScore: 9,
        movement: 'up',
      });
      const cell = h.cells.find((c) => c.likelihood === 4 && c.impact === 4)!;
      expect(cell).toMatchObject({ count: 1, up: 1 });
      // Before the review, the risk stood where its first review started from.
      const q1 = await heatMap(p.s, { id: p.viewer.userId, role: 'viewer' }, '2017-10-17', {
        periodCode: '2017-18-Q1',
      });
      expect(q1.risks.find((r) => r.reference === 'R1')).toMatchObject({ score: 9, movement: 'same' });
      const audit = await p.s.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity', '=', 'risk_review')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['risk-review.submit', 'risk-review.approve']);
    });

    it('keeps the matrix valid: refuses a gap, a stale form and a size smaller than the scores in use', async () => {
      const p = await people();
      const actor = { id: 'user:1', name: 'Test admin' };
      const form = matrixFormValues(defaultMatrix(5));
      const gap = await changeRiskMatrix(p.s, actor, { ...form, 'band-3-min': '16' }, 0, clock).catch(
        (e: unknown) => e,
      );
      expect((gap as CairnError).details).toEqual([
        { field: 'bands', message: 'Every score must fall in a band: 15 falls in none' },
      ]);
      const smaller = await changeRiskMatrix(
        p.s,
        actor,
        { ...matrixFormValues(defaultMatrix(3)) },
        0,
        clock,
      ).catch((e: unknown) => e);
      expect((smaller as CairnError).details[0]?.field).toBe('size');
      await changeRiskMatrix(p.s, actor, { ...form, 'likelihood-1': 'Very rare' }, 0, clock);
      expect((await riskMatrix(p.s.db)).matrix.likelihood[0]).toBe('Very rare');
      const stale = await changeRiskMatrix(p.s, actor, form, 0, clock).catch((e: unknown) => e);
      expect((stale as CairnError).code).toBe('CONFLICT');
    });

    it('serves the pages: a data owner sees only their risks; forms refuse stale versions with 409', async () => {
      const p = await people();
      const app = buildApp({ store: p.s, clock, brand });
      const other = await createRisk(
        p.s,
        systemActor,
        input(p, { reference: 'R2', owner: String(p.performance.userId), title: 'Someone else’s risk' }),
        clock,
      );
      const mine = (
        await p.s.db.selectFrom('risk').select('id').where('reference', '=', 'R1').executeTakeFirstOrThrow()
      ).id;
      const register = await app.inject({ url: paths.risks(), cookies: p.owner.cookies });
      expect(register.statusCode).toBe(200);
      expect(register.body).toContain('R1 Safe and well visits');
      expect(register.body).not.toContain('Someone else’s risk');
      expect((await app.inject({ url: paths.risk(other), cookies: p.owner.cookies })).statusCode).toBe(404);
      const all = await app.inject({ url: paths.risks({ appetite: 'over' }), cookies: p.viewer.cookies });
      expect(all.body).toContain('Someone else’s risk');
      const filtered = await app.inject({ url: paths.risks({ level: 'Low' }), cookies: p.viewer.cookies });
      expect(filtered.body).toContain('No risk matches these filters.');
      const map = await app.inject({
        url: paths.riskHeatMap({ period: '2017-18-Q2', directorate: String(p.css) }),
        cookies: p.viewer.cookies,
      });
      expect(map.statusCode).toBe(200);
      expect(map.body).toContain('<svg class="cairn-risk-map"');
      expect(map.body).toContain('Risks in each cell of the heat map');
      expect(
        (await app.inject({ url: paths.riskHeatMap({ period: 'soon' }), cookies: p.viewer.cookies }))
          .statusCode,
      ).toBe(400);
      const page = await app.inject({ url: paths.risk(mine), cookies: p.viewer.cookies });
      expect(page.body).toContain('Score history');
      expect(page.body).toMatch(/Q2 2017-18/);

      const round = await p.s.db.selectFrom('collection_round').select('id').executeTakeFirstOrThrow();
      const updates = await app.inject({ url: paths.yourUpdates(round.id), cookies: p.owner.cookies });
      expect(updates.statusCode).toBe(200);
      expect(updates.body).toContain('Your risks to review');
      expect(updates.body).toContain(paths.riskReview(round.id, mine));
      const review = await app.inject({ url: paths.riskReview(round.id, mine), cookies: p.owner.cookies });
      expect(review.statusCode).toBe(200);
      expect(
        (await app.inject({ url: paths.riskReview(round.id, other), cookies: p.owner.cookies })).statusCode,
      ).toBe(404);

      const edit = await app.inject({ url: paths.editRisk(mine), cookies: p.performance.cookies });
      expect(edit.statusCode).toBe(200);
      const version = versionOf(edit.body);
      const post = (payload: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: paths.editRisk(mine),
          cookies: p.performance.cookies,
          payload: { _csrf: csrfOf(edit.body), version, ...payload },
        });
      const fields = {
        reference: 'R1',
        kind: 'directorate',
        title: 'Changed title',
        category: 'Operational',
        owner: String(p.owner.userId),
        directorate: String(p.css),
        inherentLikelihood: '4',
        inherentImpact: '4',
        residualLikelihood: '4',
        residualImpact: '4',
        targetLikelihood: '2',
        targetImpact: '3',
      };
      const wrong = await post({ ...fields, title: '' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('Enter the risk’s title');
      expect((await post(fields)).statusCode).toBe(303);
      const stale = await post({ ...fields, title: 'Another title' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else changed risk R1');
      expect((await app.inject({ url: paths.editRisk(mine), cookies: p.owner.cookies })).statusCode).toBe(
        403,
      );
      expect((await app.inject({ url: paths.riskMatrix(), cookies: p.performance.cookies })).statusCode).toBe(
        403,
      );
      expect((await app.inject({ url: paths.riskMatrix(), cookies: p.admin.cookies })).statusCode).toBe(200);
    });

    it('exports the register and imports it again, all or nothing, with located problems', async () => {
      const p = await people();
      const actor = { id: `user:${p.performance.userId}`, name: 'Test performance' };
      const before = await p.s.db
        .selectFrom('risk')
        .select(['reference', 'version'])
        .orderBy('reference')
        .execute();
      const { default: exceljs } = await import('exceljs');
      const wb = new exceljs.Workbook();
      await wb.xlsx.load((await exportRiskRegister(p.s)) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Risks')!;
      expect(ws.getRow(1).getCell(1).text).toBe('Reference');
      expect(ws.getRow(2).getCell(1).text).toBe('R1');
      // R2 threatens O9 (R1's links went when its form was saved without them, above).
      expect([ws.getRow(3).getCell(1).text, ws.getRow(3).getCell(18).text]).toEqual(['R2', 'O9']);
      // A change to R1, a new risk, and a row with three problems.
      ws.getRow(2).getCell(3).value = 'Changed by the spreadsheet';
      ws.addRow([
        'R9',
        'corporate',
        'A new risk',
        '',
        '',
        '',
        'Financial',
        'owner@test.example',
        '',
        '31/03/2018',
        '3',
        '3',
        '2',
        '2',
        '1',
        '2',
        'Budget monitoring',
        'P3',
      ]);
      ws.addRow([
        'R10',
        'corporate',
        'A bad risk',
        '',
        '',
        '',
        'Financial',
        'nobody@test.example',
        '',
        '',
        '7',
        '3',
        '2',
        '2',
        '1',
        '2',
        '',
        'P9',
      ]);
      const bad = Buffer.from(await wb.xlsx.writeBuffer());
      const refused = await importRiskFile(p.s, actor, bad, 'register.xlsx', clock).catch((e: unknown) => e);
      expect((refused as CairnError).code).toBe('IMPORT_REJECTED');
      const row = ws.rowCount;
      expect((refused as CairnError).details).toEqual([
        {
          sheet: 'Risks',
          row,
          column: 'Owner',
          message: 'No one in Cairn has the email address or name “nobody@test.example”',
        },
        {
          sheet: 'Risks',
          row,
          column: 'Threatens',
          message: 'There is no priority or outcome P9 in the current plan',
        },
        {
          sheet: 'Risks',
          row,
          column: 'Inherent likelihood',
          message: 'Choose the inherent likelihood, from 1 to 5',
        },
      ]);
      // Nothing was changed.
      expect(
        await p.s.db.selectFrom('risk').select(['reference', 'version']).orderBy('reference').execute(),
      ).toEqual(before);
      ws.spliceRows(row, 1);
      const result = await importRiskFile(
        p.s,
        actor,
        Buffer.from(await wb.xlsx.writeBuffer()),
        'register.xlsx',
        clock,
      );
      expect(result).toEqual({ added: 1, changed: before.length });
      const r9 = await p.s.db
        .selectFrom('risk')
        .selectAll()
        .where('reference', '=', 'R9')
        .executeTakeFirstOrThrow();
      expect(r9).toMatchObject({
        title: 'A new risk',
        review_date: '2018-03-31',
        owner_user_id: p.owner.userId,
      });
      expect(
        (
          await p.s.db
            .selectFrom('risk')
            .select('title')
            .where('reference', '=', 'R1')
            .executeTakeFirstOrThrow()
        ).title,
      ).toBe('Changed by the spreadsheet');

      const app = buildApp({ store: p.s, clock, brand });
      const download = await app.inject({ url: paths.riskExport(), cookies: p.viewer.cookies });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toContain('risk-register.xlsx');
      const form = await app.inject({ url: paths.riskImport(), cookies: p.performance.cookies });
      const upload = await app.inject({
        method: 'POST',
        url: paths.riskImport(),
        cookies: p.performance.cookies,
        ...multipart(
          { _csrf: csrfOf(form.body) },
          { field: 'file', name: 'register.xlsx', type: 'application/octet-stream', bytes: bad },
        ),
      });
      expect(upload.statusCode).toBe(422);
      expect(upload.body).toContain(`Sheet &#39;Risks&#39;, row ${row}, Owner: No one in Cairn`);
      expect(upload.body).toContain('Nothing has been changed');
    });

    it('asks risk owners for their reviews, and approvers for their decisions, in the round’s reminders', async () => {
      const p = await people();
      const round = await p.s.db.selectFrom('collection_round').select('id').executeTakeFirstOrThrow();
      const r9 = await p.s.db
        .selectFrom('risk')
        .select(['id', 'version'])
        .where('reference', '=', 'R9')
        .executeTakeFirstOrThrow();
      const owner = { id: p.owner.userId, name: 'Test owner', role: 'owner' as const, directorateId: p.css };
      await queueReminders(p.s, '2017-10-17', clock, reminderLinks('https://cairn.test'));
      const dueSoon = await p.s.db
        .selectFrom('reminder')
        .select(['kind', 'body'])
        .where('user_id', '=', p.owner.userId)
        .execute();
      expect(dueSoon.map((r) => r.kind)).toEqual(['due-soon']);
      expect(dueSoon[0]!.body).toContain('Risk R9: A new risk (risk review not submitted)');
      // A review submitted for a directorate risk: its directorate's approver is asked to decide it.
      await changeRisk(
        p.s,
        systemActor,
        r9.id,
        { ...input(p), reference: 'R9', title: 'A new risk', links: [] },
        r9.version,
        clock,
      );
      const v = (
        await p.s.db.selectFrom('risk').select('version').where('id', '=', r9.id).executeTakeFirstOrThrow()
      ).version;
      const form = {
        likelihood: '2',
        impact: '2',
        commentary: 'Steady.',
        controlsEffective: 'yes',
        version: v,
      };
      expect(await submitRiskReview(p.s, owner, round.id, r9.id, form, clock)).toEqual({ ok: true });
      await queueReminders(p.s, '2017-10-18', clock, reminderLinks('https://cairn.test'));
      const approval = await p.s.db
        .selectFrom('reminder')
        .select(['kind', 'body'])
        .where('user_id', '=', p.approver.userId)
        .execute();
      expect(approval.map((r) => r.kind)).toContain('approval');
      expect(approval.find((r) => r.kind === 'approval')!.body).toContain('Risk R9: A new risk');
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
