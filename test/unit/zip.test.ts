import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { crc32, zip } from '../../src/render/zip.js';

/** Reads every entry of a zip with yauzl (a strict reader: it checks sizes, offsets and names). */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, z) => {
      if (err || !z) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      z.on('entry', (entry: yauzl.Entry) => {
        z.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            z.readEntry();
          });
        });
      });
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}

describe('the store-only zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('writes an archive a strict reader opens, names in UTF-8 and bytes unchanged', async () => {
    const entries = [
      { name: 'figures.csv', bytes: Buffer.from('\uFEFFa,b\r\n1,2\r\n', 'utf8') },
      { name: 'données/£.json', bytes: Buffer.from(JSON.stringify({ x: 'é' }), 'utf8') },
      { name: 'empty.txt', bytes: Buffer.alloc(0) },
    ];
    const files = await unzip(zip(entries, new Date('2026-12-04T18:00:00Z')));
    expect([...files.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(files.get(e.name)!.equals(e.bytes)).toBe(true);
  });
});
