// Whether dist/ (the compiled server, `npm run build`) is there and at least as new as what it is
// built from. Plain JavaScript: bin/cairn.js and `npm start` use it before anything is compiled.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
/** Written last by the build: its time is the build's. */
export const STAMP = join(DIST, '.built');

/** The compiled file for a source file, e.g. compiled('src/main/cli.ts') → dist/src/main/cli.js. */
export function compiled(source) {
  return join(DIST, source.replace(/\.ts$/, '.js'));
}

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** 'missing' (never built), 'stale' (a source is newer than the build) or 'fresh'. */
export function distState(root = ROOT) {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return 'missing';
  const built = statSync(stamp).mtimeMs;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json']
    .map((p) => join(root, p))
    .filter((p) => existsSync(p));
  return sources.some((p) => newest(p) > built) ? 'stale' : 'fresh';
}

/** Whether the build can run here (TypeScript is a development dependency: not after --omit=dev). */
export function canBuild(root = ROOT) {
  return existsSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc'));
}
