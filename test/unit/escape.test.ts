import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/render/escape.js';

describe('the one HTML escaper', () => {
  it('escapes every character that could end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry\\</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&#92;&lt;/a&gt;',
    );
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml(42)).toBe('42');
  });

  it('writes what the templates’ autoescape writes, so a page reads the same whichever made it', () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    const text = `Adults & children's "care" <services> \\ £1,000 – 5% ▲`;
    expect(escapeHtml(text)).toBe(env.renderString('{{ t }}', { t: text }));
  });
});
