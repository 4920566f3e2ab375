/**
 * Changing the framework in the app (issue 12), for the performance team and administrators
 * ('manage-framework'): adding and changing priorities, outcomes and indicators on forms filled in with
 * what is saved (each carrying the version it was read at: a change someone else saved meanwhile is
 * refused, 409, and the form shows what they saved), moving them up or down, retiring them after a
 * confirmation page that says what will happen, and setting targets per period — one indicator's on
 * its targets page, or a directorate's in one grid. Every save goes back to the framework page with
 * what was done.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { CairnError } from '../../../app/errors.js';
import {
  addIndicator,
  addOutcome,
  addPriority,
  changeIndicator,
  changeOutcome,
  changePriority,
  changeQuestion,
  editablePlan,
  frameworkLists,
  indicatorOf,
  moveItem,
  outcomeOf,
  priorityOf,
  retireItem,
  retirementOf,
  setDirectorateTargets,
  setIndicatorTargets,
  targetField,
  targetPeriods,
  targetsGrid,
  yearTarget,
  type EditablePlan,
  type Fields,
  type FrameworkLists,
  type ItemKind,
  type TargetPeriod,
} from '../../../app/framework-items.js';
import { tryParseTarget, targetValueSummary } from '../../../domain/targets.js';
import type { Polarity } from '../../../domain/vocabulary.js';
import { form, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary, type ErrorSummaryItem } from '../../error-summary.js';
import {
  formBody,
  formView,
  problemsOf,
  problemStatus,
  refusedWhole,
  savedNow,
  type Field,
  type Values,
} from '../../forms.js';
import { readId, requireId } from '../../params.js';
import { paths, query } from '../../paths.js';
import {
  indicatorFields,
  indicatorValues,
  moveFields,
  newIndicatorValues,
  outcomeFields,
  outcomeValues,
  priorityFields,
  priorityValues,
  reasonFields,
} from './item-forms.js';

const FW = '/plans/:planId/framework';

/** The route patterns of these pages; paths.ts builds their addresses (a test checks they agree). */
export const FRAMEWORK_EDIT_ROUTES = {
  newPriority: `${FW}/priorities/new`,
  editPriority: `${FW}/priorities/:priorityId/edit`,
  retirePriority: `${FW}/priorities/:priorityId/retire`,
  movePriority: `${FW}/priorities/:priorityId/move`,
  newOutcome: `${FW}/outcomes/new`,
  editOutcome: `${FW}/outcomes/:outcomeId/edit`,
  retireOutcome: `${FW}/outcomes/:outcomeId/retire`,
  moveOutcome: `${FW}/outcomes/:outcomeId/move`,
  newIndicator: `${FW}/indicators/new`,
  editIndicator: `${FW}/indicators/:indicatorId/edit`,
  retireIndicator: `${FW}/indicators/:indicatorId/retire`,
  moveIndicator: `${FW}/indicators/:indicatorId/move`,
  indicatorTargets: `${FW}/indicators/:indicatorId/targets`,
  targets: `${FW}/targets`,
} as const;

const MANAGE = { config: { access: 'manage-framework' as const } };

type Params = {
  Params: { planId: string; priorityId?: string; outcomeId?: string; indicatorId?: string };
  Querystring: Record<string, string | undefined>;
};

const PARAM: Record<ItemKind, 'priorityId' | 'outcomeId' | 'indicatorId'> = {
  priority: 'priorityId',
  outcome: 'outcomeId',
  indicator: 'indicatorId',
};

const KIND_WORD: Record<ItemKind, string> = {
  priority: 'priority',
  outcome: 'outcome',
  indicator: 'indicator',
};

/** The plan as a page's caption: its title, and its years when the title does not say them. */
const captionOf = (p: EditablePlan) =>
  p.plan.title.includes(p.plan.years) ? p.plan.title : `${p.plan.title} (${p.plan.years})`;

/** Where a save goes: the framework page, with what was done. */
const doneAt = (planId: number, done: string) => `${paths.planFramework(planId)}${query({ done })}`;

export function frameworkEditRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  const planIdOf = (req: FastifyRequest<Params>) =>
    requireId(req.params.planId, `There is no plan ${req.params.planId}.`);
  const itemIdOf = (req: FastifyRequest<Params>, kind: ItemKind) =>
    requireId(req.params[PARAM[kind]], `This plan has no such ${KIND_WORD[kind]}.`);

  const crumbs = (p: EditablePlan) => [
    { text: p.plan.title, href: paths.plan(p.plan.id) },
    { text: 'Framework', href: paths.planFramework(p.plan.id) },
  ];

  function page(reply: FastifyReply, template: string, p: EditablePlan, context: object, status = 200) {
    return reply.code(status).render(template, {
      section: 'plan',
      planId: p.plan.id,
      breadcrumbs: crumbs(p),
      caption: captionOf(p),
      locked:
        p.terms === 'locked'
          ? 'This framework has been submitted for approval, so it cannot be changed. Return it to draft first.'
          : null,
      ...context,
    });
  }

  const lockedIntro = (p: EditablePlan, intro?: string) =>
    p.terms === 'locked'
      ? 'This framework has been submitted for approval, so it cannot be changed. Return it to draft first.'
      : intro;

  // ---- adding and changing an item ----

  interface ItemForm {
    heading: string;
    intro?: string;
    fields: Field[];
    /** What is saved now, as the form's values, and its version (a change); null for a new item. */
    saved: { values: Values; version: number } | null;
    /** A new item's first values (e.g. the outcome an indicator is added to). */
    start?: Values;
  }

  /** What an item's form is, for the plan, its lists and (to change one) the item. */
  async function itemForm(
    kind: ItemKind,
    p: EditablePlan,
    lists: FrameworkLists,
    id: number | null,
    q: Params['Querystring'],
  ): Promise<ItemForm> {
    const planId = p.plan.id;
    if (kind === 'priority') {
      const r = id === null ? null : await priorityOf(store, planId, id);
      return {
        heading: r ? `Change priority ${r.code}` : 'Add a priority',
        fields: priorityFields(p),
        saved: r ? { values: priorityValues(r), version: r.version } : null,
      };
    }
    if (kind === 'outcome') {
      const r = id === null ? null : await outcomeOf(store, planId, id);
      const mark = r ? { change: r.change, previousId: r.previous_outcome_id } : null;
      const question = changeQuestion(p, mark);
      return {
        heading: r ? `Change outcome ${r.code}` : 'Add an outcome',
        intro: r ? 'Its indicators stay with it.' : undefined,
        fields: outcomeFields(p, lists, question),
        saved: r ? { values: withReason(outcomeValues(r), mark!), version: r.version } : null,
        start: { priority: q.priority ?? '' },
      };
    }
    const r = id === null ? null : await indicatorOf(store, planId, id);
    const mark = r ? { change: r.change, previousId: r.previous_indicator_id } : null;
    const question = changeQuestion(p, mark);
    return {
      heading: r ? `Change indicator ${r.number}` : 'Add an indicator',
      intro: r
        ? 'Its targets for each period, its baseline and its trajectory are on its targets page.'
        : undefined,
      fields: indicatorFields(p, lists, {
        creating: !r,
        question,
        yearTarget: r ? yearTarget(p.plan, r.targets) : '',
      }),
      saved: r ? { values: withReason(indicatorValues(r), mark!), version: r.version } : null,
      start: newIndicatorValues(q.outcome ?? ''),
    };
  }

  /** A carried-over item's "what changed and why" starts blank (its stored reason is last year's). */
  const withReason = (values: Values, mark: { change: string | null; previousId: number | null }) =>
    mark.change === 'carried-over' || (mark.change === null && mark.previousId !== null)
      ? { ...values, changeReason: '' }
      : values;

  const KINDS: {
    kind: ItemKind;
    newPattern: string;
    editPattern: string;
    add: typeof addPriority;
    change: typeof changePriority;
    label: (values: Values) => string;
  }[] = [
    {
      kind: 'priority',
      newPattern: FRAMEWORK_EDIT_ROUTES.newPriority,
      editPattern: FRAMEWORK_EDIT_ROUTES.editPriority,
      add: addPriority,
      change: changePriority,
      label: (v) => `Priority ${String(v.code ?? '').trim()}`,
    },
    {
      kind: 'outcome',
      newPattern: FRAMEWORK_EDIT_ROUTES.newOutcome,
      editPattern: FRAMEWORK_EDIT_ROUTES.editOutcome,
      add: addOutcome,
      change: changeOutcome,
      label: (v) => `Outcome ${String(v.code ?? '').trim()}`,
    },
    {
      kind: 'indicator',
      newPattern: FRAMEWORK_EDIT_ROUTES.newIndicator,
      editPattern: FRAMEWORK_EDIT_ROUTES.editIndicator,
      add: addIndicator,
      change: changeIndicator,
      label: (v) => `Indicator ${String(v.number ?? '').trim()}`,
    },
  ];

  const actionOf = (kind: ItemKind, planId: number, id: number | null, q: Params['Querystring']) => {
    if (id !== null)
      return kind === 'priority'
        ? paths.editFrameworkPriority(planId, id)
        : kind === 'outcome'
          ? paths.editFrameworkOutcome(planId, id)
          : paths.editFrameworkIndicator(planId, id);
    const n = (v: string | undefined) => readId(v);
    return kind === 'priority'
      ? paths.newFrameworkPriority(planId)
      : kind === 'outcome'
        ? paths.newFrameworkOutcome(planId, { priority: n(q.priority) })
        : paths.newFrameworkIndicator(planId, { outcome: n(q.outcome) });
  };

  for (const k of KINDS) {
    const view = (
      p: EditablePlan,
      f: ItemForm,
      id: number | null,
      q: Params['Querystring'],
      values: Values,
      problems: Parameters<typeof formView>[2] = [],
      versionNow?: number,
    ) =>
      formView(
        {
          caption: captionOf(p),
          heading: f.heading,
          intro: lockedIntro(p, f.intro),
          action: actionOf(k.kind, p.plan.id, id, q),
          submit: id === null ? `Add the ${KIND_WORD[k.kind]}` : 'Save changes',
          cancelUrl: paths.planFramework(p.plan.id),
          cancelText: 'Back to the framework',
          fields: f.fields,
          hidden: f.saved ? [{ name: 'version', value: String(versionNow ?? f.saved.version) }] : [],
        },
        values,
        problems,
      );

    for (const pattern of [k.newPattern, k.editPattern]) {
      const changing = pattern === k.editPattern;
      app.get<Params>(pattern, MANAGE, async (req, reply) => {
        const p = await editablePlan(store, planIdOf(req));
        const id = changing ? itemIdOf(req, k.kind) : null;
        const f = await itemForm(k.kind, p, await frameworkLists(store, p.plan.id), id, req.query);
        return page(reply, 'form.njk', p, view(p, f, id, req.query, f.saved?.values ?? f.start ?? {}));
      });

      app.post<Params>(pattern, MANAGE, async (req, reply) => {
        const p = await editablePlan(store, planIdOf(req));
        const id = changing ? itemIdOf(req, k.kind) : null;
        const f = await itemForm(k.kind, p, await frameworkLists(store, p.plan.id), id, req.query);
        const values = readBody(formBody(f.fields), req.body) as Values;
        const posted = readBody(form({ version }), req.body).version;
        try {
          if (id === null) await k.add(store, actor(req), p.plan.id, values as Fields, clock);
          else await k.change(store, actor(req), p.plan.id, { id, version: posted }, values as Fields, clock);
          return reply.redirect(
            doneAt(p.plan.id, `${k.label(values)} ${id === null ? 'added' : 'saved'}.`),
            303,
          );
        } catch (e) {
          const problems = problemsOf(e);
          if (!(e instanceof CairnError && e.code === 'CONFLICT'))
            return page(reply, 'form.njk', p, view(p, f, id, req.query, values, problems, posted), 400);
          // Refused as stale (or the plan was submitted meanwhile): the form keeps what they wrote, says
          // on each field what is saved now, and carries the version it is at.
          const now = await itemForm(k.kind, p, await frameworkLists(store, p.plan.id), id, req.query);
          const shown = refusedWhole(
            view(
              p,
              now,
              id,
              req.query,
              values,
              now.saved ? savedNow(f.fields, now.saved.values, values) : [],
            ),
            e.message,
          );
          return page(reply, 'form.njk', p, shown, 409);
        }
      });
    }
  }

  // ---- moving an item up or down ----

  const MOVES: { kind: ItemKind; pattern: string; path: (planId: number, id: number) => string }[] = [
    { kind: 'priority', pattern: FRAMEWORK_EDIT_ROUTES.movePriority, path: paths.moveFrameworkPriority },
    { kind: 'outcome', pattern: FRAMEWORK_EDIT_ROUTES.moveOutcome, path: paths.moveFrameworkOutcome },
    { kind: 'indicator', pattern: FRAMEWORK_EDIT_ROUTES.moveIndicator, path: paths.moveFrameworkIndicator },
  ];

  for (const m of MOVES) {
    const moveView = async (
      p: EditablePlan,
      id: number,
      values: Values,
      problems: Parameters<typeof formView>[2] = [],
    ) => {
      const r = await retirementOf(store, p.plan.id, m.kind, id);
      const what = lowerFirst(r.ref);
      return formView(
        {
          caption: captionOf(p),
          heading: `Move ${what}`,
          intro: lockedIntro(p, `${r.ref}: ${r.title}`),
          action: m.path(p.plan.id, id),
          submit: 'Move it',
          cancelUrl: paths.planFramework(p.plan.id),
          cancelText: 'Back to the framework',
          fields: moveFields(p, what),
          hidden: [{ name: 'version', value: String(r.version) }],
        },
        values,
        problems,
      );
    };
    app.get<Params>(m.pattern, MANAGE, async (req, reply) => {
      const p = await editablePlan(store, planIdOf(req));
      const id = itemIdOf(req, m.kind);
      return page(reply, 'form.njk', p, await moveView(p, id, { direction: req.query.direction ?? '' }));
    });
    app.post<Params>(m.pattern, MANAGE, async (req, reply) => {
      const p = await editablePlan(store, planIdOf(req));
      const id = itemIdOf(req, m.kind);
      const body = readBody(form({ version, direction: text, reason: text }), req.body);
      try {
        await moveItem(
          store,
          actor(req),
          p.plan.id,
          m.kind,
          { id, version: body.version },
          body.direction,
          { reason: body.reason },
          clock,
        );
        const r = await retirementOf(store, p.plan.id, m.kind, id);
        return reply.redirect(doneAt(p.plan.id, `${r.ref} moved ${body.direction}.`), 303);
      } catch (e) {
        const problems = problemsOf(e);
        const view = await moveView(p, id, { direction: body.direction, reason: body.reason }, problems);
        return page(reply, 'form.njk', p, view, problemStatus(e));
      }
    });
  }

  // ---- retiring an item: a confirmation page first ----

  const RETIRES: { kind: ItemKind; pattern: string; path: (planId: number, id: number) => string }[] = [
    { kind: 'priority', pattern: FRAMEWORK_EDIT_ROUTES.retirePriority, path: paths.retireFrameworkPriority },
    { kind: 'outcome', pattern: FRAMEWORK_EDIT_ROUTES.retireOutcome, path: paths.retireFrameworkOutcome },
    {
      kind: 'indicator',
      pattern: FRAMEWORK_EDIT_ROUTES.retireIndicator,
      path: paths.retireFrameworkIndicator,
    },
  ];

  for (const r of RETIRES) {
    async function confirmation(
      req: FastifyRequest<Params>,
      reply: FastifyReply,
      reason = '',
      errors: ErrorSummaryItem[] = [],
      reasonError: string | null = null,
      status = 200,
    ) {
      const p = await editablePlan(store, planIdOf(req));
      const id = itemIdOf(req, r.kind);
      const x = await retirementOf(store, p.plan.id, r.kind, id);
      const what = lowerFirst(x.ref);
      const verb = x.mode === 'remove' && !x.continues ? 'Remove' : 'Retire';
      return page(
        reply,
        'framework/retire.njk',
        p,
        {
          pageTitle: `${errors.length ? 'Error: ' : ''}${verb} ${what}`,
          heading: `${verb} ${what}`,
          item: x,
          what,
          summary: [
            {
              key: { text: x.kind === 'indicator' ? 'Success indicator' : capital(KIND_WORD[x.kind]) },
              value: { text: `${x.ref}: ${x.title}` },
            },
          ],
          consequence: consequenceOf(x, p),
          reasonLabel:
            p.terms === 'amendment'
              ? 'Reason for the amendment'
              : `Why it is being ${verb === 'Remove' ? 'removed' : 'retired'}`,
          reasonHint:
            p.terms === 'amendment'
              ? 'The framework has been approved, so this is a minor amendment: it is listed with its reason in the plan’s amendments and the quarterly report.'
              : x.continues
                ? 'Printed with it in the report’s retired measures.'
                : 'Kept with it, and shown beside its figures.',
          reason,
          reasonError,
          action: r.path(p.plan.id, id),
          submit: `${verb} ${what}`,
          cancelUrl: paths.planFramework(p.plan.id),
          errors,
        },
        status,
      );
    }
    app.get<Params>(r.pattern, MANAGE, (req, reply) => confirmation(req, reply));
    app.post<Params>(r.pattern, MANAGE, async (req, reply) => {
      const p = await editablePlan(store, planIdOf(req));
      const id = itemIdOf(req, r.kind);
      const body = readBody(form({ version, reason: text }), req.body);
      const before = await retirementOf(store, p.plan.id, r.kind, id);
      try {
        const mode = await retireItem(
          store,
          actor(req),
          p.plan.id,
          r.kind,
          { id, version: body.version },
          { reason: body.reason },
          clock,
        );
        return reply.redirect(
          doneAt(p.plan.id, `${before.ref} ${mode === 'retire' ? 'retired' : 'removed'}.`),
          303,
        );
      } catch (e) {
        const problems = problemsOf(e);
        const summary = errorSummary(
          problems.map((x) => (x.field === 'reason' ? x : { message: x.message })),
          { fallbackHref: '#retirement' },
        );
        return confirmation(
          req,
          reply,
          body.reason,
          summary.errorList,
          summary.fieldErrors.reason?.text ?? null,
          problemStatus(e),
        );
      }
    });
  }

  // ---- one indicator's targets ----

  interface TargetInput {
    name: string;
    label: string;
    value: string;
    error: string | null;
  }

  async function targetsPage(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    typed: Values | null,
    problems: Parameters<typeof formView>[2] = [],
    status = 200,
    whole: string | null = null,
  ) {
    const p = await editablePlan(store, planIdOf(req));
    const ind = await indicatorOf(store, p.plan.id, itemIdOf(req, 'indicator'));
    const periods = targetPeriods(p.plan, ind.frequency);
    const saved: Values = {
      ...Object.fromEntries(
        periods.map((x) => [
          targetField(ind.id, x.code),
          ind.targets.find((t) => t.periodCode === x.code)?.text ?? '',
        ]),
      ),
      baseline: ind.baseline ?? '',
      trajectory: ind.trajectory ?? '',
      reason: '',
    };
    const values = typed ?? saved;
    const { errorList, fieldErrors } = errorSummary(problems, {
      fallbackHref: `#${targetField(ind.id, p.plan.first_year)}`,
    });
    const input = (name: string, label: string): TargetInput => ({
      name,
      label,
      value: String(values[name] ?? ''),
      error: fieldErrors[name]?.text ?? null,
    });
    const years = periods
      .filter((x) => x.group === 'year')
      .map((y) => ({
        legend: `Targets for ${y.label}`,
        year: input(targetField(ind.id, y.code), `The year’s target, ${y.label}`),
        periods: periods
          .filter((x) => x.group === 'period' && x.year === y.code)
          .map((x) => input(targetField(ind.id, x.code), x.label)),
      }));
    const later = periods
      .filter((x) => x.group === 'later')
      .map((x) => input(targetField(ind.id, x.code), `Target for ${x.label}`));
    const heading = `Targets for indicator ${ind.number}`;
    return page(
      reply,
      'framework/targets.njk',
      p,
      {
        pageTitle: `${errorList.length || whole ? 'Error: ' : ''}${heading}`,
        heading,
        indicator: ind,
        errors: whole
          ? [
              { text: whole, href: errorList[0]?.href ?? `#${targetField(ind.id, p.plan.first_year)}` },
              ...errorList,
            ]
          : errorList,
        years,
        later,
        baseline: input('baseline', 'Baseline (optional)'),
        trajectory: input('trajectory', 'Trajectory as the plan words it (optional)'),
        reason: reasonFields(p).length ? input('reason', 'Reason for the amendment') : null,
        savedRows: savedRows(periods, ind.targets, ind.polarity as Polarity),
        version: ind.version,
        frequency: ind.frequency,
        action: paths.frameworkIndicatorTargets(p.plan.id, ind.id),
        cancelUrl: paths.planFramework(p.plan.id),
        gridUrl: paths.frameworkTargets(p.plan.id),
      },
      status,
    );
  }

  app.get<Params>(FRAMEWORK_EDIT_ROUTES.indicatorTargets, MANAGE, (req, reply) =>
    targetsPage(req, reply, null),
  );
  app.post<Params>(FRAMEWORK_EDIT_ROUTES.indicatorTargets, MANAGE, async (req, reply) => {
    const p = await editablePlan(store, planIdOf(req));
    const ind = await indicatorOf(store, p.plan.id, itemIdOf(req, 'indicator'));
    const names = [
      ...targetPeriods(p.plan, ind.frequency).map((x) => targetField(ind.id, x.code)),
      'baseline',
      'trajectory',
      'reason',
    ];
    const values = readBody(
      formBody(names.map((name) => ({ name, type: 'text' as const }))),
      req.body,
    ) as Values;
    const posted = readBody(form({ version }), req.body).version;
    try {
      const changed = await setIndicatorTargets(
        store,
        actor(req),
        p.plan.id,
        { id: ind.id, version: posted },
        values as Fields,
        clock,
      );
      return reply.redirect(
        doneAt(
          p.plan.id,
          changed
            ? `Targets for indicator ${ind.number} saved.`
            : `The targets for indicator ${ind.number} were already as given: nothing was changed.`,
        ),
        303,
      );
    } catch (e) {
      const problems = problemsOf(e);
      if (!(e instanceof CairnError && e.code === 'CONFLICT'))
        return targetsPage(req, reply, values, problems, 400);
      // Stale: what is saved now is shown, with what they typed lost only where it differs from it.
      return targetsPage(req, reply, null, [], 409, e.message);
    }
  });

  // ---- a directorate's targets grid ----

  async function gridPage(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    typed: Values | null,
    problems: Parameters<typeof formView>[2] = [],
    status = 200,
  ) {
    const p = await editablePlan(store, planIdOf(req));
    const grid = await targetsGrid(store, p.plan.id, req.query.directorate || undefined);
    const first = grid.rows[0]
      ? `#${targetField(grid.rows[0].indicator.id, grid.periods[0]!.code)}`
      : '#directorate';
    const { errorList, fieldErrors } = errorSummary(problems, { fallbackHref: first });
    const heading = grid.directorate ? `Targets: ${grid.directorate.name}` : 'Targets by directorate';
    return page(
      reply,
      'framework/targets-grid.njk',
      p,
      {
        pageTitle: `${errorList.length ? 'Error: ' : ''}${heading}`,
        heading,
        errors: errorList,
        directorates: grid.directorates.map((d) => ({
          value: d.code,
          text: d.name,
          selected: d.id === grid.directorate?.id,
        })),
        directorate: grid.directorate,
        columns: grid.periods,
        rows: grid.rows.map((r) => ({
          id: r.indicator.id,
          number: r.indicator.number,
          title: r.indicator.title,
          outcome: r.outcomeCode,
          version: typed?.[`v-${r.indicator.id}`] ?? String(r.indicator.version),
          frequency: r.indicator.frequency,
          targetsUrl: paths.frameworkIndicatorTargets(p.plan.id, r.indicator.id),
          cells: grid.periods.map((c) => {
            const name = targetField(r.indicator.id, c.code);
            const takes = r.periods.some((x) => x.code === c.code);
            return {
              name,
              label: `Indicator ${r.indicator.number}, ${c.group === 'year' ? `the year’s target, ${c.label}` : c.label}`,
              takes,
              value: takes ? String(typed?.[name] ?? r.targets[c.code] ?? '') : '',
              error: fieldErrors[name]?.text ?? null,
              shortError: shortMessage(fieldErrors[name]?.text),
            };
          }),
        })),
        reason: reasonFields(p).length
          ? { name: 'reason', value: String(typed?.reason ?? ''), error: fieldErrors.reason?.text ?? null }
          : null,
        action: paths.frameworkTargets(p.plan.id, { directorate: grid.directorate?.code }),
        chooseAction: paths.frameworkTargets(p.plan.id),
        cancelUrl: paths.planFramework(p.plan.id),
      },
      status,
    );
  }

  app.get<Params>(FRAMEWORK_EDIT_ROUTES.targets, MANAGE, (req, reply) => gridPage(req, reply, null));
  app.post<Params>(FRAMEWORK_EDIT_ROUTES.targets, MANAGE, async (req, reply) => {
    const p = await editablePlan(store, planIdOf(req));
    const grid = await targetsGrid(store, p.plan.id, req.query.directorate || undefined);
    const names = [
      'reason',
      ...grid.rows.flatMap((r) => [
        `v-${r.indicator.id}`,
        ...r.periods.map((x) => targetField(r.indicator.id, x.code)),
      ]),
    ];
    const values = readBody(
      formBody(names.map((name) => ({ name, type: 'text' as const }))),
      req.body,
    ) as Values;
    if (!grid.directorate) return gridPage(req, reply, values);
    try {
      const n = await setDirectorateTargets(
        store,
        actor(req),
        p.plan.id,
        grid.directorate.id,
        values as Fields,
        clock,
      );
      return reply.redirect(
        doneAt(
          p.plan.id,
          n
            ? `Targets of ${grid.directorate.name} saved (${n} ${n === 1 ? 'indicator' : 'indicators'}).`
            : `The targets of ${grid.directorate.name} were already as given: nothing was changed.`,
        ),
        303,
      );
    } catch (e) {
      const problems = problemsOf(e);
      if (!(e instanceof CairnError && e.code === 'CONFLICT'))
        return gridPage(req, reply, values, problems, 400);
      // Stale rows: the grid shows what is saved now, and the summary says which rows moved on.
      const located = [
        { message: e.message },
        ...e.details.map((d) => (d.field ? { field: d.field, message: d.message } : { message: d.message })),
      ];
      return gridPage(req, reply, null, located, 409);
    }
  });
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** “Outcome O7” → “outcome O7”. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * A grid cell's message: the summary's, without the indicator and period the cell's row and column
 * already say, and without the list of forms a target can take (the summary has it whole).
 */
function shortMessage(message: string | undefined): string | null {
  if (!message) return null;
  const bare = message.replace(/^Indicator [^,]+, [^:]+: /, '');
  const cut = bare.indexOf('. Write it as printed');
  return cut > 0 ? `${bare.slice(0, cut)}.` : bare;
}

/** What retiring will do, in words, for the confirmation page. */
function consequenceOf(x: Awaited<ReturnType<typeof retirementOf>>, p: EditablePlan): string[] {
  if (x.mode === 'blocked') return [x.blockedBecause!];
  const lines: string[] = [];
  if (x.mode === 'retire')
    lines.push(
      `It has figures recorded, so it is kept with them: it is marked as retired today, and from the next period on it no longer appears on the scorecards, the dashboards or in collection rounds.`,
    );
  else if (x.continues)
    lines.push(
      'It is taken out of this year’s framework and listed in the report’s retired measures, with your reason, its last rating and the year it was last reported.',
    );
  else
    lines.push(
      'It was introduced in this framework and has no figures, so it is removed. This cannot be undone; the audit trail keeps what it said.',
    );
  if (x.kind === 'outcome' && x.indicators.length)
    lines.push(
      x.mode === 'retire'
        ? `Its ${x.indicators.length === 1 ? 'indicator is' : `${x.indicators.length} indicators are`} retired with it:`
        : `Its ${x.indicators.length === 1 ? 'indicator goes' : `${x.indicators.length} indicators go`} with it:`,
    );
  if (p.terms === 'amendment')
    lines.push('This is a minor amendment to the approved framework: it is listed with its reason.');
  return lines;
}

/** The targets as saved, each as typed and as Cairn reads it. */
function savedRows(
  periods: TargetPeriod[],
  targets: { periodCode: string; text: string }[],
  polarity: Polarity,
) {
  return periods
    .map((x) => ({ x, t: targets.find((t) => t.periodCode === x.code) }))
    .filter((r) => r.t)
    .map(({ x, t }) => {
      const parsed = tryParseTarget(t!.text);
      return {
        period: x.label,
        target: t!.text,
        reads: parsed.ok ? targetValueSummary(parsed.target, polarity) : 'Cannot be read',
      };
    });
}
