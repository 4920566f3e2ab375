/**
 * Issue 19: common, breached-pattern and personal passwords refused; changing your own password;
 * a password an administrator set works once.
 */
import { describe, expect, it } from 'vitest';
import { changeOwnPassword, createAccount, setAccountPassword } from '../../src/app/access/accounts.js';
import { newPasswordProblems } from '../../src/app/access/passwords.js';
import { hashToken } from '../../src/app/access/sessions.js';
import { systemActor } from '../../src/app/audit.js';
import { buildApp } from '../../src/web/build-app.js';
import { paths } from '../../src/web/paths.js';
import { describeEachDatabase } from '../support/databases.js';
import { clockAt } from '../support/fixtures.js';
import { csrfOf, testBrand } from '../support/web.js';

const brand = testBrand('Anytown Council');
const clock = clockAt('2026-05-01T09:00:00Z');

describe('new passwords', () => {
  it.each([
    ['a common password with numbers after it', 'Password1234'],
    ['a common password with letter swaps', 'P@ssw0rd2024!'],
    ['a common long password', '1qaz2wsx3edc'],
    ['a keyboard run', 'zxcvbnm,./zxcvbnm'.slice(0, 7).repeat(2)],
    ['one character repeated', 'aaaaaaaaaaaaaa'],
    ['a short unit repeated', 'abcabcabcabcabc'],
    ['a run of digits', '123456789012'],
    ['a common word with a year', 'Sunshine2026!'],
  ])('refuses %s', async (_label, password) => {
    expect((await newPasswordProblems(password)).join(' ')).toMatch(/most common|simple pattern/);
  });

  it('refuses the person’s own name or email address', async () => {
    const problems = await newPasswordProblems('margaret-thornbury-99', {
      email: 'm.thornbury@anytown.gov.uk',
      name: 'Margaret Thornbury',
    });
    expect(problems).toContain('The password must not contain your name or email address.');
  });

  it('accepts a passphrase of random words, and still checks the length', async () => {
    expect(
      await newPasswordProblems('kettle orbit marram lantern', { email: 'sam@anytown.gov.uk', name: 'Sam' }),
    ).toEqual([]);
    expect(await newPasswordProblems('short')).toEqual(['Password must be at least 12 characters long.']);
  });
});

describeEachDatabase('a password set by an administrator, and changing your own', (store) => {
  async function signIn(a: ReturnType<typeof buildApp>, email: string, password: string) {
    const form = await a.inject({ url: paths.signIn() });
    const csrf = form.cookies.find((c) => c.name === 'cairn_signin_csrf')!.value;
    const res = await a.inject({
      method: 'POST',
      url: paths.signIn(),
      cookies: { cairn_signin_csrf: csrf },
      payload: { _csrf: csrf, email, password },
    });
    return { res, cookie: res.cookies.find((c) => c.name === 'cairn_session')?.value };
  }

  it('refuses a common password from an administrator too', async () => {
    await expect(
      createAccount(
        store(),
        systemActor,
        { email: 'x@anytown.gov.uk', name: 'X', role: 'viewer', password: 'Password1234' },
        clock,
      ),
    ).rejects.toMatchObject({
      details: [expect.objectContaining({ message: expect.stringContaining('most common') })],
    });
  });

  it('makes the person choose their own at first sign-in, then ends their other sessions', async () => {
    const a = buildApp({ store: store(), clock, brand });
    const first = 'kettle orbit marram lantern';
    const user = await createAccount(
      store(),
      systemActor,
      {
        email: 'jo@anytown.gov.uk',
        name: 'Jo Bloggs',
        role: 'viewer',
        password: first,
        mustChangePassword: true,
      },
      clock,
    );
    const one = await signIn(a, 'jo@anytown.gov.uk', first);
    const two = await signIn(a, 'jo@anytown.gov.uk', first);
    expect(one.res.statusCode).toBe(303);
    // Anything else goes to the change-password page first.
    const home = await a.inject({ url: '/', cookies: { cairn_session: one.cookie! } });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe(paths.changePassword());
    const page = await a.inject({ url: paths.changePassword(), cookies: { cairn_session: one.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Choose a new password');
    const csrf = csrfOf(page.body);
    const blocked = await a.inject({
      method: 'POST',
      url: paths.signOutEverywhere(),
      cookies: { cairn_session: one.cookie! },
      payload: { _csrf: csrf },
    });
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe(paths.changePassword());
    expect(
      (await a.inject({ url: paths.account(), cookies: { cairn_session: two.cookie! } })).statusCode,
    ).toBe(303);
    const post = (body: Record<string, string>) =>
      a.inject({
        method: 'POST',
        url: paths.changePassword(),
        cookies: { cairn_session: one.cookie! },
        payload: { _csrf: csrf, ...body },
      });
    const wrong = await post({
      current: 'not it at all',
      password: 'granite puffin ochre valley',
      confirm: 'granite puffin ochre valley',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is not right');
    const common = await post({ current: first, password: 'Password1234', confirm: 'Password1234' });
    expect(common.body).toContain('one of the most common');
    const mismatch = await post({
      current: first,
      password: 'granite puffin ochre valley',
      confirm: 'granite puffin ochre',
    });
    expect(mismatch.body).toContain('The two new passwords are not the same');
    const changed = await post({
      current: first,
      password: 'granite puffin ochre valley',
      confirm: 'granite puffin ochre valley',
    });
    expect(changed.statusCode).toBe(303);
    expect((await a.inject({ url: '/', cookies: { cairn_session: one.cookie! } })).statusCode).not.toBe(303);
    // The other session is over; this one goes on.
    const other = await a.inject({ url: paths.account(), cookies: { cairn_session: two.cookie! } });
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toMatch(/^\/sign-in/);
    const audit = await store()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'user.password.change')
      .where('entity_id', '=', String(user.id))
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`user:${user.id}`);
    expect(audit.after).not.toContain('granite');
    expect((await signIn(a, 'jo@anytown.gov.uk', first)).res.statusCode).toBe(400);
    expect((await signIn(a, 'jo@anytown.gov.uk', 'granite puffin ochre valley')).res.statusCode).toBe(303);

    // An administrator's reset is single-use again.
    await setAccountPassword(store(), systemActor, user.id, 'saffron meadow quill harbour', clock);
    const again = await signIn(a, 'jo@anytown.gov.uk', 'saffron meadow quill harbour');
    const next = await a.inject({ url: '/', cookies: { cairn_session: again.cookie! } });
    expect(next.headers.location).toBe(paths.changePassword());
  });

  it('lets the demo’s accounts in without a change (their password is printed at start)', async () => {
    const a = buildApp({ store: store(), clock, brand });
    await createAccount(
      store(),
      systemActor,
      {
        email: 'demo@anytown.gov.uk',
        name: 'Demo',
        role: 'viewer',
        password: 'kettle orbit marram lantern',
        mustChangePassword: false,
      },
      clock,
    );
    const s = await signIn(a, 'demo@anytown.gov.uk', 'kettle orbit marram lantern');
    const home = await a.inject({ url: paths.account(), cookies: { cairn_session: s.cookie! } });
    expect(home.statusCode).toBe(200);
    const r = await changeOwnPassword(
      store(),
      999_999,
      hashToken('x'),
      { current: '', password: '', confirm: '' },
      clock,
    ).catch((e: Error) => e.message);
    expect(r).toBe('There is no such account.');
  });
});
