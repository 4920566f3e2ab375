/**
 * User administration, for administrators: list, add, change role or directorate, deactivate, set a
 * new password. Every change goes through app/access/accounts.ts (checked, audited).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { changeAccount, createAccount, setAccountPassword } from '../../../app/access/accounts.js';
import { unlinkSingleSignOn } from '../../../app/access/single-sign-on.js';
import { ROLE_HINT, ROLE_LABEL, ROLES, type Role } from '../../../app/access/roles.js';
import { userActor } from '../../../app/audit.js';
import { CairnError, notFound } from '../../../app/errors.js';
import { findPerson, listPeople } from '../../../app/access/people.js';
import {
  directorates as listDirectorates,
  indicatorsAssignedTo,
  planIndicatorPlaces,
} from '../../../app/collection/reading.js';
import { frameworkPlans } from '../../../app/performance.js';
import { readId } from '../../params.js';
import { checked, form, list, readBody, text } from '../../body.js';
import { errorView } from '../collection/presenter.js';
import { assignIndicators } from '../../../app/collection/rounds.js';
import type { WebDeps } from '../../deps.js';
import { paths, routePatterns } from '../../paths.js';
import type { Problem } from '../../../domain/problem.js';

type Form = Record<string, string | undefined>;
const NewUserBody = form({ email: text, name: text, role: text, directorate: text, ssoOnly: checked });
const ChangeUserBody = form({ role: text, directorate: text, active: checked, reason: text });
const AssignmentsBody = form({ plan: text, indicator: list });
const ADMIN = { config: { access: 'manage-users' as const } };

const newPassword = () => randomBytes(12).toString('base64url');

export function adminRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const directorates = () => listDirectorates(store);

  const roleOptions = (chosen?: string) =>
    ROLES.map((r) => ({ value: r, text: ROLE_LABEL[r], hint: ROLE_HINT[r], checked: r === chosen }));

  async function userForm(values: Form, errors: Problem[], extra: object) {
    return {
      values,
      ...errorView(errors),
      roles: roleOptions(values.role),
      directorates: (await directorates()).map((d) => ({
        value: d.code,
        text: d.name,
        selected: d.code === values.directorate,
      })),
      ...extra,
    };
  }

  const problemsOf = (e: CairnError) =>
    e.details.length
      ? e.details.map((d) => ({ field: d.field ?? d.column ?? 'email', message: d.message }))
      : [{ field: 'email', message: e.message }];

  app.get(paths.users(), ADMIN, async (_req, reply) => {
    const users = await listPeople(store);
    return reply.render('admin/users.njk', {
      pageTitle: 'Users',
      users: users.map((u) => ({
        name: u.name,
        email: u.email,
        role: ROLE_LABEL[u.role as Role] ?? u.role,
        directorate: u.directorate_name ?? '–',
        active: u.active === 1,
        signsInWith:
          [u.password_hash ? 'Password' : null, u.oidc_subject ? 'Single sign-on' : null]
            .filter(Boolean)
            .join(', ') || 'Single sign-on (not yet linked)',
        url: paths.user(u.id),
      })),
    });
  });

  app.get(paths.newUser(), ADMIN, async (_req, reply) =>
    reply.render('admin/user-new.njk', { pageTitle: 'Add a user', ...(await userForm({}, [], {})) }),
  );

  app.post(paths.newUser(), ADMIN, async (req, reply) => {
    const { ssoOnly, ...typed } = readBody(NewUserBody, req.body);
    const values = { ...typed, ssoOnly: deps.sso && ssoOnly ? 'yes' : '' };
    // An account for single sign-on only has no password: it is linked by email at first sign-in.
    const password = values.ssoOnly ? null : newPassword();
    try {
      const u = await createAccount(
        store,
        userActor(req.session!.user),
        // Set by the administrator: it works once, then the person chooses their own.
        { ...values, directorate: values.directorate || null, password, mustChangePassword: true },
        clock,
      );
      return reply.render('admin/user-created.njk', {
        pageTitle: 'User added',
        name: u.name,
        email: u.email,
        password,
        // A password set here works once: at first sign-in they must choose their own.
        mustChange: u.password_must_change === 1,
        usersUrl: paths.users(),
      });
    } catch (e) {
      if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
      return reply.code(400).render('admin/user-new.njk', {
        pageTitle: 'Error: Add a user',
        ...(await userForm(values, problemsOf(e), {})),
      });
    }
  });

  const ssoView = (u: { id: number; oidc_subject: string | null; password_hash: string | null }) => ({
    ssoLinked: u.oidc_subject !== null,
    hasPassword: u.password_hash !== null,
    unlinkAction: `${paths.user(u.id)}/unlink-sso`,
  });

  async function loadUser(idText: string) {
    const id = readId(idText);
    const u = id === undefined ? undefined : await findPerson(store, id);
    if (!u) throw notFound(`There is no user ${idText}.`);
    return u;
  }

  app.get<{ Params: { userId: string } }>(routePatterns.user, ADMIN, async (req, reply) => {
    const u = await loadUser(req.params.userId);
    const dir = u.directorate_id ? (await directorates()).find((d) => d.id === u.directorate_id)?.code : '';
    return reply.render(
      'admin/user-edit.njk',
      await userForm({ role: u.role, directorate: dir ?? '', active: u.active ? 'yes' : 'no' }, [], {
        pageTitle: `Change ${u.name}`,
        user: { id: u.id, name: u.name, email: u.email },
        action: paths.user(u.id),
        passwordAction: `${paths.user(u.id)}/password`,
        ...ssoView(u),
      }),
    );
  });

  app.post<{ Params: { userId: string } }>(routePatterns.user, ADMIN, async (req, reply) => {
    const u = await loadUser(req.params.userId);
    const { active, ...typed } = readBody(ChangeUserBody, req.body);
    const values = { ...typed, active: active ? 'yes' : 'no' };
    try {
      await changeAccount(
        store,
        userActor(req.session!.user),
        u.id,
        { role: values.role, directorate: values.directorate || null, active: values.active === 'yes' },
        clock,
        values.reason.trim() || null,
      );
      return reply.redirect(paths.users(), 303);
    } catch (e) {
      if (!(e instanceof CairnError) || e.code !== 'INVALID_INPUT') throw e;
      return reply.code(400).render(
        'admin/user-edit.njk',
        await userForm(values, [{ field: 'role', message: e.message }], {
          pageTitle: `Error: Change ${u.name}`,
          user: { id: u.id, name: u.name, email: u.email },
          action: paths.user(u.id),
          passwordAction: `${paths.user(u.id)}/password`,
          ...ssoView(u),
        }),
      );
    }
  });

  app.post<{ Params: { userId: string } }>(`${routePatterns.user}/password`, ADMIN, async (req, reply) => {
    const u = await loadUser(req.params.userId);
    const password = newPassword();
    await setAccountPassword(store, userActor(req.session!.user), u.id, password, clock);
    return reply.render('admin/user-created.njk', {
      pageTitle: 'New password set',
      heading: 'New password set',
      name: u.name,
      email: u.email,
      password,
      mustChange: true,
      next: true,
      usersUrl: paths.users(),
    });
  });

  app.post<{ Params: { userId: string } }>(`${routePatterns.user}/unlink-sso`, ADMIN, async (req, reply) => {
    const u = await loadUser(req.params.userId);
    await unlinkSingleSignOn(store, userActor(req.session!.user), u.id, clock);
    return reply.redirect(paths.user(u.id), 303);
  });
}

/** Which indicators a person gives figures for: checkboxes grouped by directorate and outcome. */
export function assignmentRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  async function page(userIdText: string, planText: string | undefined) {
    const userId = readId(userIdText);
    const u = userId === undefined ? undefined : await findPerson(store, userId);
    if (!u) throw notFound(`There is no user ${userIdText}.`);
    const plans = await frameworkPlans(store);
    const plan = plans.find((p) => String(p.id) === planText) ?? plans.at(-1);
    if (!plan) throw notFound('There is no plan yet: load a framework first.');
    const rows = await planIndicatorPlaces(store, plan.id);
    const assigned = new Set(await indicatorsAssignedTo(store, u.id));
    const groups: {
      directorate: string;
      id: string;
      items: { id: number; label: string; checked: boolean }[];
    }[] = [];
    for (const r of rows) {
      let g = groups.find((x) => x.directorate === r.directorate_name);
      if (!g)
        groups.push((g = { directorate: r.directorate_name, id: `dir-${r.directorate_code}`, items: [] }));
      g.items.push({ id: r.id, label: `${r.number}. ${r.title}`, checked: assigned.has(r.id) });
    }
    return { user: u, plan, plans, groups };
  }
  app.get<{ Params: { userId: string }; Querystring: { plan?: string } }>(
    routePatterns.userAssignments,
    ADMIN,
    async (req, reply) => {
      const p = await page(req.params.userId, req.query.plan);
      return reply.render('admin/assignments.njk', {
        pageTitle: `Indicators for ${p.user.name}`,
        user: {
          name: p.user.name,
          email: p.user.email,
          role: ROLE_LABEL[p.user.role as Role] ?? p.user.role,
        },
        planTitle: p.plan.title,
        planId: null,
        planValue: p.plan.id,
        groups: p.groups,
        action: paths.userAssignments(p.user.id),
        back: paths.user(p.user.id),
      });
    },
  );
  app.post<{ Params: { userId: string } }>(routePatterns.userAssignments, ADMIN, async (req, reply) => {
    const body = readBody(AssignmentsBody, req.body);
    const p = await page(req.params.userId, body.plan);
    const chosen = body.indicator.map(readId).filter((id): id is number => id !== undefined);
    const inPlan = new Set(p.groups.flatMap((g) => g.items.map((i) => i.id)));
    // Keep what they have in other plans; replace this plan's.
    const others = (await indicatorsAssignedTo(store, p.user.id)).filter((id) => !inPlan.has(id));
    await assignIndicators(
      store,
      userActor(req.session!.user),
      p.user.id,
      [...others, ...chosen.filter((id) => inPlan.has(id))],
      clock,
    );
    return reply.redirect(paths.user(p.user.id), 303);
  });
}
