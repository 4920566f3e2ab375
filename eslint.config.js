import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/**
 * The layers of issue 18, checked: imports point inward, domain ← app ← adapters (storage, web,
 * render/reports, importers, cli) ← main. Each entry restricts what files under `files` may import;
 * `@typescript-eslint/no-restricted-imports` is used so `import type` is caught too.
 */
const NODE_IO = [
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
];
const nodeIo = NODE_IO.flatMap((m) => [m, `node:${m}`]);

const kysely = {
  group: ['kysely', 'kysely/*'],
  message: 'Only src/storage/ uses Kysely: write the query as a function in src/storage/<feature>.',
};
const web = {
  group: ['**/web/**', '**/web'],
  message: 'Imports point inward: this layer must not depend on src/web/.',
};
const storage = {
  group: ['**/storage/**', '**/storage'],
  message:
    'src/web/ and src/render/ call src/app/, never src/storage/ (re-export a type from app if needed).',
};

function restrict(patterns, paths = []) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] };
}

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', 'docs/screenshots', 'out', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  // Nothing outside src/storage/ imports Kysely.
  { files: ['src/**/*.ts'], ignores: ['src/storage/**'], rules: restrict([kysely]) },
  // src/domain/: pure rules — nothing outside domain (resolved paths, so `import type` too), no I/O.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      ...restrict(
        [kysely],
        nodeIo.map((name) => ({ name, message: 'src/domain/ does no I/O: pass data in from src/app/.' })),
      ),
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/domain',
              from: './src',
              except: ['./domain'],
              message: 'src/domain/ imports only from src/domain/.',
            },
          ],
        },
      ],
    },
  },
  // src/app/: use cases — never Kysely, never the web.
  { files: ['src/app/**/*.ts'], rules: restrict([kysely, web]) },
  // src/web/: calls src/app/, never src/storage/.
  { files: ['src/web/**/*.ts'], rules: restrict([kysely, storage]) },
  // src/render/: never the web, never storage.
  { files: ['src/render/**/*.ts'], rules: restrict([kysely, web, storage]) },
);
