import { expect, it } from 'vitest';
import { createAccount } from '../../src/app/access/accounts.js';
import type { SignedInUser } from '../../src/app/access/sessions.js';
import { systemActor } from '../../src/app/audit.js';
import { judgeOutcome, reviewFigure, saveFigure } from '../../src/app/collection/figures.js';
import {
  assignIndicators,
  awaitingApproval,
  lockRound,
  openRound,
  roundProgress,
  yourUpdates,
} from '../../src/app/collection/rounds.js';
import { verifyAuditTrail } from '../../src/app/audit.js';
import { CairnError } from '../../src/app/errors.js';
import { loadDemo } from '../../src/app/demo.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { movableClock } from '../support/fixtures.js';

const clock = movableClock('2017-10-02T09:00:00Z');

async function person(store: Store, email: string, role: SignedInUser['role'], directorate: string | null) {
  const u = await createAccount(
    store,
    systemActor,
    { email, name: email.split('@')[0]!, role, password: 'correct horse battery staple', directorate },
    clock,
  );
  return { id: u.id, name: u.name, email: u.email, role, directorateId: u.directorate_id } as SignedInUser;
}

async function indicatorId(store: Store, number: string) {
  const row = await store.db
    .selectFrom('indicator')
    .select('id')
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return row.id;
}

describeEachDatabase(
  'the collection round',
  (store) => {
    it('runs a quarter from opening to lock: save, submit, return, approve, correct — every step audited', async () => {
      clock.set('2017-10-02T09:00:00Z');
      const s = store();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const owner = await person(s, 'olive@scs.example', 'owner', 'SCS');
      const other = await person(s, 'oscar@cef.example', 'owner', 'CEF');
      const approver = await person(s, 'ann@scs.example', 'approver', 'SCS');
      const perf = await person(s, 'pat@perf.example', 'performance', null);
      const seven = await indicatorId(s, '7');
      const eight = await indicatorId(s, '8');
      await assignIndicators(s, systemActor, owner.id, [seven, eight], clock);

      const bad = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2019-20', dueDate: '31/02/2017' },
        clock,
      ).catch((e: CairnError) => e);
      expect(bad).toBeInstanceOf(CairnError);
      expect((bad as CairnError).details.map((d) => d.column).sort()).toEqual(['dueDate', 'period']);

      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q2 2017-18', dueDate: '20/10/2017' },
        clock,
      );
      expect(round.period.code).toBe('2017-18-Q2');
      expect((await yourUpdates(s, owner, round.id)).map((r) => [r.indicator.number, r.state])).toEqual([
        ['7', 'not-started'],
        ['8', 'not-started'],
      ]);
      expect(await yourUpdates(s, other, round.id)).toEqual([]);

      // Another service's owner cannot touch it by changing the id.
      await expect(
        saveFigure(s, other, round.id, seven, { actual: '9000', version: 0 }, 'save', clock),
      ).rejects.toThrow(/no update here for you/);

      // Bad input: a clear message per field, nothing written.
      const r1 = await saveFigure(
        s,
        owner,
        round.id,
        seven,
        { actual: '12 approx', version: 0 },
        'submit',
        clock,
      );
      expect(r1.ok).toBe(false);
      if (!r1.ok) {
        expect(r1.problems.map((p) => p.message)).toContain("Actual: '12 approx' is not a number");
        expect(r1.problems.map((p) => p.field)).toContain('outlook');
      }
      // Far from target: needs confirming and a note.
      const r2 = await saveFigure(
        s,
        owner,
        round.id,
        seven,
        { actual: '89,200', outlook: 'stable', version: 0 },
        'submit',
        clock,
      );
      expect(r2.ok).toBe(false);
      if (!r2.ok) expect(r2.problems[0]!.message).toMatch(/89,200 is more than 10 times the target of 8920/);

      const saved = await saveFigure(
        s,
        owner,
        round.id,
        seven,
        { actual: '7,000', outlook: 'improving', version: 0 },
        'save',
        clock,
      );
      expect(saved).toMatchObject({ ok: true, version: 1, state: 'in-progress' });
      if (saved.ok) expect(saved.preview.explanation).toMatch(/^Red: 7000 is 21.5% below the target/);

      // A stale save is refused, naming what the other person saved.
      const stale = saveFigure(s, perf, round.id, seven, { actual: '8000', version: 0 }, 'save', clock);
      await expect(stale).rejects.toThrow(
        /Someone else saved indicator 7 for Q2 2017-18 while you were working on it \(olive, 2017-10-02 09:00 UTC\): actual 7000; outlook improving/,
      );

      const submitted = await saveFigure(
        s,
        owner,
        round.id,
        seven,
        {
          actual: '7,000',
          outlook: 'improving',
          commentary: 'Recruitment of reablement staff is behind plan.',
          version: 1,
        },
        'submit',
        clock,
      );
      expect(submitted).toMatchObject({ ok: true, state: 'submitted' });
      expect((await awaitingApproval(s, approver, round.id)).map((r) => r.indicator.number)).toEqual(['7']);

      const noComment = await reviewFigure(
        s,
        approver,
        round.id,
        seven,
        { approve: false, version: 2 },
        clock,
      );
      expect(noComment.ok).toBe(false);
      expect(
        await reviewFigure(
          s,
          approver,
          round.id,
          seven,
          { approve: false, comment: 'Check the July figure', version: 2 },
          clock,
        ),
      ).toEqual({
        ok: true,
      });
      const resubmitted = await saveFigure(
        s,
        owner,
        round.id,
        seven,
        { actual: '7,100', outlook: 'improving', commentary: 'July figure checked.', version: 3 },
        'submit',
        clock,
      );
      expect(resubmitted.ok).toBe(true);
      // Approving one's own submission is not allowed.
      const own = await reviewFigure(s, owner, round.id, seven, { approve: true, version: 4 }, clock).catch(
        (e: Error) => e,
      );
      expect(own).toBeInstanceOf(CairnError);
      expect(await reviewFigure(s, approver, round.id, seven, { approve: true, version: 4 }, clock)).toEqual({
        ok: true,
      });

      const outcome = await s.db
        .selectFrom('outcome')
        .select('id')
        .where('code', '=', 'O20')
        .executeTakeFirstOrThrow();
      expect(
        await judgeOutcome(
          s,
          approver,
          round.id,
          outcome.id,
          { rating: 'amber', reason: 'Reablement hours behind plan' },
          clock,
        ),
      ).toEqual({
        ok: true,
      });

      clock.set('2017-10-25T09:00:00Z');
      const progress = await roundProgress(s, round.id, clock);
      expect(progress.late).toBe(true);
      expect(progress.counts.approved).toBe(1);
      expect(progress.outstanding.map((o) => [o.name, o.count])).toEqual([['olive', 1]]);

      await lockRound(s, systemActor, round.id, clock);
      const late = await saveFigure(
        s,
        owner,
        round.id,
        eight,
        { actual: '3', outlook: 'stable', version: 0 },
        'submit',
        clock,
      );
      expect(late.ok).toBe(false);
      if (!late.ok) expect(late.problems[0]!.message).toMatch(/locked/);
      const noReason = await saveFigure(
        s,
        perf,
        round.id,
        seven,
        { actual: '7200', outlook: 'improving', commentary: 'x', version: 5 },
        'correct',
        clock,
      );
      expect(noReason.ok).toBe(false);
      const corrected = await saveFigure(
        s,
        perf,
        round.id,
        seven,
        {
          actual: '7200',
          outlook: 'improving',
          commentary: 'Corrected.',
          correctionReason: 'Provider resubmitted September hours',
          version: 5,
        },
        'correct',
        clock,
      );
      expect(corrected.ok).toBe(true);
      const row = await s.db
        .selectFrom('indicator_value')
        .selectAll()
        .where('indicator_id', '=', seven)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        actual: 7200,
        correction_reason: 'Provider resubmitted September hours',
        state: 'approved',
      });

      const trail = await s.db
        .selectFrom('audit_event')
        .select(['action', 'reason'])
        .where('entity_id', '=', `${seven}/2017-18-Q2`)
        .orderBy('id')
        .execute();
      expect(trail.map((t) => t.action)).toEqual([
        'value.save',
        'value.submit',
        'value.return',
        'value.submit',
        'value.approve',
        'value.correct',
      ]);
      expect(trail.at(-1)!.reason).toBe('Provider resubmitted September hours');
      expect((await verifyAuditTrail(s)).ok).toBe(true);
    });
    it('lists for approval only what the person may decide: never their own submission', async () => {
      clock.set('2018-01-08T09:00:00Z');
      const s = store();
      const plan = await s.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
      const first = await person(s, 'abe@scs.example', 'approver', 'SCS');
      const second = await person(s, 'bea@scs.example', 'approver', 'SCS');
      const seven = await indicatorId(s, '7'); // in SCS
      await assignIndicators(s, systemActor, first.id, [seven], clock);
      const round = await openRound(
        s,
        systemActor,
        { planId: plan.id, period: 'Q3 2017-18', dueDate: '20/01/2018' },
        clock,
      );
      const submitted = await saveFigure(
        s,
        first,
        round.id,
        seven,
        {
          actual: '85',
          outlook: 'stable',
          commentary: 'Checked.',
          version: 0,
          confirmUnusual: true,
          unusualNote: 'Checked.',
        },
        'submit',
        clock,
      );
      expect(submitted).toMatchObject({ ok: true, state: 'submitted' });
      expect((await awaitingApproval(s, first, round.id)).map((r) => r.indicator.number)).toEqual([]);
      expect((await awaitingApproval(s, second, round.id)).map((r) => r.indicator.number)).toEqual(['7']);
    });
  },
  async (s) => {
    await loadDemo(s, clock);
  },
);
