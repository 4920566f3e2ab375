/**
 * The quarterly report's use cases: create or change a draft (period, scope, settings), edit its
 * texts, build its document from live figures, publish it (render every format once, store the
 * bytes, never change them), and list what has changed in the figures since a version was published.
 * Every change is audited in its own transaction.
 */
import { z } from 'zod';
import { recordChange, type Actor } from '../../app/audit.js';
import { isoNow, type Clock } from '../../app/clock.js';
import { CairnError, invalidInput, notFound } from '../../app/errors.js';
import { periodFromCode } from '../../domain/periods.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../domain/vocabulary.js';
import type { Store } from '../../storage/database.js';
import { findPublishedVersion } from '../../storage/published-repository.js';
import {
  findDraft,
  insertDraft,
  updateDraft,
  type ReportDraftRecord,
} from '../../storage/report-repository.js';
import type { ReportDocument } from '../../render/document.js';
import { nextVersion, publishFrozen, type Published } from '../publish.js';
import { type RenderOptions } from '../../render/formats.js';
import { buildQuarterlyReport } from './build.js';
import { draftTexts, emptySections } from './draft.js';
import {
  DEFAULT_SETTINGS,
  mergeTexts,
  scopeCode,
  type ReportSettings,
  type ReportSource,
  type ReportTexts,
} from './model.js';
import { loadReportSource, reportPeriod } from './source.js';
import { buildScorecard } from '../../app/scorecard.js';
import { parseScope } from '../../app/summary.js';

export const settingsSchema = z.object({
  meeting: z
    .string()
    .trim()
    .min(1, 'Enter the meeting the report goes to, such as Cabinet')
    .max(120, 'The meeting must be 120 characters or fewer'),
  meetingDate: z.string().trim().max(60, 'The meeting date must be 60 characters or fewer'),
  reportOf: z.string().trim().max(200, '"Report of" must be 200 characters or fewer'),
  contactOfficer: z.string().trim().max(300, 'The contact officer must be 300 characters or fewer'),
  charts: z.boolean(),
  spc: z.boolean().optional(),
  benchmarking: z.boolean().optional(),
  finance: z.boolean().optional(),
  risk: z.boolean().optional(),
});

/** Reads settings, listing every problem as `field: message`. */
export function checkSettings(input: unknown): ReportSettings {
  const r = settingsSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CairnError(
    'INVALID_INPUT',
    'The report settings need changing.',
    r.error.issues.map((i) => ({ column: String(i.path[0] ?? 'meeting'), message: i.message })),
  );
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const draftSettings = (d: ReportDraftRecord): ReportSettings => ({
  ...DEFAULT_SETTINGS,
  ...parseJson<Partial<ReportSettings>>(d.settings, {}),
});
export const editedTexts = (d: ReportDraftRecord): Partial<ReportTexts> => parseJson(d.texts, {});

/** Creates the draft for a period and scope, or changes the settings of the one there is. */
export async function saveDraft(
  store: Store,
  actor: Actor,
  clock: Clock,
  input: { period: string; scope?: string; settings: ReportSettings },
): Promise<ReportDraftRecord> {
  const period = reportPeriod(input.period);
  const scorecard = await buildScorecard(store, period);
  const scope = scopeCode(parseScope(input.scope, scorecard));
  const settings = checkSettings(input.settings);
  const at = isoNow(clock);
  return store.db.transaction().execute(async (trx) => {
    const existing = await findDraft(trx, { periodCode: period.code, scope });
    if (existing) {
      await updateDraft(trx, existing.id, { settings: JSON.stringify(settings), by: actor.id, at });
      await recordChange(
        trx,
        actor,
        {
          action: 'report.settings',
          entity: 'report_draft',
          entityId: existing.id,
          before: draftSettings(existing),
          after: settings,
        },
        clock,
      );
      return (await findDraft(trx, { id: existing.id }))!;
    }
    const id = await insertDraft(trx, {
      planId: scorecard.plan.id,
      periodCode: period.code,
      scope,
      settings: JSON.stringify(settings),
      texts: '{}',
      by: actor.id,
      at,
    });
    await recordChange(
      trx,
      actor,
      {
        action: 'report.create',
        entity: 'report_draft',
        entityId: id,
        after: { period: period.code, scope, settings },
      },
      clock,
    );
    return (await findDraft(trx, { id }))!;
  });
}

export async function getDraft(store: Store, id: number): Promise<ReportDraftRecord> {
  const d = await findDraft(store.db, { id });
  if (!d) throw notFound(`There is no report ${id}. Go to the list of reports to find it.`);
  return d;
}

/** The draft's scope as `cairn report --scope` takes it. */
const scopeText = (scope: string) => (scope === 'council' ? undefined : scope);

export async function draftSource(store: Store, d: ReportDraftRecord, now: Date): Promise<ReportSource> {
  return loadReportSource(store, periodFromCode(d.period_code).label, scopeText(d.scope), {
    charts: draftSettings(d).charts,
    spc: draftSettings(d).spc === true,
    benchmarking: draftSettings(d).benchmarking === true,
    finance: draftSettings(d).finance === true,
    risk: draftSettings(d).risk === true,
    now,
  });
}

export function textsFor(s: ReportSource, d: ReportDraftRecord | null): ReportTexts {
  const drafted = draftTexts(s.scorecard.priorities, s.outcomes, s.scorecard.period.label);
  return mergeTexts(drafted, d ? editedTexts(d) : null);
}

/** The sections a draft would publish empty (or holding only placeholder words), for its confirmation page. */
export async function draftEmptySections(store: Store, d: ReportDraftRecord, clock: Clock) {
  const source = await draftSource(store, d, clock.now());
  const inScope = source.scorecard.priorities.filter((p) =>
    source.outcomes.some((o) => o.priorityCode === p.code),
  );
  return emptySections(
    inScope,
    source.outcomes.filter((o) => o.rating.rating === 'red'),
    textsFor(source, d),
  );
}

/** The draft's document from live figures (version null: a draft). */
export async function draftDocument(store: Store, d: ReportDraftRecord, clock: Clock) {
  const source = await draftSource(store, d, clock.now());
  const texts = textsFor(source, d);
  return { source, texts, document: buildQuarterlyReport(source, draftSettings(d), texts) };
}

const MAX_ITEMS = 40;
const MAX_ITEM = 3000;
const MAX_NARRATIVE = 20000;

export type TextEdit =
  | { key: `achievements:${string}` | `issues:${string}` | 'recommendations'; items: string }
  | { key: 'introduction' | 'business'; narrative: string }
  | { key: `exception:${string}`; narrative: string; action: string };

/** Saves one edited text (a priority's achievements or issues, or an exception report). */
export async function editDraftText(
  store: Store,
  actor: Actor,
  clock: Clock,
  draftId: number,
  edit: TextEdit,
): Promise<void> {
  const d = await getDraft(store, draftId);
  const [kind, code = ''] = edit.key.split(':', 2) as [string, string];
  const source = await draftSource(store, d, clock.now());
  const texts = textsFor(source, d);
  const edited = editedTexts(d);
  let before: unknown;
  let after: unknown;
  if (kind === 'recommendations') {
    if (!('items' in edit)) throw invalidInput('Enter the recommendations, one on each line.');
    const items = edit.items
      .split(/\r?\n/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (items.length > MAX_ITEMS)
      throw invalidInput(`Enter ${MAX_ITEMS} recommendations or fewer (there are ${items.length}).`);
    if (items.some((t) => t.length > MAX_ITEM))
      throw invalidInput(`Keep each recommendation to ${MAX_ITEM} characters or fewer.`);
    before = texts.recommendations;
    after = items;
    edited.recommendations = items;
  } else if (kind === 'introduction' || kind === 'business') {
    if (!('narrative' in edit) || 'action' in edit) throw invalidInput('Enter the text.');
    const narrative = edit.narrative.trim();
    if (narrative.length > MAX_NARRATIVE)
      throw new CairnError('INVALID_INPUT', 'The text needs changing.', [
        { column: 'narrative', message: `Keep the text to ${MAX_NARRATIVE} characters or fewer` },
      ]);
    before = texts[kind];
    after = narrative;
    edited[kind] = narrative;
  } else if (kind === 'achievements' || kind === 'issues') {
    if (!source.scorecard.priorities.some((p) => p.code === code))
      throw notFound(`There is no priority ${code} in this report.`);
    if (!('items' in edit)) throw invalidInput('Enter the items, one on each line.');
    const items = edit.items
      .split(/\r?\n/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (items.length > MAX_ITEMS)
      throw invalidInput(`Enter ${MAX_ITEMS} items or fewer (there are ${items.length}).`);
    const long = items.findIndex((t) => t.length > MAX_ITEM);
    if (long >= 0)
      throw invalidInput(`Item ${long + 1} is too long: keep each item to ${MAX_ITEM} characters or fewer.`);
    before = texts[kind][code] ?? [];
    after = items;
    edited[kind] = { ...(edited[kind] ?? {}), [code]: items };
  } else if (kind === 'exception') {
    if (!source.outcomes.some((o) => o.code === code && o.rating.rating === 'red'))
      throw notFound(`Outcome ${code} is not rated Red in this report, so it has no exception report.`);
    if (!('action' in edit)) throw invalidInput('Enter the narrative and the recommended action.');
    const narrative = edit.narrative.trim();
    const action = edit.action.trim();
    const problems = [
      ...(narrative
        ? []
        : [
            {
              column: 'narrative',
              message: 'Enter the narrative: why the outcome is Red and what is being done',
            },
          ]),
      ...(narrative.length > MAX_NARRATIVE
        ? [{ column: 'narrative', message: `Keep the narrative to ${MAX_NARRATIVE} characters or fewer` }]
        : []),
      ...(action ? [] : [{ column: 'action', message: 'Enter the recommended action' }]),
      ...(action.length > MAX_ITEM
        ? [{ column: 'action', message: `Keep the recommended action to ${MAX_ITEM} characters or fewer` }]
        : []),
    ];
    if (problems.length)
      throw new CairnError('INVALID_INPUT', 'The exception report needs changing.', problems);
    before = texts.exceptions[code];
    after = { narrative, action };
    edited.exceptions = { ...(edited.exceptions ?? {}), [code]: { narrative, action } };
  } else throw notFound(`There is no text "${edit.key}" in a report.`);
  const at = isoNow(clock);
  await store.db.transaction().execute(async (trx) => {
    await updateDraft(trx, d.id, { texts: JSON.stringify(edited), by: actor.id, at });
    await recordChange(
      trx,
      actor,
      {
        action: 'report.edit',
        entity: 'report_draft',
        entityId: d.id,
        before: { [edit.key]: before },
        after: { [edit.key]: after },
      },
      clock,
    );
  });
}

// -------------------------------------------------------------------------------------------------
// Publishing

/** A figure as published, to compare with the live one later. */
export interface FrozenFigure {
  indicator: string;
  title: string;
  periodCode: string;
  periodLabel: string;
  actual: number | null;
  rating: string | null;
  outlook: string | null;
  target: string;
  commentary: string | null;
}

export interface FrozenReport {
  document: ReportDocument;
  figures: FrozenFigure[];
  outcomes: { code: string; title: string; rating: string | null }[];
}

function freeze(s: ReportSource): Omit<FrozenReport, 'document'> {
  return {
    figures: s.outcomes.flatMap((o) =>
      o.indicators.map((i) => ({
        indicator: i.number,
        title: i.title,
        periodCode: i.dataPeriod.code,
        periodLabel: i.dataPeriod.label,
        actual: i.value?.actual ?? null,
        rating: i.rating,
        outlook: i.outlook,
        target: i.target,
        commentary: i.value?.commentary ?? null,
      })),
    ),
    outcomes: s.outcomes.map((o) => ({ code: o.code, title: o.title, rating: o.rating.rating })),
  };
}

/** Publishes the draft for a period and scope (made with default settings if there is none). */
export async function publishReport(
  store: Store,
  actor: Actor,
  clock: Clock,
  input: { period: string; scope?: string },
  render_: RenderOptions = {},
): Promise<Published> {
  const period = reportPeriod(input.period);
  const scorecard = await buildScorecard(store, period);
  const scope = scopeCode(parseScope(input.scope, scorecard));
  const draft =
    (await findDraft(store.db, { periodCode: period.code, scope })) ??
    (await saveDraft(store, actor, clock, { period: period.code, scope, settings: DEFAULT_SETTINGS }));
  return publishDraft(store, actor, clock, draft.id, render_);
}

export async function publishDraft(
  store: Store,
  actor: Actor,
  clock: Clock,
  draftId: number,
  o: RenderOptions = {},
): Promise<Published> {
  const d = await getDraft(store, draftId);
  const subject = { draft_id: d.id, period_code: d.period_code, scope: d.scope };
  const version = await nextVersion(store, 'quarterly', subject);
  const source = await draftSource(store, d, clock.now());
  const document = buildQuarterlyReport(source, draftSettings(d), textsFor(source, d), version);
  const frozen: FrozenReport = { document, ...freeze(source) };
  return publishFrozen(
    store,
    actor,
    clock,
    {
      kind: 'quarterly',
      version,
      frozen,
      fileBase: `${source.scorecard.councilName} report ${d.period_code} ${d.scope.replace(':', ' ')} v${version}`,
      subject,
      noun: 'report',
      audit: { action: 'report.publish', after: { period: d.period_code, scope: d.scope } },
    },
    o,
  );
}

export interface FigureChange {
  indicator: string;
  title: string;
  period: string;
  what: string;
  before: string;
  after: string;
}

const show = {
  actual: (v: number | null) => (v === null ? 'no figure' : String(v)),
  rating: (v: string | null) => (v ? (RAG_LABEL[v as keyof typeof RAG_LABEL] ?? v) : 'Not rated'),
  outlook: (v: string | null) => (v ? (OUTLOOK_LABEL[v as keyof typeof OUTLOOK_LABEL] ?? v) : 'none'),
};

/** What differs between a published version's figures and the live ones: indicator, period, before, after. */
export async function changesSincePublication(
  store: Store,
  versionId: number,
  clock: Clock,
): Promise<FigureChange[]> {
  const v = await findPublishedVersion(store.db, 'quarterly', versionId);
  if (!v) throw notFound(`There is no published report ${versionId}.`);
  const frozen = JSON.parse(v.data) as FrozenReport;
  const live = freeze(
    await loadReportSource(store, periodFromCode(v.period_code).label, scopeText(v.scope), {
      charts: false,
      now: clock.now(),
    }),
  );
  const now = new Map(live.figures.map((f) => [f.indicator, f]));
  const changes: FigureChange[] = [];
  for (const f of frozen.figures) {
    const n = now.get(f.indicator);
    const row = (what: string, before: string, after: string) =>
      changes.push({ indicator: f.indicator, title: f.title, period: f.periodLabel, what, before, after });
    if (!n) {
      row('Indicator', 'in the report', 'no longer in the framework');
      continue;
    }
    if (f.actual !== n.actual) row('Figure', show.actual(f.actual), show.actual(n.actual));
    if (f.rating !== n.rating) row('Rating', show.rating(f.rating), show.rating(n.rating));
    if (f.outlook !== n.outlook) row('Outlook', show.outlook(f.outlook), show.outlook(n.outlook));
    if (f.target !== n.target) row('Target', f.target, n.target);
    if ((f.commentary ?? '') !== (n.commentary ?? ''))
      row('Commentary', f.commentary ?? '', n.commentary ?? '');
  }
  const published = new Set(frozen.figures.map((f) => f.indicator));
  for (const n of live.figures.filter((x) => !published.has(x.indicator)))
    changes.push({
      indicator: n.indicator,
      title: n.title,
      period: n.periodLabel,
      what: 'Indicator',
      before: 'not in the report',
      after: 'added to the framework',
    });
  return changes;
}
