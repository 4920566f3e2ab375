/**
 * Issue 18's numbers, counted in src/ and checked against ceilings: `npm run check:architecture`
 * (part of `npm run check`). Each count is printed beside its ceiling and its goal; the script exits
 * 1 when a count is over its ceiling. The ceilings live in scripts/architecture-ceilings.json so a
 * branch can pass while other work is pending: lower them as the counts fall, down to the goals.
 *
 *   kyselyOutsideStorage  files outside src/storage/ that import kysely           goal 0
 *   importCycles          groups of files importing each other (runtime imports)  goal 0
 *   idPatterns            copies of the id pattern ^\d{1,9}$                      goal 1 (src/web/params.ts)
 *   problemTypes          exported types named *Problem or ProblemDetail          goal 1 (src/domain/problem.ts)
 *   htmlEscapers          hand-written replacements of & by &amp;                 goal 1
 *   handReadBodies        request bodies read other than by readBody (web/body.ts) goal 0
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const GOALS = {
  kyselyOutsideStorage: 0,
  importCycles: 0,
  idPatterns: 1,
  problemTypes: 1,
  htmlEscapers: 1,
  handReadBodies: 0,
} as const;

export type Measure = keyof typeof GOALS;
export type Counts = Record<Measure, number>;

export const LABELS: Record<Measure, string> = {
  kyselyOutsideStorage: 'Kysely imports outside src/storage/',
  importCycles: 'import cycles',
  idPatterns: 'copies of the id pattern \\d{1,9}',
  problemTypes: 'exported problem types',
  htmlEscapers: 'hand-written HTML escapers',
  handReadBodies: 'hand-read request bodies outside web/body.ts',
};

export interface Finding {
  measure: Measure;
  /** Path relative to the root, with forward slashes; for a cycle, its files joined by " → ". */
  where: string;
}

export interface Report {
  counts: Counts;
  findings: Finding[];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

const posix = (path: string) => path.split(sep).join('/');

/** Module specifiers this file loads when it runs: `import type` and all-type imports are erased. */
function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      specifiers.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** Every import of a module (static, type-only, re-export or dynamic `import()`). */
function allImports(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** A relative `./x.js` import, resolved to the `.ts` file it names (NodeNext style), if it is one of ours. */
function resolveRelative(from: string, specifier: string, known: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base,
    `${base}.ts`,
  ]) {
    if (known.has(candidate)) return candidate;
  }
  for (const index of ['index.ts']) {
    const candidate = join(base, index);
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

const ID_PATTERN = /\^\\d\{1,9\}\$/g;
const PROBLEM_TYPE = /^[ \t]*export\s+(?:declare\s+)?(?:interface|type)\s+(\w*Problem|ProblemDetail)\b/gm;
// `.replace(/&/g, '&amp;')`, `.replaceAll('&', '&amp;')`, or a table entry `'&': '&amp;'`.
const ESCAPER =
  /\.replace(?:All)?\(\s*(?:\/&\/g?|(['"`])&\1)\s*,\s*(['"`])&amp;\2|(['"`])&\3\s*:\s*(['"`])&amp;\4/g;

/**
 * Lines where a request's body (`req.body`, `request.body`) is used other than as what `readBody(schema,
 * req.body)` reads (src/web/body.ts): each such use reads form fields by hand.
 */
function handReadBodies(file: string, text: string): number[] {
  if (!/\b(?:req|request)\.body\b/.test(text)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'body' &&
      ts.isIdentifier(node.expression) &&
      (node.expression.text === 'req' || node.expression.text === 'request')
    ) {
      const call = node.parent;
      const read =
        ts.isCallExpression(call) &&
        ts.isIdentifier(call.expression) &&
        call.expression.text === 'readBody' &&
        call.arguments[1] === node;
      if (!read) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Counts issue 18's measures in `<root>/src`. */
export function measure(root: string): Report {
  const src = join(root, 'src');
  const storage = join(src, 'storage') + sep;
  const bodyReader = join(src, 'web', 'body.ts');
  const files = sourceFiles(src);
  const known = new Set(files);
  const findings: Finding[] = [];
  const graph = new Map<string, string[]>();
  const rel = (file: string) => posix(relative(root, file));

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!file.startsWith(storage) && allImports(text).some((s) => s === 'kysely' || s.startsWith('kysely/')))
      findings.push({ measure: 'kyselyOutsideStorage', where: rel(file) });
    graph.set(
      file,
      runtimeImports(file, text)
        .map((s) => resolveRelative(file, s, known))
        .filter((f): f is string => f !== null),
    );
    for (const [measureName, pattern] of [
      ['idPatterns', ID_PATTERN],
      ['problemTypes', PROBLEM_TYPE],
      ['htmlEscapers', ESCAPER],
    ] as const) {
      for (const match of text.matchAll(pattern)) {
        const line = text.slice(0, match.index).split('\n').length;
        findings.push({ measure: measureName, where: `${rel(file)}:${line}` });
      }
    }
    if (file !== bodyReader)
      for (const line of handReadBodies(file, text))
        findings.push({ measure: 'handReadBodies', where: `${rel(file)}:${line}` });
  }
  for (const component of cycles(graph))
    findings.push({ measure: 'importCycles', where: component.map(rel).join(' → ') });

  const counts = Object.fromEntries(
    (Object.keys(GOALS) as Measure[]).map((m) => [m, findings.filter((f) => f.measure === m).length]),
  ) as Counts;
  return { counts, findings };
}

/** The measures whose count is over its ceiling (a measure missing from the ceilings has its goal). */
export function overCeiling(counts: Counts, ceilings: Partial<Counts>): Measure[] {
  return (Object.keys(GOALS) as Measure[]).filter((m) => counts[m] > (ceilings[m] ?? GOALS[m]));
}

export function readCeilings(file: string): Partial<Counts> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const ceilings: Partial<Counts> = {};
  for (const m of Object.keys(GOALS) as Measure[]) {
    const value = data[m];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw new Error(`${file}: "${m}" must be a whole number of 0 or more, not ${JSON.stringify(value)}.`);
    ceilings[m] = value;
  }
  return ceilings;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = join(here, '..');
  const ceilingsFile = join(here, 'architecture-ceilings.json');
  const ceilings = readCeilings(ceilingsFile);
  const { counts, findings } = measure(root);
  const over = overCeiling(counts, ceilings);
  const width = Math.max(...Object.values(LABELS).map((l) => l.length));
  console.log(`${'Architecture (issue 18)'.padEnd(width)}  now  ceiling  goal`);
  for (const m of Object.keys(GOALS) as Measure[]) {
    const ceiling = ceilings[m] ?? GOALS[m];
    const mark = over.includes(m) ? '  OVER' : counts[m] < ceiling ? '  (lower the ceiling)' : '';
    console.log(
      `${LABELS[m].padEnd(width)}  ${String(counts[m]).padStart(3)}  ${String(ceiling).padStart(7)}  ${String(GOALS[m]).padStart(4)}${mark}`,
    );
  }
  for (const m of over) {
    console.error(`\n${LABELS[m]}: ${counts[m]}, over the ceiling of ${ceilings[m] ?? GOALS[m]}:`);
    for (const f of findings.filter((x) => x.measure === m)) console.error(`  ${f.where}`);
  }
  if (process.argv.includes('--list')) for (const f of findings) console.log(`  ${f.measure}: ${f.where}`);
  if (over.length) {
    console.error(
      `\nBring the count back down (see src/domain/problem.ts, src/web/params.ts, src/web/body.ts, src/storage/), ` +
        `or if the rise is deliberate, say why in the commit that raises ${relative(root, ceilingsFile)}.`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
