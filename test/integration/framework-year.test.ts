/**
 * The framework's year in the browser (issue 12), on each database: "Start the 2018-19 plan" copies
 * the 2017-18 framework into a draft linked item by item; the officer marks what happened to each
 * outcome and indicator, with reasons; the draft is submitted, returned, submitted again and its
 * approval recorded ("Approved by Cabinet on 20 March 2018"); after that a change is a minor amendment
 * with a reason, listed with the plan and in the quarterly report. Until approval the draft is never
 * the plan the pages, reports or collection use. Every change is one audit record in its own
 * transaction, and a form read before someone else's change is refused (409).
 */
import { expect, it } from 'vitest';
import type { Role } from '../../src/app/access/roles.js';
import { systemActor } from '../../src/app/audit.js';
import type { Clock } from '../../src/app/clock.js';
import { openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import { buildScorecard, planForPeriod } from '../../src/app/scorecard.js';
import { parsePeriod } from '../../src/domain/periods.js';
import type { Block, TableBlock } from '../../src/render/document.js';
import { buildQuarterlyReport } from '../../src/reports/quarterly/build.js';
import { draftTexts } from '../../src/reports/quarterly/draft.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { loadReportSource } from '../../src/reports/quarterly/source.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';
import { csrfOf, sessionFor, testBrand } from '../support/web.js';

const now = new Date('2018-03-21T10:00:00Z');
const clock: Clock = { now: () => now };
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const flat = (html: string) => html.replace(/\s+/g, ' ');

describeEachDatabase(
  'the framework’s year',
  (store) => {
    let built: ReturnType<typeof buildApp> | undefined;
    const app = () => (built ??= buildApp({ store: store(), clock, brand: testBrand() }));
    const as = async (role: Role) => (await sessionFor(store(), clock, role)).cookies;
    const get = async (url: string, role: Role = 'performance') =>
      app().inject({ url, cookies: await as(role) });
    /** Posts a form as the role, with the CSRF token of the page it was read from. */
    const post = async (url: string, payload: Record<string, string>, role: Role = 'performance') => {
      const cookies = await as(role);
      const csrf = csrfOf((await app().inject({ url: paths.account(), cookies })).body);
      return app().inject({ method: 'POST', url, cookies, payload: { _csrf: csrf, ...payload } });
    };
    const db = () => store().db;
    const plans = () => db().selectFrom('plan').selectAll().orderBy('id').execute();
    const audit = () => db().selectFrom('audit_event').selectAll().orderBy('id').execute();
    const indicatorIn = (planId: number, number: string) =>
      db()
        .selectFrom('indicator')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    const outcomeIn = (planId: number, code: string) =>
      db()
        .selectFrom('outcome')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
    /** Every framework row of a plan, to prove it was not touched. */
    const snapshot = async (planId: number) => ({
      priorities: await db()
        .selectFrom('priority')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('id')
        .execute(),
      outcomes: await db()
        .selectFrom('outcome')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('id')
        .execute(),
      indicators: await db()
        .selectFrom('indicator')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('id')
        .execute(),
      targets: await db()
        .selectFrom('indicator_target')
        .innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
        .selectAll('indicator_target')
        .where('indicator.plan_id', '=', planId)
        .orderBy('indicator_target.id')
        .execute(),
    });
    let live = 0;
    let draft = 0;
    let before: Awaited<ReturnType<typeof snapshot>>;

    it('starts the 2018-19 plan from 2017-18: a draft linked item by item, one audit record, the live plan untouched', async () => {
      live = (await plans())[0]!.id;
      // Indicator 50 was retired from the live plan during the year: it is not carried into 2018-19.
      await db()
        .updateTable('indicator')
        .set({ retired_on: '2017-12-01', retired_reason: 'The service was recommissioned' })
        .where('plan_id', '=', live)
        .where('number', '=', '50')
        .execute();
      // Indicator 7's data owner goes on reporting it next year.
      const owner = await sessionFor(store(), clock, 'owner');
      const liveSeven = await indicatorIn(live, '7');
      await db()
        .insertInto('indicator_assignment')
        .values({ indicator_id: liveSeven.id, user_id: owner.userId })
        .execute();
      before = await snapshot(live);
      const page = await get(paths.planFramework(live));
      expect(page.statusCode).toBe(200);
      expect(flat(page.body)).toContain(`href="${paths.startNextYear(live)}"`);
      const form = await get(paths.startNextYear(live));
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="Corporate Plan 2018-19"');
      const auditBefore = (await audit()).length;

      const blank = await post(paths.startNextYear(live), { title: '  ', version: versionOf(form.body) });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('Enter the title of next year’s plan');

      const started = await post(paths.startNextYear(live), {
        title: 'Corporate Plan 2018-19',
        version: versionOf(form.body),
      });
      expect(started.statusCode).toBe(303);
      const created = (await plans()).find((p) => p.id !== live)!;
      draft = created.id;
      expect(started.headers.location).toBe(paths.planFramework(draft));
      expect(created).toMatchObject({
        title: 'Corporate Plan 2018-19',
        years: '2018-19',
        first_year: '2018-19',
        last_year: '2018-19',
        status: 'draft',
        previous_plan_id: live,
        approved_by: null,
      });

      // Every outcome and indicator still in use, marked carried over with no reason yet, linked.
      const copy = await snapshot(draft);
      expect(copy.priorities.map((p) => [p.code, p.title])).toEqual(
        before.priorities.map((p) => [p.code, p.title]),
      );
      expect(copy.outcomes).toHaveLength(23);
      expect(copy.indicators).toHaveLength(49);
      expect(copy.indicators.map((i) => i.number)).not.toContain('50');
      for (const o of copy.outcomes) {
        const was = before.outcomes.find((x) => x.id === o.previous_outcome_id)!;
        expect([o.code, o.title, o.change, o.change_reason]).toEqual([
          was.code,
          was.title,
          'carried-over',
          null,
        ]);
      }
      for (const i of copy.indicators) {
        const was = before.indicators.find((x) => x.id === i.previous_indicator_id)!;
        expect([i.number, i.title, i.polarity, i.unit, i.change]).toEqual([
          was.number,
          was.title,
          was.polarity,
          was.unit,
          'carried-over',
        ]);
      }
      // The year's target goes on as 2018-19's, except a milestone dated in 2017-18 (indicator 31).
      const seven = await indicatorIn(draft, '7');
      const targets = copy.targets.filter((t) => t.indicator_id === seven.id);
      expect(targets.map((t) => [t.period_code, t.target_text])).toEqual([['2018-19', '8920']]);
      const assigned = await db()
        .selectFrom('indicator_assignment')
        .select('user_id')
        .where('indicator_id', '=', seven.id)
        .execute();
      expect(assigned).toEqual([{ user_id: owner.userId }]);
      const thirtyOne = await indicatorIn(draft, '31');
      expect(copy.targets.filter((t) => t.indicator_id === thirtyOne.id)).toEqual([]);
      expect(thirtyOne.due_date).toBeNull();
      // The second framework and which outcomes serve each of its priorities.
      const links = async (planId: number) =>
        db()
          .selectFrom('outcome_second_priority')
          .innerJoin('outcome', 'outcome.id', 'outcome_second_priority.outcome_id')
          .innerJoin('second_priority', 'second_priority.id', 'outcome_second_priority.second_priority_id')
          .select(['outcome.code', 'second_priority.number'])
          .where('outcome.plan_id', '=', planId)
          .orderBy('outcome.code')
          .orderBy('second_priority.number')
          .execute();
      expect(await links(draft)).toEqual(await links(live));
      expect((await links(draft)).length).toBeGreaterThan(0);

      // One audit record, naming what was copied; the live plan's rows are as they were.
      const records = (await audit()).slice(auditBefore);
      expect(records.map((r) => [r.action, r.entity, r.entity_id])).toEqual([
        ['plan.start-next-year', 'plan', String(draft)],
      ]);
      expect(JSON.parse(records[0]!.after!)).toMatchObject({
        from: { id: live, years: '2017-18' },
        copied: { priorities: 3, outcomes: 23, indicators: 49 },
        withoutTarget: expect.arrayContaining(['31']),
      });
      expect(await snapshot(live)).toEqual(before);

      // Starting again is refused, saying which plan is there.
      const again = await post(paths.startNextYear(live), {
        title: 'Another 2018-19',
        version: versionOf(form.body),
      });
      expect(again.statusCode).toBe(409);
      expect(flat(again.body)).toContain(
        'There is already a plan for 2018-19: Corporate Plan 2018-19 (draft)',
      );
      expect(await plans()).toHaveLength(2);
    });

    it('keeps the draft out of the pages, reports and collection until it is approved', async () => {
      const home = await get(paths.home(), 'viewer');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain(`href="${paths.plan(live, { period: '2017-18-Q1' })}"`);
      expect(home.body).not.toContain(`/plans/${draft}/`);
      const next = await get(paths.home({ period: '2018-19-Q1' }), 'viewer');
      expect(next.statusCode).toBe(404);
      expect(flat(next.body)).toContain(
        'No approved framework covers 2018-19, so there is nothing to show for Q1 2018-19. Corporate Plan 2018-19 is a draft',
      );
      await expect(planForPeriod(store(), parsePeriod('Q1 2018-19'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        loadReportSource(store(), 'Q1 2018-19', undefined, { charts: false, now }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const refused = await openRound(
        store(),
        systemActor,
        { planId: draft, period: 'Q1 2018-19', dueDate: '20/07/2018' },
        clock,
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CairnError);
      expect((refused as CairnError).message).toBe(
        'Corporate Plan 2018-19 has not been approved yet, so its figures cannot be collected. Record its approval on its framework page first.',
      );
      const roundForm = await get(paths.newRound());
      expect(roundForm.body).not.toContain('Corporate Plan 2018-19');
      // The framework pages show it, to those who manage the framework and to approvers.
      const list = await get(paths.frameworks(), 'approver');
      expect(list.statusCode).toBe(200);
      expect(flat(list.body)).toContain(
        `<a class="govuk-link" href="${paths.planFramework(draft)}">Corporate Plan 2018-19</a>`,
      );
      expect(flat(list.body)).toContain('<strong class="govuk-tag govuk-tag--grey">Draft</strong>');
    });

    it('marks what changed: updated needs what changed and a reason, introduced a reason; a stale form is refused; one audit record each', async () => {
      const seven = await indicatorIn(draft, '7');
      const url = paths.frameworkIndicatorChange(draft, seven.id);
      const form = await get(url);
      expect(form.statusCode).toBe(200);
      expect(flat(form.body)).toContain('It continues indicator 7 of 2017-18, worded the same.');
      const v = versionOf(form.body);
      const auditBefore = (await audit()).length;

      const missing = await post(url, { change: 'updated', whatChanged: '', reason: '', version: v });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('Say what changed since last year');
      expect(missing.body).toContain('Give the reason it was updated');
      const nothing = await post(url, { change: '', whatChanged: '', reason: '', version: v });
      expect(nothing.statusCode).toBe(400);
      expect(nothing.body).toContain('Choose carried over, updated or introduced');

      const saved = await post(url, {
        change: 'updated',
        whatChanged: 'Target raised from 8,920 to 9,500 hours a month',
        reason: 'The service has grown',
        version: v,
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${paths.planFramework(draft)}#indicator-${seven.id}`);
      expect(await indicatorIn(draft, '7')).toMatchObject({
        change: 'updated',
        change_reason:
          'What changed: Target raised from 8,920 to 9,500 hours a month\nReason: The service has grown',
        version: seven.version + 1,
      });
      // The same form again, read before that save: refused, nothing overwritten.
      const stale = await post(url, { change: 'carried-over', whatChanged: '', reason: '', version: v });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else changed indicator 7 while you were working on it');
      expect((await indicatorIn(draft, '7')).change).toBe('updated');
      // The form reads back what was saved, apart.
      const reread = flat((await get(url)).body);
      expect(reread).toContain('value="Target raised from 8,920 to 9,500 hours a month"');
      expect(reread).toContain('>The service has grown</textarea>');

      const o1 = await outcomeIn(draft, 'O1');
      const outcomeUrl = paths.frameworkOutcomeChange(draft, o1.id);
      const ov = versionOf((await get(outcomeUrl)).body);
      const noReason = await post(outcomeUrl, {
        change: 'introduced',
        whatChanged: '',
        reason: '',
        version: ov,
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('Give the reason it was introduced');
      expect(
        (
          await post(outcomeUrl, {
            change: 'introduced',
            whatChanged: '',
            reason: 'A new Cabinet priority',
            version: ov,
          })
        ).statusCode,
      ).toBe(303);
      const o2 = await outcomeIn(draft, 'O2');
      const o2Url = paths.frameworkOutcomeChange(draft, o2.id);
      expect(
        (
          await post(o2Url, {
            change: 'carried-over',
            whatChanged: '',
            reason: '',
            version: versionOf((await get(o2Url)).body),
          })
        ).statusCode,
      ).toBe(303);

      const records = (await audit()).slice(auditBefore);
      expect(records.map((r) => [r.action, r.entity_id])).toEqual([
        ['indicator.mark', String(seven.id)],
        ['outcome.mark', String(o1.id)],
        ['outcome.mark', String(o2.id)],
      ]);
      expect(records[0]!.reason).toBe('The service has grown');
      expect(JSON.parse(records[1]!.after!)).toEqual({
        change: 'introduced',
        changeReason: 'A new Cabinet priority',
      });
      // No amendment is listed for a draft.
      expect(await db().selectFrom('framework_amendment').selectAll().execute()).toEqual([]);

      const page = flat((await get(paths.planFramework(draft))).body);
      expect(page).toContain(
        '<strong>What changed:</strong> Target raised from 8,920 to 9,500 hours a month',
      );
      expect(page).toContain('<strong>Reason:</strong> A new Cabinet priority');
    });

    it('submits, is locked while submitted, returns to draft with a reason, and records Cabinet’s approval', async () => {
      // An indicator added as introduced but with no reason stops the submission, and is named.
      const nine = await indicatorIn(draft, '9');
      await db().updateTable('indicator').set({ change: 'introduced' }).where('id', '=', nine.id).execute();
      // And one added with no mark at all.
      const twelve = await indicatorIn(draft, '12');
      await db().updateTable('indicator').set({ change: null }).where('id', '=', twelve.id).execute();
      const page = await get(paths.planFramework(draft));
      const v = versionOf(page.body);
      const refused = await post(paths.submitFramework(draft), { version: v });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Indicator 9 is marked introduced: give the reason for it');
      expect(refused.body).toContain(`href="#indicator-${nine.id}"`);
      expect(refused.body).toContain(
        'Indicator 12 is not marked: say whether it was carried over, updated or introduced',
      );
      await db()
        .updateTable('indicator')
        .set({ change: 'carried-over' })
        .where('id', '=', twelve.id)
        .execute();
      await db()
        .updateTable('indicator')
        .set({ change: 'introduced', change_reason: 'Attendance is a new priority' })
        .where('id', '=', nine.id)
        .execute();

      expect((await post(paths.submitFramework(draft), { version: v })).statusCode).toBe(303);
      expect((await plans()).find((p) => p.id === draft)).toMatchObject({
        status: 'submitted',
        submitted_by: 'Test performance',
        submitted_at: now.toISOString(),
      });
      // Submitted twice from the same page: refused.
      expect((await post(paths.submitFramework(draft), { version: v })).statusCode).toBe(409);
      // While it waits for approval nothing in it changes.
      const seven = await indicatorIn(draft, '7');
      const locked = await post(paths.frameworkIndicatorChange(draft, seven.id), {
        change: 'carried-over',
        whatChanged: '',
        reason: 'x',
        version: String(seven.version),
      });
      expect(locked.statusCode).toBe(409);
      expect(locked.body).toContain(
        'This framework has been submitted for approval, so it cannot be changed.',
      );

      // The performance team cannot approve; an approver can, and reads it first.
      expect((await get(paths.approveFramework(draft))).statusCode).toBe(403);
      const approvePage = await get(paths.approveFramework(draft), 'approver');
      expect(approvePage.statusCode).toBe(200);
      expect(approvePage.body).toContain('value="Cabinet"');
      const sv = versionOf(approvePage.body);

      // Returned to draft, with a reason, then submitted again: the approval page read before is stale.
      const noReason = await post(
        paths.returnFramework(draft),
        { returnReason: ' ', version: sv },
        'approver',
      );
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('Say why it is being returned, and what needs to change');
      expect(
        (
          await post(
            paths.returnFramework(draft),
            { returnReason: 'Add the Q4 trajectory', version: sv },
            'approver',
          )
        ).statusCode,
      ).toBe(303);
      expect((await plans()).find((p) => p.id === draft)).toMatchObject({
        status: 'draft',
        submitted_at: null,
      });
      const v2 = versionOf((await get(paths.planFramework(draft))).body);
      expect((await post(paths.submitFramework(draft), { version: v2 })).statusCode).toBe(303);
      const date = { 'approvedOn-day': '20', 'approvedOn-month': '3', 'approvedOn-year': '2018' };
      const stale = await post(
        paths.approveFramework(draft),
        { body: 'Cabinet', ...date, minute: '', version: sv },
        'approver',
      );
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('changed while you were looking at it');

      const fresh = versionOf((await get(paths.approveFramework(draft), 'approver')).body);
      const bad = async (payload: Record<string, string>) =>
        flat(
          (
            await post(
              paths.approveFramework(draft),
              { body: 'Cabinet', minute: '', version: fresh, ...payload },
              'approver',
            )
          ).body,
        );
      expect(await bad({ 'approvedOn-day': '', 'approvedOn-month': '', 'approvedOn-year': '' })).toContain(
        'Enter the date it was approved',
      );
      expect(
        await bad({ 'approvedOn-day': '31', 'approvedOn-month': '2', 'approvedOn-year': '2018' }),
      ).toContain('The date it was approved must be a real date');
      expect(await bad({ 'approvedOn-day': '20', 'approvedOn-month': '3', 'approvedOn-year': '' })).toContain(
        'The date it was approved must include a year',
      );
      expect(
        await bad({ 'approvedOn-day': '20', 'approvedOn-month': '3', 'approvedOn-year': '2019' }),
      ).toContain('The date it was approved must be today or in the past');
      expect(await bad({ body: '', ...date })).toContain(
        'Enter who approved the framework, for example Cabinet',
      );
      expect((await plans()).find((p) => p.id === draft)!.status).toBe('submitted');

      const auditBefore = (await audit()).length;
      const approved = await post(
        paths.approveFramework(draft),
        { body: 'Cabinet', ...date, minute: 'Minute 34/18', version: fresh },
        'approver',
      );
      expect(approved.statusCode).toBe(303);
      expect((await plans()).find((p) => p.id === draft)).toMatchObject({
        status: 'approved',
        approved_by: 'Cabinet',
        approved_on: '2018-03-20',
        approval_minute: 'Minute 34/18',
        approval_recorded_by: 'Test approver',
        approval_recorded_at: now.toISOString(),
      });
      expect((await audit()).slice(auditBefore).map((r) => r.action)).toEqual(['plan.approve']);
      const framework = flat((await get(paths.planFramework(draft), 'viewer' as Role)).body);
      expect(framework).toContain('You do not have access to this page');
      const shown = flat((await get(paths.planFramework(draft))).body);
      expect(shown).toContain('Approved by Cabinet on 20 March 2018 (Minute 34/18)');
      expect(shown).toContain('By Test approver, 21 March 2018 at 10:00');

      // Now it is the live plan for its periods, and its rounds can be opened.
      expect((await planForPeriod(store(), parsePeriod('Q1 2018-19'))).id).toBe(draft);
      expect((await planForPeriod(store(), parsePeriod('Q4 2017-18'))).id).toBe(live);
      const round = await openRound(
        store(),
        systemActor,
        { planId: draft, period: 'Q1 2018-19', dueDate: '20/07/2018' },
        clock,
      );
      expect(round.planId).toBe(draft);
      // And the 2017-18 plan is still as it was.
      expect(await snapshot(live)).toEqual(before);
    });

    it('after approval, a change needs a reason and is listed as an amendment with the plan and in the report', async () => {
      const ten = await indicatorIn(draft, '10');
      const url = paths.frameworkIndicatorChange(draft, ten.id);
      const form = await get(url);
      expect(flat(form.body)).toContain('This framework has been approved, so this is a minor amendment');
      const noReason = await post(url, {
        change: 'updated',
        whatChanged: 'Wording clarified',
        reason: '',
        version: String(ten.version),
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain(
        'This framework has been approved, so a change is a minor amendment: enter the reason for it.',
      );
      expect((await indicatorIn(draft, '10')).change).toBe('carried-over');

      const auditBefore = (await audit()).length;
      const saved = await post(url, {
        change: 'updated',
        whatChanged: 'Wording clarified',
        reason: 'Agreed by the Director under delegated authority',
        version: String(ten.version),
      });
      expect(saved.statusCode).toBe(303);
      const amendments = await db().selectFrom('framework_amendment').selectAll().execute();
      expect(
        amendments.map((a) => [a.plan_id, a.entity, a.entity_id, a.ref, a.summary, a.reason, a.by_name]),
      ).toEqual([
        [
          draft,
          'indicator',
          ten.id,
          'Indicator 10',
          'Marked updated: Wording clarified',
          'Agreed by the Director under delegated authority',
          'Test performance',
        ],
      ]);
      expect((await audit()).slice(auditBefore).map((r) => [r.action, r.reason])).toEqual([
        ['indicator.mark', 'Agreed by the Director under delegated authority'],
      ]);
      const listed = flat((await get(paths.frameworkAmendments(draft), 'approver')).body);
      expect(listed).toContain('Marked updated: Wording clarified');
      expect(listed).toContain('Agreed by the Director under delegated authority');

      // The quarterly report's framework changes: introduced and updated outcomes in bold, the reasons,
      // carried-over ones as one line with the count, then the amendments since approval.
      const s = await loadReportSource(store(), 'Q1 2018-19', undefined, { charts: false, now });
      const doc = buildQuarterlyReport(
        s,
        DEFAULT_SETTINGS,
        draftTexts(s.scorecard.priorities, s.outcomes, 'Q1 2018-19'),
      );
      const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
      const changes = tables.find((t) => t.caption.startsWith('Outcomes and success indicators introduced'))!;
      const row = (start: string) => changes.rows.find((r) => r[1]!.text.startsWith(start))!;
      expect(row('Outcome: 3,332 businesses').map((c) => c.text)).toEqual([
        'Introduced',
        'Outcome: 3,332 businesses given advice and support to grow',
        'Community Safety Services',
        'New this year',
        'A new Cabinet priority',
      ]);
      expect(row('Outcome: 3,332 businesses')[1]!.strong).toBe(true);
      expect(
        row('Success indicator 7:')
          .map((c) => c.text)
          .slice(3),
      ).toEqual(['Target raised from 8,920 to 9,500 hours a month', 'The service has grown']);
      const text = (b: Block) =>
        b.kind === 'paragraph' ? b.content.map((c) => (typeof c === 'string' ? c : c.text)).join('') : '';
      expect(doc.blocks.map(text)).toContain(
        'Carried over from 2017-18: 22 outcomes and 46 success indicators.',
      );
      const amended = tables.find((t) => t.caption.startsWith('Minor amendments to the 2018-19 framework'))!;
      expect(amended.rows.map((r) => r.map((c) => c.text))).toEqual([
        [
          '21 March 2018',
          'Indicator 10',
          'Marked updated: Wording clarified',
          'Agreed by the Director under delegated authority',
          'Test performance',
        ],
      ]);
      // The scorecard of the new year is the new plan's.
      expect((await buildScorecard(store(), parsePeriod('Q1 2018-19'))).plan.id).toBe(draft);
    });

    it('shows the framework pages to the performance team, administrators and approvers only', async () => {
      for (const role of ['owner', 'viewer'] as Role[]) {
        for (const url of [
          paths.frameworks(),
          paths.planFramework(draft),
          paths.frameworkAmendments(draft),
        ]) {
          const res = await get(url, role);
          expect(res.statusCode, `${url} as ${role}`).toBe(403);
        }
        expect((await get(paths.home(), role)).body).not.toContain(`href="${paths.frameworks()}"`);
      }
      for (const role of ['admin', 'performance', 'approver'] as Role[]) {
        expect((await get(paths.frameworks(), role)).statusCode).toBe(200);
        expect((await get(paths.home(), role)).body).toContain(`href="${paths.frameworks()}"`);
      }
      // An approver reads the framework but is offered no change to it.
      const read = await get(paths.planFramework(draft), 'approver');
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain('Mark what changed');
      expect((await get(paths.planFramework(draft), 'performance')).body).toContain('Mark what changed');
      expect(
        (await get(paths.frameworkIndicatorChange(draft, (await indicatorIn(draft, '7')).id), 'approver'))
          .statusCode,
      ).toBe(403);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
