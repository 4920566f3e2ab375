/**
 * The organisation behind the framework, managed by an administrator (issue 12): directorates (code
 * and name), the services within each, and people — named officers who may own indicators or, later,
 * risks; not user accounts (those are on the users page). Every change is checked, made only if the
 * row is still at the version its form was read at (else CONFLICT, saying what is saved now), and
 * audited in its own transaction. A directorate's code that outcomes use is not changed without the
 * administrator saying so, having been told what uses it; a service is removed only when nobody is in it.
 */
import type { Problem } from '../domain/problem.js';
import { tooLong } from '../domain/text-limits.js';
import {
  deleteService,
  directorateUses,
  findDirectorate,
  findDirectorateByCodeAnyCase,
  findPersonByEmail,
  findPersonRecord,
  findService,
  findServiceByCodeAnyCase,
  insertDirectorate,
  insertPerson,
  insertService,
  listAllServices,
  listDirectoratesWithUse,
  listPersons,
  listServices,
  serviceMembers,
  updateDirectorate,
  updatePerson,
  updateService,
  type DirectorateRow,
  type DirectorateUses,
  type PersonFields,
  type PersonRow,
} from '../storage/organisation.js';
import type { DirectorateRecord, PersonRecord, ServiceRecord } from '../storage/schema.js';
import { transaction } from '../storage/transaction.js';
import type { Store } from '../storage/database.js';
import { recordChange, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';

export type { DirectorateRecord, DirectorateRow, DirectorateUses, PersonRecord, PersonRow, ServiceRecord };

const CODE_MAX = 20;
const NAME_MAX = 200;
const EMAIL_MAX = 254;
const CODE = /^[A-Za-z0-9][A-Za-z0-9&_.-]*$/;

const invalid = (problems: Problem[]) => new CairnError('INVALID_INPUT', problems[0]!.message, problems);

function checkCode(code: string, what: string, example: string): Problem[] {
  if (!code) return [{ field: 'code', message: `Enter the ${what}’s code, for example ${example}` }];
  const long = tooLong('code', 'The code', code, CODE_MAX);
  if (long) return [long];
  if (!CODE.test(code))
    return [
      {
        field: 'code',
        message: `The code may have letters, digits and - _ . & only, with no spaces, for example ${example}`,
      },
    ];
  return [];
}

function checkName(name: string, what: string): Problem[] {
  if (!name) return [{ field: 'name', message: `Enter the ${what}’s name` }];
  const long = tooLong('name', 'The name', name, NAME_MAX);
  return long ? [long] : [];
}

// ---- directorates ----

export interface DirectorateInput {
  code: string;
  name: string;
}

export function listDirectorates(store: Store): Promise<DirectorateRow[]> {
  return listDirectoratesWithUse(store.db);
}

export async function getDirectorate(
  store: Store,
  id: number,
): Promise<{ directorate: DirectorateRecord; uses: DirectorateUses; services: ServiceRecord[] }> {
  const directorate = await findDirectorate(store.db, id);
  if (!directorate) throw notFound('There is no such directorate.');
  return {
    directorate,
    uses: await directorateUses(store.db, id),
    services: await listServices(store.db, id),
  };
}

/** What uses a directorate, as a sentence ("12 outcomes in Corporate Plan 2017-18, 3 people"), or ''. */
export function describeUses(uses: DirectorateUses): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const parts = [
    ...uses.outcomes.map((o) => `${n(o.count, 'outcome', 'outcomes')} in ${o.title} (${o.years})`),
    uses.services ? n(uses.services, 'service', 'services') : '',
    uses.people ? n(uses.people, 'person', 'people') : '',
    uses.users ? n(uses.users, 'user account', 'user accounts') : '',
  ].filter(Boolean);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

const clean = (input: DirectorateInput): DirectorateInput => ({
  code: input.code.trim(),
  name: input.name.trim().replace(/\s+/g, ' '),
});

export async function createDirectorate(
  store: Store,
  actor: Actor,
  input: DirectorateInput,
  clock: Clock,
): Promise<number> {
  const d = clean(input);
  const problems = [...checkCode(d.code, 'directorate', 'SCS'), ...checkName(d.name, 'directorate')];
  if (problems.length) throw invalid(problems);
  return transaction(store.db, async (trx) => {
    const taken = await findDirectorateByCodeAnyCase(trx, d.code);
    if (taken)
      throw invalid([
        {
          field: 'code',
          message: `There is already a directorate with the code ${taken.code}: ${taken.name}`,
        },
      ]);
    const id = await insertDirectorate(trx, d);
    await recordChange(
      trx,
      actor,
      { action: 'directorate.create', entity: 'directorate', entityId: id, after: d },
      clock,
    );
    return id;
  });
}

/**
 * Changes a directorate's code or name. While outcomes use it, a new code needs `confirmCode`:
 * framework spreadsheets name the directorate by its code, so the administrator is told what uses it.
 */
export async function changeDirectorate(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  input: DirectorateInput,
  clock: Clock,
  options: { confirmCode?: boolean } = {},
): Promise<void> {
  const d = clean(input);
  const problems = [...checkCode(d.code, 'directorate', 'SCS'), ...checkName(d.name, 'directorate')];
  if (problems.length) throw invalid(problems);
  await transaction(store.db, async (trx) => {
    const before = await findDirectorate(trx, id);
    if (!before) throw notFound('There is no such directorate.');
    if (before.version !== version) throw staleDirectorate(before);
    if (d.code === before.code && d.name === before.name) return;
    if (d.code !== before.code) {
      const taken = await findDirectorateByCodeAnyCase(trx, d.code);
      if (taken && taken.id !== id)
        throw invalid([
          {
            field: 'code',
            message: `There is already a directorate with the code ${taken.code}: ${taken.name}`,
          },
        ]);
      const uses = await directorateUses(trx, id);
      if (uses.outcomes.length && !options.confirmCode)
        throw invalid([
          {
            field: 'confirmCode',
            message: `${before.code} is used by ${describeUses(uses)}. Framework spreadsheets name the directorate by its code, so files with ${before.code} in them will no longer match it. To change the code to ${d.code} everywhere, tick the box and save again`,
          },
        ]);
    }
    if (!(await updateDirectorate(trx, id, version, d))) throw staleDirectorate(before);
    await recordChange(
      trx,
      actor,
      {
        action: 'directorate.update',
        entity: 'directorate',
        entityId: id,
        before: { code: before.code, name: before.name },
        after: d,
      },
      clock,
    );
  });
}

const staleDirectorate = (now: DirectorateRecord) =>
  new CairnError(
    'CONFLICT',
    `Someone else changed this directorate while you were editing it: it is now ${now.code}, ${now.name}. Check your change and save it again.`,
  );

// ---- services ----

export async function getService(
  store: Store,
  id: number,
): Promise<{ service: ServiceRecord; directorate: DirectorateRecord; members: number }> {
  const service = await findService(store.db, id);
  if (!service) throw notFound('There is no such service.');
  const directorate = await findDirectorate(store.db, service.directorate_id);
  if (!directorate) throw notFound('There is no such service.');
  return { service, directorate, members: await serviceMembers(store.db, id) };
}

const staleService = (now: ServiceRecord | undefined) =>
  new CairnError(
    'CONFLICT',
    now
      ? `Someone else changed this service while you were editing it: it is now ${now.code}, ${now.name}. Check your change and save it again.`
      : 'Someone else removed this service while you were editing it.',
  );

export async function createService(
  store: Store,
  actor: Actor,
  directorateId: number,
  input: DirectorateInput,
  clock: Clock,
): Promise<number> {
  const s = clean(input);
  const problems = [...checkCode(s.code, 'service', 'ASC'), ...checkName(s.name, 'service')];
  if (problems.length) throw invalid(problems);
  return transaction(store.db, async (trx) => {
    const directorate = await findDirectorate(trx, directorateId);
    if (!directorate) throw notFound('There is no such directorate.');
    const taken = await findServiceByCodeAnyCase(trx, directorateId, s.code);
    if (taken)
      throw invalid([
        {
          field: 'code',
          message: `${directorate.name} already has a service with the code ${taken.code}: ${taken.name}`,
        },
      ]);
    const id = await insertService(trx, { directorateId, ...s });
    await recordChange(
      trx,
      actor,
      {
        action: 'service.create',
        entity: 'service',
        entityId: id,
        after: { directorate: directorate.code, ...s },
      },
      clock,
    );
    return id;
  });
}

export async function changeService(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  input: DirectorateInput,
  clock: Clock,
): Promise<void> {
  const s = clean(input);
  const problems = [...checkCode(s.code, 'service', 'ASC'), ...checkName(s.name, 'service')];
  if (problems.length) throw invalid(problems);
  await transaction(store.db, async (trx) => {
    const before = await findService(trx, id);
    if (!before) throw notFound('There is no such service.');
    if (before.version !== version) throw staleService(before);
    if (s.code === before.code && s.name === before.name) return;
    const taken = await findServiceByCodeAnyCase(trx, before.directorate_id, s.code);
    if (taken && taken.id !== id)
      throw invalid([
        {
          field: 'code',
          message: `The directorate already has a service with the code ${taken.code}: ${taken.name}`,
        },
      ]);
    if (!(await updateService(trx, id, version, s))) throw staleService(await findService(trx, id));
    await recordChange(
      trx,
      actor,
      {
        action: 'service.update',
        entity: 'service',
        entityId: id,
        before: { code: before.code, name: before.name },
        after: s,
      },
      clock,
    );
  });
}

/** Removes a service nobody is in; returns its directorate's id. */
export async function removeService(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  clock: Clock,
): Promise<number> {
  return transaction(store.db, async (trx) => {
    const before = await findService(trx, id);
    if (!before) throw notFound('There is no such service.');
    if (before.version !== version) throw staleService(before);
    const members = await serviceMembers(trx, id);
    if (members)
      throw new CairnError(
        'CONFLICT',
        `${before.name} cannot be removed while ${members} ${members === 1 ? 'person is' : 'people are'} in it. Move ${members === 1 ? 'them' : 'each of them'} to another service first, on the people page.`,
      );
    if (!(await deleteService(trx, id, version))) throw staleService(await findService(trx, id));
    await recordChange(
      trx,
      actor,
      {
        action: 'service.remove',
        entity: 'service',
        entityId: id,
        before: { directorateId: before.directorate_id, code: before.code, name: before.name },
      },
      clock,
    );
    return before.directorate_id;
  });
}

// ---- people ----

export interface PersonInput {
  name: string;
  email: string;
  jobTitle: string;
  directorateId: number | undefined;
  serviceId: number | undefined;
}

export function listPeopleOfCouncil(store: Store): Promise<PersonRow[]> {
  return listPersons(store.db);
}

export async function getPerson(store: Store, id: number): Promise<PersonRecord> {
  const person = await findPersonRecord(store.db, id);
  if (!person) throw notFound('There is no such person.');
  return person;
}

/** The choices a person's form offers: every directorate, and every service with its directorate. */
export async function personChoices(store: Store) {
  return {
    directorates: await listDirectoratesWithUse(store.db),
    services: await listAllServices(store.db),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function checkPerson(
  db: Parameters<typeof findService>[0],
  input: PersonInput,
  id: number | null,
): Promise<PersonFields> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const email = input.email.trim();
  const jobTitle = input.jobTitle.trim().replace(/\s+/g, ' ');
  const problems: Problem[] = [];
  if (!name) problems.push({ field: 'name', message: 'Enter the person’s name' });
  const longName = tooLong('name', 'The name', name, NAME_MAX);
  if (longName) problems.push(longName);
  if (email) {
    const longEmail = tooLong('email', 'The email address', email, EMAIL_MAX);
    if (longEmail) problems.push(longEmail);
    else if (!EMAIL.test(email))
      problems.push({
        field: 'email',
        message: 'Enter the email address in the right form, like name@council.gov.uk',
      });
    else {
      const other = await findPersonByEmail(db, email);
      if (other && other.id !== id)
        problems.push({
          field: 'email',
          message: `${other.name} already has the email address ${other.email}`,
        });
    }
  }
  const longTitle = tooLong('jobTitle', 'The job title', jobTitle, NAME_MAX);
  if (longTitle) problems.push(longTitle);
  let directorateId = input.directorateId ?? null;
  if (directorateId !== null && !(await findDirectorate(db, directorateId)))
    problems.push({ field: 'directorate', message: 'Choose a directorate from the list' });
  let serviceId = input.serviceId ?? null;
  if (serviceId !== null) {
    const service = await findService(db, serviceId);
    if (!service) problems.push({ field: 'service', message: 'Choose a service from the list' });
    else if (directorateId === null) directorateId = service.directorate_id;
    else if (service.directorate_id !== directorateId) {
      const d = await findDirectorate(db, directorateId);
      problems.push({
        field: 'service',
        message: `${service.name} is not a service of ${d?.name ?? 'that directorate'}: choose one of its services, or no service`,
      });
    }
    if (problems.length) serviceId = null;
  }
  if (problems.length) throw invalid(problems);
  return {
    name,
    email: email || null,
    job_title: jobTitle || null,
    directorate_id: directorateId,
    service_id: serviceId,
  };
}

export async function createPerson(
  store: Store,
  actor: Actor,
  input: PersonInput,
  clock: Clock,
): Promise<number> {
  return transaction(store.db, async (trx) => {
    const fields = await checkPerson(trx, input, null);
    const id = await insertPerson(trx, fields);
    await recordChange(
      trx,
      actor,
      { action: 'person.create', entity: 'person', entityId: id, after: fields },
      clock,
    );
    return id;
  });
}

export async function changePerson(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  input: PersonInput,
  clock: Clock,
): Promise<void> {
  await transaction(store.db, async (trx) => {
    const before = await findPersonRecord(trx, id);
    if (!before) throw notFound('There is no such person.');
    if (before.version !== version) throw stalePerson(before);
    const fields = await checkPerson(trx, input, id);
    const was: PersonFields = {
      name: before.name,
      email: before.email,
      job_title: before.job_title,
      directorate_id: before.directorate_id,
      service_id: before.service_id,
    };
    if (JSON.stringify(was) === JSON.stringify(fields)) return;
    if (!(await updatePerson(trx, id, version, fields)))
      throw stalePerson((await findPersonRecord(trx, id)) ?? before);
    await recordChange(
      trx,
      actor,
      { action: 'person.update', entity: 'person', entityId: id, before: was, after: fields },
      clock,
    );
  });
}

const stalePerson = (now: PersonRecord) =>
  new CairnError(
    'CONFLICT',
    `Someone else changed ${now.name}’s details while you were editing them. Check what is saved now, beside each field, and save your change again.`,
  );
