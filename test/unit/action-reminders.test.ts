import { describe, expect, it } from 'vitest';
import { dueActionReminders, type ActionSituation } from '../../src/domain/action-reminders.js';

const owner = { id: 7, name: 'Olive', email: 'olive@council.example', active: true };
const situation = (today: string, lastUpdateOn: string | null, active = true): ActionSituation => ({
  today,
  plans: [
    {
      id: 3,
      title: 'Peer challenge plan',
      reviews: [
        { id: 1, title: 'Autumn review', date: '2030-02-01' },
        { id: 2, title: 'Spring review', date: '2030-03-15' },
      ],
      owners: [{ ...owner, active, actions: [{ code: 'A1', title: 'Train staff', lastUpdateOn }] }],
    },
  ],
  approvers: [],
  links: { yourUpdates: 'https://x/collection', actionApprovals: 'https://x/collection/action-approvals' },
});

describe('action reminders', () => {
  it('reminds an owner with no update since the last review, from 7 days before the next', () => {
    expect(dueActionReminders(situation('2030-03-07', '2030-01-20'))).toEqual([]);
    const [r] = dueActionReminders(situation('2030-03-08', '2030-01-20'));
    expect(r).toMatchObject({ key: 'action-due:3:2:7', kind: 'action-due', recipient: owner.email });
    expect(r!.body).toContain('A1 Train staff');
    expect(r!.body).toContain('in 7 days');
    expect(dueActionReminders(situation('2030-03-14', null))).toHaveLength(1);
  });

  it('does not remind an owner who has updated since the last review, nor a deactivated one', () => {
    expect(dueActionReminders(situation('2030-03-10', '2030-02-01'))).toEqual([]);
    expect(dueActionReminders(situation('2030-03-10', null, false))).toEqual([]);
    // On the review day itself the next review is the following one (there is none).
    expect(dueActionReminders(situation('2030-03-15', null))).toEqual([]);
  });

  it('tells an approver with updates waiting once a day', () => {
    const s: ActionSituation = {
      ...situation('2030-03-01', '2030-02-10'),
      approvers: [{ ...owner, id: 9, waiting: [{ plan: 'Peer challenge plan', action: 'A1 Train staff' }] }],
    };
    expect(dueActionReminders(s)).toEqual([
      expect.objectContaining({
        key: 'action-approval:9:2030-03-01',
        subject: '1 action update waiting for your approval',
      }),
    ]);
  });
});
