/**
 * Directorates, services and people, managed by an administrator (issue 12): list, add and change
 * directorates (a code outcomes use is changed only when the administrator ticks that they mean it,
 * having been told what uses it), add, rename and remove the services within one, and add and change
 * people — named officers, distinct from user accounts (which are on the users page). Every form
 * carries the version it was read at: a change someone else saved first is refused (409) and the form
 * says what is saved now. The use cases are app/organisation.ts (checked, audited).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../../app/audit.js';
import { CairnError } from '../../../app/errors.js';
import {
  changeDirectorate,
  changePerson,
  changeService,
  createDirectorate,
  createPerson,
  createService,
  describeUses,
  getDirectorate,
  getPerson,
  getService,
  listDirectorates,
  listPeopleOfCouncil,
  personChoices,
  removeService,
  type PersonRecord,
} from '../../../app/organisation.js';
import type { Problem } from '../../../domain/problem.js';
import { checked, form, optionalId, readBody, text, version } from '../../body.js';
import type { WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { requireId } from '../../params.js';
import { paths, query, routePatterns } from '../../paths.js';

const ORGANISATION = { config: { access: 'manage-organisation' as const } };

const DirectorateBody = form({ code: text, name: text, version, confirmCode: checked });
const ServiceBody = form({ code: text, name: text, version, action: text });
const PersonBody = form({
  name: text,
  email: text,
  jobTitle: text,
  directorate: optionalId,
  service: optionalId,
  version,
});

type Params = {
  Params: { directorateId?: string; serviceId?: string; personId?: string };
  Querystring: { done?: string };
};

const DONE: Record<string, string> = {
  added: 'The directorate has been added.',
  changed: 'The directorate has been changed.',
  'service-added': 'The service has been added.',
  'service-changed': 'The service has been changed.',
  'service-removed': 'The service has been removed.',
  'person-added': 'The person has been added.',
  'person-changed': 'The person’s details have been changed.',
};

/** A use case's refusal as problems on the form, and its status; anything else is thrown on. */
function refusal(e: unknown): { problems: Problem[]; status: number } {
  if (!(e instanceof CairnError) || (e.code !== 'INVALID_INPUT' && e.code !== 'CONFLICT')) throw e;
  if (e.code === 'CONFLICT') return { problems: [{ message: e.message }], status: 409 };
  return { problems: e.details.length ? e.details : [{ message: e.message }], status: 400 };
}

function errors(problems: Problem[], first: string) {
  const { errorList, fieldErrors } = errorSummary(problems, { fallbackHref: `#${first}` });
  const field = (name: string) => fieldErrors[name]?.text ?? null;
  return { errors: errorList, field };
}

export function organisationRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);
  const done = (req: FastifyRequest<Params>) => DONE[req.query.done ?? ''] ?? null;
  const adminCrumbs = [
    { text: 'Users', href: paths.users() },
    { text: 'Directorates', href: paths.directorates() },
  ];

  // ---- directorates ----
  app.get<Params>(paths.directorates(), ORGANISATION, async (req, reply) => {
    const rows = await listDirectorates(store);
    return reply.render('admin/directorates.njk', {
      pageTitle: 'Directorates and services',
      breadcrumbs: [{ text: 'Users', href: paths.users() }],
      done: done(req),
      directorates: rows.map((d) => ({ ...d, url: paths.directorate(d.id) })),
    });
  });

  const directorateForm = (
    reply: FastifyReply,
    values: { code: string; name: string },
    problems: Problem[] = [],
    status = 200,
  ) => {
    const { errors: list, field } = errors(problems, 'code');
    return reply.code(status).render('admin/directorate-form.njk', {
      pageTitle: `${list.length ? 'Error: ' : ''}Add a directorate`,
      breadcrumbs: adminCrumbs,
      values,
      errors: list,
      codeError: field('code'),
      nameError: field('name'),
      action: paths.newDirectorate(),
      cancelUrl: paths.directorates(),
    });
  };

  app.get(paths.newDirectorate(), ORGANISATION, async (_req, reply) =>
    directorateForm(reply, { code: '', name: '' }),
  );

  app.post(paths.newDirectorate(), ORGANISATION, async (req, reply) => {
    const body = readBody(DirectorateBody, req.body);
    try {
      const id = await createDirectorate(store, actor(req), body, clock);
      return reply.redirect(`${paths.directorate(id)}${query({ done: 'added' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      return directorateForm(reply, body, problems, status);
    }
  });

  async function directoratePage(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    form?: {
      values: { code: string; name: string; confirmCode: boolean; version: number };
      problems: Problem[];
      status: number;
    },
  ) {
    const id = requireId(req.params.directorateId, 'There is no such directorate.');
    const { directorate, uses, services } = await getDirectorate(store, id);
    const { errors: list, field } = errors(form?.problems ?? [], 'code');
    return reply.code(form?.status ?? 200).render('admin/directorate.njk', {
      pageTitle: `${list.length ? 'Error: ' : ''}${directorate.name}`,
      breadcrumbs: adminCrumbs,
      done: form ? null : done(req),
      directorate,
      usedBy: describeUses(uses),
      usedByOutcomes: uses.outcomes.length > 0,
      outcomes: uses.outcomes.map((o) => ({ ...o, url: paths.planFramework(o.planId) })),
      values: form?.values ?? { code: directorate.code, name: directorate.name, confirmCode: false },
      // The version the form was read at, kept while it is corrected; after a refusal as stale, the
      // version it is at now, so saving again is a decision made knowing the other change.
      version: form && form.status !== 409 ? form.values.version : directorate.version,
      errors: list,
      codeError: field('code'),
      nameError: field('name'),
      confirmError: field('confirmCode'),
      action: paths.directorate(directorate.id),
      services: services.map((s) => ({ ...s, url: paths.service(s.id) })),
      newServiceUrl: paths.newService(directorate.id),
    });
  }

  app.get<Params>(routePatterns.directorate, ORGANISATION, async (req, reply) => directoratePage(req, reply));

  app.post<Params>(routePatterns.directorate, ORGANISATION, async (req, reply) => {
    const id = requireId(req.params.directorateId, 'There is no such directorate.');
    const body = readBody(DirectorateBody, req.body);
    try {
      await changeDirectorate(store, actor(req), id, body.version, body, clock, {
        confirmCode: body.confirmCode,
      });
      return reply.redirect(`${paths.directorate(id)}${query({ done: 'changed' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      return directoratePage(req, reply, { values: body, problems, status });
    }
  });

  // ---- services ----
  async function serviceForm(
    reply: FastifyReply,
    at: { directorateId: number; serviceId?: number },
    opts: {
      values?: { code: string; name: string; version?: number };
      problems?: Problem[];
      status?: number;
    } = {},
  ) {
    const existing = at.serviceId !== undefined ? await getService(store, at.serviceId) : null;
    const { directorate } = existing ?? (await getDirectorate(store, at.directorateId));
    const { errors: list, field } = errors(opts.problems ?? [], 'code');
    const heading = existing ? `Change ${existing.service.name}` : `Add a service to ${directorate.name}`;
    return reply.code(opts.status ?? 200).render('admin/service-form.njk', {
      pageTitle: `${list.length ? 'Error: ' : ''}${heading}`,
      breadcrumbs: [...adminCrumbs, { text: directorate.name, href: paths.directorate(directorate.id) }],
      heading,
      directorate,
      values:
        opts.values ??
        (existing ? { code: existing.service.code, name: existing.service.name } : { code: '', name: '' }),
      version:
        opts.status !== 409 && opts.values?.version !== undefined
          ? opts.values.version
          : (existing?.service.version ?? null),
      members: existing?.members ?? 0,
      removable: existing !== null && existing.members === 0,
      errors: list,
      codeError: field('code'),
      nameError: field('name'),
      action: existing ? paths.service(existing.service.id) : paths.newService(directorate.id),
      cancelUrl: paths.directorate(directorate.id),
      peopleUrl: paths.people(),
    });
  }

  app.get<Params>(routePatterns.newService, ORGANISATION, async (req, reply) =>
    serviceForm(reply, {
      directorateId: requireId(req.params.directorateId, 'There is no such directorate.'),
    }),
  );

  app.post<Params>(routePatterns.newService, ORGANISATION, async (req, reply) => {
    const directorateId = requireId(req.params.directorateId, 'There is no such directorate.');
    const body = readBody(ServiceBody, req.body);
    try {
      await createService(store, actor(req), directorateId, body, clock);
      return reply.redirect(`${paths.directorate(directorateId)}${query({ done: 'service-added' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      return serviceForm(reply, { directorateId }, { values: body, problems, status });
    }
  });

  app.get<Params>(routePatterns.service, ORGANISATION, async (req, reply) => {
    const serviceId = requireId(req.params.serviceId, 'There is no such service.');
    return serviceForm(reply, { directorateId: 0, serviceId });
  });

  app.post<Params>(routePatterns.service, ORGANISATION, async (req, reply) => {
    const serviceId = requireId(req.params.serviceId, 'There is no such service.');
    const body = readBody(ServiceBody, req.body);
    const { directorate } = await getService(store, serviceId);
    try {
      if (body.action === 'remove') {
        await removeService(store, actor(req), serviceId, body.version, clock);
        return reply.redirect(
          `${paths.directorate(directorate.id)}${query({ done: 'service-removed' })}`,
          303,
        );
      }
      await changeService(store, actor(req), serviceId, body.version, body, clock);
      return reply.redirect(`${paths.directorate(directorate.id)}${query({ done: 'service-changed' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      const values = body.action === 'remove' ? undefined : body;
      return serviceForm(reply, { directorateId: directorate.id, serviceId }, { values, problems, status });
    }
  });

  // ---- people ----
  app.get<Params>(paths.people(), ORGANISATION, async (req, reply) => {
    const people = await listPeopleOfCouncil(store);
    return reply.render('admin/people.njk', {
      pageTitle: 'People',
      breadcrumbs: [{ text: 'Users', href: paths.users() }],
      done: done(req),
      people: people.map((p) => ({ ...p, url: paths.person(p.id) })),
    });
  });

  type PersonValues = { name: string; email: string; jobTitle: string; directorate: string; service: string };
  const personValues = (p: PersonRecord): PersonValues => ({
    name: p.name,
    email: p.email ?? '',
    jobTitle: p.job_title ?? '',
    directorate: p.directorate_id ? String(p.directorate_id) : '',
    service: p.service_id ? String(p.service_id) : '',
  });

  async function personForm(
    reply: FastifyReply,
    existing: PersonRecord | null,
    opts: { values?: PersonValues; version?: number; problems?: Problem[]; status?: number } = {},
  ) {
    const { directorates, services } = await personChoices(store);
    const values =
      opts.values ??
      (existing
        ? personValues(existing)
        : { name: '', email: '', jobTitle: '', directorate: '', service: '' });
    const problems = [...(opts.problems ?? [])];
    // Refused as stale: beside each field, what is saved now where it differs from what was written.
    if (opts.status === 409 && existing) {
      const saved = personValues(existing);
      const label = {
        name: 'Name',
        email: 'Email address',
        jobTitle: 'Job title',
        directorate: 'Directorate',
        service: 'Service',
      };
      const shown = (k: keyof PersonValues, v: string) =>
        k === 'directorate'
          ? (directorates.find((d) => String(d.id) === v)?.name ?? '')
          : k === 'service'
            ? (services.find((s) => String(s.id) === v)?.name ?? '')
            : v;
      for (const k of Object.keys(label) as (keyof PersonValues)[])
        if (saved[k].trim() !== values[k].trim())
          problems.push({
            field: k,
            message: `${label[k]}: saved now as ${shown(k, saved[k]) ? `“${shown(k, saved[k])}”` : 'blank'}`,
          });
    }
    const { errors: list, field } = errors(problems, 'name');
    const heading = existing ? `Change ${existing.name}’s details` : 'Add a person';
    return reply.code(opts.status ?? 200).render('admin/person-form.njk', {
      pageTitle: `${list.length ? 'Error: ' : ''}${heading}`,
      breadcrumbs: [
        { text: 'Users', href: paths.users() },
        { text: 'People', href: paths.people() },
      ],
      heading,
      values,
      version: opts.status !== 409 && opts.version !== undefined ? opts.version : (existing?.version ?? null),
      errors: list,
      nameError: field('name'),
      emailError: field('email'),
      jobTitleError: field('jobTitle'),
      directorateError: field('directorate'),
      serviceError: field('service'),
      directorates: [
        { value: '', text: 'None' },
        ...directorates.map((d) => ({
          value: String(d.id),
          text: `${d.name} (${d.code})`,
          selected: String(d.id) === values.directorate,
        })),
      ],
      services: [
        { value: '', text: 'None' },
        ...services.map((s) => ({
          value: String(s.id),
          text: `${s.directorate_name}: ${s.name}`,
          selected: String(s.id) === values.service,
        })),
      ],
      action: existing ? paths.person(existing.id) : paths.newPerson(),
      cancelUrl: paths.people(),
      usersUrl: paths.users(),
    });
  }

  const bodyValues = (b: ReturnType<typeof PersonBody.parse>): PersonValues => ({
    name: b.name,
    email: b.email,
    jobTitle: b.jobTitle,
    directorate: b.directorate ? String(b.directorate) : '',
    service: b.service ? String(b.service) : '',
  });
  const personInput = (b: ReturnType<typeof PersonBody.parse>) => ({
    name: b.name,
    email: b.email,
    jobTitle: b.jobTitle,
    directorateId: b.directorate,
    serviceId: b.service,
  });

  app.get(paths.newPerson(), ORGANISATION, async (_req, reply) => personForm(reply, null));

  app.post(paths.newPerson(), ORGANISATION, async (req, reply) => {
    const body = readBody(PersonBody, req.body);
    try {
      await createPerson(store, actor(req), personInput(body), clock);
      return reply.redirect(`${paths.people()}${query({ done: 'person-added' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      return personForm(reply, null, { values: bodyValues(body), problems, status });
    }
  });

  app.get<Params>(routePatterns.person, ORGANISATION, async (req, reply) =>
    personForm(reply, await getPerson(store, requireId(req.params.personId, 'There is no such person.'))),
  );

  app.post<Params>(routePatterns.person, ORGANISATION, async (req, reply) => {
    const id = requireId(req.params.personId, 'There is no such person.');
    const body = readBody(PersonBody, req.body);
    try {
      await changePerson(store, actor(req), id, body.version, personInput(body), clock);
      return reply.redirect(`${paths.people()}${query({ done: 'person-changed' })}`, 303);
    } catch (e) {
      const { problems, status } = refusal(e);
      return personForm(reply, await getPerson(store, id), {
        values: bodyValues(body),
        version: body.version,
        problems,
        status,
      });
    }
  });
}
