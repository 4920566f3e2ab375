/**
 * Rendering a document for publishing: every format once, each file with its content type, name,
 * size and SHA-256, ready to store. The quarterly report and the plan progress report both use it.
 */
import { createHash } from 'node:crypto';
import type { ReportDocument } from './document.js';
import { fileName, type RenderOptions } from './formats.js';
import { renderers } from './renderers.js';

export interface FrozenFile {
  format: string;
  content_type: string;
  file_name: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function renderEveryFormat(
  document: ReportDocument,
  base: string,
  o: RenderOptions = {},
): Promise<FrozenFile[]> {
  const files: FrozenFile[] = [];
  for (const r of await renderers()) {
    const bytes = await r.render(document, o);
    files.push({
      format: r.format,
      content_type: r.contentType,
      file_name: fileName(base, r.format),
      size: bytes.length,
      sha256: sha256(bytes),
      bytes,
    });
  }
  return files;
}

/** What a publish returns: the file facts without the bytes. */
export const fileFacts = (files: FrozenFile[]) =>
  files.map((f) => ({ format: f.format, fileName: f.file_name, size: f.size, sha256: f.sha256 }));
