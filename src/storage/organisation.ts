/**
 * The organisation behind the framework (issue 12): directorates, their services, and people (named
 * officers, not user accounts). Changes name the version their form was read at: an update or removal
 * of a row at another version changes nothing, and the caller says so.
 */
import type { Db } from './transaction.js';
import type { DirectorateRecord, PersonRecord, ServiceRecord } from './schema.js';

export interface DirectorateUses {
  /** Outcomes owned by the directorate, by plan (retired ones included: their figures are kept). */
  outcomes: { planId: number; title: string; years: string; status: string; count: number }[];
  services: number;
  people: number;
  users: number;
}

export interface DirectorateRow extends DirectorateRecord {
  outcomes: number;
  services: number;
  people: number;
}

const count = (n: unknown) => Number(n ?? 0);

export async function listDirectoratesWithUse(db: Db): Promise<DirectorateRow[]> {
  const rows = await db
    .selectFrom('directorate')
    .selectAll('directorate')
    .select((eb) => [
      eb
        .selectFrom('outcome')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('outcome.directorate_id', '=', 'directorate.id')
        .as('outcomes'),
      eb
        .selectFrom('service')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('service.directorate_id', '=', 'directorate.id')
        .as('services'),
      eb
        .selectFrom('person')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('person.directorate_id', '=', 'directorate.id')
        .as('people'),
    ])
    .orderBy('directorate.name')
    .execute();
  return rows.map((r) => ({
    ...r,
    outcomes: count(r.outcomes),
    services: count(r.services),
    people: count(r.people),
  }));
}

export function findDirectorate(db: Db, id: number): Promise<DirectorateRecord | undefined> {
  return db.selectFrom('directorate').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The directorate with this code, compared without regard to case ("scs" is SCS). */
export function findDirectorateByCodeAnyCase(db: Db, code: string): Promise<DirectorateRecord | undefined> {
  return db
    .selectFrom('directorate')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
    .executeTakeFirst();
}

export async function directorateUses(db: Db, id: number): Promise<DirectorateUses> {
  const outcomes = await db
    .selectFrom('outcome')
    .innerJoin('plan', 'plan.id', 'outcome.plan_id')
    .select(['plan.id as planId', 'plan.title', 'plan.years', 'plan.status'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('outcome.directorate_id', '=', id)
    .groupBy(['plan.id', 'plan.title', 'plan.years', 'plan.status'])
    .orderBy('plan.id')
    .execute();
  const n = async (table: 'service' | 'person' | 'user_account') =>
    count(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('directorate_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    outcomes: outcomes.map((o) => ({ ...o, count: count(o.count) })),
    services: await n('service'),
    people: await n('person'),
    users: await n('user_account'),
  };
}

export async function insertDirectorate(db: Db, d: { code: string; name: string }): Promise<number> {
  return (await db.insertInto('directorate').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes the change if the row is still at `version`; false if it is not (or is gone). */
export async function updateDirectorate(
  db: Db,
  id: number,
  version: number,
  d: { code: string; name: string },
): Promise<boolean> {
  const r = await db
    .updateTable('directorate')
    .set((eb) => ({ ...d, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- services ----

export function listServices(db: Db, directorateId: number): Promise<ServiceRecord[]> {
  return db
    .selectFrom('service')
    .selectAll()
    .where('directorate_id', '=', directorateId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Every service with its directorate, for choosing one (by directorate, then the services' order). */
export function listAllServices(
  db: Db,
): Promise<(ServiceRecord & { directorate_code: string; directorate_name: string })[]> {
  return db
    .selectFrom('service')
    .innerJoin('directorate', 'directorate.id', 'service.directorate_id')
    .selectAll('service')
    .select(['directorate.code as directorate_code', 'directorate.name as directorate_name'])
    .orderBy('directorate.name')
    .orderBy('service.position')
    .execute();
}

export function findService(db: Db, id: number): Promise<ServiceRecord | undefined> {
  return db.selectFrom('service').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findServiceByCodeAnyCase(
  db: Db,
  directorateId: number,
  code: string,
): Promise<ServiceRecord | undefined> {
  return db
    .selectFrom('service')
    .selectAll()
    .where('directorate_id', '=', directorateId)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
    .executeTakeFirst();
}

export async function insertService(
  db: Db,
  s: { directorateId: number; code: string; name: string },
): Promise<number> {
  const last = await db
    .selectFrom('service')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('directorate_id', '=', s.directorateId)
    .executeTakeFirst();
  const row = await db
    .insertInto('service')
    .values({ directorate_id: s.directorateId, code: s.code, name: s.name, position: count(last?.p) + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateService(
  db: Db,
  id: number,
  version: number,
  s: { code: string; name: string },
): Promise<boolean> {
  const r = await db
    .updateTable('service')
    .set((eb) => ({ ...s, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteService(db: Db, id: number, version: number): Promise<boolean> {
  const r = await db
    .deleteFrom('service')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The people in a service (a service with people in it is not removed). */
export async function serviceMembers(db: Db, serviceId: number): Promise<number> {
  return count(
    (
      await db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('service_id', '=', serviceId)
        .executeTakeFirstOrThrow()
    ).n,
  );
}

// ---- people ----

export type PersonRow = PersonRecord & {
  directorate_code: string | null;
  directorate_name: string | null;
  service_name: string | null;
};

export function listPersons(db: Db): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .leftJoin('directorate', 'directorate.id', 'person.directorate_id')
    .leftJoin('service', 'service.id', 'person.service_id')
    .selectAll('person')
    .select([
      'directorate.code as directorate_code',
      'directorate.name as directorate_name',
      'service.name as service_name',
    ])
    .orderBy('person.name')
    .orderBy('person.id')
    .execute();
}

export function findPersonRecord(db: Db, id: number): Promise<PersonRecord | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPersonByEmail(db: Db, email: string): Promise<PersonRecord | undefined> {
  return db
    .selectFrom('person')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export interface PersonFields {
  name: string;
  email: string | null;
  job_title: string | null;
  directorate_id: number | null;
  service_id: number | null;
}

export async function insertPerson(db: Db, p: PersonFields): Promise<number> {
  return (await db.insertInto('person').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePerson(db: Db, id: number, version: number, p: PersonFields): Promise<boolean> {
  const r = await db
    .updateTable('person')
    .set((eb) => ({ ...p, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
