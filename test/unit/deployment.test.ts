/**
 * The container files (issue 17), checked as far as these machines can: they cannot pull base images,
 * so the image is never built here. What is checked is that the Dockerfile builds with the same
 * `npm run build` (scripts/build.js) as CI's production install, which CI runs; that it runs what
 * that build makes, as a user who is not root, with Chromium for PDFs, on the Node.js CI tests as the
 * current LTS; and that compose.yaml's services — Cairn, its worker, PostgreSQL — fit together.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

type Yaml = string | Yaml[] | { [key: string]: Yaml };

/**
 * Reads the YAML compose.yaml is written in: block mappings and sequences by indentation, flow
 * sequences of scalars (`["a", "b"]`), quoted or plain scalars, comments. Not a general YAML parser.
 */
function parseYamlSubset(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((raw) => raw.replace(/\s+#.*$|^\s*#.*$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const scalar = (s: string): Yaml => {
    if (s.startsWith('[') && s.endsWith(']')) {
      const inner = s.slice(1, -1).trim();
      return inner
        ? (inner.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^,]+/g) ?? []).map((p) => scalar(p.trim()))
        : [];
    }
    if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
    if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1);
    return s;
  };
  const block = (indent: number): Yaml => {
    if (lines[i]!.text.startsWith('- ')) {
      const list: Yaml[] = [];
      while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- '))
        list.push(scalar(lines[i++]!.text.slice(2).trim()));
      return list;
    }
    const map: Record<string, Yaml> = {};
    while (i < lines.length && lines[i]!.indent === indent) {
      const { text: t } = lines[i]!;
      const colon = t.search(/:(\s|$)/);
      if (colon < 0) throw new Error(`line ${i + 1}: not a mapping: ${t}`);
      const key = t.slice(0, colon);
      const rest = t.slice(colon + 1).trim();
      i++;
      if (rest) map[key] = scalar(rest);
      else if (i < lines.length && lines[i]!.indent > indent) map[key] = block(lines[i]!.indent);
      else map[key] = '';
    }
    return map;
  };
  return block(0);
}

const asMap = (y: Yaml | undefined) => y as Record<string, Yaml>;

/** The LTS that .ci/run tests on beside Node.js 20. */
function ciLts(): number {
  const m = /CAIRN_CI_LTS:-(\d+)/.exec(read('.ci/run'));
  if (!m) throw new Error('.ci/run names no LTS (CAIRN_CI_LTS)');
  return Number(m[1]);
}

describe('the Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds with the same npm run build as CI, then keeps only the production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!;
    expect(build).toMatch(/AS build/);
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('node scripts/build.js');
    expect(read('.ci/production-install')).toMatch(/\|\| npm run build$/m);
  });

  it('runs the compiled server as a user who is not root, with Debian Chromium for PDFs', () => {
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/apt-get install[^\n]*\bchromium\b/);
    expect(runtime).toMatch(/CHROMIUM_PATH=\/usr\/bin\/chromium/);
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/useradd[^\n]*--uid 10001/);
    // What it starts is what scripts/build.js writes for src/main/server.ts.
    expect(runtime).toContain('CMD ["node", "dist/src/main/server.js"]');
    expect(existsSync(join(root, 'src/main/server.ts'))).toBe(true);
    // Everything copied from the repository into the runtime is there, and bin/cairn.js finds what it imports.
    for (const path of [
      'bin',
      'scripts/dist.js',
      'scripts/start.js',
      'scripts/build.js',
      'package-lock.json',
    ])
      expect(existsSync(join(root, path)), path).toBe(true);
    expect(read('bin/cairn.js')).toContain("from '../scripts/dist.js'");
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/health/);
  });

  it("is based on the Node.js LTS that CI tests, which package.json's engines allow", () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m.exec(dockerfile)?.[1];
    expect(Number(image)).toBe(ciLts());
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines.split('||').some((r) => r.trim().startsWith(`^${ciLts()}.`))).toBe(true);
    // And Node.js 20, which these machines have and CI tests too.
    expect(engines).toMatch(/\^20\.19/);
  });

  it('leaves secrets, installed packages and builds out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const p of ['.env', '.git', 'node_modules', 'dist', 'data']) expect(ignored).toContain(p);
  });
});

describe('compose.yaml', () => {
  const compose = asMap(parseYamlSubset(read('compose.yaml')));
  const services = asMap(compose.services);

  it('has Cairn, its worker and PostgreSQL, the two Cairn services from this Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['cairn', 'db', 'worker']);
    expect(String(asMap(services.db).image)).toMatch(/^postgres:\d+/);
    for (const name of ['cairn', 'worker']) {
      expect(asMap(services[name]).build, name).toBe('.');
      expect(asMap(services[name]).image, name).toBe('cairn:latest');
    }
    expect(asMap(services.worker).command).toEqual(['node', 'bin/cairn.js', 'worker']);
    expect(asMap(services.cairn).command).toBeUndefined(); // the image's CMD: the web server
  });

  it('points both at the database service, with one audit key and one checkpoint folder', () => {
    const db = asMap(services.db);
    const user = String(asMap(db.environment).POSTGRES_USER);
    const name = String(asMap(db.environment).POSTGRES_DB);
    for (const service of ['cairn', 'worker']) {
      const env = asMap(asMap(services[service]).environment);
      expect(env.DATABASE_URL, service).toBe(`postgres://${user}:\${POSTGRES_PASSWORD}@db:5432/${name}`);
      expect(String(env.CAIRN_AUDIT_KEY), service).toMatch(/^\$\{CAIRN_AUDIT_KEY:\?/);
      expect(env.CAIRN_AUDIT_CHECKPOINT_DIR, service).toBe('/checkpoints');
      expect(asMap(services[service]).volumes, service).toContain('checkpoints:/checkpoints');
    }
    expect(Object.keys(asMap(compose.volumes)).sort()).toEqual(['checkpoints', 'db-data']);
  });

  it('starts Cairn once PostgreSQL is healthy, and the worker once Cairn is ready', () => {
    expect(asMap(asMap(services.db).healthcheck).test).toEqual(['CMD-SHELL', 'pg_isready -U cairn -d cairn']);
    expect(asMap(asMap(asMap(services.cairn).depends_on).db).condition).toBe('service_healthy');
    expect(asMap(asMap(asMap(services.worker).depends_on).cairn).condition).toBe('service_healthy');
    expect((asMap(asMap(services.cairn).healthcheck).test as string[]).join(' ')).toContain('/ready');
  });
});
