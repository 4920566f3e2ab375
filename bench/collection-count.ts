/**
 * Counting after bench/collection's run, in the database and the audit trail: for every figure the
 * owners worked on, the stored figure and its version are those of the last save Cairn acknowledged,
 * and there is exactly one `value.save` / `value.submit` audit record per acknowledged save — no
 * update lost, none applied twice. And the audit trail's hash chain is intact.
 */
import { verifyAuditTrail } from '../src/app/audit.js';
import type { Store } from '../src/storage/database.js';
import type { BenchOwner } from './collection-setup.js';

/** What one owner sent in a save Cairn acknowledged (303). */
export interface SentFigure {
  actual: number;
  outlook: string;
  commentary: string;
  step: 'save' | 'submit';
}

/** The saves acknowledged for one figure, kept by the owner who sent them. */
export interface Tally {
  acknowledged: number;
  last: SentFigure | null;
}

export const tallyKey = (indicatorId: number) => String(indicatorId);

export interface Count {
  figures: number;
  acknowledged: number;
  auditRecords: number;
  /** Acknowledged saves with no audit record. */
  lost: number;
  /** Audit records beyond the acknowledged saves (a save applied twice, or one never acknowledged). */
  duplicated: number;
  /** Figures whose stored value, version or last audit record is not the last acknowledged save. */
  mismatched: number;
  /** The first few mismatches, said plainly. */
  details: string[];
  auditOk: boolean;
  auditMessage: string;
}

const SAVE_ACTIONS = ['value.save', 'value.submit'] as const;
const stateAfter = (step: SentFigure['step']) => (step === 'submit' ? 'submitted' : 'in-progress');

export async function countUpdates(
  store: Store,
  owners: BenchOwner[],
  tallies: Map<string, Tally>,
): Promise<Count> {
  const figures = owners.flatMap((o) => o.indicators.map((i) => ({ ...i, owner: o })));
  const ids = figures.map((f) => f.id);
  const rows = new Map(
    (
      await store.db
        .selectFrom('indicator_value')
        .select(['indicator_id', 'period_code', 'actual', 'outlook', 'commentary', 'state', 'version'])
        .where('indicator_id', 'in', ids)
        .execute()
    ).map((r) => [`${r.indicator_id}/${r.period_code}`, r]),
  );
  const audits = await store.db
    .selectFrom('audit_event')
    .select(['id', 'actor', 'action', 'entity_id', 'after'])
    .where('entity', '=', 'indicator_value')
    .where('action', 'in', [...SAVE_ACTIONS])
    .orderBy('id')
    .execute();
  const auditsOf = new Map<string, typeof audits>();
  for (const a of audits) auditsOf.set(a.entity_id, [...(auditsOf.get(a.entity_id) ?? []), a]);

  const count: Count = {
    figures: figures.length,
    acknowledged: 0,
    auditRecords: audits.length,
    lost: 0,
    duplicated: 0,
    mismatched: 0,
    details: [],
    auditOk: false,
    auditMessage: '',
  };
  const mismatch = (message: string) => {
    count.mismatched += 1;
    if (count.details.length < 10) count.details.push(message);
  };

  const seen = new Set<string>();
  for (const f of figures) {
    const key = `${f.id}/${f.periodCode}`;
    seen.add(key);
    const tally = tallies.get(tallyKey(f.id)) ?? { acknowledged: 0, last: null };
    const records = auditsOf.get(key) ?? [];
    const row = rows.get(key);
    count.acknowledged += tally.acknowledged;
    count.lost += Math.max(0, tally.acknowledged - records.length);
    count.duplicated += Math.max(0, records.length - tally.acknowledged);
    const what = `indicator ${f.number} (${f.periodCode})`;
    for (const r of records)
      if (r.actor !== `user:${f.owner.id}`)
        mismatch(`${what}: audit record #${r.id} is by ${r.actor}, not its owner user:${f.owner.id}`);
    const last = tally.last;
    if (!last) {
      if (row) mismatch(`${what}: no save was acknowledged, yet a figure is stored (version ${row.version})`);
      continue;
    }
    if (!row) {
      mismatch(`${what}: ${tally.acknowledged} saves acknowledged, but no figure is stored`);
      continue;
    }
    if (Number(row.version) !== tally.acknowledged)
      mismatch(`${what}: stored version ${row.version}, but ${tally.acknowledged} saves were acknowledged`);
    const stored = {
      actual: row.actual === null ? null : Number(row.actual),
      outlook: row.outlook,
      commentary: row.commentary,
      state: row.state,
    };
    const expected = { ...last, state: stateAfter(last.step) };
    if (
      stored.actual === null ||
      Math.abs(stored.actual - expected.actual) > 1e-9 ||
      stored.outlook !== expected.outlook ||
      stored.commentary !== expected.commentary ||
      stored.state !== expected.state
    )
      mismatch(
        `${what}: stored ${JSON.stringify(stored)}, but the last acknowledged save sent ` +
          JSON.stringify({
            actual: expected.actual,
            outlook: expected.outlook,
            commentary: expected.commentary,
            state: expected.state,
          }),
      );
    const lastRecord = records[records.length - 1];
    if (lastRecord) {
      const after = JSON.parse(lastRecord.after ?? 'null') as Record<string, unknown> | null;
      if (
        lastRecord.action !== `value.${last.step}` ||
        after?.commentary !== last.commentary ||
        after?.state !== expected.state
      )
        mismatch(
          `${what}: the last audit record (#${lastRecord.id}, ${lastRecord.action}) is not the last acknowledged ${last.step}`,
        );
    }
  }
  for (const [key, records] of auditsOf)
    if (!seen.has(key)) {
      count.duplicated += records.length;
      mismatch(`${key}: ${records.length} save records for a figure no bench owner was sent to`);
    }

  const verified = await verifyAuditTrail(store);
  count.auditOk = verified.ok;
  count.auditMessage = verified.message;
  return count;
}
