/**
 * Issue 15's tests: a frozen report version stored as publishing stores it (without rendering every
 * format), and a zip read back with yauzl.
 */
import yauzl from 'yauzl';
import type { Store } from '../../src/storage/database.js';
import { insertPublishedVersion, latestPublishedVersion } from '../../src/storage/published-repository.js';

/** A quarterly report's draft row (the subject a quarterly version is published from). */
export async function reportDraft(
  s: Store,
  planId: number,
  periodCode: string,
  scope: string,
): Promise<number> {
  const at = '2017-10-20T09:00:00Z';
  const row = await s.db
    .insertInto('report_draft')
    .values({
      plan_id: planId,
      period_code: periodCode,
      scope,
      settings: '{}',
      texts: '{}',
      created_by: 'test',
      created_at: at,
      updated_by: 'test',
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The next version of its subject, frozen with one HTML file saying `marker`; returns its id. */
export async function frozenReport(
  s: Store,
  kind: 'quarterly' | 'plan',
  subject: Record<string, unknown>,
  marker: string,
): Promise<number> {
  const bytes = Buffer.from(`<p>${marker}</p>`);
  const version = (await latestPublishedVersion(s.db, kind, subject as never)) + 1;
  return insertPublishedVersion(
    s.db,
    kind,
    {
      ...subject,
      version,
      title: marker,
      data: '{}',
      published_by: 'test',
      published_by_name: 'Test',
      published_at: '2017-10-20T09:00:00.000Z',
    } as never,
    [
      {
        format: 'html',
        content_type: 'text/html; charset=utf-8',
        file_name: `${marker}.html`,
        size: bytes.length,
        sha256: 'x'.repeat(64),
        bytes,
      },
    ],
  );
}

/** Every entry of a zip, by name. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, z) => {
      if (err || !z) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      z.on('entry', (entry: yauzl.Entry) =>
        z.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            z.readEntry();
          });
        }),
      );
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}
