import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from './collection.js';
import {
  dueReminders,
  overdueWeek,
  type OutstandingOwner,
  type Recipient,
  type Reminder,
  type RoundSituation,
  type WaitingApprover,
} from './reminders.js';

const olive: OutstandingOwner = {
  id: 11,
  name: 'Olive Owen',
  email: 'olive@example.org',
  active: true,
  indicators: [
    { number: '7', title: 'Increase reablement hours', stateLabel: 'Not started' },
    { number: '8', title: 'Co-production products', stateLabel: 'Returned' },
  ],
};
const oscar: OutstandingOwner = {
  id: 12,
  name: 'Oscar Ode',
  email: 'oscar@example.org',
  active: false,
  indicators: [{ number: '9', title: 'Persistent absence', stateLabel: 'In progress' }],
};
const ann: WaitingApprover = {
  id: 21,
  name: 'Ann Approver',
  email: 'ann@example.org',
  active: true,
  directorateName: 'Social & Community Services',
  indicators: [{ number: '1', title: 'User satisfaction', stateLabel: 'Submitted', submittedBy: 13 }],
};
const pat: Recipient = { id: 31, name: 'Pat Perf', email: 'pat@example.org', active: true };

function situation(today: string, over: Partial<RoundSituation> = {}): RoundSituation {
  return {
    round: {
      id: 3,
      planTitle: 'Corporate Plan 2017-18',
      periodLabel: 'Q2 2017-18',
      dueDate: '2017-10-20',
      remindDaysBefore: 5,
      locked: false,
    },
    today,
    outstanding: [olive, oscar],
    approvers: [ann],
    team: [pat],
    counts: { 'not-started': 40, 'in-progress': 3, submitted: 1, returned: 1, approved: 5 },
    unassigned: 44,
    links: {
      yourUpdates: 'https://cairn.example/collection/rounds/3/updates',
      approvals: 'https://cairn.example/collection/rounds/3/approvals',
      round: 'https://cairn.example/collection/rounds/3',
    },
    ...over,
  };
}

const keys = (rs: Reminder[]) => rs.map((r) => r.key);

describe('reminders due today', () => {
  it('before the reminder window: only the approval and the digest', () => {
    expect(keys(dueReminders(situation('2017-10-14')))).toEqual([
      'approval:3:21:2017-10-14',
      'digest:3:31:2017-10-14',
    ]);
  });

  it('in the window: due-soon to active owners with work, naming the period, date, indicators and link', () => {
    const rs = dueReminders(situation('2017-10-17'));
    expect(keys(rs)).toEqual(['due-soon:3:11', 'approval:3:21:2017-10-17', 'digest:3:31:2017-10-17']);
    const due = rs[0]!;
    expect(due.recipient).toBe('olive@example.org');
    expect(due.subject).toBe('Reminder: your Q2 2017-18 updates are due by 20 October 2017 (2 indicators)');
    expect(due.body).toContain('Dear Olive Owen,');
    expect(due.body).toContain('are due by 20 October 2017, in 3 days.');
    expect(due.body).toContain('  - 7: Increase reablement hours (not started)');
    expect(due.body).toContain('  - 8: Co-production products (returned)');
    expect(due.body).toContain('https://cairn.example/collection/rounds/3/updates');
    const approval = rs[1]!;
    expect(approval.subject).toBe('1 update waiting for your approval: Q2 2017-18');
    expect(approval.body).toContain('1 update for Social & Community Services in Q2 2017-18');
    expect(approval.body).toContain('  - 1: User satisfaction (submitted)');
    expect(approval.body).toContain('https://cairn.example/collection/rounds/3/approvals');
    const digest = rs[2]!;
    expect(digest.subject).toBe('Q2 2017-18 collection: 5 of 50 approved');
    expect(digest.body).toContain('  Not started: 40');
    expect(digest.body).toContain('  Nobody assigned: 44');
    expect(digest.body).toContain('Still to submit:\n  - Olive Owen: 2 indicators (7, 8)');
    expect(digest.body).toContain('  - Ann Approver (Social & Community Services): 1 update');
  });

  it('nothing for owners on the due date itself; overdue from the day after, then weekly', () => {
    expect(keys(dueReminders(situation('2017-10-20')))).not.toContain('due-soon:3:11');
    const day1 = dueReminders(situation('2017-10-21'));
    expect(keys(day1)[0]).toBe('overdue:3:11:0');
    expect(day1[0]!.subject).toBe(
      'Overdue: your Q2 2017-18 updates were due on 20 October 2017 (2 indicators)',
    );
    expect(day1[0]!.body).toContain('were due on 20 October 2017, 1 day ago.');
    const digest = day1.find((r) => r.kind === 'digest')!;
    expect(digest.subject).toBe('Q2 2017-18 collection: 5 of 50 approved, 2 people late');
    expect(digest.body).toContain(
      'Late (updates not yet submitted):\n  - Olive Owen: 2 indicators (7, 8)\n  - Oscar Ode (account deactivated): 1 indicator (9)',
    );
    // Sent on the 21st: nothing more until 7 days have passed, then the next week's.
    const after = (today: string) =>
      keys(dueReminders(situation(today, { outstanding: [{ ...olive, lastOverdueOn: '2017-10-21' }] })));
    expect(after('2017-10-27').filter((k) => k.startsWith('overdue'))).toEqual([]);
    expect(after('2017-10-28').filter((k) => k.startsWith('overdue'))).toEqual(['overdue:3:11:1']);
  });

  it('an approver is not asked to approve their own submissions, nor are they counted', () => {
    const own = { number: '2', title: 'Own measure', stateLabel: 'Submitted', submittedBy: ann.id };
    const mixed = dueReminders(
      situation('2017-10-17', { approvers: [{ ...ann, indicators: [...ann.indicators, own] }] }),
    );
    const approval = mixed.find((r) => r.kind === 'approval')!;
    expect(approval.subject).toBe('1 update waiting for your approval: Q2 2017-18');
    expect(approval.body).toContain(
      '1 update for Social & Community Services in Q2 2017-18 (Corporate Plan 2017-18) has been',
    );
    expect(approval.body).toContain('  - 1: User satisfaction (submitted)');
    expect(approval.body).not.toContain('Own measure');
    const digest = mixed.find((r) => r.kind === 'digest')!;
    expect(digest.body).toContain('  - Ann Approver (Social & Community Services): 1 update\n');

    // Only their own waiting: no approval email, and the digest does not say anything waits for them.
    const onlyOwn = dueReminders(situation('2017-10-17', { approvers: [{ ...ann, indicators: [own] }] }));
    expect(keys(onlyOwn)).toEqual(['due-soon:3:11', 'digest:3:31:2017-10-17']);
    expect(onlyOwn.find((r) => r.kind === 'digest')!.body).not.toContain('Waiting for approval');
  });

  it('a locked round sends nothing', () => {
    const s = situation('2017-10-17');
    expect(dueReminders({ ...s, round: { ...s.round, locked: true } })).toEqual([]);
  });

  it('no due-soon when remind_days_before is 0', () => {
    const s = situation('2017-10-19');
    expect(keys(dueReminders({ ...s, round: { ...s.round, remindDaysBefore: 0 } }))).not.toContain(
      'due-soon:3:11',
    );
  });

  it('overdue weeks', () => {
    expect(overdueWeek('2017-10-20', '2017-10-21')).toBe(0);
    expect(overdueWeek('2017-10-20', '2017-10-27')).toBe(0);
    expect(overdueWeek('2017-10-20', '2017-10-28')).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties: simulate a worker running on some days of a round, with an outbox that refuses keys it
// already holds, and check what each person receives.

const isoDay = (base: string, offset: number) =>
  new Date(Date.parse(base) + offset * 86_400_000).toISOString().slice(0, 10);

const person = fc.record({
  id: fc.integer({ min: 1, max: 30 }),
  active: fc.boolean(),
  work: fc.integer({ min: 0, max: 3 }),
  /** How many of the updates waiting in their directorate they submitted themselves. */
  own: fc.integer({ min: 0, max: 3 }),
});

describe('reminder properties', () => {
  it('keys are unique, recipients active, nothing when locked, and each person is reminded no more than the rules allow', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(person, { selector: (p) => p.id, maxLength: 6 }),
        fc.integer({ min: 0, max: 20 }),
        fc.subarray([...Array(70).keys()].map((d) => d - 25)),
        fc.boolean(),
        (people, remind, runDays, locked) => {
          const dueDate = '2017-10-20';
          const outbox = new Map<string, { day: string; r: Reminder }>();
          const lastOverdue = new Map<number, string>();
          for (const offset of runDays) {
            const today = isoDay(dueDate, offset);
            const toRecipient = (p: (typeof people)[number]) => ({
              id: p.id,
              name: `P${p.id}`,
              email: `p${p.id}@example.org`,
              active: p.active,
            });
            const lines = (n: number) =>
              Array.from({ length: n }, (_, i) => ({
                number: String(i + 1),
                title: 't',
                stateLabel: 'Not started',
              }));
            const submitted = (p: (typeof people)[number]) =>
              lines(p.work).map((l, i) => ({ ...l, submittedBy: i < p.own ? p.id : p.id + 100 }));
            const s = situation(today, {
              round: { ...situation(today).round, remindDaysBefore: remind, locked },
              outstanding: people.map((p) => ({
                ...toRecipient(p),
                indicators: lines(p.work),
                lastOverdueOn: lastOverdue.get(p.id) ?? null,
              })),
              approvers: people.map((p) => ({
                ...toRecipient(p),
                directorateName: 'D',
                indicators: submitted(p),
              })),
              team: people.map(toRecipient),
            });
            const made = dueReminders(s);
            expect(new Set(keys(made)).size).toBe(made.length);
            if (locked) expect(made).toEqual([]);
            for (const p of people) {
              const others = Math.max(p.work - p.own, 0);
              const approval = made.find((r) => r.kind === 'approval' && r.userId === p.id);
              if (locked || !p.active || others === 0) expect(approval).toBeUndefined();
              else expect(approval?.subject).toMatch(new RegExp(`^${others} updates? waiting`));
            }
            for (const r of made) {
              const p = people.find((x) => x.id === r.userId)!;
              expect(p.active).toBe(true);
              if (r.kind !== 'digest') expect(p.work).toBeGreaterThan(0);
              if (r.kind === 'due-soon') {
                const toDue = daysBetween(today, dueDate);
                expect(toDue).toBeGreaterThan(0);
                expect(toDue).toBeLessThanOrEqual(remind);
              }
              if (r.kind === 'overdue') expect(today > dueDate).toBe(true);
              if (outbox.has(r.key)) continue; // the outbox keeps the first
              outbox.set(r.key, { day: today, r });
              if (r.kind === 'overdue') lastOverdue.set(r.userId, today);
            }
          }
          const sent = [...outbox.values()];
          for (const p of people) {
            const mine = (kind: string) => sent.filter((x) => x.r.userId === p.id && x.r.kind === kind);
            expect(mine('due-soon').length).toBeLessThanOrEqual(1);
            const overdueDays = mine('overdue')
              .map((x) => x.day)
              .sort();
            for (let i = 1; i < overdueDays.length; i++)
              expect(daysBetween(overdueDays[i - 1]!, overdueDays[i]!)).toBeGreaterThanOrEqual(7);
            for (const kind of ['approval', 'digest']) {
              const ds = mine(kind).map((x) => x.day);
              expect(new Set(ds).size).toBe(ds.length);
            }
          }
        },
      ),
    );
  });

  it('is deterministic', () => {
    expect(dueReminders(situation('2017-10-24'))).toEqual(dueReminders(situation('2017-10-24')));
  });
});
