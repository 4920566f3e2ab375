/**
 * The `cairn` command line. Run as `npx cairn …` or `npm run cairn -- …`.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { changeAccount, createAccount, setAccountPassword } from '../app/access/accounts.js';
import { ROLE_LABEL, ROLES, type Role } from '../app/access/roles.js';
import { normaliseEmail } from '../app/access/sessions.js';
import { unlinkSingleSignOn } from '../app/access/single-sign-on.js';
import { cliActor } from '../app/audit.js';
import { systemClock } from '../app/clock.js';
import { findUserByEmail, listUsers } from '../storage/account-repository.js';
import { hasAnyPlan, loadDemo } from '../app/demo.js';
import { CairnError } from '../app/errors.js';
import { exportFramework, importFrameworkFile, readFrameworkFile } from '../app/framework.js';
import { locate, type Problem } from '../domain/problem.js';
import { periodSummary } from '../app/summary.js';
import { summaryText } from '../cli/summary-text.js';
import { MAX_UPLOAD_BYTES } from '../importers/spreadsheet.js';
import { migrate, openStore, type Store } from '../storage/database.js';
import { addCollectionCommands } from '../cli/collection-commands.js';
import { addBenchmarkCommands } from '../cli/benchmark-commands.js';
import { registerReportCommands } from '../cli/report-command.js';
import { addPlanPublishCommand } from '../cli/plan-publish-command.js';
import { addPlanOverdueCommands } from '../cli/plan-overdue-command.js';
import { addDbCommands } from '../cli/db-commands.js';
import { addBackupCommands } from '../cli/backup-commands.js';
import { readId } from '../web/params.js';
import { ConfigError, loadConfig, reportDefaults } from './config.js';
import { auditSettings, type AuditSettings } from './audit-key.js';
import { currentAuditKey, useAuditKey } from '../app/audit.js';

async function withStore<T>(fn: (store: Store, audit: AuditSettings | null) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const audit = auditSettings(config);
  // For this command only: the CLI is also called in-process (tests), where the key must not linger.
  const previousKey = currentAuditKey();
  useAuditKey(audit?.key ?? null);
  const store = openStore(config.DATABASE_URL);
  try {
    await migrate(store.db);
    return await fn(store, audit);
  } finally {
    useAuditKey(previousKey);
    await store.close();
  }
}

async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

function readUpload(file: string): Buffer {
  if (!existsSync(file)) throw new CairnError('INVALID_INPUT', `There is no file at ${file}.`);
  const size = statSync(file).size;
  if (size > MAX_UPLOAD_BYTES) {
    throw new CairnError(
      'IMPORT_REJECTED',
      `${file} is ${(size / 1048576).toFixed(1)} MB; the largest Cairn accepts is ${MAX_UPLOAD_BYTES / 1048576} MB.`,
    );
  }
  return readFileSync(file);
}

export function buildCli(): Command {
  const program = new Command('cairn')
    .description('Cairn: performance management for councils')
    .showHelpAfterError();

  addDbCommands(program, () => loadConfig().DATABASE_URL);
  addBackupCommands(program, () => {
    const config = loadConfig();
    return { databaseUrl: config.DATABASE_URL, audit: auditSettings(config, { create: false }) };
  });

  program
    .command('demo')
    .description('load the Oxfordshire 2017-18 demo framework, its Q1 ratings and the demo plans')
    .action(() =>
      withStore(async (store) => {
        const already = await hasAnyPlan(store);
        await loadDemo(store, systemClock);
        console.log(
          already
            ? 'Demo framework updated.'
            : 'Demo loaded: Oxfordshire County Council, Corporate Plan 2017-18.',
        );
      }),
    );

  const imp = program.command('import').description('import data from a spreadsheet');
  imp
    .command('framework <file>')
    .description('import a framework spreadsheet (.xlsx or .csv); nothing is saved unless every row is valid')
    .option('--title <title>', 'plan title, for a CSV (a workbook has a Plan sheet)')
    .option('--years <years>', 'financial years covered, for a CSV, e.g. 2017-18')
    .option('--dry-run', 'check the file and report, without saving')
    .addOption(
      new Option(
        '--layout <layout>',
        'framework (the framework spreadsheet) or kpi-list (one row per KPI); default: as the columns say',
      ).choices(['framework', 'kpi-list']),
    )
    .action(
      (
        file: string,
        opts: { title?: string; years?: string; dryRun?: boolean; layout?: 'framework' | 'kpi-list' },
      ) =>
        withStore(async (store) => {
          const bytes = readUpload(file);
          const defaults = { title: opts.title, years: opts.years };
          const warn = (warnings: Problem[]) => {
            for (const w of warnings) console.log(`Warning: ${locate(w)}`);
          };
          if (opts.dryRun) {
            const {
              document: doc,
              layout,
              warnings,
            } = await readFrameworkFile(bytes, basename(file), defaults, opts.layout);
            console.log(
              `${file} is valid (${layout === 'kpi-list' ? 'a KPI list' : 'the framework layout'}): ${doc.priorities.length} priorities, ${doc.outcomes.length} outcomes, ${doc.indicators.length} indicators. Nothing saved (dry run).`,
            );
            warn(warnings);
            return;
          }
          const r = await importFrameworkFile(
            store,
            bytes,
            basename(file),
            systemClock,
            defaults,
            cliActor(),
            {
              layout: opts.layout,
            },
          );
          console.log(
            `${r.createdPlan ? 'Imported' : 'Updated'} "${r.document.plan.title}" (${r.document.plan.years})` +
              `${r.layout === 'kpi-list' ? ' from a KPI list' : ''}: ` +
              `${r.counts.priorities} priorities, ${r.counts.outcomes} outcomes, ${r.counts.indicators} indicators` +
              (r.counts.removed ? `; ${r.counts.removed} removed` : '') +
              '.',
          );
          warn(r.warnings);
        }),
    );

  imp
    .command('values <file>')
    .description(
      "import figures: a quarter's return spreadsheet (.xlsx or .csv) as the performance team, or (--layout wide) a sheet with a row per KPI and a column per period; nothing is saved unless every row is valid",
    )
    .option('--period <period>', 'for a return: the quarter being collected, e.g. "Q2 2017-18"')
    .option('--plan <plan>', 'plan id or title, when more than one plan collects that quarter')
    .option('--submit', 'submit the figures for approval (default: save them as drafts)')
    .option('--dry-run', 'for a wide sheet: check and rate every figure, and report, without saving')
    .addOption(
      new Option(
        '--layout <layout>',
        "return (the collection round's return) or wide (a column per period); default: wide when there is no --period and the headers are periods",
      ).choices(['return', 'wide']),
    )
    .action(
      (
        file: string,
        opts: {
          period?: string;
          plan?: string;
          submit?: boolean;
          dryRun?: boolean;
          layout?: 'return' | 'wide';
        },
      ) =>
        withStore(async (store) => {
          const bytes = readUpload(file);
          const { importWideValues, looksWide } = await import('../app/collection/import-wide-values.js');
          const wide =
            opts.layout === 'wide' ||
            (!opts.layout && !opts.period && (await looksWide(bytes, basename(file))));
          if (wide) {
            const s = await importWideValues(store, cliActor(), bytes, basename(file), systemClock, {
              plan: opts.plan,
              dryRun: opts.dryRun,
            });
            console.log(
              `${s.planTitle}, ${s.periods.join(', ')}: ${s.figures} ${s.figures === 1 ? 'figure' : 'figures'} ${opts.dryRun ? 'read (dry run: nothing saved)' : 'saved'}` +
                ` (${s.zeros} of them 0, which is zero); ${s.blank} blank (no figure); ${s.notApplicable} n/a (not applicable or not reported, nothing saved); ` +
                `${s.reported} published ${s.reported === 1 ? 'status' : 'statuses'} kept as reported ratings.`,
            );
            for (const n of s.notes) console.log(locate(n));
            return;
          }
          if (!opts.period)
            throw new CairnError(
              'INVALID_INPUT',
              'Say which quarter the return is for with --period "Q2 2017-18", or use --layout wide for a sheet with a column per period.',
            );
          const period = opts.period;
          const { importValues } = await import('../app/collection/import-values.js');
          const { roundForPeriod } = await import('../app/collection/export-return.js');
          const { problemText } = await import('../importers/values/read-return.js');
          const round = await roundForPeriod(store, period, opts.plan);
          const actor = cliActor();
          // The command line acts for the performance team, named in the audit trail by its OS account.
          const user = { id: 0, name: actor.name, role: 'performance' as const, directorateId: null };
          const step = opts.submit ? 'submit' : 'save';
          const result = await importValues(store, user, round.id, bytes, basename(file), systemClock, {
            step,
            actor,
            onWriting: process.env.CAIRN_IMPORT_SIGNAL_WRITING ? () => console.log('writing') : undefined,
          });
          if (!result.ok) {
            const n = result.problems.length;
            console.error(`${file}: ${n} ${n === 1 ? 'problem' : 'problems'} found.`);
            for (const p of result.problems) console.error(problemText(p));
            throw new CairnError(
              'IMPORT_REJECTED',
              'Nothing was saved. Correct the rows above and import the file again.',
            );
          }
          const s = result.summary;
          console.log(
            `${round.planTitle}, ${round.periodLabel}: ` +
              (step === 'submit' ? `${s.submitted} submitted for approval` : `${s.saved} saved as drafts`) +
              `; ${s.unchanged} unchanged or blank.`,
          );
          for (const n of s.notes) console.log(`Row ${n.row}: ${n.message}`);
        }),
    );

  const exp = program.command('export').description('export data as a spreadsheet');
  exp
    .command('framework')
    .description('export a plan in the framework spreadsheet layout')
    .option('--plan <plan>', 'plan id or title (default: the latest)')
    .addOption(new Option('--format <format>', 'xlsx or csv').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--out <file>', 'file to write (default: framework.<format>)')
    .action((opts: { plan?: string; format: 'xlsx' | 'csv'; out?: string }) =>
      withStore(async (store) => {
        const { plan, bytes } = await exportFramework(store, opts.plan, opts.format);
        const out = opts.out ?? `framework.${opts.format}`;
        writeFileSync(out, bytes);
        console.log(`Wrote "${plan.title}" to ${out}.`);
      }),
    );

  exp
    .command('return')
    .description("a collection round's return as XLSX, to fill in and import again")
    .requiredOption('--period <period>', 'the quarter being collected, e.g. "Q2 2017-18"')
    .option('--plan <plan>', 'plan id or title, when more than one plan collects that quarter')
    .option('--for <email>', "only this person's indicators (default: every indicator of the round)")
    .requiredOption('--out <file>', 'file to write, e.g. return.xlsx')
    .action((opts: { period: string; plan?: string; for?: string; out: string }) =>
      withStore(async (store) => {
        const { exportReturn, roundForPeriod } = await import('../app/collection/export-return.js');
        const round = await roundForPeriod(store, opts.period, opts.plan);
        let forPerson: { id: number; name: string; email: string } | undefined;
        if (opts.for) {
          const u = await findUserByEmail(store.db, normaliseEmail(opts.for));
          if (!u) throw new CairnError('NOT_FOUND', `There is no account for ${opts.for}.`);
          forPerson = { id: u.id, name: u.name, email: u.email };
        }
        const user = { id: 0, name: cliActor().name, role: 'performance' as const, directorateId: null };
        const { bytes, rows } = await exportReturn(store, user, round.id, forPerson);
        writeFileSync(opts.out, bytes);
        console.log(
          `Wrote the return for ${round.periodLabel}${forPerson ? ` for ${forPerson.name}` : ''} (${rows} ${rows === 1 ? 'indicator' : 'indicators'}) to ${opts.out}.`,
        );
      }),
    );

  // Improvement, business and action plans as spreadsheets.
  const plan = program.command('plan').description('improvement, business and action plans');
  plan
    .command('import <file>')
    .description(
      'import a plan workbook (.xlsx), or a one-sheet tracker; nothing is saved unless every row is valid',
    )
    .option('--replace', 'replace the plan with the same title (its actions and updates too)')
    .option('--dry-run', 'check the file and report, without saving')
    .option(
      '--map-status <words>',
      'your own status words, e.g. "grn=on track,amb=at risk,red=at risk,gry=not started"',
    )
    .option('--title <title>', "the plan's title, for a tracker with no Plan sheet")
    .option('--kind <kind>', 'improvement, business or action (default), for a tracker with no Plan sheet')
    .action(
      (
        file: string,
        opts: { replace?: boolean; dryRun?: boolean; mapStatus?: string; title?: string; kind?: string },
      ) =>
        withStore(async (store) => {
          const { importPlanFile } = await import('../app/plans/spreadsheet.js');
          const { parseStatusMap } = await import('../domain/plans/status.js');
          let statusMap;
          try {
            statusMap = opts.mapStatus ? parseStatusMap(opts.mapStatus) : undefined;
          } catch (e) {
            throw new CairnError('INVALID_INPUT', `--map-status: ${(e as Error).message}`);
          }
          const r = await importPlanFile(store, cliActor(), readUpload(file), basename(file), systemClock, {
            replace: opts.replace,
            dryRun: opts.dryRun,
            statusMap,
            plan: opts.title ? { title: opts.title, kind: opts.kind } : undefined,
          });
          const d = r.document;
          const counts =
            `${d.recommendations.length} recommendations, ${d.findings.length} findings, ` +
            `${d.actions.length} actions, ${d.reviews.length} progress reviews.`;
          console.log(
            opts.dryRun
              ? `${file} is valid: "${d.plan.title}", ${counts} Nothing saved (dry run).`
              : `${r.replaced ? 'Replaced' : 'Imported'} "${d.plan.title}" as plan ${r.planId}: ${counts}`,
          );
          const t = r.dates;
          console.log(
            `Target dates: ${t.dated} ${t.dated === 1 ? 'action has a date' : 'actions have a date'}; ` +
              `${t.noDate} ${t.noDate === 1 ? 'has' : 'have'} no date yet (blank or TBC: never overdue); ` +
              `${t.ongoing} ${t.ongoing === 1 ? 'is' : 'are'} ongoing.`,
          );
        }),
    );
  plan
    .command('export <id>')
    .description('export a plan as a workbook (.xlsx): one row per action, and a sheet each for the rest')
    .requiredOption('--out <file>', 'file to write, e.g. plan.xlsx')
    .action((idText: string, opts: { out: string }) =>
      withStore(async (store) => {
        const planId = readId(idText);
        if (planId === undefined)
          throw new CairnError(
            'INVALID_INPUT',
            `The plan id is a number, not "${idText}". See: cairn plan list.`,
          );
        const { exportPlanXlsx } = await import('../app/plans/spreadsheet.js');
        const { title, bytes } = await exportPlanXlsx(store, planId);
        writeFileSync(opts.out, bytes);
        console.log(`Wrote "${title}" to ${opts.out}.`);
      }),
    );
  addPlanOverdueCommands(plan, withStore);
  addPlanPublishCommand(plan, withStore, () => {
    const config = loadConfig();
    return { council: config.CAIRN_COUNCIL_NAME, colour: config.CAIRN_BRAND_COLOUR };
  });
  plan
    .command('list')
    .description('every plan, with its id')
    .action(() =>
      withStore(async (store) => {
        const { listImprovementPlans } = await import('../storage/plans-repository.js');
        const rows = await listImprovementPlans(store.db);
        if (rows.length === 0) return console.log('No plans yet.');
        for (const r of rows) console.log([r.id, r.kind, r.title, `${r.actions} actions`].join('\t'));
      }),
    );

  program
    .command('summary')
    .description("a period's counts and headline sentences")
    .requiredOption('--period <period>', 'e.g. "Q1 2017-18"')
    .option('--scope <scope>', 'council (default), a priority code or a directorate code')
    .action((opts: { period: string; scope?: string }) =>
      withStore(async (store) => {
        console.log(summaryText(await periodSummary(store, opts.period, opts.scope)));
      }),
    );

  program
    .command('worker')
    .description(
      'send reminder emails: a process of its own that queues and sends every interval until stopped (SMTP_URL, MAIL_FROM, CAIRN_BASE_URL)',
    )
    .option('--once', 'run one pass (queue what is due today, send what is unsent) and exit, e.g. from cron')
    .action(async (opts: { once?: boolean }) => {
      const { runWorker } = await import('./worker.js');
      await runWorker({ once: opts.once === true });
    });
  registerReportCommands(program, withStore, () => {
    const config = loadConfig();
    return { settings: reportDefaults(config), colour: config.CAIRN_BRAND_COLOUR };
  });

  // Accounts. Passwords are never taken as arguments (they would stay in shell history): read from
  // standard input with --password-stdin, or made here and shown once.
  const user = program.command('user').description('people who sign in, and their roles');
  user
    .command('add')
    .description('create an account')
    .requiredOption('--email <email>', 'their email address (they sign in with it)')
    .requiredOption('--name <name>', 'their name, as shown in Cairn')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--directorate <code>', 'their directorate (required for approvers)')
    .option('--password-stdin', 'read the password from standard input instead of making one')
    .option(
      '--sso-only',
      'no password: they sign in only with single sign-on (linked by email at first sign-in)',
    )
    .action(
      (opts: {
        email: string;
        name: string;
        role: string;
        directorate?: string;
        passwordStdin?: boolean;
        ssoOnly?: boolean;
      }) =>
        withStore(async (store) => {
          if (opts.ssoOnly && opts.passwordStdin)
            throw new CairnError('INVALID_INPUT', 'Choose --sso-only or --password-stdin, not both.');
          const password = opts.ssoOnly
            ? null
            : opts.passwordStdin
              ? await readStdinLine()
              : randomBytes(12).toString('base64url');
          const u = await createAccount(
            store,
            cliActor(),
            {
              email: opts.email,
              name: opts.name,
              role: opts.role,
              directorate: opts.directorate,
              password,
              mustChangePassword: true,
            },
            systemClock,
          );
          console.log(`Created ${u.name} <${u.email}> as ${ROLE_LABEL[u.role as Role]}.`);
          if (opts.ssoOnly)
            console.log('They have no password: they sign in with single sign-on, using this email address.');
          else if (!opts.passwordStdin)
            console.log(
              `Their password is ${password} (shown this once; they must change it when they first sign in).`,
            );
          else console.log('They must change the password when they first sign in.');
        }),
    );
  user
    .command('list')
    .description('every account, with its role and directorate')
    .action(() =>
      withStore(async (store) => {
        const rows = await listUsers(store.db);
        if (rows.length === 0) return console.log('No accounts yet.');
        for (const u of rows)
          console.log(
            [
              u.email,
              u.name,
              ROLE_LABEL[u.role as Role] ?? u.role,
              u.directorate_name ?? '–',
              u.active ? 'active' : 'deactivated',
            ].join('\t'),
          );
      }),
    );
  user
    .command('set <email>')
    .description('change an account: role, directorate, or whether it can sign in')
    .option('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--directorate <code>', 'their directorate ("none" to clear)')
    .option('--active <yes|no>', 'whether the account can sign in')
    .option('--reason <text>', 'why, for the audit trail')
    .action(
      (email: string, opts: { role?: string; directorate?: string; active?: string; reason?: string }) =>
        withStore(async (store) => {
          const u = await findUserByEmail(store.db, normaliseEmail(email));
          if (!u) throw new CairnError('NOT_FOUND', `There is no account for ${email}.`);
          if (opts.active !== undefined && !['yes', 'no'].includes(opts.active))
            throw new CairnError('INVALID_INPUT', '--active must be yes or no.');
          const after = await changeAccount(
            store,
            cliActor(),
            u.id,
            {
              role: opts.role,
              directorate:
                opts.directorate === undefined
                  ? undefined
                  : opts.directorate === 'none'
                    ? null
                    : opts.directorate,
              active: opts.active === undefined ? undefined : opts.active === 'yes',
            },
            systemClock,
            opts.reason ?? null,
          );
          console.log(
            `${after.name} <${after.email}>: ${ROLE_LABEL[after.role as Role]}, ${after.active ? 'active' : 'deactivated'}.`,
          );
        }),
    );
  user
    .command('password <email>')
    .description('set a new password (and end their sessions)')
    .option('--password-stdin', 'read the password from standard input instead of making one')
    .action((email: string, opts: { passwordStdin?: boolean }) =>
      withStore(async (store) => {
        const u = await findUserByEmail(store.db, normaliseEmail(email));
        if (!u) throw new CairnError('NOT_FOUND', `There is no account for ${email}.`);
        const password = opts.passwordStdin ? await readStdinLine() : randomBytes(12).toString('base64url');
        await setAccountPassword(store, cliActor(), u.id, password, systemClock);
        console.log(
          `Set a new password for ${u.email}${opts.passwordStdin ? '.' : `: ${password} (shown this once).`}`,
        );
      }),
    );

  user
    .command('unlink-sso <email>')
    .description('remove the link to their single sign-on account (and end their sessions)')
    .action((email: string) =>
      withStore(async (store) => {
        const u = await findUserByEmail(store.db, normaliseEmail(email));
        if (!u) throw new CairnError('NOT_FOUND', `There is no account for ${email}.`);
        const removed = await unlinkSingleSignOn(store, cliActor(), u.id, systemClock);
        console.log(
          removed
            ? `${u.email} is no longer linked to single sign-on; it links again by email at their next single sign-on.`
            : `${u.email} was not linked to single sign-on.`,
        );
      }),
    );

  // The audit trail. Imported where used, so this command group stays in one place.
  const audit = program.command('audit').description('the audit trail of every change');
  audit
    .command('verify')
    .description(
      'check the audit trail: every record unaltered, every link of the hash chain intact, and the last signed checkpoint still in it',
    )
    .action(() =>
      withStore(async (store, settings) => {
        const { verifyAuditTrail } = await import('../app/audit.js');
        const result = await verifyAuditTrail(store, { checkpointDir: settings?.checkpointDir ?? null });
        if (!result.ok) throw new CairnError('INTEGRITY', result.message);
        console.log(result.message);
      }),
    );
  audit
    .command('checkpoint')
    .description(
      "write a signed checkpoint of the audit trail's head outside the database (the worker does this every pass)",
    )
    .action(() =>
      withStore(async (store, settings) => {
        if (!settings)
          throw new CairnError(
            'CONFIG',
            'Set CAIRN_AUDIT_KEY or CAIRN_AUDIT_KEY_FILE to write audit checkpoints.',
          );
        const { checkpointAuditTrail } = await import('../app/audit.js');
        const { systemClock } = await import('../app/clock.js');
        const result = await checkpointAuditTrail(store, settings, systemClock);
        if (!result.ok) throw new CairnError('INTEGRITY', result.message);
        console.log(result.message);
        if (result.line) console.log(`  ${settings.checkpointDir}: ${result.line}`);
      }),
    );
  audit
    .command('list')
    .description('audit records, newest first')
    .option('--entity <entity>', 'only records about this kind of thing, e.g. indicator_value')
    .option('--id <id>', 'only records about this id')
    .option('--limit <n>', 'how many records (1 to 1000)', '50')
    .action((opts: { entity?: string; id?: string; limit: string }) =>
      withStore(async (store) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw new CairnError(
            'INVALID_INPUT',
            `--limit must be a whole number from 1 to 1000, not "${opts.limit}".`,
          );
        }
        const { auditTrail } = await import('../app/audit.js');
        const rows = await auditTrail(store, { entity: opts.entity, entityId: opts.id, limit });
        if (rows.length === 0) {
          console.log('No audit records.');
          return;
        }
        const table = [
          ['At (UTC)', 'Actor', 'Action', 'Entity', 'Reason'],
          ...rows.map((r) => [
            r.at,
            `${r.actor_name} (${r.actor})`,
            r.action,
            `${r.entity}#${r.entity_id}`,
            (r.reason ?? '').replace(/\s+/g, ' '),
          ]),
        ];
        const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((cells) => cells[i]!.length)));
        for (const cells of table) {
          console.log(
            cells
              .map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c))
              .join('  ')
              .trimEnd(),
          );
        }
      }),
    );

  addCollectionCommands(program, withStore);
  addBenchmarkCommands(program, withStore);
  return program;
}

export function reportError(e: unknown): number {
  if (e instanceof CairnError) {
    console.error(e.message);
    for (const d of e.details) {
      const where = [d.sheet, d.row != null ? `row ${d.row}` : null, d.column].filter(Boolean).join(', ');
      console.error(`  ${where ? `${where}: ` : ''}${d.message}`);
    }
    return e.exitCode;
  }
  if (e instanceof ConfigError) {
    console.error(e.message);
    return 78;
  }
  console.error(e);
  return 1;
}

/** Runs the command line on `argv` (as process.argv: node, script, arguments); bin/cairn.js calls it. */
export async function runCli(argv: string[]): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) void runCli(process.argv);
