/**
 * The reference data of UK councils (migration 0017): replaced as a whole by `cairn reference refresh`,
 * keeping each council's id (benchmark values and groups point at it), and read whole — 470 councils
 * and under 2,000 spellings — to match the names in a file. Also which council is using Cairn.
 */
import type { Db, Trx } from './transaction.js';
import type { ReferenceCouncilRecord } from './schema.js';

export interface ReferenceCouncilInput {
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

/**
 * Writes the reference data: councils upserted by registry code (a council no longer listed is kept, as
 * not current, since figures may point at it), spellings and former codes replaced. Returns the counts.
 */
export async function replaceReferenceData(
  trx: Trx,
  councils: readonly ReferenceCouncilInput[],
  names: readonly { key: string; code: string }[],
  gss: readonly { gssCode: string; code: string }[],
): Promise<{ added: number; updated: number; retired: number; names: number; codes: number }> {
  const existing = new Map(
    (await trx.selectFrom('reference_council').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
  );
  let added = 0;
  let updated = 0;
  for (const c of councils) {
    const row = {
      code: c.code,
      gss_code: c.gssCode,
      official_name: c.officialName,
      nice_name: c.niceName,
      nation: c.nation,
      region: c.region,
      type_code: c.typeCode,
      type_name: c.typeName,
      population: c.population,
      start_date: c.startDate,
      end_date: c.endDate,
      current: c.current ? 1 : 0,
    };
    const id = existing.get(c.code);
    if (id === undefined) {
      await trx.insertInto('reference_council').values(row).execute();
      added++;
    } else {
      await trx.updateTable('reference_council').set(row).where('id', '=', id).execute();
      existing.delete(c.code);
      updated++;
    }
  }
  const listed = new Set(councils.map((c) => c.code));
  const gone = [...existing.keys()].filter((code) => !listed.has(code));
  if (gone.length)
    await trx.updateTable('reference_council').set({ current: 0 }).where('code', 'in', gone).execute();

  const ids = new Map(
    (await trx.selectFrom('reference_council').select(['id', 'code']).execute()).map((r) => [r.code, r.id]),
  );
  await trx.deleteFrom('reference_council_name').execute();
  await trx.deleteFrom('reference_council_gss').execute();
  const nameRows = new Map<string, { name_key: string; council_id: number }>();
  for (const n of names) {
    const id = ids.get(n.code);
    if (id !== undefined && n.key) nameRows.set(`${n.key}\u0000${id}`, { name_key: n.key, council_id: id });
  }
  const gssRows = new Map<string, { gss_code: string; council_id: number }>();
  for (const g of gss) {
    const id = ids.get(g.code);
    if (id !== undefined && !gssRows.has(g.gssCode))
      gssRows.set(g.gssCode, { gss_code: g.gssCode, council_id: id });
  }
  const chunks = <T>(rows: T[], size = 200): T[][] =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const chunk of chunks([...nameRows.values()]))
    await trx.insertInto('reference_council_name').values(chunk).execute();
  for (const chunk of chunks([...gssRows.values()]))
    await trx.insertInto('reference_council_gss').values(chunk).execute();
  return { added, updated, retired: gone.length, names: nameRows.size, codes: gssRows.size };
}

export async function referenceCouncilCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('reference_council')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everything the name matcher needs, in three queries. */
export async function loadReferenceData(db: Db): Promise<{
  councils: ReferenceCouncilRecord[];
  names: { name_key: string; council_id: number }[];
  gss: { gss_code: string; council_id: number }[];
}> {
  const councils = await db
    .selectFrom('reference_council')
    .selectAll()
    .orderBy('nice_name')
    .orderBy('id')
    .execute();
  const names = await db.selectFrom('reference_council_name').select(['name_key', 'council_id']).execute();
  const gss = await db.selectFrom('reference_council_gss').select(['gss_code', 'council_id']).execute();
  return { councils, names, gss };
}

/** Which council is using Cairn (its registry code), or null when not said — or no council row yet. */
export async function councilReferenceCode(
  db: Db,
): Promise<{ councilId: number; code: string | null } | null> {
  const row = await db
    .selectFrom('council')
    .select(['id', 'reference_code'])
    .orderBy('id')
    .executeTakeFirst();
  return row ? { councilId: row.id, code: row.reference_code } : null;
}

export async function setCouncilReferenceCode(
  trx: Trx,
  councilId: number,
  code: string | null,
): Promise<void> {
  await trx.updateTable('council').set({ reference_code: code }).where('id', '=', councilId).execute();
}
