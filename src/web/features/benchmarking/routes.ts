/**
 * Benchmarking's own pages (issue 13), for the performance team ('manage-benchmarking'): the overview,
 * which council this is, and comparator groups — the list with each version's date and the built-in
 * comparisons, importing a file of groups (every problem located, nothing kept), building one in the
 * app (by type, by region, or listed), one group's councils, and removing one (refused when it is stale
 * or still in use). The uploads of figures are in upload-routes.ts; linking indicators in plan-routes.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userActor } from '../../../app/audit.js';
import {
  comparatorGroups,
  createGroup,
  groupDetail,
  importGroupsFile,
  removeGroup,
  type GroupsImportResult,
} from '../../../app/benchmark-groups.js';
import { benchmarkOverview, builtInComparisons, councilChoices } from '../../../app/benchmark-page.js';
import { ourCouncil, REFERENCE_ATTRIBUTION, setOurCouncil } from '../../../app/benchmark-reference.js';
import { CairnError } from '../../../app/errors.js';
import { councilLabel } from '../../../domain/benchmark-areas.js';
import { GROUP_KIND_LABEL, GROUP_KINDS, type GroupKind } from '../../../domain/benchmark-groups.js';
import type { Problem } from '../../../domain/problem.js';
import { file, form, list, readBody, text, version } from '../../body.js';
import { MAX_UPLOAD_BYTES, type WebDeps } from '../../deps.js';
import { errorSummary } from '../../error-summary.js';
import { id, readParams } from '../../params.js';
import { paths, query, routePatterns } from '../../paths.js';

const MANAGE = { config: { access: 'manage-benchmarking' as const } };
const MAX_LISTED_PROBLEMS = 100;

const CouncilBody = form({ council: text });
const GroupsUploadBody = form({ file, kind: text, name: text, validFrom: text, source: text });
const NewGroupBody = form({
  name: text,
  validFrom: text,
  typeCode: text,
  region: text,
  nation: text,
  list: text,
  councils: list,
});
const RemoveBody = form({ version });
const GroupParams = z.object({ groupId: id });

export const benchmarkCrumbs = (extra: { text: string; href: string }[] = []) => [
  { text: 'Home', href: paths.home() },
  { text: 'Benchmarking', href: paths.benchmarkHome() },
  ...extra,
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A page's errors: the summary's list and each field's message. */
function problemsView(problems: readonly Problem[], fallbackHref = '#main-content') {
  return errorSummary(problems, { fallbackHref, limit: MAX_LISTED_PROBLEMS });
}

export function benchmarkingRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store, clock } = deps;
  const actor = (req: FastifyRequest) => userActor(req.session!.user);

  // ---- overview ----
  app.get<{ Querystring: { done?: string } }>(paths.benchmarkHome(), MANAGE, async (req, reply) => {
    const o = await benchmarkOverview(store);
    return reply.render('benchmarking/home.njk', {
      pageTitle: 'Benchmarking',
      breadcrumbs: [{ text: 'Home', href: paths.home() }],
      us: o.us ? councilLabel(o.us) : null,
      groups: o.groups,
      metrics: o.metrics,
      sources: o.sources,
      uploads: o.uploads.map((u) => ({
        ...u,
        url: u.status === 'mapping' ? paths.benchmarkImportMapping(u.id) : paths.benchmarkImport(u.id),
        statusText: UPLOAD_STATUS[u.status] ?? u.status,
      })),
      attribution: REFERENCE_ATTRIBUTION,
    });
  });

  // ---- which council this is ----
  async function councilPage(reply: FastifyReply, value?: string, problems: Problem[] = [], status = 200) {
    const us = await ourCouncil(store);
    const { errorList, fieldErrors } = problemsView(problems, '#council');
    return reply.code(status).render('benchmarking/council.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Your council`,
      breadcrumbs: benchmarkCrumbs(),
      errors: errorList,
      councilError: fieldErrors.council ?? null,
      current: us ? councilLabel(us) : null,
      value: value ?? (us ? us.officialName : ''),
      candidates: problems.length && value ? await councilChoices(store, value) : [],
      attribution: REFERENCE_ATTRIBUTION,
    });
  }

  app.get(paths.benchmarkCouncil(), MANAGE, async (_req, reply) => councilPage(reply));

  app.post(paths.benchmarkCouncil(), MANAGE, async (req, reply) => {
    const { council } = readBody(CouncilBody, req.body);
    try {
      await setOurCouncil(store, actor(req), council, clock);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'INVALID_INPUT')
        return councilPage(
          reply,
          council,
          e.details.length ? e.details : [{ field: 'council', message: e.message }],
          400,
        );
      throw e;
    }
    return reply.redirect(`${paths.benchmarkHome()}${query({ done: 'council' })}`, 303);
  });

  // ---- comparator groups ----
  app.get<{ Querystring: { done?: string } }>(paths.benchmarkGroups(), MANAGE, async (req, reply) => {
    const groups = [...(await comparatorGroups(store)).values()].sort((a, b) => a.name.localeCompare(b.name));
    return reply.render('benchmarking/groups.njk', {
      pageTitle: 'Comparator groups',
      breadcrumbs: benchmarkCrumbs(),
      builtIns: await builtInComparisons(store),
      groups: groups.map((g) => ({
        name: g.name,
        url: paths.benchmarkGroup(g.id),
        kind: GROUP_KIND_LABEL[g.kind],
        members: g.versions.at(-1)?.members.length ?? 0,
        versions: [...g.versions].reverse().map((v) => v.validFrom),
      })),
      done: req.query.done === 'removed' ? 'The group has been removed.' : null,
    });
  });

  function groupsUploadPage(
    reply: FastifyReply,
    values: { kind: string; name: string; validFrom: string; source: string },
    problems: Problem[] = [],
    status = 200,
    result: GroupsImportResult | null = null,
  ) {
    const { errorList, fieldErrors } = problemsView(
      problems.map((p) =>
        p.field && !['name', 'validFrom', 'kind', 'source'].includes(p.field) ? { ...p, field: 'file' } : p,
      ),
      '#file',
    );
    return reply.code(status).render('benchmarking/groups-upload.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Import comparator groups`,
      breadcrumbs: benchmarkCrumbs([{ text: 'Comparator groups', href: paths.benchmarkGroups() }]),
      action: paths.benchmarkGroupsUpload(),
      errors: errorList,
      fieldErrors,
      fileError: problems.some(
        (p) => !p.field || p.field === 'file' || !['name', 'validFrom', 'kind', 'source'].includes(p.field),
      )
        ? `${plural(problems.length, 'problem')} found. Nothing has been saved: correct the file and upload it again.`
        : null,
      values,
      kinds: [
        { value: '', text: 'As the file’s headings say (neighbour lists are CIPFA’s)' },
        ...GROUP_KINDS.map((k) => ({ value: k, text: GROUP_KIND_LABEL[k], selected: values.kind === k })),
      ],
      result: result
        ? {
            validFrom: result.validFrom,
            groups: result.groups.map((g) => ({
              ...g,
              url: paths.benchmarkGroup(g.id),
              what: g.created ? 'New group' : g.newVersion ? 'New version' : 'Version replaced',
            })),
          }
        : null,
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    });
  }

  const emptyUpload = { kind: '', name: '', validFrom: '', source: '' };
  app.get(paths.benchmarkGroupsUpload(), MANAGE, async (_req, reply) => groupsUploadPage(reply, emptyUpload));

  app.post(paths.benchmarkGroupsUpload(), MANAGE, async (req, reply) => {
    const body = readBody(GroupsUploadBody, req.body);
    const values = { kind: body.kind, name: body.name, validFrom: body.validFrom, source: body.source };
    if (!body.file)
      return groupsUploadPage(
        reply,
        values,
        [{ field: 'file', message: 'Choose a CSV file or an Excel workbook (.xlsx) of groups' }],
        400,
      );
    if (!/\.(csv|xlsx)$/i.test(body.file.filename))
      return groupsUploadPage(
        reply,
        values,
        [{ field: 'file', message: 'The file must be a CSV file or an Excel workbook (.xlsx)' }],
        400,
      );
    try {
      const result = await importGroupsFile(
        store,
        actor(req),
        { fileName: body.file.filename, bytes: await body.file.toBuffer() },
        {
          kind: (GROUP_KINDS as readonly string[]).includes(body.kind) ? (body.kind as GroupKind) : undefined,
          name: body.name.trim() || undefined,
          validFrom: body.validFrom,
          source: body.source,
        },
        clock,
      );
      return groupsUploadPage(reply, emptyUpload, [], 200, result);
    } catch (e) {
      if (e instanceof CairnError && (e.code === 'IMPORT_REJECTED' || e.code === 'INVALID_INPUT'))
        return groupsUploadPage(reply, values, e.details.length ? e.details : [{ message: e.message }], 400);
      throw e;
    }
  });

  async function newGroupPage(
    reply: FastifyReply,
    values: z.infer<typeof NewGroupBody>,
    problems: Problem[] = [],
    status = 200,
  ) {
    const { errorList, fieldErrors } = problemsView(problems, '#name');
    const choices = await builtInComparisons(store);
    return reply.code(status).render('benchmarking/group-new.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}Make a comparator group`,
      breadcrumbs: benchmarkCrumbs([{ text: 'Comparator groups', href: paths.benchmarkGroups() }]),
      action: paths.newBenchmarkGroup(),
      errors: errorList,
      fieldErrors,
      values,
      types: [
        { value: '', text: 'Any type' },
        ...choices.types.map((t) => ({ ...t, selected: t.value === values.typeCode })),
      ],
      regions: [
        { value: '', text: 'Any region' },
        ...choices.regions.map((r) => ({ value: r, text: r, selected: r === values.region })),
      ],
      nations: [
        { value: '', text: 'Any nation' },
        ...choices.nations.map((n) => ({ value: n, text: n, selected: n === values.nation })),
      ],
    });
  }

  const emptyGroup = {
    name: '',
    validFrom: '',
    typeCode: '',
    region: '',
    nation: '',
    list: '',
    councils: [],
  };
  app.get(paths.newBenchmarkGroup(), MANAGE, async (_req, reply) => newGroupPage(reply, emptyGroup));

  app.post(paths.newBenchmarkGroup(), MANAGE, async (req, reply) => {
    const body = readBody(NewGroupBody, req.body);
    try {
      const r = await createGroup(
        store,
        actor(req),
        {
          name: body.name,
          validFrom: body.validFrom,
          typeCode: body.typeCode || undefined,
          region: body.region || undefined,
          nation: body.nation || undefined,
          list: body.list,
        },
        clock,
      );
      return reply.redirect(paths.benchmarkGroup(r.groups[0]!.id), 303);
    } catch (e) {
      if (e instanceof CairnError && (e.code === 'INVALID_INPUT' || e.code === 'CONFLICT'))
        return newGroupPage(
          reply,
          body,
          e.details.length ? e.details : [{ field: 'name', message: e.message }],
          e.code === 'CONFLICT' ? 409 : 400,
        );
      throw e;
    }
  });

  async function groupPage(
    reply: FastifyReply,
    groupId: number,
    refusal: string | null = null,
    status = 200,
  ) {
    const g = await groupDetail(store, groupId);
    const { errorList } = problemsView(refusal ? [{ message: refusal }] : []);
    return reply.code(status).render('benchmarking/group.njk', {
      pageTitle: `${errorList.length ? 'Error: ' : ''}${g.name}`,
      breadcrumbs: benchmarkCrumbs([{ text: 'Comparator groups', href: paths.benchmarkGroups() }]),
      errors: errorList,
      group: { ...g, kind: GROUP_KIND_LABEL[g.kind] },
      removeUrl: paths.benchmarkGroupRemove(g.id),
    });
  }

  app.get(routePatterns.benchmarkGroup, MANAGE, async (req, reply) => {
    const { groupId } = readParams(GroupParams, req.params, 'There is no such comparator group.');
    return groupPage(reply, groupId);
  });

  app.post(routePatterns.benchmarkGroupRemove, MANAGE, async (req, reply) => {
    const { groupId } = readParams(GroupParams, req.params, 'There is no such comparator group.');
    const { version: v } = readBody(RemoveBody, req.body);
    try {
      await removeGroup(store, actor(req), groupId, v, clock);
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CONFLICT') return groupPage(reply, groupId, e.message, 409);
      throw e;
    }
    return reply.redirect(`${paths.benchmarkGroups()}${query({ done: 'removed' })}`, 303);
  });
}

export const UPLOAD_STATUS: Record<string, string> = {
  mapping: 'Waiting for its columns to be chosen',
  running: 'Importing',
  done: 'Imported',
  failed: 'Refused',
};
