// `npm run build`: compiles src/ to dist/ with tsconfig.build.json, then copies every file the server
// reads at run time that is not TypeScript (Nunjucks views, Sass, the stylesheet compiler) to the
// same place under dist/, so lookups relative to import.meta.url find them. Plain JavaScript so that
// `npm start` can build on a fresh clone before anything is compiled.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, ROOT, STAMP } from './dist.js';

function copyAssets(from, to) {
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copied += copyAssets(source, join(to, entry.name));
    else if (!entry.name.endsWith('.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
      copied++;
    }
  }
  return copied;
}

export function build() {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    rmSync(DIST, { recursive: true, force: true });
    throw new Error('The build failed: TypeScript reported the errors above (run `npx tsc --noEmit`).');
  }
  const copied = copyAssets(join(ROOT, 'src'), join(DIST, 'src'));
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.log(
    `Built ${relative(process.cwd(), DIST) || 'dist'}/ in ${((Date.now() - started) / 1000).toFixed(1)}s ` +
      `(${copied} views, styles and other files copied).`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
