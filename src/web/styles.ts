/**
 * Compiles Cairn's stylesheet (govuk-frontend Sass with the council's colour) once per colour and
 * process, and keeps it in memory.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as sass from 'sass';

const here = dirname(fileURLToPath(import.meta.url));
const govukDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);
const cache = new Map<string, string>();

export function stylesheet(brandColour: string): string {
  let css = cache.get(brandColour);
  if (!css) {
    const source = `$brand-colour: ${brandColour};\n@import "cairn";`;
    css = sass.compileString(source, {
      loadPaths: [join(here, 'styles'), govukDist],
      style: 'compressed',
      quietDeps: true,
      silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'mixed-decls'],
      logger: sass.Logger.silent,
    }).css;
    cache.set(brandColour, css);
  }
  return css;
}
