/**
 * Comparator groups (issue 13): imported from a file (CIPFA nearest neighbours as LG Inform publishes
 * them, LGBF family groups, statistical neighbours, any list of councils), or built in the app (by
 * type, region, or chosen by hand). Each import or change is a version of the group from a date, so an
 * older period is still compared with the list that applied then. Audited.
 */
import { areaProblem, councilLabel, type ReferenceCouncil } from '../domain/benchmark-areas.js';
import type { ComparatorGroup } from '../domain/benchmark-comparisons.js';
import {
  GROUP_KINDS,
  parseGroups,
  type GroupImportOptions,
  type GroupKind,
  type ParsedGroup,
} from '../domain/benchmark-groups.js';
import { DateParseError, parseDate } from '../domain/dates.js';
import type { Problem } from '../domain/problem.js';
import { formatOf, readRawSheets, SpreadsheetError } from '../importers/spreadsheet.js';
import {
  deleteGroupIfVersion,
  findGroup,
  findGroupByName,
  insertGroup,
  linksToGroup,
  loadGroups,
  writeGroupVersion,
} from '../storage/benchmark-groups.js';
import { dataVersion } from '../storage/performance-repository.js';
import { transaction } from '../storage/transaction.js';
import { areaDirectory, ensureReference } from './benchmark-reference.js';
import { recordChange, type Actor } from './audit.js';
import { isoNow, type Clock } from './clock.js';
import { CairnError, notFound } from './errors.js';
import type { Store } from './store.js';
import { VersionedCache } from './versioned-cache.js';

export { GROUP_KINDS, type GroupKind };

const catalogues = new WeakMap<Store, VersionedCache<Map<number, ComparatorGroup>>>();

/** Every comparator group with its versions, kept in memory until the data changes. */
export async function comparatorGroups(store: Store): Promise<Map<number, ComparatorGroup>> {
  let cache = catalogues.get(store);
  if (!cache) {
    cache = new VersionedCache({ maxEntries: 1 });
    catalogues.set(store, cache);
  }
  return cache.get('all', await dataVersion(store.db), async () => {
    const { groups, versions, members } = await loadGroups(store.db);
    const byVersion = new Map<number, number[]>();
    for (const m of members) {
      const list = byVersion.get(m.version_id) ?? [];
      list.push(m.council_id);
      byVersion.set(m.version_id, list);
    }
    const out = new Map<number, ComparatorGroup>();
    for (const g of groups)
      out.set(g.id, {
        id: g.id,
        name: g.name,
        kind: (GROUP_KINDS as readonly string[]).includes(g.kind) ? (g.kind as GroupKind) : 'custom',
        subjectId: g.subject_council_id,
        service: g.service,
        family: g.family,
        version: g.version,
        versions: versions
          .filter((v) => v.group_id === g.id)
          .map((v) => ({ id: v.id, validFrom: v.valid_from, members: byVersion.get(v.id) ?? [] })),
      });
    return out;
  });
}

function validFromOf(text: string | undefined, clock: Clock): string {
  const t = (text ?? '').trim();
  if (!t) return isoNow(clock).slice(0, 10);
  try {
    return parseDate(t);
  } catch (e) {
    if (e instanceof DateParseError)
      throw new CairnError('INVALID_INPUT', e.message, [{ field: 'validFrom', message: e.message }]);
    throw e;
  }
}

export interface GroupsImportResult {
  groups: { id: number; name: string; members: number; created: boolean; newVersion: boolean }[];
  validFrom: string;
}

async function saveGroups(
  store: Store,
  actor: Actor,
  parsed: ParsedGroup[],
  validFrom: string,
  sourceFile: string | null,
  source: string | null,
  clock: Clock,
): Promise<GroupsImportResult> {
  const at = isoNow(clock);
  const result: GroupsImportResult = { groups: [], validFrom };
  await transaction(store.db, async (trx) => {
    for (const g of parsed) {
      const existing = await findGroupByName(trx, g.name);
      const id =
        existing?.id ??
        (await insertGroup(trx, {
          name: g.name,
          kind: g.kind,
          subjectCouncilId: g.subject?.id ?? null,
          service: g.service,
          family: g.family,
          source,
          createdAt: at,
        }));
      const v = await writeGroupVersion(
        trx,
        id,
        { validFrom, sourceFile, at, by: actor.name },
        g.members.map((m) => m.id),
      );
      result.groups.push({
        id,
        name: g.name,
        members: g.members.length,
        created: !existing,
        newVersion: v.created,
      });
    }
    await recordChange(
      trx,
      actor,
      {
        action: 'benchmark.groups',
        entity: 'comparator_group',
        entityId: result.groups.map((g) => g.id).join(','),
        after: {
          validFrom,
          file: sourceFile,
          groups: result.groups.map((g) => ({ name: g.name, members: g.members })),
        },
      },
      clock,
    );
  });
  return result;
}

/**
 * Imports the groups in a CSV or XLSX file (every sheet with rows; for family groups without a
 * service column, a workbook's sheet names are the service areas). All or nothing, with located
 * problems; IMPORT_REJECTED when any council is not found.
 */
export async function importGroupsFile(
  store: Store,
  actor: Actor,
  input: { fileName: string; bytes: Buffer },
  opts: GroupImportOptions & { validFrom?: string; source?: string },
  clock: Clock,
): Promise<GroupsImportResult> {
  const validFrom = validFromOf(opts.validFrom, clock);
  await ensureReference(store, clock);
  const directory = await areaDirectory(store);
  let sheets;
  try {
    sheets = await readRawSheets(input.bytes, formatOf(input.fileName), 'CSV');
  } catch (e) {
    if (e instanceof SpreadsheetError)
      throw new CairnError('IMPORT_REJECTED', e.message, [{ message: e.message }]);
    throw e;
  }
  const withRows = sheets.filter((s) => s.rows.length > 1);
  const problems: Problem[] = [];
  const parsed: ParsedGroup[] = [];
  for (const s of withRows) {
    const r = parseGroups(
      { name: s.name, rows: s.rows.map((row) => ({ row: row.row, cells: row.cells.map((c) => c.text) })) },
      directory,
      opts,
      validFrom,
    );
    if (!r.ok) problems.push(...r.problems);
    else
      for (const g of r.groups)
        parsed.push(
          g.kind === 'family' && !g.service && withRows.length > 1
            ? { ...g, service: s.name, name: `${g.name} (${s.name})` }
            : g,
        );
  }
  if (withRows.length === 0) problems.push({ message: `${input.fileName} has no rows` });
  if (problems.length)
    throw new CairnError(
      'IMPORT_REJECTED',
      `${input.fileName} has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}. Nothing has been saved: correct the file and import it again.`,
      problems,
    );
  return saveGroups(store, actor, parsed, validFrom, input.fileName, opts.source?.trim() || null, clock);
}

export interface GroupFormInput {
  name: string;
  validFrom?: string;
  /** Every current council of this type code and/or in this region (and nation). */
  typeCode?: string;
  region?: string;
  nation?: string;
  /** Councils listed by hand, one per line: codes or names. */
  list?: string;
  /** Council ids ticked on the form. */
  councilIds?: number[];
}

/** Builds a group in the app: councils by type, region or nation, ticked, or listed by name or code. */
export async function createGroup(
  store: Store,
  actor: Actor,
  input: GroupFormInput,
  clock: Clock,
): Promise<GroupsImportResult> {
  const problems: Problem[] = [];
  const name = input.name.trim();
  if (!name) problems.push({ field: 'name', message: 'Enter a name for the group' });
  else if (name.length > 200)
    problems.push({ field: 'name', message: `Enter at most 200 characters (you entered ${name.length})` });
  let validFrom = '';
  try {
    validFrom = validFromOf(input.validFrom, clock);
  } catch (e) {
    if (e instanceof CairnError) problems.push(...e.details);
    else throw e;
  }
  await ensureReference(store, clock);
  const directory = await areaDirectory(store);
  const members: ReferenceCouncil[] = [];
  const add = (c: ReferenceCouncil) => {
    if (!members.includes(c)) members.push(c);
  };
  if (input.typeCode || input.region || input.nation)
    for (const c of directory.councils)
      if (
        c.current &&
        (!input.typeCode || c.typeCode === input.typeCode) &&
        (!input.region || c.region === input.region) &&
        (!input.nation || c.nation === input.nation)
      )
        add(c);
  for (const id of input.councilIds ?? []) {
    const c = directory.get(id);
    if (c) add(c);
  }
  (input.list ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const m = directory.match(line, validFrom || undefined);
      if (m.kind === 'council') add(m.council);
      else
        problems.push({
          field: 'list',
          message: `Line ${i + 1}: ${m.kind === 'aggregate' ? `"${line}" is a country or region, not a council` : (areaProblem(line, m) ?? line)}`,
        });
    });
  if (!problems.length && members.length < 2)
    problems.push({
      field: 'list',
      message: 'Choose at least two councils: by type, by region, or listed one a line',
    });
  if (problems.length) throw new CairnError('INVALID_INPUT', 'The group could not be saved.', problems);
  const existing = await findGroupByName(store.db, name);
  if (existing && existing.kind !== 'custom')
    throw new CairnError(
      'CONFLICT',
      `There is already a group called "${name}" (${existing.kind}): choose another name.`,
      [{ field: 'name', message: `There is already a group called "${name}": choose another name` }],
    );
  return saveGroups(
    store,
    actor,
    [{ name, kind: 'custom', subject: null, service: null, family: null, members }],
    validFrom,
    null,
    'Built in Cairn',
    clock,
  );
}

export interface GroupView {
  id: number;
  name: string;
  kind: GroupKind;
  subject: string | null;
  service: string | null;
  version: number;
  versions: { validFrom: string; members: { id: number; label: string; code: string }[] }[];
  linked: number;
}

export async function groupDetail(store: Store, id: number): Promise<GroupView> {
  const groups = await comparatorGroups(store);
  const g = groups.get(id);
  if (!g) throw notFound('There is no such comparator group.');
  const directory = await areaDirectory(store);
  const label = (cid: number) => {
    const c = directory.get(cid);
    return { id: cid, label: c ? councilLabel(c) : `Council ${cid}`, code: c?.gssCode ?? c?.code ?? '' };
  };
  return {
    id: g.id,
    name: g.name,
    kind: g.kind,
    subject: g.subjectId ? (directory.get(g.subjectId)?.niceName ?? null) : null,
    service: g.service,
    version: g.version,
    versions: [...g.versions]
      .reverse()
      .map((v) => ({ validFrom: v.validFrom, members: v.members.map(label) })),
    linked: await linksToGroup(store.db, id),
  };
}

/** Removes a group no indicator is compared with; the version names what the page was read at. */
export async function removeGroup(
  store: Store,
  actor: Actor,
  id: number,
  version: number,
  clock: Clock,
): Promise<void> {
  const g = await findGroup(store.db, id);
  if (!g) throw notFound('There is no such comparator group.');
  const linked = await linksToGroup(store.db, id);
  if (linked)
    throw new CairnError(
      'CONFLICT',
      `${linked} ${linked === 1 ? 'indicator is' : 'indicators are'} compared with ${g.name}: link ${linked === 1 ? 'it' : 'them'} to another group first.`,
    );
  await transaction(store.db, async (trx) => {
    if (!(await deleteGroupIfVersion(trx, id, version)))
      throw new CairnError(
        'CONFLICT',
        `Someone else changed ${g.name} while you were looking at it: look again, then remove it.`,
      );
    await recordChange(
      trx,
      actor,
      {
        action: 'benchmark.group.remove',
        entity: 'comparator_group',
        entityId: id,
        before: { name: g.name },
      },
      clock,
    );
  });
}
