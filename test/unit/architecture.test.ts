import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, overCeiling, readCeilings } from '../../scripts/architecture.js';

// A tiny tree with a known number of each thing the script counts.
const TREE: Record<string, string> = {
  'src/storage/queries.ts':
    "import { sql, type Kysely } from 'kysely';\nexport const q = (db: Kysely<unknown>) => sql`1`;\n",
  'src/app/uses-kysely.ts': "import type { Kysely } from 'kysely';\nexport type Db = Kysely<unknown>;\n",
  'src/app/dynamic-kysely.ts': "export const load = () => import('kysely/helpers/postgres');\n",
  'src/app/says-kysely.ts': "// kysely is mentioned here but not imported\nexport const name = 'kysely';\n",
  // A runtime cycle of three files…
  'src/web/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/web/b.ts': "import { c } from './nested/c.js';\nexport const b = () => c;\n",
  'src/web/nested/c.ts': "export { a as c } from '../a.js';\n",
  // …a self-import, and a type-only loop (erased at run time: not a cycle).
  'src/web/self.ts': "import * as me from './self.js';\nexport const self = () => me;\n",
  'src/web/t1.ts': "import type { T2 } from './t2.js';\nexport type T1 = T2 | 1;\n",
  'src/web/t2.ts': "import { type T1 } from './t1.js';\nexport type T2 = 2;\nexport type Both = T1;\n",
  'src/web/t3.ts': "import type { T4 } from './t4.js';\nexport type T3 = T4;\n",
  'src/web/t4.ts': "export type { T3 } from './t3.js';\nexport type T4 = 4;\n",
  // Two id patterns (the fractional-seconds one is not an id), three problem types, two escapers.
  'src/web/params.ts':
    'export const id = /^\\d{1,9}$/;\nexport const also = /^\\d{1,9}$/.test("1");\nconst iso = /\\.\\d{1,9}Z$/;\n',
  'src/domain/problem.ts':
    'export interface Problem { message: string }\nexport type ReadProblem = Problem;\ninterface LocalProblem { x: 1 }\n',
  'src/app/errors.ts':
    'export interface ProblemDetail { field: string }\nexport interface Problems { all: 1 }\n',
  'src/web/escape.ts':
    "export const e1 = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');\n" +
    "const TABLE = { '&': '&amp;', '<': '&lt;' };\n" +
    "export const notAnEscaper = 'Fish &amp; chips';\n",
  // Two bodies read by hand (a field, and the body handed to a reader of its own); two read by schema.
  'src/web/routes.ts':
    'export const a = (req: R) => req.body.title;\n' +
    "export const b = (req: R) => field(req.body, 'title');\n" +
    'export const c = (req: R) => readBody(Body, req.body);\n' +
    'export const d = (request: R) => readBody(fieldsForm(f), request.body).title;\n' +
    'export const e = (res: R) => res.body; // not a request\n',
  // body.ts itself is where bodies are read.
  'src/web/body.ts': 'export const readBody = (s: S, body: unknown) => s.parse(req.body ?? body);\n',
  'src/web/types.d.ts': "import type { Kysely } from 'kysely';\nexport type K = Kysely<unknown>;\n",
};

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-architecture-'));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scripts/architecture.ts', () => {
  it('counts each measure in a fixture tree', () => {
    const { counts, findings } = measure(root);
    expect(counts).toEqual({
      kyselyOutsideStorage: 2,
      importCycles: 2,
      idPatterns: 2,
      problemTypes: 3,
      htmlEscapers: 2,
      handReadBodies: 2,
    });
    const where = (m: string) => findings.filter((f) => f.measure === m).map((f) => f.where);
    expect(where('kyselyOutsideStorage')).toEqual(['src/app/dynamic-kysely.ts', 'src/app/uses-kysely.ts']);
    expect(where('importCycles')).toEqual([
      'src/web/a.ts → src/web/b.ts → src/web/nested/c.ts',
      'src/web/self.ts',
    ]);
    expect(where('idPatterns')).toEqual(['src/web/params.ts:1', 'src/web/params.ts:2']);
    expect(where('problemTypes')).toEqual([
      'src/app/errors.ts:1',
      'src/domain/problem.ts:1',
      'src/domain/problem.ts:2',
    ]);
    expect(where('htmlEscapers')).toEqual(['src/web/escape.ts:1', 'src/web/escape.ts:2']);
    expect(where('handReadBodies')).toEqual(['src/web/routes.ts:1', 'src/web/routes.ts:2']);
  });

  it('is over a ceiling only when a count exceeds it; a missing ceiling is the goal', () => {
    const counts = {
      kyselyOutsideStorage: 2,
      importCycles: 0,
      idPatterns: 2,
      problemTypes: 1,
      htmlEscapers: 1,
      handReadBodies: 0,
    };
    expect(overCeiling(counts, { kyselyOutsideStorage: 2, idPatterns: 2 })).toEqual([]);
    expect(overCeiling(counts, { kyselyOutsideStorage: 1, idPatterns: 2 })).toEqual(['kyselyOutsideStorage']);
    expect(overCeiling(counts, {})).toEqual(['kyselyOutsideStorage', 'idPatterns']);
  });

  it('reads ceilings, and says which one is not a whole number', () => {
    const file = join(root, 'ceilings.json');
    writeFileSync(file, JSON.stringify({ importCycles: 3, htmlEscapers: 1 }));
    expect(readCeilings(file)).toEqual({ importCycles: 3, htmlEscapers: 1 });
    writeFileSync(file, JSON.stringify({ importCycles: -1 }));
    expect(() => readCeilings(file)).toThrow('"importCycles" must be a whole number of 0 or more, not -1');
  });
});
