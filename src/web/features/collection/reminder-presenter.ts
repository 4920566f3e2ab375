/**
 * View data for the reminder email pages (reminder-routes.ts): the filters read from the address, the
 * table of reminders, and one reminder with its text.
 */
import type { ReminderDetail, ReminderPage, ReminderSummary } from '../../../app/collection/reminder-log.js';
import {
  heldReason,
  isOutboxState,
  MAX_ATTEMPTS,
  OUTBOX_STATE_LABEL,
  OUTBOX_STATES,
  type OutboxState,
} from '../../../domain/reminder-outbox.js';
import type { ReminderFilters } from '../../paths.js';
import { readId } from '../../params.js';

/** The filters as read from the query string: unknown values are left out. */
export interface ReadFilters {
  state?: OutboxState;
  recipient?: string;
  page: number;
  plan?: number;
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function readReminderFilters(q: Record<string, unknown>): ReadFilters {
  const state = text(q.state, 20);
  const page = Number(text(q.page, 9));
  const plan = text(q.plan, 9);
  return {
    state: isOutboxState(state) ? state : undefined,
    recipient: text(q.recipient, 200) || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    plan: readId(plan),
  };
}

/** GOV.UK tag colours per state; the word is always shown, so colour is never alone. */
const STATE_TAG: Record<OutboxState, string> = {
  sent: 'govuk-tag--green',
  waiting: 'govuk-tag--blue',
  failed: 'govuk-tag--red',
  held: 'govuk-tag--grey',
};

/** Date and time in the UK, e.g. "17 October 2017 at 10:00". */
export function ukDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  const time = d.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
  return `${day} at ${time}`;
}

/**
 * A sentence beside the state tag: why it waits, failed or will not be sent — with what went wrong,
 * unless the page says that itself (`withError` false).
 */
export function stateNote(r: ReminderSummary, withError = true): string {
  const error = withError && r.error ? ` ${r.error.summary}` : '';
  if (r.state === 'sent') return '';
  if (r.beingSent) return 'Being sent now.';
  if (r.state === 'held') return heldReason(r);
  if (r.state === 'failed') return `Given up after ${r.attempts} attempts.${error}`;
  if (r.attempts === 0) return 'Not tried yet: the worker sends it on its next pass.';
  return `Tried ${r.attempts} ${r.attempts === 1 ? 'time' : 'times'} of ${MAX_ATTEMPTS}; tried again on the next pass.${error}`;
}

export const reminderStateTag = (state: OutboxState) => ({
  text: OUTBOX_STATE_LABEL[state],
  classes: STATE_TAG[state],
});

function row(r: ReminderSummary, href: string) {
  return {
    href,
    kind: r.kindLabel,
    name: r.name ?? 'Account removed',
    email: r.email,
    subject: r.subject,
    queued: ukDateTime(r.queuedAt),
    sent: r.sentAt ? ukDateTime(r.sentAt) : 'Not sent',
    attempts: r.attempts,
    state: reminderStateTag(r.state),
    note: stateNote(r),
  };
}

/** The list: filter form, counts, rows and pages. `url` builds this list's address with other filters. */
export function reminderListView(
  list: ReminderPage,
  filters: ReadFilters,
  url: (f: ReminderFilters) => string,
  hrefOf: (r: ReminderSummary) => string,
  showHeld: boolean,
) {
  const current: ReminderFilters = {
    state: filters.state,
    recipient: filters.recipient,
    plan: filters.plan,
  };
  const total = OUTBOX_STATES.reduce((n, s) => n + list.counts[s], 0);
  const from = list.matching ? (list.page - 1) * list.pageSize + 1 : 0;
  const to = Math.min(list.page * list.pageSize, list.matching);
  return {
    rows: list.reminders.map((r) => row(r, hrefOf(r))),
    stateOptions: OUTBOX_STATES.filter((s) => s !== 'held' || showHeld || list.counts.held > 0).map((s) => ({
      value: s,
      text: `${OUTBOX_STATE_LABEL[s]} (${list.counts[s]})`,
      selected: s === filters.state,
    })),
    counts: OUTBOX_STATES.filter((s) => s !== 'held' || list.counts.held > 0).map((s) => ({
      label: OUTBOX_STATE_LABEL[s],
      count: list.counts[s],
      href: url({ ...current, state: s }),
      current: s === filters.state,
    })),
    total,
    recipient: filters.recipient ?? '',
    filtered: Boolean(filters.state || filters.recipient || filters.plan),
    clearUrl: url({}),
    status: list.matching
      ? `Showing ${from} to ${to} of ${list.matching} ${list.matching === 1 ? 'reminder' : 'reminders'}.`
      : filters.state || filters.recipient
        ? 'No reminders match. Clear the filters to see them all.'
        : 'No reminders have been made yet.',
    pagination:
      list.pages > 1
        ? {
            previous:
              list.page > 1
                ? {
                    href: url({ ...current, page: list.page - 1 }),
                    labelText: `Page ${list.page - 1} of ${list.pages}`,
                  }
                : undefined,
            next:
              list.page < list.pages
                ? {
                    href: url({ ...current, page: list.page + 1 }),
                    labelText: `Page ${list.page + 1} of ${list.pages}`,
                  }
                : undefined,
          }
        : null,
  };
}

/** One reminder: its details as GOV.UK summary list rows, its text, and its history. */
export function reminderDetailView(
  r: ReminderDetail,
  about: { label: string; text: string; href: string } | null,
) {
  const rows: { key: { text: string }; value: { text?: string; html?: string } }[] = [
    { key: { text: 'Kind' }, value: { text: r.kindLabel } },
    { key: { text: 'To' }, value: { text: `${r.name ?? 'Account removed'} (${r.email})` } },
    { key: { text: 'Queued' }, value: { text: ukDateTime(r.queuedAt) } },
    { key: { text: 'Sent' }, value: { text: r.sentAt ? ukDateTime(r.sentAt) : 'Not sent' } },
    { key: { text: 'Attempts' }, value: { text: `${r.attempts} of ${MAX_ATTEMPTS}` } },
  ];
  if (r.error) {
    rows.push({ key: { text: 'What went wrong' }, value: { text: r.error.summary } });
    if (r.error.detail)
      rows.push({ key: { text: 'The email server said' }, value: { text: r.error.detail } });
  }
  return {
    rows,
    about,
    state: reminderStateTag(r.state),
    note: stateNote(r, false),
    subject: r.subject,
    body: r.body,
    canSendAgain: r.sendAgainRefusal === null,
    history: r.history.map((h) => ({
      text: `${h.action === 'reminder.send-again' ? 'Sent again' : h.action} by ${h.actorName}, ${ukDateTime(h.at)}`,
    })),
  };
}
