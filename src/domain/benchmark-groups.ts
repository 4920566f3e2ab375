/**
 * Comparator groups as councils get them, read from a sheet of text cells:
 *
 * - neighbour lists — CIPFA nearest neighbours as LG Inform publishes them (a council, then its 15
 *   neighbours in order, across the row: "Neighbour 1" … "Neighbour 15", or "1" … "15"), or down the
 *   sheet (council, neighbour, rank); statistical neighbours the same way;
 * - LGBF family groups — each council with its family's number, per service area ("Children, Social
 *   Work and Housing", "Environmental, Culture and Leisure …");
 * - any list of councils (codes or names) — one group, or several named in a "Group" column.
 *
 * Every council is found through the name lookup; a name that matches none is a problem with the
 * closest candidates. Pure: the sheet and the directory come in, groups or problems go out.
 */
import type { AreaDirectory } from './benchmark-areas.js';
import { areaProblem, councilLabel, type ReferenceCouncil } from './benchmark-areas.js';
import { headerWords } from './benchmark-mapping.js';
import type { Problem } from './problem.js';

export const GROUP_KINDS = ['cipfa', 'family', 'statistical', 'custom'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const GROUP_KIND_LABEL: Record<GroupKind, string> = {
  cipfa: 'CIPFA nearest neighbours',
  family: 'LGBF family group',
  statistical: 'Statistical neighbours',
  custom: 'Councils chosen by hand',
};

export interface ParsedGroup {
  name: string;
  kind: GroupKind;
  /** The council whose neighbours these are (neighbour lists). */
  subject: ReferenceCouncil | null;
  service: string | null;
  family: string | null;
  /** In order; a neighbour list starts with its subject. */
  members: ReferenceCouncil[];
}

export interface GroupSheet {
  name: string;
  rows: { row: number; cells: string[] }[];
}

const AREA_HEADERS = [
  'council',
  'local authority',
  'authority',
  'area',
  'area name',
  'area code',
  'la',
  'la name',
  'la code',
  'gss code',
  'code',
  'name',
  'member',
  'members',
];
const NEIGHBOUR_HEADERS = [
  'neighbour',
  'nearest neighbour',
  'comparator',
  'neighbour name',
  'neighbour code',
];
const RANK_HEADERS = ['rank', 'position', 'order', 'neighbour rank', 'nearest neighbour rank'];
const FAMILY_HEADERS = ['family group', 'family', 'family group number', 'group number'];
const SERVICE_HEADERS = ['service', 'service area', 'family group type', 'services', 'framework'];
const GROUP_HEADERS = ['group', 'group name', 'comparator group'];
const NUMBERED_NEIGHBOUR = /^(?:(?:nearest )?neighbou?r|nn|comparator|rank)?\s*(\d{1,2})$/;

export interface GroupImportOptions {
  /** What kind of list it is, when its headers do not say (neighbour lists are CIPFA's unless told). */
  kind?: GroupKind;
  /** The group's name, for a plain list of councils. */
  name?: string;
}

function find(words: string[], candidates: string[], skip: Set<number>): number {
  for (const c of candidates) {
    const i = words.findIndex((w, j) => w === c && !skip.has(j));
    if (i >= 0) return i;
  }
  return -1;
}

/** Reads a sheet of groups. `on` (ISO) settles names two councils have had. */
export function parseGroups(
  sheet: GroupSheet,
  directory: AreaDirectory,
  opts: GroupImportOptions = {},
  on?: string,
): { ok: true; groups: ParsedGroup[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = rows[0];
  if (!header) return { ok: false, problems: [{ sheet: sheet.name, message: 'The sheet is empty' }] };
  const headers = header.cells.map((c) => c.trim());
  const words = headers.map(headerWords);
  const used = new Set<number>();
  const numbered = words
    .map((w, i) => ({ i, m: NUMBERED_NEIGHBOUR.exec(w) }))
    .filter((x) => x.m && !AREA_HEADERS.includes(words[x.i]!))
    .map((x) => ({ index: x.i, n: Number(x.m![1]) }))
    .sort((a, b) => a.n - b.n);
  numbered.forEach((x) => used.add(x.index));
  const neighbour = find(words, NEIGHBOUR_HEADERS, used);
  if (neighbour >= 0) used.add(neighbour);
  const family = find(words, FAMILY_HEADERS, used);
  if (family >= 0) used.add(family);
  const service = find(words, SERVICE_HEADERS, used);
  if (service >= 0) used.add(service);
  const rank = find(words, RANK_HEADERS, used);
  if (rank >= 0) used.add(rank);
  const group = find(words, GROUP_HEADERS, used);
  if (group >= 0) used.add(group);
  const area = find(words, AREA_HEADERS, used);
  const data = rows.slice(1);
  const at = (r: { cells: string[] }, i: number) => (i < 0 ? '' : (r.cells[i] ?? '').trim());
  const col = (i: number) => headers[i] || `column ${i + 1}`;

  const council = (text: string, row: number, column: number): ReferenceCouncil | null => {
    const m = directory.match(text, on);
    if (m.kind === 'council') return m.council;
    problems.push({
      sheet: sheet.name,
      row,
      column: col(column),
      message:
        m.kind === 'aggregate'
          ? `"${text}" is a country or region, not a council`
          : (areaProblem(text, m) ?? `"${text}" is not a council`),
    });
    return null;
  };

  if (area < 0)
    return {
      ok: false,
      problems: [
        {
          sheet: sheet.name,
          row: header.row,
          message:
            'Cairn cannot find the column of councils: head it "Council" (or "Area code", "Local authority"), with the neighbours as "Neighbour 1", "Neighbour 2" … or a "Family group" column',
        },
      ],
    };

  const neighbourKind: GroupKind = opts.kind === 'statistical' ? 'statistical' : 'cipfa';
  const neighbourName = (c: ReferenceCouncil) => `${GROUP_KIND_LABEL[neighbourKind]} of ${c.niceName}`;
  const groups: ParsedGroup[] = [];

  if (numbered.length > 0 || neighbour >= 0) {
    const bySubject = new Map<
      number,
      { subject: ReferenceCouncil; list: { rank: number; c: ReferenceCouncil }[] }
    >();
    for (const r of data) {
      const subjectText = at(r, area);
      if (!subjectText) {
        problems.push({ sheet: sheet.name, row: r.row, column: col(area), message: 'the council is blank' });
        continue;
      }
      const subject = council(subjectText, r.row, area);
      if (!subject) continue;
      const entry = bySubject.get(subject.id) ?? { subject, list: [] };
      bySubject.set(subject.id, entry);
      if (numbered.length) {
        for (const { index, n } of numbered) {
          const t = at(r, index);
          if (!t) continue;
          const c = council(t, r.row, index);
          if (c) entry.list.push({ rank: n, c });
        }
      } else {
        const t = at(r, neighbour);
        if (!t) continue;
        const c = council(t, r.row, neighbour);
        const rankText = at(r, rank);
        const n = rankText ? Number(rankText) : entry.list.length + 1;
        if (rank >= 0 && rankText && !Number.isInteger(n)) {
          problems.push({
            sheet: sheet.name,
            row: r.row,
            column: col(rank),
            message: `"${rankText}" is not a rank such as 1`,
          });
          continue;
        }
        if (c) entry.list.push({ rank: n, c });
      }
    }
    for (const { subject, list } of bySubject.values()) {
      const members = [subject];
      for (const { c } of [...list].sort((a, b) => a.rank - b.rank))
        if (!members.includes(c)) members.push(c);
      groups.push({
        name: neighbourName(subject),
        kind: neighbourKind,
        subject,
        service: null,
        family: null,
        members,
      });
    }
  } else if (family >= 0) {
    const byFamily = new Map<string, ParsedGroup>();
    for (const r of data) {
      const t = at(r, area);
      const f = at(r, family);
      if (!t && !f) continue;
      if (!f) {
        problems.push({
          sheet: sheet.name,
          row: r.row,
          column: col(family),
          message: 'the family group is blank',
        });
        continue;
      }
      const c = t ? council(t, r.row, area) : null;
      if (!t)
        problems.push({ sheet: sheet.name, row: r.row, column: col(area), message: 'the council is blank' });
      if (!c) continue;
      const s = at(r, service) || null;
      const key = `${s ?? ''}\u0000${f}`;
      let g = byFamily.get(key);
      if (!g) {
        g = {
          name: `${GROUP_KIND_LABEL.family} ${f}${s ? ` (${s})` : ''}`,
          kind: 'family',
          subject: null,
          service: s,
          family: f,
          members: [],
        };
        byFamily.set(key, g);
      }
      if (!g.members.includes(c)) g.members.push(c);
    }
    groups.push(...byFamily.values());
  } else {
    const byName = new Map<string, ParsedGroup>();
    const kind = opts.kind ?? 'custom';
    for (const r of data) {
      const t = at(r, area);
      if (!t) continue;
      const name = (group >= 0 ? at(r, group) : '') || opts.name?.trim() || '';
      if (!name) {
        problems.push({
          sheet: sheet.name,
          row: r.row,
          column: group >= 0 ? col(group) : null,
          message: 'name the group: a "Group" column, or a name for the whole list',
        });
        continue;
      }
      const c = council(t, r.row, area);
      if (!c) continue;
      let g = byName.get(name);
      if (!g) {
        g = { name, kind, subject: null, service: null, family: null, members: [] };
        byName.set(name, g);
      }
      if (!g.members.includes(c)) g.members.push(c);
    }
    groups.push(...byName.values());
  }
  if (problems.length) return { ok: false, problems };
  if (groups.length === 0)
    return { ok: false, problems: [{ sheet: sheet.name, message: 'The sheet lists no groups of councils' }] };
  const tooSmall = groups.find((g) => g.members.length < 2);
  if (tooSmall)
    return {
      ok: false,
      problems: [
        {
          sheet: sheet.name,
          message: `${tooSmall.name} has only ${tooSmall.members.map(councilLabel).join('')}: a group needs at least two councils`,
        },
      ],
    };
  return { ok: true, groups };
}
