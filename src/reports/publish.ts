/**
 * Publishing a report, the same for the quarterly report and a plan's progress report: every format
 * rendered once with its SHA-256, then in one transaction — refused if someone else published the
 * same subject meanwhile — the version stored with its frozen data and files, and audited. Each kind
 * says what it freezes, what its versions are numbered within and what its audit record names.
 */
import { recordChange, type Actor } from '../app/audit.js';
import { isoNow, type Clock } from '../app/clock.js';
import { CairnError } from '../app/errors.js';
import type { Store } from '../storage/database.js';
import {
  latestPublishedVersion,
  publishVersion,
  PUBLISHED_TABLES,
  type PublishedKind,
  type PublishedSubject,
} from '../storage/published-repository.js';
import type { ReportDocument } from '../render/document.js';
import type { RenderOptions } from '../render/formats.js';
import { fileFacts, renderEveryFormat } from '../render/freeze.js';

export interface Published {
  versionId: number;
  version: number;
  files: { format: string; fileName: string; size: number; sha256: string }[];
}

export interface Publication<K extends PublishedKind> {
  kind: K;
  /** The number this version takes: one more than `nextVersion` said before the document was built. */
  version: number;
  /** Stored as the version's data; its document is what every format renders. */
  frozen: { document: ReportDocument };
  /** The files' name before the extension. */
  fileBase: string;
  /** The version row's columns saying what it publishes. */
  subject: PublishedSubject<K>;
  /** "report" or "progress report", for the refusal when someone else published first. */
  noun: string;
  /** The audit action, and what its `after` names before the version and files. */
  audit: { action: string; after: Record<string, unknown> };
}

/** The number the next version of `subject` takes (read before building its document). */
export async function nextVersion<K extends PublishedKind>(
  store: Store,
  kind: K,
  subject: PublishedSubject<K>,
): Promise<number> {
  return (await latestPublishedVersion(store.db, kind, subject)) + 1;
}

export async function publishFrozen<K extends PublishedKind>(
  store: Store,
  actor: Actor,
  clock: Clock,
  p: Publication<K>,
  o: RenderOptions = {},
): Promise<Published> {
  const { version } = p;
  const files = await renderEveryFormat(p.frozen.document, p.fileBase, o);
  const at = isoNow(clock);
  const versionId = await publishVersion(
    store.db,
    p.kind,
    {
      ...p.subject,
      version,
      title: p.frozen.document.title,
      data: JSON.stringify(p.frozen),
      published_by: actor.id,
      published_by_name: actor.name,
      published_at: at,
    },
    files,
    (trx, id) =>
      recordChange(
        trx,
        actor,
        {
          action: p.audit.action,
          entity: PUBLISHED_TABLES[p.kind].versions,
          entityId: id,
          after: {
            ...p.audit.after,
            version,
            files: files.map((f) => ({ format: f.format, size: f.size, sha256: f.sha256 })),
          },
        },
        clock,
      ),
  );
  if (versionId === null)
    throw new CairnError(
      'CONFLICT',
      `Someone else published this ${p.noun} just now. Look at its versions, then publish again if you need to.`,
    );
  return { versionId, version, files: fileFacts(files) };
}
