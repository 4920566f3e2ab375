/**
 * Correcting a plan in the app, for the performance team and administrators ('manage-plans'): its
 * details, a theme, a recommendation or a finding, each on a form filled in with what is saved and
 * carrying the version it was read at (a change someone else saved meanwhile is refused, and the form
 * shows what they saved); and removing a recommendation or a finding after a confirmation page, which
 * instead says what depends on it while something does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../app/audit.js';
import { CairnError } from '../../../app/errors.js';
import { sentenceCase, type Fields } from '../../../app/plans/common.js';
import {
  changeFinding,
  changePlan,
  changeRecommendation,
  changeTheme,
  type Existing,
} from '../../../app/plans/edit.js';
import { findPart, partName } from '../../../app/plans/parts.js';
import {
  dependentsOf,
  removeFinding,
  removeRecommendation,
  type RemovablePart,
} from '../../../app/plans/remove.js';
import {
  listPlans,
  recommendationCode,
  themeTitle,
  type ImprovementPlanRecord,
} from '../../../app/plans/reading.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary, type ErrorSummaryItem } from '../../error-summary.js';
import { paths, routePatterns } from '../../paths.js';
import { readBody } from '../../body.js';
import { fieldsForm, formPages, MANAGE, problemsOf, problemStatus, VersionForm } from './form-pages.js';
import { findingFields, planFields, recommendationFields, themeFields, type Values } from './forms.js';
import { formView, refusedWhole, savedNow, type Field } from '../../forms.js';

type Params = { Params: { planId: string; item?: string } };
type Plan = ImprovementPlanRecord;

/** One change form: what it is called, its fields, what is saved now, and the use case that saves it. */
interface Changer {
  pattern: string;
  heading: (key: string) => string;
  intro?: string;
  fields: (plan: Plan) => Promise<Field[]>;
  /** What is saved now, as the form's values, and its version. */
  read: (plan: Plan, key: string) => Promise<{ values: Values; version: number }>;
  /** Saves the change; returns what the part is now known by (its code or number). */
  save: (actor: Actor, plan: Plan, existing: Existing, values: Fields) => Promise<string>;
  /** Where to go after saving, and on cancel. */
  page: (plan: Plan, key: string) => string;
}

const orBlank = (v: string | null | undefined) => v ?? '';

export function planChangeRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const { actor, planOf, crumbs, page, render, recs } = formPages(deps);
  const db = store.db;

  const changers: Changer[] = [
    {
      pattern: routePatterns.editImprovementPlan,
      heading: () => 'Change the plan’s details',
      fields: async () => planFields(await listPlans(store)),
      read: async (plan) => ({
        values: {
          title: plan.title,
          kind: plan.kind,
          basis: orBlank(plan.basis),
          source: orBlank(plan.source),
          organisation: orBlank(plan.organisation),
          owner: orBlank(plan.owner),
          strategy: plan.strategy_plan_id ? String(plan.strategy_plan_id) : '',
          description: orBlank(plan.description),
        },
        version: plan.version,
      }),
      save: async (who, plan, existing, values) => {
        await changePlan(store, who, plan.id, values, existing.version, clock);
        return '';
      },
      page: (plan) => paths.improvementPlan(plan.id),
    },
    {
      pattern: routePatterns.editPlanTheme,
      heading: (code) => `Change theme ${code}`,
      intro: 'Its recommendations stay under it.',
      fields: async () => themeFields(),
      read: async (plan, code) => {
        const t = await findPart(db, plan.id, 'plan_theme', code);
        return { values: { code: t.code, title: t.title }, version: t.version };
      },
      save: (who, plan, existing, values) => changeTheme(store, who, plan.id, existing, values, clock),
      page: (plan) => `${paths.improvementPlan(plan.id)}#themes`,
    },
    {
      pattern: routePatterns.editPlanRecommendation,
      heading: (code) => `Change recommendation ${code}`,
      intro: 'If you change its code, actions that cite the old code are changed to cite the new one.',
      fields: async () => recommendationFields(),
      read: async (plan, code) => {
        const r = await findPart(db, plan.id, 'recommendation', code);
        const theme = r.theme_id ? await themeTitle(store, r.theme_id) : undefined;
        return {
          values: {
            theme: orBlank(theme),
            code: r.code,
            title: r.title,
            body: orBlank(r.body),
            bullets: (JSON.parse(r.bullets) as string[]).join('\n'),
          },
          version: r.version,
        };
      },
      save: (who, plan, existing, values) =>
        changeRecommendation(store, who, plan.id, existing, values, clock),
      page: (plan, code) => paths.planRecommendation(plan.id, code),
    },
    {
      pattern: routePatterns.editPlanFinding,
      heading: (number) => `Change finding ${number}`,
      intro: 'If you change its number, actions that cite the old number are changed to cite the new one.',
      fields: async (plan) => findingFields(await recs(plan.id)),
      read: async (plan, number) => {
        const f = await findPart(db, plan.id, 'finding', number);
        const rec = f.recommendation_id ? await recommendationCode(store, f.recommendation_id) : undefined;
        return {
          values: {
            number: f.number,
            text: f.text,
            theme: orBlank(f.theme),
            recommendation: orBlank(rec),
          },
          version: f.version,
        };
      },
      save: (who, plan, existing, values) => changeFinding(store, who, plan.id, existing, values, clock),
      page: (plan, number) => paths.planFinding(plan.id, number),
    },
  ];

  for (const c of changers) {
    const spec = async (plan: Plan, key: string, version: number) => ({
      caption: plan.title,
      heading: c.heading(key),
      intro: c.intro,
      action: c.pattern.replace(':planId', String(plan.id)).replace(':item', encodeURIComponent(key)),
      submit: 'Save changes',
      cancelUrl: c.page(plan, key),
      fields: await c.fields(plan),
      hidden: [{ name: 'version', value: String(version) }],
    });
    app.get<Params>(c.pattern, MANAGE, async (req, reply) => {
      const plan = await planOf(req.params.planId);
      const key = req.params.item ?? '';
      const saved = await c.read(plan, key);
      return render(reply, formView(await spec(plan, key, saved.version), saved.values), {
        breadcrumbs: crumbs(plan),
      });
    });
    app.post<Params>(c.pattern, MANAGE, async (req, reply) => {
      const plan = await planOf(req.params.planId);
      const key = req.params.item ?? '';
      const version = readBody(VersionForm, req.body).version;
      const fields = await c.fields(plan);
      const values = readBody(fieldsForm(fields), req.body);
      const frame = { breadcrumbs: crumbs(plan) };
      try {
        const now = await c.save(actor(req), plan, { key, version }, values);
        return reply.redirect(c.page(plan, now || key), 303);
      } catch (e) {
        const problems = problemsOf(e);
        if (!(e instanceof CairnError && e.code === 'CONFLICT'))
          return render(reply, formView(await spec(plan, key, version), values, problems), frame, 400);
        // Refused as stale: the form keeps what they wrote, says on each field what is saved now, and
        // carries the version it is at, so saving again is a decision made knowing the other change.
        const saved = await c.read(await planOf(req.params.planId), key);
        const view = refusedWhole(
          formView(await spec(plan, key, saved.version), values, savedNow(fields, saved.values, values)),
          e.message,
        );
        return render(reply, view, frame, 409);
      }
    });
  }

  // ---- removing a recommendation or a finding: a confirmation page first ----
  const removers: {
    table: RemovablePart;
    pattern: string;
    remove: typeof removeFinding;
    page: (planId: number, key: string) => string;
    summary: (row: Record<string, unknown>) => { key: { text: string }; value: { text: string } }[];
  }[] = [
    {
      table: 'recommendation',
      pattern: routePatterns.removePlanRecommendation,
      remove: removeRecommendation,
      page: paths.planRecommendation,
      summary: (r) => [
        { key: { text: 'Code' }, value: { text: String(r.code) } },
        { key: { text: 'Title' }, value: { text: String(r.title) } },
      ],
    },
    {
      table: 'finding',
      pattern: routePatterns.removePlanFinding,
      remove: removeFinding,
      page: paths.planFinding,
      summary: (f) => [
        { key: { text: 'Number' }, value: { text: String(f.number) } },
        { key: { text: 'Finding' }, value: { text: String(f.text) } },
      ],
    },
  ];

  for (const r of removers) {
    async function confirmation(
      req: FastifyRequest<Params>,
      reply: FastifyReply,
      errors: ErrorSummaryItem[] = [],
      status = 200,
    ) {
      const plan = await planOf(req.params.planId);
      const key = req.params.item ?? '';
      const row = await findPart(db, plan.id, r.table, key);
      const what = partName(r.table, key);
      const dependents = await dependentsOf(db, plan.id, r.table, row);
      const heading = `Remove ${what}`;
      return page(
        reply,
        'plans/remove.njk',
        {
          pageTitle: `${errors.length ? 'Error: ' : ''}${heading}`,
          breadcrumbs: [...crumbs(plan), { text: sentenceCase(what), href: r.page(plan.id, key) }],
          caption: plan.title,
          heading,
          what,
          What: sentenceCase(what),
          summary: r.summary(row),
          dependents: dependents.map((d) => `${sentenceCase(d)}.`),
          version: row.version,
          action: r.pattern.replace(':planId', String(plan.id)).replace(':item', encodeURIComponent(key)),
          submit: `Remove ${what}`,
          cancelUrl: r.page(plan.id, key),
          errors,
        },
        status,
      );
    }
    app.get<Params>(r.pattern, MANAGE, (req, reply) => confirmation(req, reply));
    app.post<Params>(r.pattern, MANAGE, async (req, reply) => {
      const plan = await planOf(req.params.planId);
      try {
        await r.remove(
          store,
          actor(req),
          plan.id,
          { key: req.params.item ?? '', version: readBody(VersionForm, req.body).version },
          clock,
        );
        return reply.redirect(paths.improvementPlan(plan.id), 303);
      } catch (e) {
        const problems = problemsOf(e);
        return confirmation(
          req,
          reply,
          // The first problem says why; it is about the removal as a whole, not a field.
          errorSummary(
            problems.slice(0, 1).map((p) => ({ message: p.message })),
            { fallbackHref: '#removal' },
          ).errorList,
          problemStatus(e),
        );
      }
    });
  }
}
