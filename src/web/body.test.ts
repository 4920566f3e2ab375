import { describe, expect, it } from 'vitest';
import { checked, file, form, list, optionalId, perRow, readBody, text, textOr, version } from './body.js';

const Body = form({ title: text, version, owner: optionalId, confirm: checked, tags: list });

describe('form bodies read by a schema', () => {
  it('reads each field by its shape', () => {
    expect(
      readBody(Body, { title: 'Reduce delays', version: '3', owner: '12', confirm: 'yes', tags: ['a', 'b'] }),
    ).toEqual({ title: 'Reduce delays', version: 3, owner: 12, confirm: true, tags: ['a', 'b'] });
  });

  it('reads what was not sent, or sent in the wrong shape, as empty', () => {
    expect(readBody(Body, undefined)).toEqual({
      title: '',
      version: 0,
      owner: undefined,
      confirm: false,
      tags: [],
    });
    expect(
      readBody(Body, { title: ['a', 'b'], version: '1e3', owner: '-1', confirm: 'no', tags: 'x' }),
    ).toEqual({ title: '', version: 0, owner: undefined, confirm: false, tags: ['x'] });
  });

  it("reads a multipart field's value", () => {
    expect(readBody(Body, { title: { value: 'From a file form' }, version: { value: '2' } })).toMatchObject({
      title: 'From a file form',
      version: 2,
    });
  });

  it('gives a choice its default only when it was not sent', () => {
    const Choice = form({ scope: textOr('council'), part: textOr(undefined) });
    expect(readBody(Choice, {})).toEqual({ scope: 'council', part: undefined });
    expect(readBody(Choice, { scope: '', part: { value: '3' } })).toEqual({ scope: '', part: '3' });
  });

  it("reads a multipart form's file part, and no file when none was chosen", async () => {
    const Upload = form({ step: text, file });
    const part = {
      type: 'file',
      filename: 'return.xlsx',
      mimetype: 'application/zip',
      toBuffer: () => Promise.resolve(Buffer.from('PK')),
    };
    const read = readBody(Upload, { step: { value: 'save' }, file: part });
    expect(read.step).toBe('save');
    expect(read.file?.filename).toBe('return.xlsx');
    expect((await read.file!.toBuffer()).toString()).toBe('PK');
    // A browser sends an empty part with no name when no file was chosen.
    expect(readBody(Upload, { file: { ...part, filename: '' } }).file).toBeUndefined();
    expect(readBody(Upload, { file: 'return.xlsx' }).file).toBeUndefined();
    expect(readBody(Upload, {}).file).toBeUndefined();
  });

  it('reads the fields of each row of a form that lists rows', () => {
    const Rows = perRow([12, 13, 14], { text, version: optionalId });
    const body = { 'text-12': 'Done', 'version-12': '4', 'text-13': ['a', 'b'], 'version-13': 'x' };
    expect(readBody(Rows, body)).toEqual(
      new Map([
        [12, { text: 'Done', version: 4 }],
        [13, { text: '', version: undefined }],
        [14, { text: '', version: undefined }],
      ]),
    );
    expect(readBody(Rows, undefined).get(12)).toEqual({ text: '', version: undefined });
  });
});
