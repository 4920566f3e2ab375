import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/app/audit.js';
import { verifyAuditTrail } from '../../src/app/audit.js';
import { CairnError } from '../../src/app/errors.js';
import { loadDemo } from '../../src/app/demo.js';
import {
  addIndicator,
  addOutcome,
  addPriority,
  changeIndicator,
  changeOutcome,
  changePriority,
  moveItem,
  retireItem,
  retirementOf,
  setDirectorateTargets,
  setIndicatorTargets,
  targetField,
  targetsGrid,
  type Fields,
} from '../../src/app/framework-items.js';
import { buildScorecard, rateStored, targetFor } from '../../src/app/scorecard.js';
import { roundRows, openRound } from '../../src/app/collection/rounds.js';
import { periodFromCode } from '../../src/domain/periods.js';
import { upsertValue } from '../../src/storage/performance-repository.js';
import type { Store } from '../../src/storage/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock } from '../support/fixtures.js';
import { draftNextYear } from '../support/framework.js';

const pat: Actor = { id: 'user:1', name: 'Pat' };
const clock = clockAt('2018-02-10T09:00:00Z');

/** The refusal a use case throws: its code and its problems by field. */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof CairnError)) throw e;
    return {
      code: e.code,
      message: e.message,
      fields: Object.fromEntries(e.details.map((d) => [d.field ?? '', d.message])),
    };
  }
  throw new Error('expected a refusal');
}

async function auditCount(s: Store) {
  const row = await s.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function lastAudit(s: Store, action?: string) {
  return s.db
    .selectFrom('audit_event')
    .selectAll()
    .$if(action !== undefined, (q) => q.where('action', '=', action!))
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

const row = (s: Store, table: 'priority' | 'outcome' | 'indicator', planId: number, key: string) =>
  s.db
    .selectFrom(table as 'indicator')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(table === 'indicator' ? 'number' : ('code' as 'number'), '=', key)
    .executeTakeFirst();

let drafts = 0;
const newDraft = (s: Store, planId: number, status?: 'draft' | 'submitted' | 'approved') =>
  draftNextYear(s, planId, { status, title: `Corporate Plan 2018-19 (${++drafts})` });

describeEachDatabase(
  'changing the framework in the app',
  (store) => {
    let demoPlan = 0;
    beforeAll(async () => {
      demoPlan = (await store().db.selectFrom('plan').select('id').executeTakeFirstOrThrow()).id;
    });

    it('adds and changes a priority: every field checked, a taken code refused, one audit record each', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const empty = await refusal(addPriority(s, pat, planId, { code: '', title: '' }, clock));
      expect(empty.code).toBe('INVALID_INPUT');
      expect(empty.fields).toEqual({
        code: 'Enter the priority’s code, such as P1.',
        title: 'Enter the priority’s title, such as “A thriving economy”.',
      });
      const taken = await refusal(addPriority(s, pat, planId, { code: 'P1', title: 'Again' }, clock));
      expect(taken.fields.code).toBe('Priority P1 is already in this plan: choose another code.');
      const before = await auditCount(s);
      const id = await addPriority(s, pat, planId, { code: 'P4', title: 'Green and fair' }, clock);
      expect(await auditCount(s)).toBe(before + 1);
      const created = await lastAudit(s);
      expect(created.action).toBe('priority.create');
      expect(JSON.parse(created.after!)).toEqual({ code: 'P4', title: 'Green and fair' });
      const p4 = (await row(s, 'priority', planId, 'P4'))!;
      expect(p4.position).toBe(4);
      await changePriority(
        s,
        pat,
        planId,
        { id, version: 1 },
        { code: 'P4', title: 'A greener county' },
        clock,
      );
      const updated = await lastAudit(s);
      expect(updated.action).toBe('priority.update');
      expect(JSON.parse(updated.before!)).toEqual({ title: 'Green and fair' });
      expect(JSON.parse(updated.after!)).toEqual({ title: 'A greener county' });
      // The form read at version 1 is stale now: refused, nothing written.
      const stale = await refusal(
        changePriority(s, pat, planId, { id, version: 1 }, { code: 'P4', title: 'Old form' }, clock),
      );
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toMatch(/^Someone else changed priority P4 while you were editing it/);
      expect((await row(s, 'priority', planId, 'P4'))!.title).toBe('A greener county');
      // Saving what is saved changes nothing and records nothing.
      const n = await auditCount(s);
      await changePriority(
        s,
        pat,
        planId,
        { id, version: 2 },
        { code: 'P4', title: 'A greener county' },
        clock,
      );
      expect(await auditCount(s)).toBe(n);
    });

    it('in a plan started from last year’s: a new outcome is introduced (why?), a changed carried-over one updated (what changed and why?)', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const p1 = (await row(s, 'priority', planId, 'P1'))!;
      const cef = (
        await s.db.selectFrom('directorate').select('id').where('code', '=', 'CEF').executeTakeFirstOrThrow()
      ).id;
      const sf = await s.db
        .selectFrom('second_priority')
        .innerJoin('second_framework', 'second_framework.id', 'second_priority.framework_id')
        .select(['second_priority.id', 'second_priority.number'])
        .where('second_framework.plan_id', '=', demoPlan)
        .execute();
      const input: Fields = {
        priority: String(p1.id),
        code: 'O30',
        title: 'Children read well by age 7',
        directorate: String(cef),
      };
      const noWhy = await refusal(addOutcome(s, pat, planId, input, clock));
      expect(noWhy.fields).toEqual({ changeReason: 'Enter why it was introduced.' });
      const bad = await refusal(
        addOutcome(
          s,
          pat,
          planId,
          { ...input, code: 'O1', directorate: '999999', priority: '', changeReason: 'x' },
          clock,
        ),
      );
      expect(bad.fields).toEqual({
        priority: 'Choose the priority the outcome comes under.',
        directorate: 'Choose the directorate that owns the outcome.',
        code: 'Outcome O1 is already in this plan: choose another code.',
      });
      // This draft has no second framework of its own: a link to one is refused.
      const link = await refusal(
        addOutcome(
          s,
          pat,
          planId,
          { ...input, changeReason: 'x', secondFramework: [String(sf[0]!.id)] },
          clock,
        ),
      );
      expect(link.fields.secondFramework).toBe('Choose the second framework’s priorities from the list.');
      const id = await addOutcome(
        s,
        pat,
        planId,
        { ...input, changeReason: 'The new literacy strategy.' },
        clock,
      );
      const o30 = (await row(s, 'outcome', planId, 'O30')) as unknown as {
        change: string;
        change_reason: string;
      };
      expect(o30.change).toBe('introduced');
      expect(o30.change_reason).toBe('The new literacy strategy.');
      expect((await lastAudit(s)).action).toBe('outcome.create');
      expect(id).toBeGreaterThan(0);

      const o7 = await s.db
        .selectFrom('outcome')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('code', '=', 'O7')
        .executeTakeFirstOrThrow();
      const same = {
        priority: String(o7.priority_id),
        code: 'O7',
        directorate: String(o7.directorate_id),
      };
      const noReason = await refusal(
        changeOutcome(
          s,
          pat,
          planId,
          { id: o7.id, version: o7.version },
          { ...same, title: 'Highways are well maintained' },
          clock,
        ),
      );
      expect(noReason.fields).toEqual({
        changeReason: 'Enter what changed and why: it is printed in the report’s changes to the framework.',
      });
      await changeOutcome(
        s,
        pat,
        planId,
        { id: o7.id, version: o7.version },
        {
          ...same,
          title: 'Highways are well maintained',
          changeReason: 'Reworded to match the highways plan.',
        },
        clock,
      );
      const after = await s.db
        .selectFrom('outcome')
        .selectAll()
        .where('id', '=', o7.id)
        .executeTakeFirstOrThrow();
      expect([after.change, after.change_reason, after.title, after.version]).toEqual([
        'updated',
        'Reworded to match the highways plan.',
        'Highways are well maintained',
        2,
      ]);
      const audit = await lastAudit(s);
      expect(audit.action).toBe('outcome.update');
      expect(JSON.parse(audit.after!)).toEqual({
        title: 'Highways are well maintained',
        change: 'updated',
        changeReason: 'Reworded to match the highways plan.',
      });
      // A draft has no amendments.
      const amendments = await s.db
        .selectFrom('framework_amendment')
        .selectAll()
        .where('plan_id', '=', planId)
        .execute();
      expect(amendments).toEqual([]);
    });

    it('checks a new indicator’s fields with the spreadsheet’s rules and words, then adds it as introduced, with its target as typed', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const o4 = (await row(s, 'outcome', planId, 'O4'))!;
      const base: Fields = {
        outcome: String(o4.id),
        number: '90a',
        title: 'Oxfordshire is chosen by new investors',
        target: '60/20',
        partLabels: 'new investors\nof which high value\nand a third',
        cumulative: 'maybe',
        profile: '0.5, 0.2, 1',
        tolerance: 'lots',
        inArrears: '7',
        dueDate: '31/31/2018',
        unit: 'furlongs',
        polarity: 'sideways',
        frequency: 'fortnightly',
        changeReason: 'A new inward investment measure.',
      };
      const bad = await refusal(addIndicator(s, pat, planId, base, clock));
      expect(bad.fields).toEqual({
        partLabels: 'The target "60/20" has 2 parts but 3 part labels are given.',
        cumulative: '"maybe" should be Y or N.',
        profile: expect.stringMatching(
          /^Cannot read "0.5, 0.2, 1" as a profile: the shares must not go down\./,
        ),
        tolerance: expect.stringMatching(/^Cannot read "lots" as a tolerance\./),
        inArrears: '"7" should be the number of quarters late: 0, 1, 2, 3 or 4.',
        dueDate: expect.stringContaining('31/31/2018'),
        unit: expect.stringMatching(/^"furlongs" is not one of: number, count, percent/),
        polarity: expect.stringMatching(/^"sideways" is not one of: higher, higher is better/),
        frequency: expect.stringMatching(/^"fortnightly" is not one of: monthly, quarterly/),
      });
      const target = await refusal(addIndicator(s, pat, planId, { ...base, target: '60//20' }, clock));
      expect(target.fields.target).toMatch(
        /^Cannot read "60\/\/20" as a target: part 2 \(""\) is not a value/,
      );
      const empty = await refusal(
        addIndicator(s, pat, planId, { outcome: '', number: '7', title: '', target: '' }, clock),
      );
      expect(empty.fields).toEqual({
        outcome: 'Choose the outcome the indicator measures.',
        number: 'Indicator 7 is already in this plan: choose another number.',
        title: 'Enter the indicator as the plan words it.',
        target: 'Target is empty. Write the target as printed, or - if the indicator has no target.',
        changeReason: 'Enter why it was introduced.',
      });
      const id = await addIndicator(
        s,
        pat,
        planId,
        {
          ...base,
          target: '60/20',
          partLabels: 'new investors\nof which high value',
          cumulative: 'yes',
          profile: '',
          tolerance: '10%',
          inArrears: '0',
          dueDate: '',
          unit: 'number',
          polarity: 'higher',
          frequency: 'quarterly',
        },
        clock,
      );
      const i = await s.db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect([i.change, i.change_reason, i.cumulative, i.tolerance, i.part_labels]).toEqual([
        'introduced',
        'A new inward investment measure.',
        1,
        '10%',
        JSON.stringify(['new investors', 'of which high value']),
      ]);
      const targets = await s.db
        .selectFrom('indicator_target')
        .selectAll()
        .where('indicator_id', '=', id)
        .execute();
      expect(targets.map((t) => [t.period_code, t.target_text])).toEqual([['2018-19', '60/20']]);
      const audit = await lastAudit(s);
      expect(audit.action).toBe('indicator.create');
      expect(JSON.parse(audit.after!)).toMatchObject({
        number: '90a',
        outcome: 'O4',
        target: '60/20',
        partLabels: ['new investors', 'of which high value'],
        change: 'introduced',
      });
    });

    it('changes a carried-over indicator’s wording: marked updated with what changed and why, audited before and after', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const seven = (await row(s, 'indicator', planId, '7'))!;
      const same: Fields = {
        outcome: String(seven.outcome_id),
        number: '7',
        title: 'Increase reablement hours to 9,000 a month',
        unit: 'number',
        polarity: 'higher',
        cumulative: 'no',
        frequency: 'quarterly',
        inArrears: '0',
      };
      const noWhy = await refusal(changeIndicator(s, pat, planId, { id: seven.id, version: 1 }, same, clock));
      expect(noWhy.fields).toEqual({
        changeReason: 'Enter what changed and why: it is printed in the report’s changes to the framework.',
      });
      const before = await auditCount(s);
      await changeIndicator(
        s,
        pat,
        planId,
        { id: seven.id, version: 1 },
        { ...same, changeReason: 'The service grew.' },
        clock,
      );
      expect(await auditCount(s)).toBe(before + 1);
      const audit = await lastAudit(s);
      expect(audit.action).toBe('indicator.update');
      expect(audit.entity).toBe('indicator');
      expect(audit.entity_id).toBe(String(seven.id));
      expect(JSON.parse(audit.before!)).toEqual({
        title: seven.title,
        change: 'carried-over',
        changeReason: null,
      });
      expect(JSON.parse(audit.after!)).toEqual({
        title: 'Increase reablement hours to 9,000 a month',
        change: 'updated',
        changeReason: 'The service grew.',
      });
      const stale = await refusal(changeIndicator(s, pat, planId, { id: seven.id, version: 1 }, same, clock));
      expect(stale.code).toBe('CONFLICT');
    });

    it('refuses every change to a submitted framework (409), and to an approved one without a reason (on the reason field)', async () => {
      const s = store();
      const submitted = await newDraft(s, demoPlan, 'submitted');
      const p1 = (await row(s, 'priority', submitted, 'P1'))!;
      const locked = await refusal(
        changePriority(s, pat, submitted, { id: p1.id, version: 1 }, { code: 'P1', title: 'X' }, clock),
      );
      expect(locked.code).toBe('CONFLICT');
      expect(locked.message).toMatch(/submitted for approval, so it cannot be changed/);
      const approvedP1 = (await row(s, 'priority', demoPlan, 'P1'))!;
      const noReason = await refusal(
        changePriority(
          s,
          pat,
          demoPlan,
          { id: approvedP1.id, version: approvedP1.version },
          { code: 'P1', title: 'A strong and thriving economy' },
          clock,
        ),
      );
      expect(noReason.code).toBe('INVALID_INPUT');
      expect(noReason.fields).toEqual({
        reason:
          'This framework has been approved, so a change is a minor amendment: enter the reason for it.',
      });
      await changePriority(
        s,
        pat,
        demoPlan,
        { id: approvedP1.id, version: approvedP1.version },
        { code: 'P1', title: 'A strong and thriving economy', reason: 'As the Annex 2 matrix prints it.' },
        clock,
      );
      const amendment = await s.db
        .selectFrom('framework_amendment')
        .selectAll()
        .where('plan_id', '=', demoPlan)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect([
        amendment.entity,
        amendment.ref,
        amendment.summary,
        amendment.reason,
        amendment.by_name,
      ]).toEqual(['priority', 'Priority P1', 'Title changed', 'As the Annex 2 matrix prints it.', 'Pat']);
      expect((await lastAudit(s)).reason).toBe('As the Annex 2 matrix prints it.');
    });

    it('re-rates an indicator’s stored figures in the same change when its polarity changes', async () => {
      const s = store();
      const seven = (await row(s, 'indicator', demoPlan, '7'))!;
      const rated = rateStored(
        seven,
        '8920',
        { actual: 8500 } as never,
        periodFromCode('2017-18-Q2'),
        { kind: 'relative', value: 10 },
        'none',
      );
      expect(rated.kind === 'rated' && rated.rating).toBe('amber');
      await upsertValue(
        s.db,
        {
          indicatorId: seven.id,
          periodCode: '2017-18-Q2',
          actual: 8500,
          computed: { rating: 'amber', reason: null, explanation: rated.explanation },
        },
        '2017-10-17T09:00:00Z',
      );
      await changeIndicator(
        s,
        pat,
        demoPlan,
        { id: seven.id, version: seven.version },
        {
          outcome: String(seven.outcome_id),
          number: '7',
          title: seven.title,
          unit: 'number',
          polarity: 'lower',
          cumulative: 'no',
          frequency: 'quarterly',
          inArrears: '0',
          reason: 'Entered the wrong way round.',
        },
        clock,
      );
      const value = await s.db
        .selectFrom('indicator_value')
        .selectAll()
        .where('indicator_id', '=', seven.id)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(value.computed_rating).toBe('green');
      const rerate = await lastAudit(s, 'indicator.rerate');
      expect(rerate.entity_id).toBe(String(seven.id));
      expect(rerate.reason).toBe('Entered the wrong way round.');
      const amendment = await s.db
        .selectFrom('framework_amendment')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect([amendment.ref, amendment.summary]).toEqual(['Indicator 7', 'Polarity changed']);

      // A quarter's own target re-rates that quarter's figure in the same change: 8500 against at most 8000.
      const now = await s.db
        .selectFrom('indicator')
        .selectAll()
        .where('id', '=', seven.id)
        .executeTakeFirstOrThrow();
      await setIndicatorTargets(
        s,
        pat,
        demoPlan,
        { id: seven.id, version: now.version },
        {
          [targetField(seven.id, '2017-18')]: '8920',
          [targetField(seven.id, '2017-18-Q2')]: '8000',
          reason: 'Q2 profiled for the winter.',
        },
        clock,
      );
      const rerated = await s.db
        .selectFrom('indicator_value')
        .selectAll()
        .where('indicator_id', '=', seven.id)
        .where('period_code', '=', '2017-18-Q2')
        .executeTakeFirstOrThrow();
      expect(rerated.computed_rating).toBe('amber');
      expect(rerated.computed_explanation).toMatch(/8,?000/);
      const targetAmendment = await s.db
        .selectFrom('framework_amendment')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect([targetAmendment.entity, targetAmendment.summary]).toEqual([
        'target',
        'Targets for Q2 2017-18 changed',
      ]);
    });

    it('sets an indicator’s targets per period, printed back as typed; a quarter’s own target is the one it is rated against', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const eleven = (await row(s, 'indicator', planId, '11'))!;
      const f = (code: string) => targetField(eleven.id, code);
      const bad = await refusal(
        setIndicatorTargets(
          s,
          pat,
          planId,
          { id: eleven.id, version: 1 },
          { [f('2018-19')]: '', [f('2018-19-Q2')]: 'about 600' },
          clock,
        ),
      );
      expect(bad.fields).toEqual({
        [f('2018-19')]:
          '2018-19: Target is empty. Write the target as printed, or - if the indicator has no target.',
        [f('2018-19-Q2')]: expect.stringMatching(/^Q2 2018-19: Cannot read "about 600" as a target/),
      });
      const before = await auditCount(s);
      await setIndicatorTargets(
        s,
        pat,
        planId,
        { id: eleven.id, version: 1 },
        {
          [f('2018-19')]: '582',
          [f('2018-19-Q1')]: '<=610',
          [f('2018-19-Q2')]: '600',
          [f('2019-20')]: '1,000',
          baseline: '667 at March 2017',
          trajectory: '582 by March 2019',
        },
        clock,
      );
      expect(await auditCount(s)).toBe(before + 1);
      const targets = await s.db
        .selectFrom('indicator_target')
        .select(['period_code', 'target_text'])
        .where('indicator_id', '=', eleven.id)
        .orderBy('period_code')
        .execute();
      expect(targets.map((t) => [t.period_code, t.target_text])).toEqual([
        ['2018-19', '582'],
        ['2018-19-Q1', '<=610'],
        ['2018-19-Q2', '600'],
        ['2019-20', '1,000'],
      ]);
      const list = targets.map((t) => ({ periodCode: t.period_code, text: t.target_text }));
      expect(targetFor(list, periodFromCode('2018-19-Q1'))).toBe('<=610');
      expect(targetFor(list, periodFromCode('2018-19-Q3'))).toBe('582');
      expect(targetFor(list, periodFromCode('2018-19'))).toBe('582');
      expect(targetFor(list, periodFromCode('2019-20-Q1'))).toBe('1,000');
      const audit = await lastAudit(s);
      expect(audit.action).toBe('target.set');
      expect(audit.entity).toBe('indicator');
      expect(JSON.parse(audit.before!)).toEqual({
        '2018-19': '629',
        '2018-19-Q1': null,
        '2018-19-Q2': null,
        '2019-20': null,
      });
      expect(JSON.parse(audit.after!)).toEqual({
        '2018-19': '582',
        '2018-19-Q1': '<=610',
        '2018-19-Q2': '600',
        '2019-20': '1,000',
      });
      const ind = await s.db
        .selectFrom('indicator')
        .selectAll()
        .where('id', '=', eleven.id)
        .executeTakeFirstOrThrow();
      expect([ind.baseline, ind.trajectory, ind.version]).toEqual([
        '667 at March 2017',
        '582 by March 2019',
        2,
      ]);
      // The old form is stale now.
      const stale = await refusal(
        setIndicatorTargets(s, pat, planId, { id: eleven.id, version: 1 }, { [f('2018-19')]: '1' }, clock),
      );
      expect(stale.code).toBe('CONFLICT');
    });

    it('rates a figure against its quarter’s own target — a cumulative one as written, not spread by the profile', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan, 'approved');
      const twelve = (await row(s, 'indicator', planId, '12'))!; // cumulative, lower is better, 316 a year
      expect(twelve.cumulative).toBe(1);
      const f = (code: string) => targetField(twelve.id, code);
      await setIndicatorTargets(
        s,
        pat,
        planId,
        { id: twelve.id, version: 1 },
        { [f('2018-19')]: '316', [f('2018-19-Q2')]: '150', reason: 'Profiled with the service.' },
        clock,
      );
      await upsertValue(
        s.db,
        { indicatorId: twelve.id, periodCode: '2018-19-Q1', actual: 85 },
        '2018-07-10T09:00:00Z',
      );
      await upsertValue(
        s.db,
        { indicatorId: twelve.id, periodCode: '2018-19-Q2', actual: 160 },
        '2018-10-10T09:00:00Z',
      );
      const rated = async (q: string) => {
        const card = await buildScorecard(
          s,
          periodFromCode(q),
          await s.db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow(),
        );
        return card.priorities
          .flatMap((p) => p.outcomes)
          .flatMap((o) => o.indicators)
          .find((i) => i.number === '12')!;
      };
      // Q1: no target of its own — the year's 316 spread evenly, 79 by the end of Q1.
      const q1 = await rated('2018-19-Q1');
      expect(q1.target).toBe('316');
      expect(q1.explanation).toMatch(/79/);
      // Q2: its own year-to-date target, 150 as written (not 150 × 2/4).
      const q2 = await rated('2018-19-Q2');
      expect(q2.target).toBe('150');
      expect(q2.explanation).toMatch(/150/);
      expect(q2.explanation).not.toMatch(/\b75\b/);
      expect(q2.rating).toBe('amber');
    });

    it('sets a directorate’s targets in one grid: all or nothing, each problem located by indicator and period, stale rows refused', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const grid = await targetsGrid(s, planId, 'SCS');
      expect(grid.directorate?.code).toBe('SCS');
      expect(grid.periods.map((p) => p.code)).toEqual([
        '2018-19',
        '2018-19-Q1',
        '2018-19-Q2',
        '2018-19-Q3',
        '2018-19-Q4',
      ]);
      const [a, b] = grid.rows;
      const body: Fields = {};
      for (const r of grid.rows) {
        body[`v-${r.indicator.id}`] = String(r.indicator.version);
        for (const p of r.periods) body[targetField(r.indicator.id, p.code)] = r.targets[p.code] ?? '';
      }
      const bad = await refusal(
        setDirectorateTargets(
          s,
          pat,
          planId,
          grid.directorate!.id,
          {
            ...body,
            [targetField(a!.indicator.id, '2018-19-Q1')]: '70',
            [targetField(b!.indicator.id, '2018-19-Q3')]: 'lots',
          },
          clock,
        ),
      );
      expect(bad.code).toBe('INVALID_INPUT');
      expect(Object.keys(bad.fields)).toEqual([targetField(b!.indicator.id, '2018-19-Q3')]);
      expect(bad.fields[targetField(b!.indicator.id, '2018-19-Q3')]).toMatch(
        new RegExp(`^Indicator ${b!.indicator.number}, Q3 2018-19: Cannot read "lots" as a target`),
      );
      // Nothing was saved, not even the good cell.
      expect((await targetsGrid(s, planId, 'SCS')).rows[0]!.targets['2018-19-Q1']).toBeUndefined();
      const before = await auditCount(s);
      const n = await setDirectorateTargets(
        s,
        pat,
        planId,
        grid.directorate!.id,
        {
          ...body,
          [targetField(a!.indicator.id, '2018-19-Q1')]: '70%',
          [targetField(b!.indicator.id, '2018-19-Q3')]: '12,000',
        },
        clock,
      );
      expect(n).toBe(2);
      const records = await s.db
        .selectFrom('audit_event')
        .selectAll()
        .where('id', '>', before)
        .orderBy('id')
        .execute();
      expect(records.filter((r) => r.action === 'target.set').map((r) => r.entity_id)).toEqual([
        String(a!.indicator.id),
        String(b!.indicator.id),
      ]);
      const now = await targetsGrid(s, planId, 'SCS');
      expect(now.rows[0]!.targets['2018-19-Q1']).toBe('70%');
      expect(now.rows[1]!.targets['2018-19-Q3']).toBe('12,000');
      // The same grid posted again with the old versions is stale for the two rows that moved on.
      const stale = await refusal(setDirectorateTargets(s, pat, planId, grid.directorate!.id, body, clock));
      expect(stale.code).toBe('CONFLICT');
      expect(Object.keys(stale.fields)).toEqual([
        targetField(a!.indicator.id, '2018-19'),
        targetField(b!.indicator.id, '2018-19'),
      ]);
    });

    it('moves an item up and down among its siblings, and says when it is already first', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const p1 = (await row(s, 'priority', planId, 'P1'))!;
      const p2 = (await row(s, 'priority', planId, 'P2'))!;
      const first = await refusal(
        moveItem(s, pat, planId, 'priority', { id: p1.id, version: 1 }, 'up', {}, clock),
      );
      expect(first.fields).toEqual({
        direction: 'Priority P1 is already first in the plan.',
      });
      await moveItem(s, pat, planId, 'priority', { id: p2.id, version: 1 }, 'up', {}, clock);
      const order = await s.db
        .selectFrom('priority')
        .select('code')
        .where('plan_id', '=', planId)
        .orderBy('position')
        .execute();
      expect(order.map((r) => r.code)).toEqual(['P2', 'P1', 'P3']);
      expect((await lastAudit(s)).action).toBe('priority.move');
      const noWay = await refusal(
        moveItem(s, pat, planId, 'priority', { id: p2.id, version: 2 }, 'sideways', {}, clock),
      );
      expect(noWay.fields.direction).toBe('Choose whether to move priority P2 up or down.');
    });

    it('retires in a draft: a continuing outcome is removed with its indicators and listed as retired with its reason and last rating; an introduced indicator is just removed', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan);
      const o13 = (await row(s, 'outcome', planId, 'O13'))!;
      const r = await retirementOf(s, planId, 'outcome', o13.id);
      expect(r.mode).toBe('remove');
      expect(r.continues).toBe(true);
      expect(r.reasonNeeded).toBe(true);
      expect(r.indicators.map((i) => i.number)).toEqual(['11', '12', '13']);
      const noReason = await refusal(
        retireItem(s, pat, planId, 'outcome', { id: o13.id, version: 1 }, {}, clock),
      );
      expect(noReason.fields).toEqual({
        reason: 'Enter why outcome O13 is being retired: the report lists it with this reason.',
      });
      const before = await auditCount(s);
      expect(
        await retireItem(
          s,
          pat,
          planId,
          'outcome',
          { id: o13.id, version: 1 },
          { reason: 'Merged into outcome O11.' },
          clock,
        ),
      ).toBe('remove');
      expect(await auditCount(s)).toBe(before + 1);
      expect(await row(s, 'outcome', planId, 'O13')).toBeUndefined();
      expect(await row(s, 'indicator', planId, '11')).toBeUndefined();
      const retired = await s.db
        .selectFrom('retired_measure')
        .selectAll()
        .where('plan_id', '=', planId)
        .execute();
      expect(retired).toHaveLength(1);
      expect(retired[0]).toMatchObject({
        kind: 'outcome',
        title: o13.title,
        directorate: 'CEF',
        reason: 'Merged into outcome O11.',
        last_reported: '2017-18',
      });
      expect(retired[0]!.indicator).toContain('Reduce the number of looked after children from 667');
      expect(retired[0]!.target).toBe('629; 316; 362');
      expect(['Green', 'Amber', 'Red']).toContain(retired[0]!.last_rating);
      const audit = await lastAudit(s);
      expect(audit.action).toBe('outcome.retire');
      expect(JSON.parse(audit.after!)).toEqual({
        removed: true,
        indicators: ['11', '12', '13'],
        listedAsRetired: true,
      });
      expect(audit.reason).toBe('Merged into outcome O11.');

      // An indicator introduced in this draft: removed, no reason needed, not listed.
      const o4 = (await row(s, 'outcome', planId, 'O4'))!;
      const id = await addIndicator(
        s,
        pat,
        planId,
        {
          outcome: String(o4.id),
          number: '90b',
          title: 'A trial measure',
          target: '-',
          changeReason: 'A trial.',
        },
        clock,
      );
      const trial = await retirementOf(s, planId, 'indicator', id);
      expect([trial.mode, trial.continues, trial.reasonNeeded]).toEqual(['remove', false, false]);
      await retireItem(s, pat, planId, 'indicator', { id, version: 1 }, {}, clock);
      expect(await row(s, 'indicator', planId, '90b')).toBeUndefined();
      expect(
        await s.db.selectFrom('retired_measure').selectAll().where('plan_id', '=', planId).execute(),
      ).toHaveLength(1);

      // A priority with outcomes stays; one without is removed.
      const p2 = (await row(s, 'priority', planId, 'P2'))!;
      const blocked = await retirementOf(s, planId, 'priority', p2.id);
      expect(blocked.mode).toBe('blocked');
      expect(blocked.blockedBecause).toMatch(
        /^Priority P2 still has \d+ outcomes: move them to another priority, or retire them, first/,
      );
      expect(
        (await refusal(retireItem(s, pat, planId, 'priority', { id: p2.id, version: 1 }, {}, clock))).code,
      ).toBe('CONFLICT');
      const p9 = await addPriority(s, pat, planId, { code: 'P9', title: 'Spare' }, clock);
      await retireItem(s, pat, planId, 'priority', { id: p9, version: 1 }, {}, clock);
      expect(await row(s, 'priority', planId, 'P9')).toBeUndefined();
      expect((await verifyAuditTrail(s)).ok).toBe(true);
    });

    it('retires in an approved plan: an indicator with figures is kept, marked retired today with the reason, and leaves later periods, scorecard and collection', async () => {
      const s = store();
      const planId = await newDraft(s, demoPlan, 'approved');
      const one = (await row(s, 'indicator', planId, '1'))!;
      await upsertValue(
        s.db,
        { indicatorId: one.id, periodCode: '2018-19-Q1', actual: 70 },
        '2018-07-10T09:00:00Z',
      );
      const r = await retirementOf(s, planId, 'indicator', one.id);
      expect([r.mode, r.reasonNeeded]).toEqual(['retire', true]);
      const noReason = await refusal(
        retireItem(s, pat, planId, 'indicator', { id: one.id, version: 1 }, {}, clock),
      );
      expect(noReason.fields).toEqual({
        reason:
          'This framework has been approved, so a change is a minor amendment: enter the reason for it.',
      });
      const retiredOn = clockAt('2018-08-15T09:00:00Z');
      await retireItem(
        s,
        pat,
        planId,
        'indicator',
        { id: one.id, version: 1 },
        { reason: 'The survey was stopped.' },
        retiredOn,
      );
      const kept = await s.db
        .selectFrom('indicator')
        .selectAll()
        .where('id', '=', one.id)
        .executeTakeFirstOrThrow();
      expect([kept.retired_on, kept.retired_reason]).toEqual(['2018-08-15', 'The survey was stopped.']);
      const amendment = await s.db
        .selectFrom('framework_amendment')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect([amendment.entity, amendment.ref, amendment.summary, amendment.reason]).toEqual([
        'indicator',
        'Indicator 1',
        'Retired',
        'The survey was stopped.',
      ]);
      const plan = await s.db
        .selectFrom('plan')
        .selectAll()
        .where('id', '=', planId)
        .executeTakeFirstOrThrow();
      const numbers = async (q: string) =>
        (await buildScorecard(s, periodFromCode(q), plan)).priorities
          .flatMap((p) => p.outcomes)
          .flatMap((o) => o.indicators)
          .map((i) => i.number);
      expect(await numbers('2018-19-Q1')).toContain('1');
      expect(await numbers('2018-19-Q2')).toContain('1'); // Q2 began before it was retired
      expect(await numbers('2018-19-Q3')).not.toContain('1');
      const round = await openRound(s, pat, { planId, period: 'Q3 2018-19', dueDate: '20/01/2019' }, clock);
      const rows = await roundRows(s, round);
      expect(rows.map((x) => x.indicator.number)).not.toContain('1');
      expect(rows.length).toBeGreaterThan(10);
      // Retired already: refused.
      expect(
        (
          await refusal(
            retireItem(s, pat, planId, 'indicator', { id: one.id, version: 2 }, { reason: 'Again.' }, clock),
          )
        ).code,
      ).toBe('CONFLICT');

      // An outcome with figures goes with its indicators, each kept and marked retired.
      const o14 = (await row(s, 'outcome', planId, 'O14'))!;
      const judged = await retirementOf(s, planId, 'outcome', o14.id);
      expect(judged.mode).toBe('retire');
      await retireItem(
        s,
        pat,
        planId,
        'outcome',
        { id: o14.id, version: 1 },
        { reason: 'Replaced by the new care outcome.' },
        retiredOn,
      );
      const under = await s.db
        .selectFrom('indicator')
        .select(['number', 'retired_on'])
        .where('outcome_id', '=', o14.id)
        .execute();
      expect(under.length).toBeGreaterThan(0);
      expect(under.every((i) => i.retired_on === '2018-08-15')).toBe(true);
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
