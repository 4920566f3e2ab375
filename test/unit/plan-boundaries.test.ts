/**
 * Issue 18's boundaries for improvement plans and reports, read from the source: the plan use cases
 * hold no SQL (their queries are storage functions), and the plan and report pages read through app,
 * never storage — not even for a type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sources = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));

const imports = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

describe('the plans and reports boundaries', () => {
  it('keeps Kysely and the query builder out of the plan use cases', () => {
    const files = sources('src/app/plans');
    expect(files.length).toBeGreaterThan(5);
    for (const { file, text } of files) {
      expect(imports(text), file).not.toContain('kysely');
      expect(text, file).not.toMatch(/\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\.transaction\(\)/);
    }
  });

  it('has the plan and report pages, and the publish command, import no storage module', () => {
    const files = [...sources('src/web/features/plans'), ...sources('src/web/features/reports')];
    files.push({
      file: 'src/cli/plan-publish-command.ts',
      text: readFileSync('src/cli/plan-publish-command.ts', 'utf8'),
    });
    for (const { file, text } of files) {
      expect(
        imports(text).filter((p) => p.includes('/storage/')),
        file,
      ).toEqual([]);
      expect(text, file).not.toMatch(/\.(selectFrom|insertInto|updateTable|deleteFrom)\(/);
      expect(text, file).not.toContain('\\d{1,9}');
    }
  });
});
