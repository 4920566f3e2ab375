// `npm start`: runs the compiled server (dist/), building it first when dist/ is missing or older
// than src/ — so `npm install && npm start` works on a fresh clone. After `npm ci --omit=dev` there
// is no compiler: dist/ runs as it was built. `npm run dev` runs src/ through tsx instead.
import { pathToFileURL } from 'node:url';
import { canBuild, compiled, distState } from './dist.js';
import { build } from './build.js';

const state = distState();
if (state !== 'fresh') {
  if (canBuild()) {
    console.log(
      state === 'missing' ? 'Building Cairn (dist/ is missing)…' : 'Rebuilding Cairn (src/ has changed)…',
    );
    build();
  } else if (state === 'missing') {
    console.error(
      'dist/ is missing and TypeScript is not installed here (npm ci --omit=dev?): run `npm run build` ' +
        'where the development dependencies are installed, then copy dist/ here.',
    );
    process.exit(1);
  } else {
    console.warn('src/ is newer than dist/, but TypeScript is not installed here: running dist/ as built.');
  }
}
await import(pathToFileURL(compiled('src/main/server.ts')).href);
