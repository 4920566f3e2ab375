/**
 * Comparator groups (migration 0017): a named group, its versions by the date each applies from (CIPFA
 * lists change), and each version's councils in order. Read whole — a few hundred groups at most.
 */
import type { Db, Trx } from './transaction.js';
import type { ComparatorGroupRecord } from './schema.js';

export async function findGroupByName(db: Db, name: string): Promise<ComparatorGroupRecord | undefined> {
  return db.selectFrom('comparator_group').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findGroup(db: Db, id: number): Promise<ComparatorGroupRecord | undefined> {
  return db.selectFrom('comparator_group').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGroup(
  trx: Trx,
  g: {
    name: string;
    kind: string;
    subjectCouncilId: number | null;
    service: string | null;
    family: string | null;
    source: string | null;
    createdAt: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('comparator_group')
    .values({
      name: g.name,
      kind: g.kind,
      subject_council_id: g.subjectCouncilId,
      service: g.service,
      family: g.family,
      source: g.source,
      created_at: g.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The group's list as it stands from `validFrom`: a new version, or the members of the version of that
 * date replaced. Returns whether it was new.
 */
export async function writeGroupVersion(
  trx: Trx,
  groupId: number,
  v: { validFrom: string; sourceFile: string | null; at: string; by: string },
  councilIds: readonly number[],
): Promise<{ versionId: number; created: boolean }> {
  const existing = await trx
    .selectFrom('comparator_group_version')
    .select('id')
    .where('group_id', '=', groupId)
    .where('valid_from', '=', v.validFrom)
    .executeTakeFirst();
  let versionId: number;
  if (existing) {
    versionId = existing.id;
    await trx.deleteFrom('comparator_group_member').where('version_id', '=', versionId).execute();
    await trx
      .updateTable('comparator_group_version')
      .set({ source_file: v.sourceFile, recorded_at: v.at, recorded_by: v.by })
      .where('id', '=', versionId)
      .execute();
  } else {
    versionId = (
      await trx
        .insertInto('comparator_group_version')
        .values({
          group_id: groupId,
          valid_from: v.validFrom,
          source_file: v.sourceFile,
          recorded_at: v.at,
          recorded_by: v.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  await trx
    .insertInto('comparator_group_member')
    .values(councilIds.map((council_id, position) => ({ version_id: versionId, position, council_id })))
    .execute();
  await trx
    .updateTable('comparator_group')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', groupId)
    .execute();
  return { versionId, created: !existing };
}

export interface StoredGroups {
  groups: ComparatorGroupRecord[];
  versions: {
    id: number;
    group_id: number;
    valid_from: string;
    source_file: string | null;
    recorded_at: string;
    recorded_by: string;
  }[];
  members: { version_id: number; position: number; council_id: number }[];
}

/** Every group, version and member, in three queries. */
export async function loadGroups(db: Db): Promise<StoredGroups> {
  const groups = await db
    .selectFrom('comparator_group')
    .selectAll()
    .orderBy('kind')
    .orderBy('name')
    .execute();
  const versions = await db
    .selectFrom('comparator_group_version')
    .select(['id', 'group_id', 'valid_from', 'source_file', 'recorded_at', 'recorded_by'])
    .orderBy('group_id')
    .orderBy('valid_from')
    .execute();
  const members = await db
    .selectFrom('comparator_group_member')
    .select(['version_id', 'position', 'council_id'])
    .orderBy('version_id')
    .orderBy('position')
    .execute();
  return { groups, versions, members };
}

/** Removes a group (its versions and members go with it) if its version is the one read. */
export async function deleteGroupIfVersion(trx: Trx, id: number, version: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('comparator_group')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** How many indicators are compared with this group. */
export async function linksToGroup(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('indicator_benchmark')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comparison', '=', `group:${id}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
