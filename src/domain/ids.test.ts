import { describe, expect, it } from 'vitest';
import { isId, parseId } from './ids.js';

describe('an id written as text', () => {
  it('is 1 to 9 digits, nothing else', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('007')).toBe(7);
    expect(parseId('999999999')).toBe(999999999);
    for (const text of ['', '0x1', '1.5', '-1', ' 1', '1 ', '1e3', '1234567890', undefined, 12])
      expect(parseId(text), String(text)).toBeUndefined();
    expect(isId('42')).toBe(true);
    expect(isId('forty-two')).toBe(false);
  });
});
