/**
 * An indicator's audit history for an auditor: who changed what, when (UTC), from what to what, and
 * why — one row per audit record, the change summarised field by field.
 */
import type { AuditEventRecord } from '../../../app/records.js';
import { STATE_LABEL } from '../../../domain/collection.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../../domain/vocabulary.js';

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

/** Each field in the words the pages use ("Actual", never `actual` or `actual_value`). */
const FIELD_LABEL: Record<string, string> = {
  actual: 'Actual',
  actual_value: 'Actual',
  numerator: 'Numerator',
  denominator: 'Denominator',
  parts: 'Parts',
  milestone_status: 'Progress',
  commentary: 'Commentary',
  outlook: 'Outlook',
  computed_rating: 'Rating',
  manual_rating: 'Rating',
  rating: 'Rating',
  reason: 'Reason',
  state: 'State',
  review_comment: 'Comment',
  unusual_note: 'Why the unusual figure is right',
  correction_reason: 'Correction reason',
};

/** A stored value in words: states, ratings and outlooks as the pages print them. */
function valueWords(field: string, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (field === 'state') return STATE_LABEL[v as keyof typeof STATE_LABEL] ?? v;
  if (field.endsWith('rating')) return RAG_LABEL[v as keyof typeof RAG_LABEL] ?? v;
  if (field === 'outlook') return OUTLOOK_LABEL[v as keyof typeof OUTLOOK_LABEL] ?? v;
  return v;
}

/** "milestone_status" → "Milestone status", for a field not listed. */
const fieldWords = (k: string) => {
  const t = k.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
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

/** "Actual: blank → 7000; Outlook: blank → positive/improving" — only what changed. */
export function describeChange(before: string | null, after: string | null): string[] {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: string[] = [];
  for (const k of keys) {
    if (JSON.stringify(b[k] ?? null) === JSON.stringify(a[k] ?? null)) continue;
    out.push(
      `${FIELD_LABEL[k] ?? fieldWords(k)}: ${show(valueWords(k, b[k]))} → ${show(valueWords(k, a[k]))}`,
    );
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
