import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from './page-cache.js';

describe('collapseWhitespace', () => {
  it('turns indentation and blank lines into single line breaks, keeping text and inline spaces', () => {
    expect(collapseWhitespace('<td>\n      <strong>Green</strong>\n\n    </td>')).toBe(
      '<td>\n<strong>Green</strong>\n</td>',
    );
    expect(collapseWhitespace('<p>two  spaces stay, one\n   line</p>')).toBe(
      '<p>two  spaces stay, one\nline</p>',
    );
  });

  it('stays linear on long runs of spaces (a quadratic pattern would not finish within the test timeout)', () => {
    const html = `<p>${' '.repeat(500_000)}x</p>`;
    expect(collapseWhitespace(html)).toBe(html);
  });
});
