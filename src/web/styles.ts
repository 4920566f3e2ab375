/**
 * Compiles Cairn's stylesheet (govuk-frontend Sass with the council's colour) once per colour and
 * process, in a child process (styles/compile.js) so the Sass compiler never enters the server's
 * memory, and keeps the CSS in memory.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const govukDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);
const cache = new Map<string, Promise<string>>();

function compile(brandColour: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./styles/compile.js', import.meta.url))], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(`The stylesheet did not compile: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`),
        );
    });
    child.stdin.end(
      JSON.stringify({
        source: `$brand-colour: ${brandColour};\n@import "cairn";`,
        loadPaths: [join(here, 'styles'), govukDist],
      }),
    );
  });
}

export function stylesheet(brandColour: string): Promise<string> {
  let css = cache.get(brandColour);
  if (!css) {
    css = compile(brandColour);
    css.catch(() => cache.delete(brandColour));
    cache.set(brandColour, css);
  }
  return css;
}
