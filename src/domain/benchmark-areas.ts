/**
 * Which council a benchmarking file's row is about. A cell holds a GSS code (E10000025, or a former
 * one), a registry code (OXF) or a name in any spelling the reference data lists; rows for countries,
 * regions and averages ("England", "E92000001", "England mean") are aggregates, not councils. A name
 * that two councils have had (North Yorkshire: the county until 2023, the unitary council since) is
 * the one that existed in the row's period; anything else that matches more than one council, or none,
 * is a problem naming the closest candidates — never a guess.
 *
 * Pure: the directory is built from rows read elsewhere.
 */
import { ownString } from './own-string.js';
import { closestNames, GSS_CODE, isAggregateArea, looseNameKey, nameKey } from './benchmark-names.js';

export interface ReferenceCouncil {
  id: number;
  /** Registry code, e.g. 'OXF'. */
  code: string;
  gssCode: string | null;
  officialName: string;
  niceName: string;
  nation: string;
  region: string | null;
  typeCode: string;
  typeName: string;
  population: number | null;
  /** ISO dates; null start = always existed (as far as the data goes), null end = still exists. */
  startDate: string | null;
  endDate: string | null;
  current: boolean;
}

export type AreaMatch =
  | { kind: 'council'; council: ReferenceCouncil }
  | { kind: 'aggregate'; label: string }
  | { kind: 'unknown'; candidates: ReferenceCouncil[] }
  | { kind: 'ambiguous'; candidates: ReferenceCouncil[] };

/** "Oxfordshire (E10000025)". */
export const councilLabel = (c: ReferenceCouncil): string =>
  c.gssCode ? `${c.niceName} (${c.gssCode})` : `${c.niceName} (${c.code})`;

/** Whether the council existed on `date` (ISO). */
export function existedOn(c: ReferenceCouncil, date: string): boolean {
  return (c.startDate === null || c.startDate <= date) && (c.endDate === null || c.endDate > date);
}

export class AreaDirectory {
  readonly councils: readonly ReferenceCouncil[];
  private readonly byId = new Map<number, ReferenceCouncil>();
  private readonly byCode = new Map<string, ReferenceCouncil>();
  private readonly byGss = new Map<string, ReferenceCouncil>();
  private readonly byName = new Map<string, ReferenceCouncil[]>();
  private readonly byLooseName = new Map<string, ReferenceCouncil[]>();
  private readonly spellings: { key: string; item: ReferenceCouncil }[] = [];
  private readonly cache = new Map<string, AreaMatch>();

  /**
   * `names`: every spelling (already a nameKey) with the council it names; `formerGss`: former GSS
   * codes. Each council's own names are added too.
   */
  constructor(
    councils: readonly ReferenceCouncil[],
    names: readonly { key: string; councilId: number }[] = [],
    formerGss: readonly { gssCode: string; councilId: number }[] = [],
  ) {
    this.councils = councils;
    for (const c of councils) {
      this.byId.set(c.id, c);
      this.byCode.set(c.code.toUpperCase(), c);
      if (c.gssCode) this.byGss.set(c.gssCode.toUpperCase(), c);
    }
    for (const g of formerGss) {
      const c = this.byId.get(g.councilId);
      if (c && !this.byGss.has(g.gssCode.toUpperCase())) this.byGss.set(g.gssCode.toUpperCase(), c);
    }
    const addName = (key: string, c: ReferenceCouncil) => {
      if (!key) return;
      const list = this.byName.get(key) ?? [];
      if (!list.includes(c)) {
        list.push(c);
        this.byName.set(key, list);
        this.spellings.push({ key, item: c });
      }
      const loose = looseNameKey(key);
      const looseList = this.byLooseName.get(loose) ?? [];
      if (loose && !looseList.includes(c)) {
        looseList.push(c);
        this.byLooseName.set(loose, looseList);
      }
    };
    for (const c of councils) {
      addName(nameKey(c.officialName), c);
      addName(nameKey(c.niceName), c);
    }
    for (const n of names) {
      const c = this.byId.get(n.councilId);
      if (c) addName(n.key, c);
    }
  }

  get(id: number): ReferenceCouncil | undefined {
    return this.byId.get(id);
  }

  byRegistryCode(code: string): ReferenceCouncil | undefined {
    return this.byCode.get(code.trim().toUpperCase());
  }

  /**
   * The council a cell names. `on` (ISO date, e.g. the row's period's start) settles a name two councils
   * have had; without it, a name shared by a current and a former council is the current one.
   */
  match(text: string, on?: string): AreaMatch {
    const t = text.trim();
    const cacheKey = `${t}\u0000${on ?? ''}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const result = this.matchNow(t, on);
    // Kept: a copy of the key, not a view of the file's text it may have been cut from.
    if (this.cache.size < 50_000) this.cache.set(ownString(cacheKey), result);
    return result;
  }

  private matchNow(t: string, on: string | undefined): AreaMatch {
    const upper = t.toUpperCase();
    if (GSS_CODE.test(upper)) {
      const c = this.byGss.get(upper);
      if (c) return { kind: 'council', council: c };
      if (isAggregateArea(upper)) return { kind: 'aggregate', label: ownString(upper) };
      return { kind: 'unknown', candidates: [] };
    }
    if (/^[A-Z]{3}$/.test(t)) {
      const c = this.byCode.get(t);
      if (c) return { kind: 'council', council: c };
    }
    const key = nameKey(t);
    const found = this.byName.get(key) ?? this.byLooseName.get(looseNameKey(t));
    if (found?.length === 1) return { kind: 'council', council: found[0]! };
    if (found && found.length > 1) {
      const at = on ? found.filter((c) => existedOn(c, on)) : found.filter((c) => c.current);
      if (at.length === 1) return { kind: 'council', council: at[0]! };
      return { kind: 'ambiguous', candidates: found };
    }
    if (isAggregateArea(t)) return { kind: 'aggregate', label: ownString(t) };
    return { kind: 'unknown', candidates: closestNames(t, this.spellings, 3) };
  }
}

/** The message for a cell that names no council, or more than one: what it matched, and what to write. */
export function areaProblem(text: string, m: AreaMatch): string | null {
  if (m.kind === 'council' || m.kind === 'aggregate') return null;
  if (m.kind === 'ambiguous')
    return `"${text}" could be any of ${m.candidates.map(councilLabel).join(', ')}: write the GSS code instead`;
  if (GSS_CODE.test(text.trim().toUpperCase()))
    return `"${text}" is not the GSS code of a UK council Cairn knows (run \`cairn reference refresh\` if it is new)`;
  const near = m.candidates.map(councilLabel);
  return near.length
    ? `"${text}" is not the name of a UK council Cairn knows. The closest are: ${near.join('; ')}. Write the name as one of these, or its GSS code`
    : `"${text}" is not the name of a UK council Cairn knows. Write its GSS code (such as E10000025)`;
}
