/**
 * Who a council is compared with: a comparison is one of the built-in groups — every council in its
 * nation ("nationally"), every council of its type in its nation, every council in its region — or a
 * comparator group (CIPFA nearest neighbours, an LGBF family group, statistical neighbours, a list
 * made by hand). A group's list is the version in force at the period: the latest that applies from a
 * date on or before the period's end, or the earliest when all are later.
 *
 * The group's statistics always include the council itself (a neighbour list starts with it).
 *
 * Pure: the groups and councils come in.
 */
import { existedOn, type ReferenceCouncil } from './benchmark-areas.js';
import { GROUP_KIND_LABEL, type GroupKind } from './benchmark-groups.js';
import type { Period } from './periods.js';

export type Comparison =
  { kind: 'nation' } | { kind: 'type' } | { kind: 'region' } | { kind: 'group'; groupId: number };

export function parseComparison(text: string | null | undefined): Comparison | null {
  const t = (text ?? '').trim();
  if (t === 'nation' || t === 'type' || t === 'region') return { kind: t };
  const m = /^group:(\d{1,9})$/.exec(t);
  return m ? { kind: 'group', groupId: Number(m[1]) } : null;
}

export function comparisonCode(c: Comparison): string {
  return c.kind === 'group' ? `group:${c.groupId}` : c.kind;
}

export interface GroupVersion {
  id: number;
  validFrom: string;
  /** Council ids, in order. */
  members: number[];
}

export interface ComparatorGroup {
  id: number;
  name: string;
  kind: GroupKind;
  subjectId: number | null;
  service: string | null;
  family: string | null;
  version: number;
  /** Oldest first. */
  versions: GroupVersion[];
}

/** The version in force at the period: the latest from on or before its end, else the earliest. */
export function versionAt(group: ComparatorGroup, period: Period): GroupVersion | null {
  let chosen: GroupVersion | null = group.versions[0] ?? null;
  for (const v of group.versions) if (v.validFrom <= period.end) chosen = v;
  return chosen;
}

/** Whether a council existed at any time in the period. */
function existedDuring(c: ReferenceCouncil, period: Period): boolean {
  return (
    existedOn(c, period.start) ||
    existedOn(c, period.end) ||
    ((c.startDate ?? '') > period.start && (c.startDate ?? '') <= period.end)
  );
}

export interface ResolvedComparison {
  /** "councils in England", "county councils in England", "CIPFA nearest neighbours of Oxfordshire". */
  label: string;
  /** Short, for tables: "England", "Counties, England", the group's name. */
  short: string;
  /** Council ids; null = every council of the nation that has a figure (no count of those without). */
  members: ReadonlySet<number> | null;
  nation: string;
  /** When the group's list applies from (a comparator group's version), for saying which list was used. */
  validFrom: string | null;
}

const TYPE_PLURAL: Record<string, string> = {
  County: 'county councils',
  'Unitary authority': 'unitary councils',
  'Non-metropolitan district': 'district councils',
  'Metropolitan district': 'metropolitan districts',
  'London borough': 'London boroughs',
  'Scottish unitary authority': 'Scottish councils',
  'Welsh unitary authority': 'Welsh councils',
  'NI district': 'Northern Ireland councils',
};

/**
 * The councils a comparison means for `us` in a period. Null when it cannot be made: a group that
 * no longer exists, or a built-in that needs something the reference data does not say (a region).
 */
export function resolveComparison(
  comparison: Comparison,
  us: ReferenceCouncil,
  councils: readonly ReferenceCouncil[],
  groups: ReadonlyMap<number, ComparatorGroup>,
  period: Period,
): ResolvedComparison | null {
  const inNation = (c: ReferenceCouncil) => c.nation === us.nation && existedDuring(c, period);
  switch (comparison.kind) {
    case 'nation':
      return {
        label: `councils in ${us.nation}`,
        short: us.nation,
        members: null,
        nation: us.nation,
        validFrom: null,
      };
    case 'type': {
      const members = new Set(
        councils.filter((c) => inNation(c) && c.typeCode === us.typeCode).map((c) => c.id),
      );
      members.add(us.id);
      const plural = TYPE_PLURAL[us.typeName] ?? `councils of type ${us.typeName}`;
      return {
        label: `${plural} in ${us.nation}`,
        short: `${us.typeName}, ${us.nation}`,
        members,
        nation: us.nation,
        validFrom: null,
      };
    }
    case 'region': {
      if (!us.region) return null;
      const members = new Set(councils.filter((c) => inNation(c) && c.region === us.region).map((c) => c.id));
      members.add(us.id);
      return {
        label: `councils in ${us.region}`,
        short: us.region,
        members,
        nation: us.nation,
        validFrom: null,
      };
    }
    case 'group': {
      const g = groups.get(comparison.groupId);
      const v = g ? versionAt(g, period) : null;
      if (!g || !v) return null;
      const members = new Set(v.members);
      members.add(us.id);
      return { label: g.name, short: g.name, members, nation: us.nation, validFrom: v.validFrom };
    }
  }
}

export const COMPARISON_LABEL: Record<Exclude<Comparison['kind'], 'group'>, string> = {
  nation: 'Every council in our nation (nationally)',
  type: 'Every council of our type in our nation',
  region: 'Every council in our region',
};

/**
 * The group a target's words name for `us` ("our CIPFA neighbours", "our family group"): the link's
 * own group when it is of that kind, else the one group of that kind about us (neighbour lists) or
 * holding us (family groups). Null, with the reason, when there is none or more than one.
 */
export function groupOfKind(
  kind: GroupKind,
  us: ReferenceCouncil,
  linked: Comparison,
  groups: ReadonlyMap<number, ComparatorGroup>,
  period: Period,
): { ok: true; comparison: Comparison } | { ok: false; reason: string } {
  if (linked.kind === 'group' && groups.get(linked.groupId)?.kind === kind)
    return { ok: true, comparison: linked };
  const all = [...groups.values()].filter((g) => g.kind === kind);
  const about = all.filter((g) => g.subjectId === us.id);
  const holding = all.filter((g) => versionAt(g, period)?.members.includes(us.id));
  const candidates = about.length ? about : holding;
  if (candidates.length === 1) return { ok: true, comparison: { kind: 'group', groupId: candidates[0]!.id } };
  const what = GROUP_KIND_LABEL[kind].toLowerCase();
  if (candidates.length === 0)
    return {
      ok: false,
      reason: `no ${what} list for ${us.niceName} is loaded (import one under Benchmarking, Comparator groups)`,
    };
  return {
    ok: false,
    reason: `${us.niceName} is in ${candidates.length} ${what} lists (${candidates.map((g) => g.name).join('; ')}): choose one as this indicator's comparison`,
  };
}
