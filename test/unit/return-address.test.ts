import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/web/return-address.js';

describe('safeReturnPath: only a path on this site', () => {
  it.each([
    ['a tab after the slash', '/\t/evil.example/phish'],
    ['a tab before the slashes', '\t//evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['a line feed', '/\n/evil.example'],
    ['CR LF (a header)', '/x\r\nSet-Cookie: a=b'],
    ['two slashes', '//evil.example/phish'],
    ['slash backslash', '/\\evil.example'],
    ['backslash slash', '\\/evil.example'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['encoded slashes, lower case', '/%2f/evil.example'],
    ['an encoded tab', '/%09/evil.example/phish'],
    ['encoded CR LF', '/%0d%0aSet-Cookie:%20a=b'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['an absolute http URL', 'http://evil.example/phish'],
    ['an absolute https URL', 'https://evil.example/'],
    ['not text', ['/plans']],
    ['nothing', undefined],
    ['a broken escape', '/%E0%A4%A'],
    ['too long', `/${'a'.repeat(2001)}`],
  ])('refuses %s', (_label, value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('keeps a path on this site with its query string', () => {
    expect(safeReturnPath('/plans/1/indicators?period=2017-18-Q1&q=waste')).toBe(
      '/plans/1/indicators?period=2017-18-Q1&q=waste',
    );
    expect(safeReturnPath('/improvement-plans/3#actions')).toBe('/improvement-plans/3#actions');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('normalises what it keeps, so the Location header is plain ASCII', () => {
    expect(safeReturnPath('/plans/1/../2')).toBe('/plans/2');
    expect(safeReturnPath('/plans?q=café')).toBe('/plans?q=caf%C3%A9');
  });
});
