/**
 * Writing figures by API (issue 15): a source system posts a period's figures with a token scoped to
 * named indicators. They are imported exactly as a return upload is (collection/import-values.ts):
 * the same round, the same checks, the same states (saved as drafts, or submitted for approval — an
 * approver still signs them off), the same audit records, all or nothing. The token may write only
 * its indicators; the audit trail names the token.
 */
import { RETURN_COLUMNS, type ReturnColumnKey } from '../../importers/values/layout.js';
import type { ReturnRow } from '../../importers/values/read-return.js';
import type { Problem } from '../../domain/problem.js';
import type { Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import { roundForPeriod } from '../collection/export-return.js';
import { importReturnRows, type ImportSummary } from '../collection/import-values.js';
import type { Collector } from '../collection/permissions.js';
import type { Store } from '../store.js';
import type { PostValuesBody } from './entities.js';
import type { ApiClient } from './tokens.js';

/** A problem in the posted JSON, located also by a JSON pointer into the body (`/values/0/actual`). */
type Located = Problem & { pointer: string };

export type PostValuesResult =
  | {
      ok: true;
      round: { id: number; plan: string; period: string };
      summary: Omit<ImportSummary, 'notes'> & { notes: { pointer: string; message: string }[] };
    }
  | { ok: false; problems: Located[] };

/** The JSON field of each return column a posted value may give. */
const FIELD_OF: Partial<Record<ReturnColumnKey, string>> = {
  number: 'indicator',
  actual: 'actual',
  numerator: 'numerator',
  denominator: 'denominator',
  progress: 'progress',
  outlook: 'outlook',
  commentary: 'commentary',
  confirmUnusual: 'confirmUnusual',
  unusualNote: 'unusualNote',
  version: 'version',
  target: 'target',
};
const KEY_OF = new Map(Object.entries(FIELD_OF).map(([k, v]) => [v, k as ReturnColumnKey]));
const FIELD_OF_HEADER = new Map<string, string>(
  Object.entries(FIELD_OF).map(([k, v]) => [RETURN_COLUMNS[k as ReturnColumnKey].header, v]),
);

const located = (p: Problem): Located => {
  const field = p.column ? (FIELD_OF_HEADER.get(p.column) ?? p.column) : null;
  const at = p.row != null ? `/values/${p.row - 1}` : '';
  return { ...p, pointer: field && at ? `${at}/${field}` : at, field: field ?? undefined };
};

export async function postValues(
  store: Store,
  client: ApiClient,
  issuerName: string,
  /** The body as checked against PostValuesBody (web/body.ts `jsonBody`). */
  parsed: ReturnType<typeof PostValuesBody.safeParse>,
  clock: Clock,
): Promise<PostValuesResult> {
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        pointer: i.path.length ? `/${i.path.join('/')}` : '',
        field: typeof i.path.at(-1) === 'string' ? String(i.path.at(-1)) : undefined,
        message: i.message,
      })),
    };
  const input = parsed.data;
  const round = await roundForPeriod(
    store,
    input.period,
    input.plan === undefined ? undefined : String(input.plan),
  );
  const cell = (v: string | number | null | undefined) => (v === undefined ? null : v);
  const rows: ReturnRow[] = input.values.map((v, i) => ({
    row: i + 1,
    roundId: null,
    indicatorId: null,
    version: v.version ?? null,
    number: v.indicator,
    target: null,
    actual: cell(v.actual),
    numerator: cell(v.numerator),
    denominator: cell(v.denominator),
    progress: v.progress ?? null,
    outlook: v.outlook ?? null,
    commentary: v.commentary ?? null,
    confirmUnusual: v.confirmUnusual ?? false,
    unusualNote: v.unusualNote ?? null,
    // A field left out keeps what is stored, element by element.
    given: new Set(
      Object.keys(v)
        .map((k) => KEY_OF.get(k))
        .filter((k): k is ReturnColumnKey => k !== undefined),
    ),
  }));
  // As the command line does: the performance team's checks, narrowed to the token's indicators,
  // and the audit trail names the token (and who issued it).
  const user: Collector = {
    id: 0,
    name: `API token “${client.name}”`,
    role: 'performance',
    directorateId: null,
  };
  const actor: Actor = {
    id: `api-token:${client.tokenId}`,
    name: `API token “${client.name}” (issued by ${issuerName})`,
  };
  const result = await importReturnRows(
    store,
    user,
    round,
    { rows, problems: [], columns: new Set() },
    'the request',
    clock,
    { step: input.step, actor, onlyIndicators: client.indicatorIds },
  );
  if (!result.ok) return { ok: false, problems: result.problems.map(located) };
  return {
    ok: true,
    round: { id: round.id, plan: round.planTitle, period: round.period.code },
    summary: {
      ...result.summary,
      notes: result.summary.notes.map((n) => ({ pointer: `/values/${n.row - 1}`, message: n.message })),
    },
  };
}
