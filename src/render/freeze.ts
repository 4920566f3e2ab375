/**
 * Rendering a document for publishing: every format once, each file with its content type, name,
 * size and SHA-256, ready to store. The quarterly report and the plan progress report both use it.
 */
import { createHash } from 'node:crypto';
import type { ReportDocument } from './document.js';
import { fileName, FORMAT_INFO, FORMATS, render, type RenderOptions } from './formats.js';

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
  for (const format of FORMATS) {
    const bytes = await render(document, format, o);
    files.push({
      format,
      content_type: FORMAT_INFO[format].contentType,
      file_name: fileName(base, format),
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
