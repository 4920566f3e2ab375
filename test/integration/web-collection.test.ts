import { expect, it } from 'vitest';
import { systemActor } from '../../src/app/audit.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { loadDemo } from '../../src/app/demo.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { csrfOf, multipart, sessionFor, testBrand } from '../support/web.js';
import { clockAt } from '../support/fixtures.js';

const brand = testBrand();
const clock = clockAt('2017-10-02T09:00:00Z');

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

async function idOf(store: Store, number: string) {
  return (
    await store.db.selectFrom('indicator').select('id').where('number', '=', number).executeTakeFirstOrThrow()
  ).id;
}

async function directorateId(store: Store, code: string) {
  return (
    await store.db.selectFrom('directorate').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}

describeEachDatabase(
  'collection pages',
  (store) => {
    it('takes a data owner through Your updates, the form, evidence, approval and the lock — and keeps others out', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const scs = await directorateId(s, 'SCS');
      const owner = await sessionFor(s, clock, 'owner', scs);
      const approver = await sessionFor(s, clock, 'approver', scs);
      const perf = await sessionFor(s, clock, 'performance');
      const viewer = await sessionFor(s, clock, 'viewer');
      const seven = await idOf(s, '7');
      const nine = await idOf(s, '9');
      await assignIndicators(s, systemActor, owner.userId, [seven], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );

      // Your updates: the task list with indicator 7, not started.
      const list = await app.inject({ url: paths.yourUpdates(round.id), cookies: owner.cookies });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Increase the number of hours from the hospital discharge');
      expect(list.body).toMatch(/govuk-task-list__status[\s\S]*Not started/);

      // Someone else's indicator, by changing the id: not found, and nothing written.
      const theirs = await app.inject({ url: paths.update(round.id, nine), cookies: owner.cookies });
      expect(theirs.statusCode).toBe(404);
      const form = await app.inject({ url: paths.update(round.id, seven), cookies: owner.cookies });
      expect(form.statusCode).toBe(200);
      const csrf = csrfOf(form.body);
      expect(versionOf(form.body)).toBe('0');
      const post = (id: number, body: Record<string, string>, who = owner) =>
        app.inject({
          method: 'POST',
          url: paths.update(round.id, id),
          cookies: who.cookies,
          payload: { _csrf: who === owner ? csrf : body._csrf!, ...body },
        });
      const forged = await post(nine, { version: '0', actual: '1', outlook: 'stable', action: 'submit' });
      expect(forged.statusCode).toBe(404);
      expect(
        await s.db
          .selectFrom('indicator_value')
          .select('id')
          .where('indicator_id', '=', nine)
          .where('period_code', '=', '2017-18-Q2')
          .execute(),
      ).toEqual([]);

      // Preview: the rating and its sentence, before saving.
      const preview = await post(seven, {
        version: '0',
        actual: '7,000',
        outlook: 'improving',
        action: 'preview',
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('will be rated');
      expect(preview.body).toContain('7000 is 21.5% below the target');

      // Bad input: the error summary says what to fix, and keeps what was typed.
      const bad = await post(seven, {
        version: '0',
        actual: '12 approx',
        commentary: 'kept text',
        action: 'submit',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('govuk-error-summary');
      expect(bad.body).toContain('Actual: &#39;12 approx&#39; is not a number');
      expect(bad.body).toContain('Choose the outlook');
      expect(bad.body).toContain('kept text');

      // A figure far from its target needs confirming with a note.
      const odd = await post(seven, { version: '0', actual: '89200', outlook: 'stable', action: 'submit' });
      expect(odd.statusCode).toBe(400);
      expect(odd.body).toContain('I have checked this figure and it is right');

      const saved = await post(seven, {
        version: '0',
        actual: '7,000',
        outlook: 'improving',
        action: 'save',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${paths.yourUpdates(round.id)}?done=saved`);
      const afterSave = await app.inject({ url: saved.headers.location as string, cookies: owner.cookies });
      expect(afterSave.body).toContain('govuk-notification-banner--success');
      expect(afterSave.body).toContain('Your update was saved as a draft.');

      // Two people on one figure: the second save is refused and shows what the first saved.
      const perfForm = await app.inject({ url: paths.update(round.id, seven), cookies: perf.cookies });
      const stale = await post(seven, { version: '0', actual: '6,000', outlook: 'stable', action: 'save' });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else saved indicator 7');
      expect(stale.body).toContain('You had entered: actual 6,000');
      expect(versionOf(perfForm.body)).toBe('1');

      // Evidence: a real PDF is kept; a file pretending to be one is refused; a huge one is refused.
      const pdf = Buffer.from('%PDF-1.4\n% test\n');
      const upload = (fields: Record<string, string>, name: string, bytes: Buffer) =>
        app.inject({
          method: 'POST',
          url: paths.evidence(round.id, seven),
          cookies: owner.cookies,
          ...multipart(fields, { field: 'evidenceFile', name, type: 'application/pdf', bytes }),
        });
      const up = await upload({ _csrf: csrf }, 'hours.pdf', pdf);
      expect(up.statusCode).toBe(303);
      const fake = await upload({ _csrf: csrf }, 'evil.pdf', Buffer.from('<script>'));
      expect(fake.statusCode).toBe(400);
      expect(fake.body).toContain('The file is not a real PDF file');
      const huge = await upload({ _csrf: csrf }, 'big.pdf', Buffer.alloc(11 * 1024 * 1024, 0x25));
      expect(huge.statusCode).toBe(413);
      expect(huge.body).toContain('smaller than 10 MB');
      const noCsrf = await upload({}, 'hours.pdf', pdf);
      expect(noCsrf.statusCode).toBe(403);
      const withEvidence = await app.inject({ url: paths.update(round.id, seven), cookies: owner.cookies });
      const href = /href="(\/collection\/rounds\/\d+\/updates\/\d+\/evidence\/\d+)"/.exec(
        withEvidence.body,
      )?.[1];
      expect(href).toBeDefined();
      const file = await app.inject({ url: href!, cookies: owner.cookies });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toContain('attachment');
      expect(file.rawPayload.equals(pdf)).toBe(true);

      const submitted = await post(seven, {
        version: '1',
        actual: '7,000',
        outlook: 'improving',
        commentary: 'Recruitment behind plan.',
        action: 'submit',
      });
      expect(submitted.statusCode).toBe(303);
      const afterSubmit = await app.inject({
        url: submitted.headers.location as string,
        cookies: owner.cookies,
      });
      expect(afterSubmit.body).toContain('Your update was submitted for approval.');

      // Approvers: only their route; a data owner is refused the approvals page.
      expect((await app.inject({ url: paths.approvals(round.id), cookies: owner.cookies })).statusCode).toBe(
        403,
      );
      expect((await app.inject({ url: paths.approvals(round.id), cookies: viewer.cookies })).statusCode).toBe(
        403,
      );
      const queue = await app.inject({ url: paths.approvals(round.id), cookies: approver.cookies });
      expect(queue.statusCode).toBe(200);
      expect(queue.body).toContain(paths.approval(round.id, seven));
      const review = await app.inject({ url: paths.approval(round.id, seven), cookies: approver.cookies });
      expect(review.body).toContain('Recruitment behind plan.');
      expect(review.body).toContain('hours.pdf');
      const acsrf = csrfOf(review.body);
      const decide = (payload: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: paths.approval(round.id, seven),
          cookies: approver.cookies,
          payload: { _csrf: acsrf, version: versionOf(review.body), ...payload },
        });
      const noComment = await decide({ decision: 'return' });
      expect(noComment.statusCode).toBe(400);
      expect(noComment.body).toContain('Say what needs to change');
      const approved = await decide({ decision: 'approve' });
      expect(approved.statusCode).toBe(303);
      const queueAfter = await app.inject({
        url: approved.headers.location as string,
        cookies: approver.cookies,
      });
      expect(queueAfter.body).toContain('govuk-notification-banner--success');
      expect(queueAfter.body).toContain('The update was approved.');
      const approvedForm = await app.inject({ url: paths.update(round.id, seven), cookies: owner.cookies });
      expect(approvedForm.body).toContain('This update has been approved');
      expect(approvedForm.body).not.toContain('Submit for approval');

      // The performance team follows the round and locks it; then only a correction with a reason.
      const progress = await app.inject({ url: paths.round(round.id), cookies: perf.cookies });
      expect(progress.statusCode).toBe(200);
      expect(progress.body).toContain('Approved: 1');
      expect((await app.inject({ url: paths.round(round.id), cookies: owner.cookies })).statusCode).toBe(403);
      const pcsrf = csrfOf(progress.body);
      const open = await app.inject({ url: paths.collection(), cookies: owner.cookies });
      expect(open.body).toMatch(/Your updates<\/a>: 0 of 1 still to submit/);
      const lock = await app.inject({
        method: 'POST',
        url: paths.lockRound(round.id),
        cookies: perf.cookies,
        payload: { _csrf: pcsrf, confirm: 'yes' },
      });
      expect(lock.statusCode).toBe(303);
      // The Collection page: a locked round asks nothing more of anyone, but its updates can still be read.
      const index = await app.inject({ url: paths.collection(), cookies: owner.cookies });
      expect(index.body).toMatch(/govuk-tag--grey">Locked</);
      expect(index.body).toContain(`href="${paths.yourUpdates(round.id)}"`);
      expect(index.body).not.toContain('still to submit');
      const perfIndex = await app.inject({ url: paths.collection(), cookies: approver.cookies });
      expect(perfIndex.body).not.toContain(`href="${paths.approvals(round.id)}"`);
      const correctionForm = await app.inject({ url: paths.update(round.id, seven), cookies: perf.cookies });
      expect(correctionForm.body).toContain('Reason for the correction');
      const correct = await app.inject({
        method: 'POST',
        url: paths.update(round.id, seven),
        cookies: perf.cookies,
        payload: {
          _csrf: pcsrf,
          version: versionOf(correctionForm.body),
          actual: '7200',
          outlook: 'improving',
          commentary: 'Recruitment behind plan.',
          correctionReason: 'Provider resubmitted September hours',
          action: 'correct',
        },
      });
      expect(correct.statusCode).toBe(303);

      // The correction is marked where the figure is shown, and the history tells the whole story.
      const page = await app.inject({
        url: paths.indicator(plan.id, '7', { period: '2017-18-Q2' }),
        cookies: viewer.cookies,
      });
      expect(page.body).toContain('Corrected on');
      expect(page.body).toContain('Provider resubmitted September hours');
      const history = await app.inject({
        url: paths.indicatorHistory(plan.id, '7'),
        cookies: viewer.cookies,
      });
      expect(history.statusCode).toBe(200);
      for (const words of [
        'Figure saved as draft',
        'Figure submitted for approval',
        'Approved',
        'Corrected after the period was locked',
        'Evidence added',
        'Actual: 7000 → 7200',
      ])
        expect(history.body).toContain(words);
    });

    it('lets administrators assign indicators in the app', async () => {
      const s = store();
      const app = buildApp({ store: s, clock, brand });
      const admin = await sessionFor(s, clock, 'admin');
      const owner = await sessionFor(s, clock, 'owner');
      const page = await app.inject({ url: paths.userAssignments(owner.userId), cookies: admin.cookies });
      expect(page.statusCode).toBe(200);
      const eight = await idOf(s, '8');
      const twelve = await idOf(s, '12');
      const res = await app.inject({
        method: 'POST',
        url: paths.userAssignments(owner.userId),
        cookies: admin.cookies,
        payload: `_csrf=${csrfOf(page.body)}&plan=${/name="plan" value="(\d+)"/.exec(page.body)![1]}&indicator=${eight}&indicator=${twelve}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(303);
      const rows = await s.db
        .selectFrom('indicator_assignment')
        .select('indicator_id')
        .where('user_id', '=', owner.userId)
        .execute();
      expect(rows.map((r) => r.indicator_id).sort((a, b) => a - b)).toEqual(
        [eight, twelve].sort((a, b) => a - b),
      );
      const audit = await s.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'assignment.set')
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
