/**
 * Reads the reference data of UK councils — mySociety's "UK local authority names and codes"
 * (CC BY 4.0), shipped in reference/uk-local-authorities/ — from a directory holding its three CSV
 * files: uk_local_authorities_current.csv (one row per council, past and current),
 * lookup_name_to_registry.csv (spellings of names → registry code) and lookup_gss_to_registry.csv
 * (GSS codes, former ones included → registry code). `cairn reference refresh DIR` reads a newer copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { nameKey } from '../../domain/benchmark-names.js';

export interface ReferenceCouncilRow {
  code: string;
  gssCode: string | null;
  officialName: string;
  niceName: string;
  nation: string;
  region: string | null;
  typeCode: string;
  typeName: string;
  population: number | null;
  startDate: string | null;
  endDate: string | null;
  current: boolean;
}

export interface ReferenceData {
  councils: ReferenceCouncilRow[];
  /** Name keys (nameKey) → registry code. */
  names: { key: string; code: string }[];
  /** GSS codes (current and former) → registry code. */
  gss: { gssCode: string; code: string }[];
}

export const REFERENCE_FILES = {
  councils: 'uk_local_authorities_current.csv',
  names: 'lookup_name_to_registry.csv',
  gss: 'lookup_gss_to_registry.csv',
} as const;

export const REFERENCE_ATTRIBUTION =
  "Contains data from mySociety's UK local authority names and codes, CC BY 4.0";

/** The copy shipped with Cairn: reference/uk-local-authorities at the top of the repository (or its build). */
export function shippedReferenceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'reference', 'uk-local-authorities');
    if (existsSync(join(candidate, REFERENCE_FILES.councils))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The shipped reference data (reference/uk-local-authorities) is missing.');
}

export class ReferenceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceFileError';
  }
}

function readCsv(dir: string, file: string, columns: string[]): Record<string, string>[] {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ReferenceFileError(`${dir} has no ${file}.`);
  const rows = parse(readFileSync(path, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const missing = columns.filter((c) => rows.length > 0 && !(c in rows[0]!));
  if (missing.length || rows.length === 0)
    throw new ReferenceFileError(
      `${file} does not look like mySociety's file: ${rows.length === 0 ? 'it has no rows' : `it has no ${missing.join(', ')} column`}.`,
    );
  return rows;
}

const orNull = (s: string | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

/** Reads the three files from `dir`. Throws ReferenceFileError naming what is missing. */
export function readReferenceDir(dir: string): ReferenceData {
  const councils = readCsv(dir, REFERENCE_FILES.councils, [
    'local-authority-code',
    'official-name',
    'nice-name',
    'gss-code',
    'nation',
    'region',
    'local-authority-type',
    'local-authority-type-name',
  ]).map((r): ReferenceCouncilRow => {
    const pop = Number(r['pop-2020']);
    return {
      code: r['local-authority-code']!.trim(),
      gssCode: orNull(r['gss-code']),
      officialName: r['official-name']!.trim(),
      niceName: r['nice-name']!.trim(),
      nation: r['nation']!.trim(),
      region: orNull(r['region']),
      typeCode: r['local-authority-type']!.trim(),
      typeName: r['local-authority-type-name']!.trim(),
      population: r['pop-2020'] && Number.isFinite(pop) ? Math.round(pop) : null,
      startDate: orNull(r['start-date']),
      endDate: orNull(r['end-date']),
      current: (r['current-authority'] ?? '').trim().toLowerCase() === 'true' || !orNull(r['end-date']),
    };
  });
  const names = readCsv(dir, REFERENCE_FILES.names, ['la-name', 'local-authority-code']).map((r) => ({
    key: nameKey(r['la-name']!),
    code: r['local-authority-code']!.trim(),
  }));
  const gss = readCsv(dir, REFERENCE_FILES.gss, ['gss-code', 'local-authority-code']).map((r) => ({
    gssCode: r['gss-code']!.trim().toUpperCase(),
    code: r['local-authority-code']!.trim(),
  }));
  return { councils, names, gss };
}
