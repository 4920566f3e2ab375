/**
 * Evidence behind a figure: a file (size-capped, type checked by its name and its first bytes) or a
 * link. Kept per indicator and period, readable by whoever may enter or review the figure.
 */
import { createHash } from 'node:crypto';
import { EVIDENCE_URL_MAX, tooLong } from '../../domain/text-limits.js';
import type { Store } from '../../storage/database.js';
import { findEvidenceFile, insertEvidence, listEvidence } from '../../storage/collection-repository.js';
import { recordChange, userActor } from '../audit.js';
import { isoNow, type Clock } from '../clock.js';
import { figureForPerson, type Problem } from './figures.js';
import type { Collector } from './permissions.js';
import { transaction } from '../../storage/transaction.js';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What may be attached: by extension, with the bytes each must start with (null: plain text). */
const TYPES: Record<string, { type: string; magic: number[][] | null }> = {
  pdf: { type: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46]] },
  png: { type: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  csv: { type: 'text/csv', magic: null },
  txt: { type: 'text/plain', magic: null },
};
export const EVIDENCE_TYPES = Object.keys(TYPES).map((t) => t.toUpperCase());

export function checkEvidenceFile(
  name: string,
  bytes: Buffer,
): { ok: true; type: string } | { ok: false; message: string } {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const t = TYPES[ext];
  const allowed = 'PDF, Word (DOCX), Excel (XLSX), CSV, text, PNG or JPEG';
  if (!t) return { ok: false, message: `The file must be a ${allowed}` };
  if (bytes.length === 0) return { ok: false, message: 'The file is empty' };
  if (bytes.length > MAX_EVIDENCE_BYTES) return { ok: false, message: 'The file must be smaller than 10 MB' };
  if (t.magic && !t.magic.some((m) => m.every((b, i) => bytes[i] === b)))
    return { ok: false, message: `The file is not a real ${ext.toUpperCase()} file` };
  if (!t.magic && bytes.subarray(0, 4096).includes(0))
    return { ok: false, message: `The file is not a text file` };
  return { ok: true, type: t.type };
}

export type EvidenceInput =
  { kind: 'file'; name: string; bytes: Buffer } | { kind: 'link'; name: string; url: string };

export async function addEvidence(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
  input: EvidenceInput,
  clock: Clock,
): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const { ctx, canEnter } = await figureForPerson(store, user, roundId, indicatorId);
  if (!canEnter)
    return {
      ok: false,
      problems: [{ field: 'evidenceFile', message: 'Only the person giving the figure can add evidence' }],
    };
  if (ctx.round.locked)
    return { ok: false, problems: [{ field: 'evidenceFile', message: 'This period is locked' }] };
  const name = input.name.trim().replace(/[\\/]/g, '_').slice(0, 200);
  let row: {
    content_type: string | null;
    size: number | null;
    sha256: string | null;
    content: Buffer | null;
    url: string | null;
  };
  if (input.kind === 'file') {
    const check = checkEvidenceFile(name, input.bytes);
    if (!check.ok) return { ok: false, problems: [{ field: 'evidenceFile', message: check.message }] };
    row = {
      content_type: check.type,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      content: input.bytes,
      url: null,
    };
  } else {
    const long = tooLong('evidenceUrl', 'The web address', input.url.trim(), EVIDENCE_URL_MAX);
    if (long) return { ok: false, problems: [long] };
    let url: URL | null = null;
    try {
      url = new URL(input.url.trim());
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      return {
        ok: false,
        problems: [{ field: 'evidenceUrl', message: 'Enter a web address starting https://' }],
      };
    row = { content_type: null, size: null, sha256: null, content: null, url: url.toString() };
  }
  const now = isoNow(clock);
  const label = name || (row.url ?? 'evidence');
  await transaction(store.db, async (trx) => {
    const saved = await insertEvidence(
      trx,
      { indicatorId, periodCode: ctx.dataPeriod.code, kind: input.kind, name: label, ...row },
      user.id,
      now,
    );
    await recordChange(
      trx,
      userActor(user),
      {
        action: 'evidence.add',
        entity: 'indicator_value',
        entityId: `${indicatorId}/${ctx.dataPeriod.code}`,
        after: {
          evidence: saved.id,
          kind: input.kind,
          name: label,
          sha256: row.sha256,
          url: row.url,
          size: row.size,
        },
      },
      clock,
    );
  });
  return { ok: true };
}

export async function evidenceFile(
  store: Store,
  user: Collector,
  roundId: number,
  indicatorId: number,
  evidenceId: number,
): Promise<{ name: string; type: string; content: Buffer } | null> {
  const { ctx } = await figureForPerson(store, user, roundId, indicatorId);
  const row = await findEvidenceFile(store.db, indicatorId, ctx.dataPeriod.code, evidenceId);
  if (!row?.content) return null;
  return {
    name: row.name,
    type: row.content_type ?? 'application/octet-stream',
    content: Buffer.from(row.content),
  };
}

export const evidenceFor = (store: Store, indicatorId: number, periodCode: string) =>
  listEvidence(store.db, indicatorId, periodCode);
