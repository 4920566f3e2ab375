import { expect, it } from 'vitest';
import { loadDemo } from '../../src/app/demo.js';
import { buildApp } from '../../src/web/build-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixedClock } from '../support/fixtures.js';

describeEachDatabase(
  'the first page',
  (store) => {
    const app = () =>
      buildApp({
        store: store(),
        clock: fixedClock,
        brand: { councilName: 'Oxfordshire County Council', colour: '#1d5c4d', logoUrl: null },
      });

    it('lists priorities, outcomes and numbered indicators with targets as printed, ratings and outlooks', async () => {
      const res = await app().inject({ url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      const html = res.body;
      expect(html).toContain('Performance framework: Q1 2017-18');
      expect(html).toContain('Priority: Protecting vulnerable people');
      expect(html).toContain(
        'Increase the number of hours from the hospital discharge and reablement service',
      );
      for (const target of ['&gt;28%', '93-95%', 'Top quartile', '60/20', '12,000', '8920'])
        expect(html).toContain(target);
      expect(html).toMatch(/cairn-rag--red[^>]*>.*Red<\/strong>/);
      expect(html).toContain('positive/improving');
      expect(html).not.toContain('GDS Transport');
      const rows = html.match(/<td class="govuk-table__cell cairn-number">/g) ?? [];
      expect(rows).toHaveLength(50);
    });

    it('shows another period from a plain GET form, and explains a bad one', async () => {
      const ok = await app().inject({ url: '/framework?period=2017%2F18%20Q1' });
      expect(ok.statusCode).toBe(200);
      const bad = await app().inject({ url: '/framework?period=Q7%202017-18' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Cannot read &quot;Q7 2017-18&quot; as a period');
      const none = await app().inject({ url: '/framework?period=Q1%202030-31' });
      expect(none.statusCode).toBe(404);
      expect(none.body).toContain('No framework covers 2030-31');
    });

    it('answers unknown pages with a 404 page and serves the council-branded stylesheet', async () => {
      const res = await app().inject({ url: '/no-such-page' });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Page not found');
      const css = await app().inject({ url: '/assets/cairn.css' });
      expect(css.statusCode).toBe(200);
      expect(css.body).toContain('#1d5c4d');
    });
  },
  async (s) => {
    await loadDemo(s, fixedClock);
  },
);
