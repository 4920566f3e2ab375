/**
 * The reminder emails, for the performance team and administrators ('run-collection'): a round's
 * reminders (from the round's progress page) and the reminders about improvement-plan actions (from
 * the collection page), each filtered by state and recipient with a GET form, a page at a time; one
 * reminder with the text the person received; and "Send again" for one given up on
 * (app/collection/reminder-log.ts). Nothing here is cached: the worker changes these tables without
 * moving the data version.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  listReminders,
  reminderDetail,
  sendReminderAgain,
  type ReminderRef,
} from '../../../app/collection/reminder-log.js';
import { getRound } from '../../../app/collection/rounds.js';
import { userActor } from '../../../app/audit.js';
import { improvementPlan, improvementPlans } from '../../../app/collection/reading.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import { readReminderFilters, reminderDetailView, reminderListView } from './reminder-presenter.js';
import { requireId } from '../../params.js';
import { errorSummary } from '../../error-summary.js';

const RUN = { config: { access: 'run-collection' as const } };

type Query = { Querystring: Record<string, unknown> };
type RoundParams = { Params: { roundId: string } };
type ReminderParams = { Params: { roundId?: string; reminderId: string } };

const idOf = (text: string | undefined, what: string) => requireId(text, `There is no such ${what}.`);

export function reminderRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;

  // A round's reminders
  app.get<RoundParams & Query>(routePatterns.roundReminders, RUN, async (req, reply) => {
    const round = await getRound(store, idOf(req.params.roundId, 'round'));
    const filters = readReminderFilters(req.query);
    const list = await listReminders(store, 'reminder', { ...filters, about: round.id }, clock);
    return reply.render('collection/reminders.njk', {
      pageTitle: `Email reminders for ${round.periodLabel}`,
      caption: `${round.periodLabel} collection — ${round.planTitle}`,
      heading: 'Email reminders',
      intro:
        'The reminders Cairn’s reminder worker has made for this round: to data owners before the due date and when late, to approvers with updates waiting, and the performance team’s daily summary.',
      action: paths.roundReminders(round.id),
      ...reminderListView(
        list,
        filters,
        (f) => paths.roundReminders(round.id, f),
        (r) => paths.roundReminder(round.id, r.id),
        round.locked,
      ),
      locked: round.locked,
      back: { href: paths.round(round.id), text: `Back to the ${round.periodLabel} round` },
    });
  });

  // Reminders about improvement-plan actions
  app.get<Query>(paths.actionReminders(), RUN, async (req, reply) => {
    const filters = readReminderFilters(req.query);
    const plans = await improvementPlans(store);
    const plan = plans.find((p) => p.id === filters.plan);
    const chosen = { ...filters, plan: plan?.id };
    const list = await listReminders(store, 'action_reminder', { ...chosen, about: plan?.id }, clock);
    return reply.render('collection/reminders.njk', {
      pageTitle: 'Email reminders about improvement plan actions',
      caption: 'Improvement plan actions',
      heading: 'Email reminders about actions',
      intro:
        'The reminders Cairn’s reminder worker has made about improvement plan actions: to owners whose actions need an update before a progress review, and to approvers with action updates waiting (those are about every plan, so they are listed under “All plans”).',
      action: paths.actionReminders(),
      planOptions: plans.map((p) => ({ value: String(p.id), text: p.title, selected: p.id === plan?.id })),
      ...reminderListView(list, chosen, paths.actionReminders, (r) => paths.actionReminder(r.id), false),
      back: { href: paths.collection(), text: 'Back to collection' },
    });
  });

  async function detailPage(
    req: FastifyRequest<ReminderParams & Query>,
    reply: FastifyReply,
    ref: ReminderRef,
    problem: string | null = null,
  ) {
    const r = await reminderDetail(store, ref, clock);
    let about = null;
    let back;
    let sendAgain;
    if (ref.table === 'reminder') {
      const round = await getRound(store, ref.about!);
      about = {
        label: 'Round',
        text: `${round.periodLabel} — ${round.planTitle}`,
        href: paths.round(round.id),
      };
      back = { href: paths.roundReminders(round.id), text: `Back to the ${round.periodLabel} reminders` };
      sendAgain = paths.roundReminderSendAgain(round.id, r.id);
    } else {
      const plan = r.about === null ? undefined : await improvementPlan(store, r.about);
      about = plan
        ? { label: 'Plan', text: plan.title, href: paths.improvementPlan(plan.id) }
        : { label: 'Plan', text: 'Every plan (an approver’s daily email)', href: '' };
      back = { href: paths.actionReminders(), text: 'Back to the reminders about actions' };
      sendAgain = paths.actionReminderSendAgain(r.id);
    }
    return reply.code(problem ? 409 : 200).render('collection/reminder.njk', {
      pageTitle: `${problem ? 'Error: ' : ''}Reminder: ${r.subject}`,
      ...reminderDetailView(r, about),
      sentAgain: !problem && req.query['sent-again'] === 'yes',
      errors: errorSummary(problem ? [{ message: problem }] : [], { fallbackHref: '#send-again-problem' })
        .errorList,
      sendAgain,
      back,
    });
  }

  const roundRef = (p: ReminderParams['Params']): ReminderRef => ({
    table: 'reminder',
    id: idOf(p.reminderId, 'reminder'),
    about: idOf(p.roundId, 'round'),
  });
  const actionRef = (p: ReminderParams['Params']): ReminderRef => ({
    table: 'action_reminder',
    id: idOf(p.reminderId, 'reminder'),
  });

  async function sendAgain(
    req: FastifyRequest<ReminderParams & Query>,
    reply: FastifyReply,
    ref: ReminderRef,
  ) {
    const r = await sendReminderAgain(store, userActor(req.session!.user), ref, clock);
    if (!r.ok) return detailPage(req, reply, ref, r.message);
    const done = { 'sent-again': 'yes' } as const;
    return reply.redirect(
      ref.table === 'reminder'
        ? paths.roundReminder(ref.about!, ref.id, done)
        : paths.actionReminder(ref.id, done),
      303,
    );
  }

  app.get<ReminderParams & Query>(routePatterns.roundReminder, RUN, async (req, reply) =>
    detailPage(req, reply, roundRef(req.params)),
  );
  app.post<ReminderParams & Query>(routePatterns.roundReminderSendAgain, RUN, async (req, reply) =>
    sendAgain(req, reply, roundRef(req.params)),
  );
  app.get<ReminderParams & Query>(routePatterns.actionReminder, RUN, async (req, reply) =>
    detailPage(req, reply, actionRef(req.params)),
  );
  app.post<ReminderParams & Query>(routePatterns.actionReminderSendAgain, RUN, async (req, reply) =>
    sendAgain(req, reply, actionRef(req.params)),
  );
}
