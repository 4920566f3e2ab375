/**
 * Every page template compiles with the Nunjucks environment the app renders with (src/web/views.ts):
 * a syntax error or an unknown tag fails here, not on the first request for that page. Each template
 * named by extends/include/import/from must exist where the environment looks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createViews, VIEW_PATHS } from '../../src/web/views.js';

const [viewsDir, featuresDir] = VIEW_PATHS as [string, string, string];

function njkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? njkFiles(join(dir, e.name)) : e.name.endsWith('.njk') ? [join(dir, e.name)] : [],
  );
}

/** The name a route renders a file by: relative to the first search path holding it. */
function templateName(file: string): string {
  const base = file.startsWith(viewsDir + sep) ? viewsDir : featuresDir;
  return relative(base, file).split(sep).join('/');
}

const env = createViews();
const templates = [...njkFiles(viewsDir), ...njkFiles(featuresDir)].map((file) => ({
  file,
  name: templateName(file),
}));

describe('page templates', () => {
  it('finds the templates under src/web', () => {
    expect(templates.length).toBeGreaterThan(40);
    expect(templates.map((t) => t.name)).toContain('layout.njk');
  });

  it.each(templates.map((t) => [t.name, t.file] as const))('%s compiles', (name) => {
    expect(() => env.getTemplate(name, true)).not.toThrow();
  });

  it('names only templates that exist', () => {
    const missing: string[] = [];
    for (const { file, name } of templates) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']/g)) {
        try {
          env.getTemplate(m[1]!, false);
        } catch {
          missing.push(`${name} names ${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('would catch a syntax error and an unknown tag', () => {
    const compile = (src: string) => new nunjucks.Template(src, env, 'broken.njk', true);
    expect(() => compile('{% if %}{% endif %}')).toThrow();
    expect(() => compile('{% frobnicate %}')).toThrow(/unknown block tag: frobnicate/);
    expect(() => compile('{% if x %}unclosed')).toThrow();
    expect(() => compile('{{ "fine" }}')).not.toThrow();
  });
});
