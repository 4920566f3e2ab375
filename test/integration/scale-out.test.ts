/**
 * Scale-out (issue 17): two web processes and two workers on one PostgreSQL database serve the same
 * council correctly. Each is a real process (src/main/server.ts, `cairn worker`), as behind a load
 * balancer with no sticky sessions:
 *
 * - a session started by signing in on server A is signed in on server B;
 * - the CSRF token in a form A served is accepted by B (and a wrong one refused);
 * - a figure saved through A is on B's page, which B had already cached, at once (data version);
 * - two workers passing at the same moment send each reminder once (a real SMTP server counts);
 * - a report published on A and on B at the same moment never gives two versions one number: both
 *   are numbered in turn, or the one that lost the race is refused (409) and stores nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/app/access/passwords.js';
import { startSession } from '../../src/app/access/sessions.js';
import { currentAuditKey, systemActor, userActor, useAuditKey } from '../../src/app/audit.js';
import { DEFAULT_SETTINGS } from '../../src/reports/quarterly/model.js';
import { saveDraft } from '../../src/reports/quarterly/service.js';
import { systemClock } from '../../src/app/clock.js';
import { assignIndicators, openRound } from '../../src/app/collection/rounds.js';
import { saveFrameworkDocument } from '../../src/app/framework.js';
import { insertUser } from '../../src/storage/account-repository.js';
import { migrate, openStore } from '../../src/storage/database.js';
import { setCouncil } from '../../src/storage/performance-repository.js';
import { latestPublishedVersion, publishVersion } from '../../src/storage/published-repository.js';
import { paths } from '../../src/web/paths.js';
import { syntheticFramework } from '../../bench/synthetic.js';
import { CookieBrowser, formOf, type Page } from '../support/cookie-browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { runCairn, startCairnServer, TEST_AUDIT_KEY, type CairnServer } from '../support/processes.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { TEST_PASSWORD } from '../support/web.js';

const OWNERS = 20;

/** The form on a page that posts to `action` (pages signed in also have the header's sign-out form). */
function formTo(page: Page, action: string, values: Record<string, string> = {}) {
  const html = page.body;
  const at = html.indexOf(`action="${action}"`);
  if (at < 0) throw new Error(`No form posting to ${action} on ${page.url.href}`);
  const start = html.lastIndexOf('<form', at);
  return formOf({ ...page, body: html.slice(start) }, values);
}
const QUARTER = '2021-22-Q4';

describe('two web servers and two workers on one PostgreSQL database', () => {
  let db: TestDatabase;
  let dir: string;
  let a: CairnServer | undefined;
  let b: CairnServer | undefined;
  let smtp: TestSmtpServer;
  let env: Record<string, string>;
  let planId: number;
  let roundId: number;
  const owners: { id: number; token: string; indicatorId: number; number: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-scale-'));
    db = await createTestDatabase('postgres');
    smtp = await startSmtpServer();
    env = {
      DATABASE_URL: db.url,
      CAIRN_AUDIT_KEY: TEST_AUDIT_KEY,
      CAIRN_AUDIT_CHECKPOINT_DIR: join(dir, 'checkpoints'),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Performance Team <performance@scale.example>',
      CAIRN_BASE_URL: 'http://cairn.scale.example',
    };
    const previousKey = currentAuditKey();
    useAuditKey(Buffer.from(TEST_AUDIT_KEY, 'hex'));
    const store = openStore(db.url);
    try {
      await migrate(store.db);
      await setCouncil(store.db, { name: 'Shared Service Council', shortName: 'Shared' });
      const doc = syntheticFramework({
        priorities: 2,
        outcomes: 4,
        indicators: OWNERS,
        directorates: 2,
        years: '2021-22',
        title: 'Shared Council Plan',
      });
      planId = (await saveFrameworkDocument(store, doc, systemClock)).planId;
      const now = new Date().toISOString();
      const performance = await insertUser(
        store.db,
        {
          email: 'performance@scale.example',
          name: 'Pat Performance',
          role: 'performance',
          passwordHash: await hashPassword(TEST_PASSWORD),
          directorateId: null,
        },
        now,
      );
      // Due in two days: every owner with figures outstanding is reminded today.
      const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const round = await openRound(
        store,
        userActor(performance),
        { planId, period: QUARTER, dueDate: due, remindDaysBefore: 5 },
        systemClock,
      );
      roundId = round.id;
      const indicators = await store.db
        .selectFrom('indicator')
        .select(['id', 'number'])
        .where('plan_id', '=', planId)
        .orderBy('position')
        .execute();
      for (const [k, indicator] of indicators.entries()) {
        const user = await insertUser(
          store.db,
          {
            email: `owner${k + 1}@scale.example`,
            name: `Owner ${k + 1}`,
            role: 'owner',
            passwordHash: null,
            directorateId: null,
          },
          now,
        );
        await assignIndicators(store, userActor(performance), user.id, [indicator.id], systemClock);
        owners.push({
          id: user.id,
          token: await startSession(store, systemClock, user.id),
          indicatorId: indicator.id,
          number: indicator.number,
        });
      }
    } finally {
      await store.close();
      useAuditKey(previousKey);
    }
    [a, b] = await Promise.all([startCairnServer(env), startCairnServer(env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The performance officer, signed in on server A through the sign-in form. */
  async function signedInOnA(): Promise<CookieBrowser> {
    const browser = new CookieBrowser();
    const form = formOf(await browser.request(`${a!.url}${paths.signIn()}`), {
      email: 'performance@scale.example',
      password: TEST_PASSWORD,
    });
    const done = await browser.request(form.action, { form: form.fields });
    expect(done.status).toBe(303);
    expect(browser.cookie('cairn_session')).toBeDefined();
    return browser;
  }

  it('keeps a session made on one server signed in on the other', async () => {
    const browser = await signedInOnA();
    // Cookies belong to the host, not the port: the same cookie goes to B, as behind one load balancer.
    const home = await browser.request(`${b!.url}${paths.collection()}`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Pat Performance');
    // And a stranger is not signed in on B.
    const stranger = await new CookieBrowser().request(`${b!.url}${paths.collection()}`);
    expect(stranger.status).toBe(303);
    expect(stranger.location).toContain(paths.signIn());
  });

  it("accepts on one server the CSRF token of the other's form, and sees the change at once on the other's cached page", async () => {
    const viewer = await signedInOnA();
    const page = `${paths.indicator(planId, owners[0]!.number, { period: QUARTER })}`;
    // B renders the indicator page and caches it (twice: the second is served from the cache).
    for (let i = 0; i < 2; i++) {
      const before = await viewer.request(`${b!.url}${page}`);
      expect(before.status).toBe(200);
      expect(before.body).not.toContain('Saved through server A');
    }

    const owner = new CookieBrowser();
    owner.setCookie({ name: 'cairn_session', value: owners[0]!.token, host: '127.0.0.1', path: '/' });
    const form = await owner.request(`${a!.url}${paths.update(roundId, owners[0]!.indicatorId)}`);
    expect(form.status).toBe(200);
    const { fields } = formTo(form, paths.update(roundId, owners[0]!.indicatorId));
    const values = {
      _csrf: fields._csrf!,
      version: fields.version!,
      actual: '42',
      outlook: 'stable',
      commentary: 'Saved through server A, posted to server B.',
      action: 'save',
      confirmUnusual: 'yes',
      unusualNote: 'A figure for the scale-out test.',
    };
    const forged = await owner.request(`${b!.url}${paths.update(roundId, owners[0]!.indicatorId)}`, {
      form: { ...values, _csrf: 'not-the-token' },
    });
    expect(forged.status).toBe(403);
    const posted = await owner.request(`${b!.url}${paths.update(roundId, owners[0]!.indicatorId)}`, {
      form: values,
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toContain(paths.yourUpdates(roundId));

    // Another change, made through A, is on B's page straight away.
    const again = formTo(
      await owner.request(`${a!.url}${paths.update(roundId, owners[0]!.indicatorId)}`),
      paths.update(roundId, owners[0]!.indicatorId),
    );
    const second = await owner.request(`${a!.url}${paths.update(roundId, owners[0]!.indicatorId)}`, {
      form: { ...values, _csrf: again.fields._csrf!, version: again.fields.version!, actual: '43' },
    });
    expect(second.status).toBe(303);
    const after = await viewer.request(`${b!.url}${page}`);
    expect(after.status).toBe(200);
    expect(after.body).toContain('Saved through server A, posted to server B.');
    expect(after.body).toContain('Actual: 43');
  });

  it('sends each reminder once when two workers pass at the same moment', async () => {
    const [first, second] = await Promise.all([
      runCairn(['worker', '--once'], { ...env, LOG_LEVEL: 'info' }),
      runCairn(['worker', '--once'], { ...env, LOG_LEVEL: 'info' }),
    ]);
    expect(first.code, first.err + first.out).toBe(0);
    expect(second.code, second.err + second.out).toBe(0);
    const store = openStore(db.url);
    try {
      const rows = await store.db
        .selectFrom('reminder')
        .select(['recipient', 'subject', 'sent_at', 'attempts'])
        .execute();
      // Every owner (each has an update not yet submitted) is reminded, and the team gets its digest.
      expect(rows.length).toBeGreaterThanOrEqual(OWNERS + 1);
      expect(rows.every((r) => r.sent_at !== null && Number(r.attempts) === 1)).toBe(true);
      const sent = smtp.messages.map((m) => `${m.to.join(',')}|${m.subject}`).sort();
      expect(sent).toEqual(rows.map((r) => `${r.recipient}|${r.subject}`).sort());
      expect(new Set(sent).size).toBe(sent.length);
      // Between them the two workers sent each one once (their logs say how many each sent).
      const sentBy = (out: string) =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg?: string; sent?: number })
          .find((l) => l.msg?.startsWith('Pass done'))?.sent ?? -1;
      expect(sentBy(first.out) + sentBy(second.out)).toBe(rows.length);
    } finally {
      await store.close();
    }
    // A second pair of passes sends nothing more.
    const count = smtp.messages.length;
    await Promise.all([runCairn(['worker', '--once'], env), runCairn(['worker', '--once'], env)]);
    expect(smtp.messages.length).toBe(count);
  }, 120_000);

  it('never gives two versions of a report one number, when it is published on both servers at once', async () => {
    const browser = await signedInOnA();
    const form = formTo(await browser.request(`${a!.url}${paths.newReport()}`), paths.newReport(), {
      period: QUARTER,
      scope: 'council',
    });
    const made = await browser.request(form.action, { form: form.fields });
    expect(made.status).toBe(303);
    const reportId = Number(/\/reports\/(\d+)/.exec(made.location ?? '')?.[1]);
    expect(reportId).toBeGreaterThan(0);
    const publish = async (server: CairnServer) => {
      // Each server's confirmation page names the version it will publish, as a person sees it.
      const page = await browser.request(`${server.url}${paths.reportPublish(reportId)}`);
      return formTo(page, paths.reportPublish(reportId), { confirm: 'yes' });
    };
    const errors = () =>
      [a!, b!]
        .flatMap((s) => s.output().split('\n'))
        .filter((l) => /"level":5\d/.test(l))
        .join('\n');
    const published: number[] = [];
    let refused = 0;
    for (let round = 0; round < 2; round++) {
      const forms = await Promise.all([publish(a!), publish(b!)]);
      const answers = await Promise.all(
        [a!, b!].map((s, i) =>
          browser.request(`${s.url}${paths.reportPublish(reportId)}`, { form: forms[i]!.fields }),
        ),
      );
      for (const answer of answers) {
        if (answer.status === 303) {
          published.push(Number(new URL(answer.location!).searchParams.get('published')));
        } else {
          // The one that lost the race is told so and stores nothing; it never takes the same number.
          expect(answer.status, errors()).toBe(409);
          expect(answer.body).toContain('Someone else published this report just now');
          refused++;
        }
      }
    }
    // Every publication that was acknowledged has its own number, 1, 2, … with none skipped.
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(published.length + refused).toBe(4);
    expect([...published].sort((x, y) => x - y)).toEqual(published.map((_, i) => i + 1));
    const store = openStore(db.url);
    try {
      const rows = await store.db.selectFrom('report_version').select('version').orderBy('version').execute();
      expect(rows.map((r) => Number(r.version))).toEqual(published.map((_, i) => i + 1));
      const audited = await store.db
        .selectFrom('audit_event')
        .select('id')
        .where('entity', '=', 'report_version')
        .execute();
      expect(audited.length).toBe(published.length);
    } finally {
      await store.close();
    }
    const versions = await browser.request(`${b!.url}${paths.reportVersions(reportId)}`);
    expect(versions.status).toBe(200);
  }, 180_000);

  it('tells the publication that loses a race in the database that someone else published, not a failure', async () => {
    // The same race as above, made certain: the second reads the latest number before the first commits.
    const store = openStore(db.url);
    try {
      // The draft the test above made (or the same one, made here when this test runs alone).
      const previousKey = currentAuditKey();
      useAuditKey(Buffer.from(TEST_AUDIT_KEY, 'hex'));
      const draft = await saveDraft(store, systemActor, systemClock, {
        period: QUARTER,
        scope: 'council',
        settings: DEFAULT_SETTINGS,
      }).finally(() => useAuditKey(previousKey));
      const latest = await latestPublishedVersion(store.db, 'quarterly', {
        draft_id: draft.id,
        period_code: QUARTER,
        scope: 'council',
      });
      const version = (by: string) => ({
        draft_id: draft.id,
        period_code: QUARTER,
        scope: 'council',
        version: latest + 1,
        title: `Raced by ${by}`,
        data: '{}',
        published_by: by,
        published_by_name: by,
        published_at: new Date().toISOString(),
      });
      let second: Promise<number | null> | undefined;
      const first = await publishVersion(store.db, 'quarterly', version('first'), [], async () => {
        // Inside the first's transaction, not yet committed: the second starts, reads the same latest
        // number, and its insert waits on the first's.
        second = publishVersion(store.db, 'quarterly', version('second'), [], async () => undefined);
        await new Promise((r) => setTimeout(r, 500));
      });
      expect(first).toBeGreaterThan(0);
      await expect(second).resolves.toBeNull();
      const rows = await store.db
        .selectFrom('report_version')
        .select('title')
        .where('version', '=', latest + 1)
        .execute();
      expect(rows.map((r) => r.title)).toEqual(['Raced by first']);
    } finally {
      await store.close();
    }
  });
});
