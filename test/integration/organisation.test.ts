/**
 * Directorates, services and people, managed by an administrator (app/organisation.ts and its pages):
 * every change checked, version-checked (a stale one refused, 409 on the web), audited in its own
 * transaction; a directorate's code that outcomes use changed only when the administrator says so,
 * having been told what uses it; a service removed only when nobody is in it; administrators only.
 */
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { userActor, type Actor } from '../../src/app/audit.js';
import { loadDemo } from '../../src/app/demo.js';
import { CairnError } from '../../src/app/errors.js';
import {
  changeDirectorate,
  changePerson,
  changeService,
  createDirectorate,
  createPerson,
  createService,
  getDirectorate,
  removeService,
} from '../../src/app/organisation.js';
import type { Store } from '../../src/storage/database.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt, fixedClock } from '../support/fixtures.js';
import { csrfOf, sessionFor, testBrand } from '../support/web.js';

const clock = clockAt('2018-03-01T10:00:00Z');

async function rejection(p: Promise<unknown>): Promise<CairnError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CairnError) return e;
    throw e;
  }
  throw new Error('expected a CairnError');
}

describeEachDatabase('the organisation: directorates, services and people', (store) => {
  let admin: Actor;
  let adminCookies: { cairn_session: string };
  let app: FastifyInstance;
  const s = (): Store => store();
  const audits = (entity: string) =>
    s().db.selectFrom('audit_event').selectAll().where('entity', '=', entity).orderBy('id').execute();
  const scs = async () =>
    s().db.selectFrom('directorate').selectAll().where('code', '=', 'SCS').executeTakeFirstOrThrow();

  it('sets up', async () => {
    await loadDemo(s(), fixedClock);
    const session = await sessionFor(s(), clock, 'admin');
    admin = userActor({ id: session.userId, name: 'Test admin' });
    adminCookies = session.cookies;
    app = buildApp({ store: s(), clock, brand: testBrand() });
    await app.ready();
  });

  it('adds a directorate, audited; refuses a blank one and a code already taken (in any case)', async () => {
    const blank = await rejection(createDirectorate(s(), admin, { code: ' ', name: '' }, clock));
    expect(blank.code).toBe('INVALID_INPUT');
    expect(blank.details.map((p) => p.field)).toEqual(['code', 'name']);
    const spaced = await rejection(
      createDirectorate(s(), admin, { code: 'E and E', name: 'Economy' }, clock),
    );
    expect(spaced.details[0]!.message).toContain('no spaces');
    const taken = await rejection(createDirectorate(s(), admin, { code: 'scs', name: 'Another' }, clock));
    expect(taken.details).toEqual([
      {
        field: 'code',
        message: 'There is already a directorate with the code SCS: Social and Community Services',
      },
    ]);
    const id = await createDirectorate(
      s(),
      admin,
      { code: 'EE', name: '  Environment   and Economy ' },
      clock,
    );
    const row = await s()
      .db.selectFrom('directorate')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ code: 'EE', name: 'Environment and Economy', version: 1 });
    const [record] = await audits('directorate');
    expect(record).toMatchObject({ action: 'directorate.create', actor: admin.id, entity_id: String(id) });
    expect(JSON.parse(record!.after!)).toEqual({ code: 'EE', name: 'Environment and Economy' });
  });

  it('changes a code outcomes use only when told to, having said what uses it; refuses a stale change', async () => {
    const d = await scs();
    const { uses } = await getDirectorate(s(), d.id);
    const outcomes = uses.outcomes[0]!.count;
    expect(outcomes).toBeGreaterThan(0);
    const silent = await rejection(
      changeDirectorate(s(), admin, d.id, d.version, { code: 'ASC', name: d.name }, clock),
    );
    expect(silent.code).toBe('INVALID_INPUT');
    expect(silent.details[0]!.field).toBe('confirmCode');
    expect(silent.details[0]!.message).toContain(
      `SCS is used by ${outcomes} outcomes in Corporate Plan 2017-18 (2017-18)`,
    );
    expect((await scs()).code).toBe('SCS');

    // A name change needs no confirmation; it moves the version on.
    await changeDirectorate(s(), admin, d.id, d.version, { code: 'SCS', name: 'Adult Social Care' }, clock);
    const stale = await rejection(
      changeDirectorate(s(), admin, d.id, d.version, { code: 'SCS', name: 'Something else' }, clock),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('it is now SCS, Adult Social Care');

    const now = await scs();
    expect(now.version).toBe(d.version + 1);
    await changeDirectorate(s(), admin, now.id, now.version, { code: 'ASC', name: now.name }, clock, {
      confirmCode: true,
    });
    const moved = await s()
      .db.selectFrom('directorate')
      .selectAll()
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(moved.code).toBe('ASC');
    // The outcomes follow it (they hold its id).
    const owned = await s()
      .db.selectFrom('outcome')
      .select('id')
      .where('directorate_id', '=', d.id)
      .execute();
    expect(owned).toHaveLength(outcomes);
    const records = (await audits('directorate')).filter((r) => r.action === 'directorate.update');
    expect(records.map((r) => [JSON.parse(r.before!), JSON.parse(r.after!)])).toEqual([
      [
        { code: 'SCS', name: 'Social and Community Services' },
        { code: 'SCS', name: 'Adult Social Care' },
      ],
      [
        { code: 'SCS', name: 'Adult Social Care' },
        { code: 'ASC', name: 'Adult Social Care' },
      ],
    ]);
    await changeDirectorate(
      s(),
      admin,
      d.id,
      moved.version,
      { code: 'SCS', name: 'Social and Community Services' },
      clock,
      {
        confirmCode: true,
      },
    );
  });

  let service: number;

  it('adds, renames and removes services: codes unique within a directorate; not removed while someone is in it', async () => {
    const d = await scs();
    service = await createService(s(), admin, d.id, { code: 'ASC', name: 'Adult Social Care' }, clock);
    const twice = await rejection(createService(s(), admin, d.id, { code: 'asc', name: 'Again' }, clock));
    expect(twice.details[0]).toMatchObject({ field: 'code' });
    const cef = await s()
      .db.selectFrom('directorate')
      .select('id')
      .where('code', '=', 'CEF')
      .executeTakeFirstOrThrow();
    await createService(s(), admin, cef.id, { code: 'ASC', name: 'Another directorate’s ASC' }, clock);

    await changeService(
      s(),
      admin,
      service,
      1,
      { code: 'ASC', name: 'Adult Social Care and Support' },
      clock,
    );
    expect(
      (await rejection(changeService(s(), admin, service, 1, { code: 'ASC', name: 'x' }, clock))).code,
    ).toBe('CONFLICT');

    const person = await createPerson(
      s(),
      admin,
      {
        name: 'Lucy Butler',
        email: 'lucy.butler@oxfordshire.example',
        jobTitle: 'Director',
        directorateId: undefined,
        serviceId: service,
      },
      clock,
    );
    const busy = await rejection(removeService(s(), admin, service, 2, clock));
    expect(busy.code).toBe('CONFLICT');
    expect(busy.message).toContain('cannot be removed while 1 person is in it');
    const p = await s()
      .db.selectFrom('person')
      .selectAll()
      .where('id', '=', person)
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({ directorate_id: d.id, service_id: service, job_title: 'Director' }); // the service's directorate
    await changePerson(
      s(),
      admin,
      person,
      p.version,
      {
        name: 'Lucy Butler',
        email: 'lucy.butler@oxfordshire.example',
        jobTitle: 'Director',
        directorateId: d.id,
        serviceId: undefined,
      },
      clock,
    );
    const gone = await removeService(s(), admin, service, 2, clock);
    expect(gone).toBe(d.id);
    expect(await s().db.selectFrom('service').select('id').where('id', '=', service).execute()).toEqual([]);
    expect((await audits('service')).map((r) => r.action)).toEqual([
      'service.create',
      'service.create',
      'service.update',
      'service.remove',
    ]);
  });

  it('adds and changes people: checked, stale changes refused, audited', async () => {
    const d = await scs();
    const cefService = await s().db.selectFrom('service').select('id').executeTakeFirstOrThrow();
    const wrong = await rejection(
      createPerson(
        s(),
        admin,
        { name: 'Ann', email: 'not-an-email', jobTitle: '', directorateId: d.id, serviceId: cefService.id },
        clock,
      ),
    );
    expect(wrong.details.map((p) => p.field)).toEqual(['email', 'service']);
    const dup = await rejection(
      createPerson(
        s(),
        admin,
        {
          name: 'Another Lucy',
          email: 'LUCY.BUTLER@oxfordshire.example',
          jobTitle: '',
          directorateId: undefined,
          serviceId: undefined,
        },
        clock,
      ),
    );
    expect(dup.details[0]!.message).toBe(
      'Lucy Butler already has the email address lucy.butler@oxfordshire.example',
    );
    const id = await createPerson(
      s(),
      admin,
      { name: 'Kate Terroni', email: '', jobTitle: '', directorateId: d.id, serviceId: undefined },
      clock,
    );
    const row = await s().db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Kate Terroni',
      email: null,
      job_title: null,
      directorate_id: d.id,
      version: 1,
    });
    await changePerson(
      s(),
      admin,
      id,
      1,
      {
        name: 'Kate Terroni',
        email: '',
        jobTitle: 'Director for Adult Services',
        directorateId: d.id,
        serviceId: undefined,
      },
      clock,
    );
    const stale = await rejection(
      changePerson(
        s(),
        admin,
        id,
        1,
        { name: 'K. Terroni', email: '', jobTitle: '', directorateId: undefined, serviceId: undefined },
        clock,
      ),
    );
    expect(stale.code).toBe('CONFLICT');
    const records = (await audits('person')).filter((r) => r.entity_id === String(id));
    expect(records.map((r) => r.action)).toEqual(['person.create', 'person.update']);
    expect(JSON.parse(records[1]!.after!)).toMatchObject({ job_title: 'Director for Adult Services' });
  });

  it('serves the pages to administrators only, with CSRF, and answers a stale form with 409', async () => {
    for (const url of [paths.directorates(), paths.newDirectorate(), paths.people(), paths.newPerson()])
      expect((await app.inject({ url, cookies: adminCookies })).statusCode, url).toBe(200);
    const users = await app.inject({ url: paths.users(), cookies: adminCookies });
    expect(users.body).toContain(`href="${paths.directorates()}"`);
    expect(users.body).toContain(`href="${paths.people()}"`);
    const d = await scs();
    const page = await app.inject({ url: paths.directorate(d.id), cookies: adminCookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('SCS is used by');
    expect(page.body).toContain('outcomes in Corporate Plan 2017-18 (2017-18)');
    const csrf = csrfOf(page.body);

    for (const role of ['performance', 'owner', 'approver', 'viewer'] as const) {
      const who = await sessionFor(s(), clock, role);
      expect((await app.inject({ url: paths.directorates(), cookies: who.cookies })).statusCode, role).toBe(
        403,
      );
      expect((await app.inject({ url: paths.people(), cookies: who.cookies })).statusCode, role).toBe(403);
    }
    const forged = await app.inject({
      method: 'POST',
      url: paths.newDirectorate(),
      cookies: adminCookies,
      payload: { code: 'X', name: 'X' },
    });
    expect(forged.statusCode).toBe(403);

    const added = await app.inject({
      method: 'POST',
      url: paths.newDirectorate(),
      cookies: adminCookies,
      payload: { _csrf: csrf, code: 'FIN', name: 'Finance' },
    });
    expect(added.statusCode).toBe(303);
    const fin = await s()
      .db.selectFrom('directorate')
      .selectAll()
      .where('code', '=', 'FIN')
      .executeTakeFirstOrThrow();
    expect(added.headers.location).toBe(`${paths.directorate(fin.id)}?done=added`);
    const shown = await app.inject({ url: added.headers.location!, cookies: adminCookies });
    expect(shown.body).toContain('The directorate has been added.');

    const invalid = await app.inject({
      method: 'POST',
      url: paths.directorate(fin.id),
      cookies: adminCookies,
      payload: { _csrf: csrf, code: '', name: 'Finance', version: String(fin.version) },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('href="#code"');
    const renamed = await app.inject({
      method: 'POST',
      url: paths.directorate(fin.id),
      cookies: adminCookies,
      payload: { _csrf: csrf, code: 'FIN', name: 'Finance and Property', version: String(fin.version) },
    });
    expect(renamed.statusCode).toBe(303);
    const stale = await app.inject({
      method: 'POST',
      url: paths.directorate(fin.id),
      cookies: adminCookies,
      payload: { _csrf: csrf, code: 'FIN', name: 'Finance again', version: String(fin.version) },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this directorate');
    expect(stale.body).toContain(`name="version" value="${fin.version + 1}"`);

    const person = await app.inject({
      method: 'POST',
      url: paths.newPerson(),
      cookies: adminCookies,
      payload: {
        _csrf: csrf,
        name: 'Lorna Baxter',
        jobTitle: 'Director of Finance',
        email: '',
        directorate: String(fin.id),
        service: '',
      },
    });
    expect(person.statusCode).toBe(303);
    const list = await app.inject({ url: paths.people(), cookies: adminCookies });
    expect(list.body).toContain('Lorna Baxter');
    expect(list.body).toContain('Finance and Property');

    const svc = await app.inject({
      method: 'POST',
      url: paths.newService(fin.id),
      cookies: adminCookies,
      payload: { _csrf: csrf, code: 'PROP', name: 'Property', action: 'save' },
    });
    expect(svc.statusCode).toBe(303);
    const prop = await s()
      .db.selectFrom('service')
      .selectAll()
      .where('code', '=', 'PROP')
      .executeTakeFirstOrThrow();
    const removed = await app.inject({
      method: 'POST',
      url: paths.service(prop.id),
      cookies: adminCookies,
      payload: { _csrf: csrf, action: 'remove', version: String(prop.version) },
    });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(`${paths.directorate(fin.id)}?done=service-removed`);
  });
});
