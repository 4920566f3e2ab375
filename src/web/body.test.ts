import { describe, expect, it } from 'vitest';
import { checked, form, list, optionalId, readBody, text, version } from './body.js';

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
});
