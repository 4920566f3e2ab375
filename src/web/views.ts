/**
 * The Nunjucks environment Cairn's pages are rendered with: its own views, each feature's templates
 * and govuk-frontend's macros, autoescaped. build-app.ts renders with it; test/unit/templates.test.ts
 * compiles every template with it.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const here = dirname(fileURLToPath(import.meta.url));
const govukDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

/** Where templates are looked up, in order. */
export const VIEW_PATHS = [join(here, 'views'), join(here, 'features'), govukDist];

export function createViews(): nunjucks.Environment {
  return nunjucks.configure(VIEW_PATHS, { autoescape: true, throwOnUndefined: false, noCache: false });
}
