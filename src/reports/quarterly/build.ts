/**
 * The quarterly performance report as a ReportDocument, laid out as seed 003 (Oxfordshire's Business
 * Management and Monitoring Report, Q1 2017-18): cover, introduction with the computed headline
 * sentences, Annex 1 (key achievements, key issues, exception reports for Red outcomes), Annex 2
 * (priorities × directorates, the key to symbols, a dashboard per directorate), changes to the
 * framework with the retired measures, and the second line of reporting. Pure: the figures come in
 * a ReportSource (see source.ts), the texts and settings beside them.
 */
import type { ScorecardIndicator } from '../../app/scorecard.js';
import type { PeriodSummary } from '../../domain/summary.js';
import { OUTLOOK_LABEL, RAG_LABEL } from '../../domain/vocabulary.js';
import {
  cell,
  heading,
  paragraph,
  type Block,
  type Cell,
  type ReportDocument,
} from '../../render/document.js';
import { financeSection } from './finance-build.js';
import { exceptionIndicators } from './draft.js';
import { riskBlocks } from './risk-build.js';
import { dataTable, trendFigures } from './data.js';
import { isEmptyText, type ReportSettings, type ReportSource, type ReportTexts } from './model.js';
import { shiftPeriod } from '../../domain/periods.js';

const CHANGE_LABEL: Record<string, string> = {
  introduced: 'Introduced',
  updated: 'Updated',
  'carried-over': 'Carried over',
  deleted: 'Deleted',
};

/**
 * An outcome in a dashboard: in bold when it was updated or introduced this year, as seed 003 prints
 * them ("Outcomes which have been updated or introduced … are shown in bold"), and said in words too.
 */
function outcomeCell(o: { title: string; change: string | null }, years: string, rowSpan: number): Cell {
  const changed = o.change === 'updated' || o.change === 'introduced';
  return cell(o.title, {
    rowHeader: true,
    rowSpan,
    ...(changed ? { strong: true, lines: [`${CHANGE_LABEL[o.change!]} for ${years}`] } : {}),
  });
}

export function reportTitle(s: ReportSource): string {
  const base = `Business management and monitoring report: ${s.scorecard.period.label}`;
  return s.scope.kind === 'council' ? base : `${base} – ${s.scopeLabel}`;
}

const quarterWord = (label: string) => label.split(' ')[0] ?? label;

export const ragCell = (rating: ScorecardIndicator['rating']): Cell =>
  cell(rating ? RAG_LABEL[rating] : 'Not rated', { rag: rating });
export const outlookCell = (outlook: ScorecardIndicator['outlook']): Cell =>
  cell(outlook ? OUTLOOK_LABEL[outlook] : 'No outlook', { outlook });

export function buildQuarterlyReport(
  s: ReportSource,
  settings: ReportSettings,
  texts: ReportTexts,
  version: number | null = null,
): ReportDocument {
  const blocks: Block[] = [
    ...cover(s, settings),
    ...introduction(s, texts),
    { kind: 'page-break' },
    ...annex1(s, texts),
    // Annex 2's dashboards are wide: landscape pages, as in the seed.
    { kind: 'page-break', orientation: 'landscape' },
    ...annex2(s),
    { kind: 'page-break', orientation: 'portrait' },
    ...(settings.charts ? trendFigures(s) : []),
    ...(settings.spc ? spcConcern(s) : []),
    ...(settings.benchmarking ? benchmarking(s) : []),
    ...(settings.finance ? financeSection(s) : []),
    ...(settings.risk ? riskBlocks(s) : []),
    ...frameworkChanges(s),
    ...secondLine(s),
  ];
  return {
    title: reportTitle(s),
    language: 'en-GB',
    council: s.scorecard.councilName,
    asAt: s.asAt,
    version,
    blocks,
    data: dataTable(s),
  };
}

function cover(s: ReportSource, settings: ReportSettings): Block[] {
  const meeting = [settings.meeting, settings.meetingDate].filter((t) => t.trim()).join(' – ');
  const items = [
    { label: 'Council', value: s.scorecard.councilName },
    { label: 'Meeting', value: meeting || 'Not set' },
    {
      label: 'Period',
      value: `${s.scorecard.period.label} (${longDate(s.scorecard.period.start)} to ${longDate(s.scorecard.period.end)})`,
    },
    { label: 'Scope', value: s.scope.kind === 'council' ? 'The whole council' : s.scopeLabel },
    { label: 'Date of report', value: longDate(s.asAt.slice(0, 10)) },
    { label: 'Report of', value: settings.reportOf || 'Not set' },
    { label: 'Contact officer', value: settings.contactOfficer || 'Not set' },
  ];
  return [heading(1, reportTitle(s)), { kind: 'details', items }];
}

function introduction(s: ReportSource, texts: ReportTexts): Block[] {
  const sc = s.scorecard;
  const who = s.scope.kind === 'council' ? sc.councilName : `${sc.councilName} (${s.scopeLabel})`;
  const c = s.summary;
  const countRow = (label: string, r: PeriodSummary['outcomes'] | PeriodSummary['indicators']): Cell[] => [
    cell(label, { rowHeader: true }),
    ...[r.green, r.amber, r.red, r.notRated, r.total].map((n) => cell(String(n), { value: n })),
  ];
  const recommendations = texts.recommendations.map((t) => t.trim()).filter((t) => !isEmptyText(t));
  return [
    editable(2, 'Introduction', 'introduction', 'introduction'),
    paragraph(
      `This paper provides details of ${who}'s performance for ${sc.period.label} (${longDate(sc.period.start)} to ${longDate(sc.period.end)}), against ${sc.plan.title}.`,
    ),
    paragraph(
      'Key achievements and issues are set out in Annex 1, with an exception report for every outcome rated Red. Performance dashboards for each directorate are in Annex 2.',
    ),
    ...narrativeBlocks(texts.introduction),
    ...c.sentences.map((t) => paragraph(t)),
    {
      kind: 'table',
      caption: `Ratings at the end of ${sc.period.label}`,
      head: [['Measured', 'Green', 'Amber', 'Red', 'Not rated', 'Total'].map((t) => cell(t))],
      rows: [countRow('Outcomes', c.outcomes), countRow('Success indicators', c.indicators)],
      sheet: 'Summary',
    },
    {
      kind: 'table',
      caption: `Outlook into ${shiftPeriod(sc.period, 1).label}`,
      head: [['Outlook', 'Success indicators'].map((t) => cell(t))],
      rows: (
        [
          ['improving', c.outlook.improving],
          ['stable', c.outlook.stable],
          ['deteriorating', c.outlook.deteriorating],
        ] as const
      )
        .map(([o, n]) => [{ ...outlookCell(o), rowHeader: true }, cell(String(n), { value: n })])
        .concat([
          [
            cell('No outlook given', { rowHeader: true }),
            cell(String(c.outlook.none), { value: c.outlook.none }),
          ],
        ]),
      sheet: 'Summary',
    },
    ...(isEmptyText(texts.business)
      ? []
      : [editable(2, 'Business management', 'business', 'business'), ...narrativeBlocks(texts.business)]),
    editable(2, 'Recommendation', 'recommendation', 'recommendations'),
    ...(recommendations.length
      ? [
          paragraph('Members are recommended to:'),
          { kind: 'list' as const, ordered: true, items: recommendations.map((t) => [t]) },
        ]
      : []),
  ];
}

function prioritiesInScope(s: ReportSource) {
  return s.scorecard.priorities.filter((p) => s.outcomes.some((o) => o.priorityCode === p.code));
}

function bulletsOrNone(items: string[] | undefined, none: string): Block {
  const list = (items ?? []).map((t) => t.trim()).filter(Boolean);
  return list.length ? { kind: 'list', items: list.map((t) => [t]) } : paragraph(none);
}

/** A heading introducing an editable text (the draft page links it to its form). */
const editable = (level: 1 | 2 | 3 | 4, text: string, id: string, editKey: string): Block => ({
  kind: 'heading',
  level,
  text,
  id,
  editKey,
});

const BULLET = /^\s*(?:[-•*])\s+/;

/**
 * A narrative as blocks: paragraphs split at blank lines, and lines starting "- " or "• " as a
 * bulleted list (in HTML, PDF and Word alike). Empty or placeholder text gives nothing.
 */
export function narrativeBlocks(text: string): Block[] {
  if (isEmptyText(text)) return [];
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    let words: string[] = [];
    let bullets: string[] = [];
    const flushWords = () => {
      if (words.length) blocks.push(paragraph(words.join(' ')));
      words = [];
    };
    const flushBullets = () => {
      if (bullets.length) blocks.push({ kind: 'list', items: bullets.map((t) => [t]) });
      bullets = [];
    };
    for (const line of chunk.split(/\r?\n/)) {
      const t = line.trim();
      if (!t) continue;
      if (BULLET.test(t)) {
        flushWords();
        bullets.push(t.replace(BULLET, '').trim());
      } else {
        flushBullets();
        words.push(t);
      }
    }
    flushWords();
    flushBullets();
  }
  return blocks;
}

function annex1(s: ReportSource, texts: ReportTexts): Block[] {
  const period = s.scorecard.period.label;
  const priorities = prioritiesInScope(s);
  const blocks: Block[] = [
    heading(2, `Annex 1 – Performance report – ${period}`, 'annex-1'),
    heading(
      3,
      `Section A: Key achievements against ${s.scorecard.plan.title} priorities in this quarter`,
      'achievements',
    ),
  ];
  for (const p of priorities) {
    blocks.push({ kind: 'heading', level: 4, text: p.title, editKey: `achievements:${p.code}` });
    blocks.push(
      bulletsOrNone(texts.achievements[p.code], 'No key achievements are reported under this priority.'),
    );
  }
  blocks.push(
    heading(3, 'Section B: Key issues currently affecting our ability to deliver our priorities', 'issues'),
  );
  for (const p of priorities) {
    blocks.push({ kind: 'heading', level: 4, text: p.title, editKey: `issues:${p.code}` });
    blocks.push(bulletsOrNone(texts.issues[p.code], 'No key issues are reported under this priority.'));
  }
  blocks.push(
    heading(3, 'Section C: Key performance issues requiring intervention or consideration', 'exceptions'),
  );
  const red = s.outcomes.filter((o) => o.rating.rating === 'red');
  if (red.length === 0) {
    blocks.push(paragraph(`No outcome was rated Red for ${period}, so there are no exception reports.`));
    return blocks;
  }
  blocks.push(
    paragraph(
      'The following narratives explain outcomes which directors have rated Red. A Red rating indicates that the outcome in question might not be achieved by year end as things stand, based on a number of factors including levels of performance and risk.',
    ),
  );
  const priorityTitle = new Map(s.scorecard.priorities.map((p) => [p.code, p.title]));
  red.forEach((o, n) => {
    const cited = exceptionIndicators(o).map((i) => i.number);
    const text = texts.exceptions[o.code] ?? { narrative: '', action: '' };
    blocks.push({
      kind: 'heading',
      level: 4,
      text: `Exception report ${n + 1}: ${o.title}`,
      id: `exception-${n + 1}`,
      editKey: `exception:${o.code}`,
    });
    blocks.push({
      kind: 'details',
      items: [
        { label: 'Corporate Plan priority', value: priorityTitle.get(o.priorityCode) ?? '' },
        { label: 'Outcome affected', value: o.title },
        { label: 'Directorate', value: o.directorate.name },
        {
          label: 'Dashboard details',
          value: `Success indicator${cited.length === 1 ? '' : 's'} ${cited.join(', ')}`,
        },
      ],
    });
    blocks.push(...narrativeBlocks(text.narrative));
    // An empty action (published so only once the officer confirmed it) prints nothing.
    if (!isEmptyText(text.action))
      blocks.push(paragraph({ text: 'Recommended action: ', strong: true }, text.action.trim()));
  });
  return blocks;
}

function annex2(s: ReportSource): Block[] {
  const sc = s.scorecard;
  const period = sc.period.label;
  const directorates = sc.directorates.filter((d) => s.outcomes.some((o) => o.directorate.code === d.code));
  const priorities = prioritiesInScope(s);
  const blocks: Block[] = [
    heading(2, 'Annex 2 – Performance dashboards', 'annex-2'),
    heading(3, `${sc.plan.title} priorities and outcomes, by directorate`, 'matrix'),
    {
      kind: 'table',
      caption: `${sc.plan.title}: outcomes under each priority, by the directorate that leads them`,
      head: [[cell('Priority'), ...directorates.map((d) => cell(d.name))]],
      rows: priorities.map((p) => [
        cell(p.title, { rowHeader: true }),
        ...directorates.map((d) => {
          const titles = s.outcomes
            .filter((o) => o.priorityCode === p.code && o.directorate.code === d.code)
            .map((o) => `${o.title} (${o.rating.rating ? RAG_LABEL[o.rating.rating] : 'not rated'})`);
          return titles.length ? cell(titles[0]!, { lines: titles.slice(1) }) : cell('–');
        }),
      ]),
      sheet: 'Matrix',
    },
    heading(3, 'Key to symbols', 'key'),
    { kind: 'key' },
  ];
  for (const d of directorates) {
    const rows: Cell[][] = [];
    for (const p of priorities) {
      const outcomes = s.outcomes.filter((o) => o.priorityCode === p.code && o.directorate.code === d.code);
      const span = outcomes.reduce((n, o) => n + Math.max(1, o.indicators.length), 0);
      let firstOfPriority = true;
      for (const o of outcomes) {
        const inds = o.indicators.length ? o.indicators : [null];
        inds.forEach((i, k) => {
          const row: Cell[] = [];
          if (firstOfPriority) row.push(cell(p.title, { rowHeader: true, rowSpan: span }));
          if (k === 0) row.push(outcomeCell(o, s.scorecard.plan.years, inds.length));
          firstOfPriority = false;
          if (i === null)
            row.push(
              cell('–'),
              cell('No success indicators'),
              cell('–'),
              cell('–'),
              ragCell(null),
              outlookCell(null),
            );
          else
            row.push(
              cell(i.number, /^\d+$/.test(i.number) ? { value: Number(i.number) } : {}),
              cell(
                i.title,
                i.inArrears > 0
                  ? { lines: [`Reported in arrears: the figure is for ${i.dataPeriod.label}.`] }
                  : {},
              ),
              cell(i.target),
              cell(i.cumulative ? 'Y' : 'N'),
              ragCell(i.rating),
              outlookCell(i.outlook),
            );
          rows.push(row);
        });
      }
    }
    // Each dashboard starts a page, as in the seed's Annex 2.
    blocks.push({ kind: 'page-break' });
    blocks.push(heading(3, `${d.name} – performance dashboard – ${period}`, `dashboard-${d.code}`));
    blocks.push({
      kind: 'table',
      caption: `${d.name}: success indicators, ${period}`,
      head: [
        [
          'Priority',
          'Outcome',
          'No.',
          'Success indicator',
          'Target',
          'Cumulative target Y/N',
          `${quarterWord(period)} RAG`,
          'Outlook',
        ].map((t) => cell(t)),
      ],
      rows,
      widths: [1.6, 2.6, 0.8, 4.6, 1.3, 1.6, 1.5, 2.4],
      sheet: d.name,
    });
    // The key is repeated under each dashboard, as in the seed: each page is read on its own.
    blocks.push({ kind: 'key' });
  }
  return blocks;
}

/**
 * Changes to the framework, as seed 003 describes them: the outcomes and indicators introduced or
 * updated this year (outcomes in bold), with what changed and why; the deleted ones with the reason;
 * the carried-over ones as one line with their count (and the reasons given); then the minor
 * amendments since the framework was approved, if any; then the extract of retired measures.
 */
function frameworkChanges(s: ReportSource): Block[] {
  const sc = s.scorecard;
  const years = sc.plan.years;
  const council = s.scope.kind === 'council';
  const inScope = new Set(s.outcomes.map((o) => o.code));
  const indicatorsInScope = new Set(s.outcomes.flatMap((o) => o.indicators.map((i) => i.number)));
  const changes = s.changes.filter((c) =>
    c.kind === 'outcome'
      ? inScope.has(c.ref) || (c.change === 'deleted' && council)
      : indicatorsInScope.has(c.ref) || (c.change === 'deleted' && council),
  );
  const blocks: Block[] = [heading(2, `Changes to the framework in ${years}`, 'changes')];

  const order = ['introduced', 'updated', 'deleted'];
  const listed = changes
    .filter((c) => order.includes(c.change))
    .sort((a, b) => order.indexOf(a.change) - order.indexOf(b.change));
  // A measure removed from the plan before Cairn knew it (the retired measures' extract) is deleted too.
  const retired = council ? sc.retired : [];
  if (listed.length || retired.length) {
    blocks.push(
      paragraph(`Outcomes introduced or updated for ${years} are shown in bold, here and in the dashboards.`),
    );
    blocks.push({
      kind: 'table',
      caption: `Outcomes and success indicators introduced, updated or deleted for ${years}, with reasons`,
      head: [
        ['Change', 'Outcome or success indicator', 'Directorate', 'What changed', 'Reason'].map((t) =>
          cell(t),
        ),
      ],
      rows: [
        ...listed.map((c) => {
          const changed = c.change === 'introduced' || c.change === 'updated';
          const name =
            c.kind === 'outcome' ? `Outcome: ${c.title}` : `Success indicator ${c.ref}: ${c.title}`;
          return [
            cell(CHANGE_LABEL[c.change] ?? c.change, { rowHeader: true }),
            cell(name, c.kind === 'outcome' && changed ? { strong: true } : {}),
            cell(c.directorate),
            cell(c.whatChanged ?? (c.change === 'introduced' ? 'New this year' : '–')),
            cell(c.reason ?? 'No reason recorded.'),
          ];
        }),
        ...retired.map((r) => [
          cell(CHANGE_LABEL.deleted!, { rowHeader: true }),
          cell(r.indicator ? `${r.title} – ${r.indicator}` : r.title),
          cell(r.directorate),
          cell(`Deleted from the ${years} framework`),
          cell(r.reason),
        ]),
      ],
      widths: [1.4, 5, 2, 3, 5],
      sheet: 'Framework changes',
    });
  }

  const carried = changes.filter((c) => c.change === 'carried-over');
  const outcomesCarried = carried.filter((c) => c.kind === 'outcome').length;
  const indicatorsCarried = carried.length - outcomesCarried;
  if (carried.length) {
    const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
    const what = [
      outcomesCarried ? n(outcomesCarried, 'outcome', 'outcomes') : '',
      indicatorsCarried ? n(indicatorsCarried, 'success indicator', 'success indicators') : '',
    ]
      .filter(Boolean)
      .join(' and ');
    blocks.push(paragraph(`Carried over from ${s.previousYears}: ${what}.`));
    // The reasons given, each once (a directorate's outcomes often share one).
    const reasons = [...new Set(carried.map((c) => c.reason).filter((r): r is string => !!r))];
    if (reasons.length) blocks.push({ kind: 'list', items: reasons.map((r) => [r]) });
  }
  if (!listed.length && !retired.length && !carried.length)
    blocks.push(
      paragraph(
        'No outcome or indicator was recorded as introduced, updated, carried over or deleted this year.',
      ),
    );

  const amendments = s.amendments.filter((a) => {
    if (council) return true;
    const m = /^(Outcome|Indicator) (.+)$/.exec(a.ref);
    return m ? (m[1] === 'Outcome' ? inScope.has(m[2]!) : indicatorsInScope.has(m[2]!)) : false;
  });
  if (amendments.length) {
    blocks.push(heading(3, 'Amendments since approval', 'amendments'));
    const approval = [sc.plan.approved_by, sc.plan.approved_on ? longDate(sc.plan.approved_on) : null]
      .filter(Boolean)
      .join(' on ');
    blocks.push(
      paragraph(
        `Minor amendments made under delegated authority since the framework was approved${approval ? ` by ${approval}` : ''}.`,
      ),
    );
    blocks.push({
      kind: 'table',
      caption: `Minor amendments to the ${years} framework since approval, oldest first`,
      head: [['Date', 'Item', 'What changed', 'Reason', 'Who'].map((t) => cell(t))],
      rows: amendments.map((a) => [
        cell(longDate(a.at.slice(0, 10))),
        cell(a.ref, { rowHeader: true }),
        cell(a.summary),
        cell(a.reason),
        cell(a.by),
      ]),
      widths: [1.8, 2, 4, 5, 2],
      sheet: 'Framework changes',
    });
  }

  blocks.push(heading(3, 'Retired measures: extract from the previous dashboard', 'retired'));
  if (sc.retired.length === 0 || s.scope.kind !== 'council') {
    blocks.push(
      paragraph(
        sc.retired.length === 0
          ? 'No measures were retired.'
          : 'Retired measures are listed in the council-wide report.',
      ),
    );
  } else {
    blocks.push({
      kind: 'table',
      caption: 'Outcomes and measures reported last year and retired, for information',
      head: [
        [
          'Outcome or measure',
          'Directorate',
          'Success indicator',
          'Target',
          'Last rating',
          'Last reported',
          'Why it was retired',
        ].map((t) => cell(t)),
      ],
      rows: sc.retired.map((r) => [
        cell(r.title, { rowHeader: true }),
        cell(r.directorate),
        cell(r.indicator ?? '–'),
        cell(r.target ?? '–'),
        cell(r.lastRating ?? '–'),
        cell(r.lastReported ?? '–'),
        cell(r.reason),
      ]),
      widths: [4, 2, 5, 1, 1.5, 1.5, 5],
      sheet: 'Framework changes',
    });
  }
  return blocks;
}

function secondLine(s: ReportSource): Block[] {
  const sf = s.scorecard.secondFramework;
  if (!sf) return [];
  const inScope = new Set(s.outcomes.map((o) => o.code));
  const priorityTitle = new Map(s.scorecard.priorities.map((p) => [p.code, p.title]));
  const rows: Cell[][] = [];
  for (const p of sf.priorities) {
    const outcomes = p.outcomes.filter((o) => inScope.has(o.code));
    const first = cell(`${p.number}. ${p.title}`, { rowHeader: true, rowSpan: Math.max(1, outcomes.length) });
    if (outcomes.length === 0)
      rows.push([first, cell('No outcome mapped'), cell('–'), cell('–'), ragCell(null)]);
    outcomes.forEach((o, k) =>
      rows.push([
        ...(k === 0 ? [first] : []),
        cell(o.title),
        cell(priorityTitle.get(o.priorityCode) ?? ''),
        cell(o.directorate.name),
        ragCell(o.rating.rating),
      ]),
    );
  }
  return [
    heading(2, `Second line of reporting: ${sf.name}`, 'second-framework'),
    paragraph(
      `The same outcomes, grouped by ${sf.name}: the "how" line of reporting beside the Corporate Plan's "what". An outcome may serve more than one of these priorities.`,
    ),
    {
      kind: 'table',
      caption: `Outcomes by ${sf.name}, ${s.scorecard.period.label}`,
      head: [
        ['Priority', 'Outcome', 'Corporate Plan priority', 'Directorate', 'Outcome rating'].map((t) =>
          cell(t),
        ),
      ],
      rows,
      widths: [5, 5, 2.5, 2.5, 1.5],
      sheet: 'Second framework',
    },
  ];
}

export function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The optional section: indicators whose latest point is special cause for concern (issue 16). */
export function spcConcern(s: ReportSource): Block[] {
  const rows = s.spcConcern ?? [];
  const period = s.scorecard.period.label;
  const blocks: Block[] = [
    heading(2, 'Indicators showing special-cause concern', 'spc-concern'),
    paragraph(
      'Statistical process control separates change that is unlikely to be chance from ordinary variation: an indicator is listed when its latest point is beyond a process limit, part of a shift or trend, or close to a limit, in the worse direction. See each indicator’s page for its chart.',
    ),
  ];
  if (rows.length === 0) {
    blocks.push(paragraph(`No indicator in scope shows special-cause concern at ${period}.`));
    return blocks;
  }
  blocks.push({
    kind: 'table',
    caption: `Indicators showing special-cause concern at ${period}`,
    head: [
      ['No.', 'Success indicator', 'Directorate', 'Latest', 'Rule broken', 'Assurance'].map((t) => cell(t)),
    ],
    rows: rows.map((r) => [
      cell(r.number, { rowHeader: true }),
      cell(r.title),
      cell(r.directorate),
      cell(`${r.value} (${r.latest})`),
      cell(r.rule),
      cell(r.assurance ?? 'No target to assure against'),
    ]),
    sheet: 'Special-cause concern',
  });
  return blocks;
}

/** The optional section: every linked indicator in scope against other councils (issue 13). */
export function benchmarking(s: ReportSource): Block[] {
  const rows = s.benchmarking ?? [];
  const period = s.scorecard.period.label;
  const blocks: Block[] = [
    heading(2, 'Benchmarking', 'benchmarking'),
    paragraph(
      'Where each indicator linked to a national metric stands among other councils: our figure, the group’s median, our quartile (1 is the best quarter) and our rank (1 is the best; councils with equal figures share a rank). A benchmark target is rated from these figures; the latest year with figures is used, and the sentence says when it is older than the period.',
    ),
  ];
  if (rows.length === 0) {
    blocks.push(paragraph(`No indicator in scope is linked to a benchmark metric at ${period}.`));
    return blocks;
  }
  blocks.push({
    kind: 'table',
    caption: `Indicators against other councils at ${period}`,
    head: [
      ['No.', 'Success indicator', 'Compared with', 'Our figure', 'Median', 'Quartile', 'Rank', 'Rating'].map(
        (t) => cell(t),
      ),
    ],
    rows: rows.map((r) => [
      cell(r.number, { rowHeader: true }),
      cell(r.title),
      cell(r.against),
      cell(r.value),
      cell(r.median),
      cell(r.quartile),
      cell(r.rank),
      cell(r.rating),
    ]),
    sheet: 'Benchmarking',
  });
  return blocks;
}
