/**
 * Sends a file to download: every download in Cairn goes out the same way — an attachment with a safe
 * file name (and the exact one, UTF-8, for browsers that read it), never cached (the files hold
 * internal figures and personal details), never sniffed as another type, and with its SHA-256 when it
 * is a published, frozen file.
 */
import type { FastifyReply } from 'fastify';

export interface Download {
  bytes: Buffer;
  contentType: string;
  name: string;
  /** The SHA-256 the file was frozen with (published reports): sent as x-content-sha256. */
  sha256?: string;
}

/** A file name safe inside a quoted header value: letters, digits, dot, dash, underscore and space. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 200) || 'download';
}

export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${safeFileName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
  if (file.sha256) reply.header('x-content-sha256', file.sha256);
  return reply.send(file.bytes);
}
