import { describe, expect, it } from 'vitest';
import {
  beingSentByAnother,
  kindLabel,
  MAX_ATTEMPTS,
  plainError,
  sendAgainRefusal,
  type OutboxRow,
} from './reminder-outbox.js';

const now = new Date('2017-10-17T09:00:00Z');
const unsent = (lastError: string | null) => plainError({ sentAt: null, lastError }, now);

describe('the reminder outbox in words', () => {
  it('names every kind of reminder, and leaves an unknown one as it is', () => {
    expect(
      ['due-soon', 'overdue', 'approval', 'digest', 'action-due', 'action-approval', 'test'].map(kindLabel),
    ).toEqual([
      'Due soon',
      'Overdue',
      'Waiting for approval',
      'Daily summary',
      'Action update due',
      'Action updates waiting',
      'test',
    ]);
  });

  it('says what went wrong plainly, keeping the mail server’s own words', () => {
    expect(unsent('connect ECONNREFUSED 127.0.0.1:25')!.summary).toMatch(/could not reach the email server/);
    expect(unsent('getaddrinfo ENOTFOUND mail.council.example')!.summary).toMatch(/could not reach/);
    expect(unsent('Greeting never received')!.summary).toMatch(/could not reach/);
    expect(unsent('Invalid login: 535 5.7.8 Authentication failed')!.summary).toMatch(
      /did not accept Cairn’s user name or password/,
    );
    const refused = unsent(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <olive@council.example>: Recipient address rejected",
    )!;
    expect(refused.summary).toBe(
      'The email server refused the address it was sent to. Check the person’s email address.',
    );
    expect(refused.detail).toContain('550 5.1.1 <olive@council.example>');
    expect(unsent('Mail command failed: 553 5.7.1 Sender address rejected')!.summary).toMatch(/MAIL_FROM/);
    expect(unsent('Message failed: 451 Mailbox busy, try again later')!.summary).toMatch(/temporary problem/);
    expect(unsent('Message failed: 554 5.7.1 Message rejected as spam')!.summary).toBe(
      'The email server refused the email.',
    );
    expect(unsent('Something odd')).toEqual({
      summary: 'The email could not be sent.',
      detail: 'Something odd',
    });
  });

  it('has nothing to say of a sent reminder, one never tried, or one a worker is sending now', () => {
    expect(plainError({ sentAt: '2017-10-17T08:00:00Z', lastError: 'ECONNREFUSED' }, now)).toBeNull();
    expect(unsent(null)).toBeNull();
    expect(unsent('sending since 2017-10-17T08:55:00.000Z')).toBeNull();
    // A claim older than the lease: the worker stopped while sending.
    expect(unsent('sending since 2017-10-17T08:45:00.000Z')).toEqual({
      summary: expect.stringMatching(/not known whether it arrived/),
      detail: null,
    });
    expect(beingSentByAnother('sending since 2017-10-17T08:55:00.000Z', now)).toBe(true);
    expect(beingSentByAnother('sending since 2017-10-17T08:45:00.000Z', now)).toBe(false);
    expect(beingSentByAnother('sending since yesterday', now)).toBe(false);
  });

  it('sends again only a reminder that was given up on', () => {
    const row = (over: Partial<OutboxRow>): OutboxRow => ({
      state: 'failed',
      sentAt: null,
      attempts: MAX_ATTEMPTS,
      lastError: 'connect ECONNREFUSED 127.0.0.1:25',
      recipientActive: true,
      ...over,
    });
    expect(sendAgainRefusal(row({}), now)).toBeNull();
    expect(
      sendAgainRefusal(row({ state: 'sent', sentAt: '2017-10-17T08:00:00Z', lastError: null }), now),
    ).toBe('This reminder has already been sent, so it is not sent again.');
    expect(sendAgainRefusal(row({ state: 'waiting', attempts: 2 }), now)).toMatch(/has not been given up on/);
    expect(sendAgainRefusal(row({ state: 'held' }), now)).toMatch(/round was locked/);
    expect(sendAgainRefusal(row({ state: 'held', recipientActive: false }), now)).toMatch(
      /account was closed/,
    );
    expect(sendAgainRefusal(row({ lastError: 'sending since 2017-10-17T08:58:00.000Z' }), now)).toBe(
      'This reminder is being sent now.',
    );
    // The last attempt's claim lapsed (the worker stopped mid-send): it may be sent again.
    expect(sendAgainRefusal(row({ lastError: 'sending since 2017-10-17T08:00:00.000Z' }), now)).toBeNull();
  });
});
