/**
 * An indicator's audit history for an auditor: who changed what, when (UTC), from what to what, and
 * why — one row per audit record, the change summarised field by field.
 */
import type { AuditEventRecord } from '../../../app/records.js';

const ACTION_LABEL: Record<string, string> = {
  'value.save': 'Figure saved as draft',
  'value.submit': 'Figure submitted for approval',
  'value.approve': 'Approved',
  'value.return': 'Returned to the data owner',
  'value.correct': 'Corrected after the period was locked',
  'evidence.add': 'Evidence added',
  'indicator.update': 'Indicator changed',
  'indicator.create': 'Indicator added',
  'target.set': 'Target set',
};

const FIELD_LABEL: Record<string, string> = {
  actual: 'actual',
  numerator: 'numerator',
  denominator: 'denominator',
  milestone_status: 'progress',
  commentary: 'commentary',
  outlook: 'outlook',
  computed_rating: 'rating',
  state: 'state',
  review_comment: 'comment',
  unusual_note: 'why the unusual figure is right',
  correction_reason: 'correction reason',
};

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return {};
  }
}

const show = (v: unknown) => {
  if (v === null || v === undefined || v === '') return 'blank';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 140 ? `${s.slice(0, 140)}…` : s;
};

/** "actual: blank → 7000; outlook: blank → improving" — only what changed. */
export function describeChange(before: string | null, after: string | null): string[] {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: string[] = [];
  for (const k of keys) {
    if (JSON.stringify(b[k] ?? null) === JSON.stringify(a[k] ?? null)) continue;
    out.push(`${FIELD_LABEL[k] ?? k.replace(/_/g, ' ')}: ${show(b[k])} → ${show(a[k])}`);
  }
  return out;
}

export function historyRows(records: AuditEventRecord[]) {
  return records.map((r) => ({
    at: `${r.at.slice(0, 10)} ${r.at.slice(11, 19)}`,
    who: r.actor_name,
    what: ACTION_LABEL[r.action] ?? r.action,
    period: r.entity === 'indicator_value' && r.entity_id.includes('/') ? r.entity_id.split('/')[1] : '',
    changes: describeChange(r.before, r.after),
    reason: r.reason ?? '',
    id: r.id,
  }));
}
