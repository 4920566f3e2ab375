/**
 * The reference data of UK councils and which council is using Cairn (issue 13). The data ships with
 * Cairn (reference/uk-local-authorities, mySociety, CC BY 4.0) and is loaded into the database by
 * `refreshReference` — `cairn reference refresh [DIR]`, or on first use — not by a migration, so a
 * newer copy can be loaded at any time without losing the councils' ids.
 */
import {
  AreaDirectory,
  areaProblem,
  councilLabel,
  type ReferenceCouncil,
} from '../domain/benchmark-areas.js';
import {
  readReferenceDir,
  ReferenceFileError,
  shippedReferenceDir,
  REFERENCE_ATTRIBUTION,
} from '../importers/benchmark/reference-files.js';
import { dataVersion } from '../storage/performance-repository.js';
import {
  councilReferenceCode,
  loadReferenceData,
  referenceCouncilCount,
  replaceReferenceData,
  setCouncilReferenceCode,
} from '../storage/reference-councils.js';
import type { ReferenceCouncilRecord } from '../storage/schema.js';
import { transaction } from '../storage/transaction.js';
import { recordChange, systemActor, type Actor } from './audit.js';
import type { Clock } from './clock.js';
import { CairnError, invalidInput } from './errors.js';
import type { Store } from './store.js';
import { VersionedCache } from './versioned-cache.js';

export { REFERENCE_ATTRIBUTION };

export interface RefreshResult {
  dir: string;
  councils: number;
  added: number;
  updated: number;
  retired: number;
  names: number;
  codes: number;
}

/** Loads the reference data from `dir` (default: the copy shipped with Cairn), in one audited transaction. */
export async function refreshReference(
  store: Store,
  actor: Actor,
  clock: Clock,
  dir: string = shippedReferenceDir(),
): Promise<RefreshResult> {
  let data;
  try {
    data = readReferenceDir(dir);
  } catch (e) {
    if (e instanceof ReferenceFileError) throw invalidInput(e.message);
    throw e;
  }
  const counts = await transaction(store.db, async (trx) => {
    const r = await replaceReferenceData(trx, data.councils, data.names, data.gss);
    await recordChange(
      trx,
      actor,
      {
        action: 'reference.refresh',
        entity: 'reference_council',
        entityId: 'all',
        after: { dir, councils: data.councils.length, ...r },
      },
      clock,
    );
    return r;
  });
  return { dir, councils: data.councils.length, ...counts };
}

/** Loads the shipped reference data if the database has none yet. */
export async function ensureReference(store: Store, clock: Clock): Promise<void> {
  if ((await referenceCouncilCount(store.db)) === 0) await refreshReference(store, systemActor, clock);
}

const directories = new WeakMap<Store, VersionedCache<AreaDirectory>>();

export const toReferenceCouncil = (r: ReferenceCouncilRecord): ReferenceCouncil => ({
  id: r.id,
  code: r.code,
  gssCode: r.gss_code,
  officialName: r.official_name,
  niceName: r.nice_name,
  nation: r.nation,
  region: r.region,
  typeCode: r.type_code,
  typeName: r.type_name,
  population: r.population,
  startDate: r.start_date,
  endDate: r.end_date,
  current: r.current === 1,
});

/** Every council and its spellings, for matching names: kept in memory until the data changes. */
export async function areaDirectory(store: Store): Promise<AreaDirectory> {
  let cache = directories.get(store);
  if (!cache) {
    cache = new VersionedCache<AreaDirectory>({ maxEntries: 1 });
    directories.set(store, cache);
  }
  return cache.get('all', await dataVersion(store.db), async () => {
    const { councils, names, gss } = await loadReferenceData(store.db);
    return new AreaDirectory(
      councils.map(toReferenceCouncil),
      names.map((n) => ({ key: n.name_key, councilId: n.council_id })),
      gss.map((g) => ({ gssCode: g.gss_code, councilId: g.council_id })),
    );
  });
}

/** The council using Cairn, or null when nobody has said which it is. */
export async function ourCouncil(store: Store): Promise<ReferenceCouncil | null> {
  const ref = await councilReferenceCode(store.db);
  if (!ref?.code) return null;
  return (await areaDirectory(store)).byRegistryCode(ref.code) ?? null;
}

/**
 * Says which council is using Cairn, by GSS code, registry code or name ("Oxfordshire County Council");
 * a name that matches no council, or several, is refused with the closest ones. Audited.
 */
export async function setOurCouncil(
  store: Store,
  actor: Actor,
  text: string,
  clock: Clock,
): Promise<ReferenceCouncil> {
  const t = text.trim();
  if (!t)
    throw new CairnError('INVALID_INPUT', 'Say which council this is.', [
      { field: 'council', message: 'Enter your council’s name or GSS code' },
    ]);
  await ensureReference(store, clock);
  const directory = await areaDirectory(store);
  const m = directory.match(t);
  if (m.kind !== 'council') {
    const message =
      m.kind === 'aggregate'
        ? `"${t}" is a country or region, not a council`
        : (areaProblem(t, m) ?? `"${t}" is not a council`);
    throw new CairnError('INVALID_INPUT', message, [{ field: 'council', message }]);
  }
  const council = m.council;
  const ref = await councilReferenceCode(store.db);
  if (!ref)
    throw new CairnError(
      'INVALID_INPUT',
      'Load a framework first (`cairn import framework FILE`): it creates the council this setting belongs to.',
    );
  await transaction(store.db, async (trx) => {
    await setCouncilReferenceCode(trx, ref.councilId, council.code);
    await recordChange(
      trx,
      actor,
      {
        action: 'council.reference',
        entity: 'council',
        entityId: ref.councilId,
        before: { reference_code: ref.code },
        after: { reference_code: council.code, name: councilLabel(council) },
      },
      clock,
    );
  });
  return council;
}
