/**
 * Reminders in a collection round, pure: given the round, today's date and who still has work to do,
 * which emails are due today. Each has a key that names it exactly (kind, round, person, and the week
 * or day it is for), so the same reminder is never made twice: the outbox refuses a second row with a
 * key it already holds (see docs/adr/0004-reminders-outbox.md).
 *
 *   due-soon  owners with updates outstanding, once, from `remindDaysBefore` days before the due date
 *             until the day before it                                   due-soon:<round>:<user>
 *   overdue   owners still outstanding, from the day after the due date, then at most once every
 *             7 days while anything is outstanding                      overdue:<round>:<user>:<week>
 *   approval  approvers with submitted updates waiting in their directorate — not counting their
 *             own submissions, which someone else must approve — at most once a day
 *                                                                        approval:<round>:<user>:<date>
 *   digest    each member of the performance team, once a day while the round is open
 *                                                                        digest:<round>:<user>:<date>
 *
 * Nothing for a locked round; nothing to a deactivated account.
 */
import { daysBetween, STATE_LABEL, SUBMISSION_STATES, type SubmissionState } from './collection.js';
import { formatDate } from './dates.js';

export const REMINDER_KINDS = ['due-soon', 'overdue', 'approval', 'digest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Days between overdue reminders to the same person. */
export const OVERDUE_EVERY_DAYS = 7;

export interface ReminderRound {
  id: number;
  planTitle: string;
  /** e.g. "Q2 2017-18" */
  periodLabel: string;
  /** YYYY-MM-DD */
  dueDate: string;
  remindDaysBefore: number;
  locked: boolean;
}

export interface Recipient {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

export interface IndicatorLine {
  number: string;
  title: string;
  /** e.g. "Not started", "Returned" */
  stateLabel: string;
}

export interface OutstandingOwner extends Recipient {
  indicators: IndicatorLine[];
  /** YYYY-MM-DD of the last overdue reminder made for them in this round, if any. */
  lastOverdueOn?: string | null;
}

/** A submitted update in an approver's directorate. */
export interface SubmittedLine extends IndicatorLine {
  /** The account that submitted it, if known: nobody approves their own submission. */
  submittedBy: number | null;
}

export interface WaitingApprover extends Recipient {
  directorateName: string;
  /** Every submitted update in their directorate, their own included (see waitingFor). */
  indicators: SubmittedLine[];
}

/** The updates waiting for this approver to approve or return: their directorate's, not their own. */
export function waitingFor(approver: WaitingApprover): SubmittedLine[] {
  return approver.indicators.filter((i) => i.submittedBy !== approver.id);
}

export interface RoundSituation {
  round: ReminderRound;
  /** YYYY-MM-DD, the council's today */
  today: string;
  outstanding: OutstandingOwner[];
  approvers: WaitingApprover[];
  team: Recipient[];
  counts: Record<SubmissionState, number>;
  /** Indicators nobody is assigned to. */
  unassigned: number;
  links: {
    /** "Your updates" for the round, a full address. */
    yourUpdates: string;
    /** Updates waiting for approval. */
    approvals: string;
    /** The round's progress page. */
    round: string;
  };
}

export interface Reminder {
  key: string;
  kind: ReminderKind;
  roundId: number;
  userId: number;
  recipient: string;
  subject: string;
  body: string;
}

/** Which overdue week a day falls in: 0 for the 1st to 7th day after the due date, 1 for the 8th to 14th… */
export function overdueWeek(dueDate: string, today: string): number {
  return Math.floor((daysBetween(dueDate, today) - 1) / OVERDUE_EVERY_DAYS);
}

export const reminderKey = {
  dueSoon: (roundId: number, userId: number) => `due-soon:${roundId}:${userId}`,
  overdue: (roundId: number, userId: number, week: number) => `overdue:${roundId}:${userId}:${week}`,
  approval: (roundId: number, userId: number, date: string) => `approval:${roundId}:${userId}:${date}`,
  digest: (roundId: number, userId: number, date: string) => `digest:${roundId}:${userId}:${date}`,
};

/** The reminders due today for one round, in a stable order. */
export function dueReminders(s: RoundSituation): Reminder[] {
  const { round, today } = s;
  if (round.locked) return [];
  const out: Reminder[] = [];
  const toDue = daysBetween(today, round.dueDate);
  const make = (kind: ReminderKind, key: string, to: Recipient, subject: string, body: string) =>
    out.push({ key, kind, roundId: round.id, userId: to.id, recipient: to.email, subject, body });

  for (const owner of s.outstanding) {
    if (!owner.active || owner.indicators.length === 0) continue;
    if (toDue > 0 && toDue <= round.remindDaysBefore) {
      make('due-soon', reminderKey.dueSoon(round.id, owner.id), owner, ...dueSoonEmail(s, owner, toDue));
    } else if (toDue < 0) {
      const last = owner.lastOverdueOn ?? null;
      if (last !== null && daysBetween(last, today) < OVERDUE_EVERY_DAYS) continue;
      const week = overdueWeek(round.dueDate, today);
      make(
        'overdue',
        reminderKey.overdue(round.id, owner.id, week),
        owner,
        ...overdueEmail(s, owner, -toDue),
      );
    }
  }
  for (const approver of s.approvers) {
    const waiting = waitingFor(approver);
    if (!approver.active || waiting.length === 0) continue;
    make(
      'approval',
      reminderKey.approval(round.id, approver.id, today),
      approver,
      ...approvalEmail(s, approver, waiting),
    );
  }
  for (const member of s.team) {
    if (!member.active) continue;
    make('digest', reminderKey.digest(round.id, member.id, today), member, ...digestEmail(s, member));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The words

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const days = (n: number) => plural(n, 'day');

function indicatorList(lines: IndicatorLine[]): string {
  return lines.map((i) => `  - ${i.number}: ${i.title} (${i.stateLabel.toLowerCase()})`).join('\n');
}

const signOff = '\nThank you.\nCairn, for the performance team\n';

function dueSoonEmail(s: RoundSituation, owner: OutstandingOwner, toDue: number): [string, string] {
  const { round } = s;
  const due = formatDate(round.dueDate);
  const n = owner.indicators.length;
  const subject = `Reminder: your ${round.periodLabel} updates are due by ${due} (${plural(n, 'indicator')})`;
  const body = [
    `Dear ${owner.name},`,
    '',
    `Your updates for ${round.periodLabel} (${round.planTitle}) are due by ${due}, in ${days(toDue)}.`,
    '',
    `You have ${plural(n, 'indicator')} still to update:`,
    indicatorList(owner.indicators),
    '',
    'Enter your figures, commentary and outlook on "Your updates":',
    s.links.yourUpdates,
    signOff,
  ].join('\n');
  return [subject, body];
}

function overdueEmail(s: RoundSituation, owner: OutstandingOwner, late: number): [string, string] {
  const { round } = s;
  const due = formatDate(round.dueDate);
  const n = owner.indicators.length;
  const subject = `Overdue: your ${round.periodLabel} updates were due on ${due} (${plural(n, 'indicator')})`;
  const body = [
    `Dear ${owner.name},`,
    '',
    `Your updates for ${round.periodLabel} (${round.planTitle}) were due on ${due}, ${days(late)} ago.`,
    '',
    `${plural(n, 'indicator')} ${n === 1 ? 'is' : 'are'} still to be submitted:`,
    indicatorList(owner.indicators),
    '',
    'Please submit them as soon as you can on "Your updates":',
    s.links.yourUpdates,
    '',
    'If you cannot, tell the performance team why, so the report can say so.',
    signOff,
  ].join('\n');
  return [subject, body];
}

function approvalEmail(
  s: RoundSituation,
  approver: WaitingApprover,
  waiting: IndicatorLine[],
): [string, string] {
  const { round } = s;
  const n = waiting.length;
  const subject = `${plural(n, 'update')} waiting for your approval: ${round.periodLabel}`;
  const body = [
    `Dear ${approver.name},`,
    '',
    `${plural(n, 'update')} for ${approver.directorateName} in ${round.periodLabel} (${round.planTitle}) ${
      n === 1 ? 'has' : 'have'
    } been submitted and ${n === 1 ? 'is' : 'are'} waiting for you to approve or return:`,
    indicatorList(waiting),
    '',
    `Updates are due by ${formatDate(round.dueDate)}. Approve or return them here:`,
    s.links.approvals,
    signOff,
  ].join('\n');
  return [subject, body];
}

function digestEmail(s: RoundSituation, member: Recipient): [string, string] {
  const { round, today, counts } = s;
  const due = formatDate(round.dueDate);
  const total = SUBMISSION_STATES.reduce((n, st) => n + counts[st], 0);
  const toDue = daysBetween(today, round.dueDate);
  const late = toDue < 0;
  const people = s.outstanding.filter((o) => o.indicators.length > 0);
  const when =
    toDue > 0
      ? `are due by ${due}, in ${days(toDue)}`
      : toDue === 0
        ? `are due today, ${due}`
        : `were due on ${due}, ${days(-toDue)} ago`;
  const subject =
    `${round.periodLabel} collection: ${counts.approved} of ${total} approved` +
    (late && people.length ? `, ${plural(people.length, 'person', 'people')} late` : '');
  const lines = [
    `Dear ${member.name},`,
    '',
    `Updates for ${round.periodLabel} (${round.planTitle}) ${when}.`,
    '',
    'Indicators by state:',
    ...SUBMISSION_STATES.map((st) => `  ${STATE_LABEL[st]}: ${counts[st]}`),
  ];
  if (s.unassigned) lines.push(`  Nobody assigned: ${s.unassigned}`);
  lines.push('');
  if (people.length) {
    lines.push(late ? 'Late (updates not yet submitted):' : 'Still to submit:');
    for (const o of people)
      lines.push(
        `  - ${o.name}${o.active ? '' : ' (account deactivated)'}: ${plural(o.indicators.length, 'indicator')} (${o.indicators.map((i) => i.number).join(', ')})`,
      );
  } else lines.push('Every assigned update has been submitted.');
  const waiting = s.approvers.map((a) => ({ ...a, n: waitingFor(a).length })).filter((a) => a.n > 0);
  if (waiting.length) {
    lines.push('', 'Waiting for approval:');
    for (const a of waiting) lines.push(`  - ${a.name} (${a.directorateName}): ${plural(a.n, 'update')}`);
  }
  lines.push('', 'The round:', s.links.round, signOff);
  return [subject, lines.join('\n')];
}
