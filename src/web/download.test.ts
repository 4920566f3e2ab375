import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { safeFileName, sendDownload } from './download.js';

describe('downloads', () => {
  it('sends an attachment with a safe name, the exact name in UTF-8, never cached or sniffed, with its SHA-256', async () => {
    const app = Fastify();
    const name = 'Q2 “draft” report\r\nSet-Cookie: x=1.pdf';
    app.get('/f', (_req, reply) =>
      sendDownload(reply, {
        bytes: Buffer.from('%PDF-1.7'),
        contentType: 'application/pdf',
        name,
        sha256: 'ab12',
      }),
    );
    const res = await app.inject({ url: '/f' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Q2 _draft_ report__Set-Cookie_ x_1.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-content-sha256']).toBe('ab12');
    expect(res.body).toBe('%PDF-1.7');
    await app.close();
  });

  it('never gives an empty or endless file name', () => {
    expect(safeFileName('')).toBe('download');
    expect(safeFileName('a'.repeat(500))).toHaveLength(200);
    expect(safeFileName('evidence 2017-18.xlsx')).toBe('evidence 2017-18.xlsx');
  });
});
