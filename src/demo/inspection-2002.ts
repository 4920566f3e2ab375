/**
 * Seed 004: Oxfordshire County Council's improvement plan after inspection (2002). Three priorities,
 * thirteen recommendations (1a … 3d), the numbered weaknesses with their themes, and each
 * recommendation's current-position and further-action items with the weaknesses and
 * recommendations they cite, timescales and lead officers — as printed, slips and all. The OCR keeps
 * the columns but not the rows: how each timescale and lead officer was paired with an item is in
 * docs/demo-notes.md.
 */
import type { PlanActionDoc, PlanDocument } from '../domain/plans/document.js';
import { readCitations } from '../domain/plans/progress.js';

/** [text, citations as printed, timescale, lead officer] */
type Item = [text: string, cites: string, timescale?: string, lead?: string];

interface Rec {
  code: string;
  priority: '1' | '2' | '3';
  title: string;
  weaknesses: [number: number, text: string, theme: string][];
  /** The column headings this page prints (priority 3's differ). */
  sections?: [string, string];
  current: Item[];
  further: Item[];
}

const HPR = 'Head of Performance and Review';

const recs: Rec[] = [
  {
    code: '1a',
    priority: '1',
    title:
      'Following completion of the community strategy, articulate a vision for Oxfordshire and fine tune its corporate objectives to clarify its position on disadvantaged communities and address crime and disorder reduction;',
    weaknesses: [
      [1, 'Ambitions not decided with community / partner input', 'Ambition'],
      [2, 'No shared vision statement', 'Ambition'],
      [3, 'Key objectives not sufficiently explained', 'Ambition'],
      [
        4,
        'Objectives don’t clarify sufficiently council’s position on national priorities of social deprivation and crime and disorder',
        'Ambition',
      ],
      [5, 'Objectives do not make clear what are not the councils priorities', 'Ambition'],
      [6, 'Senior management team insufficiently committed to delivery of objectives', 'Ambition'],
      [
        7,
        'Crime and disorder not a priority focus for improvement targets despite evidence that crime is a significant local problem',
        'Achievement',
      ],
      [8, 'Lack of sustained, long-term vision hampers future planning', 'Future Plans'],
    ],
    current: [
      [
        'Executive has clarified ambitions in relation to ‘Our Aim’ and the 5 strategic objectives.',
        '(1a) (3)',
      ],
      ['Vision / Aim has been drafted and circulated for consultation', '(2)'],
      ['Outline Plan developed in light of extensive consultation exercise', '(1)'],
      ['Directors have developed strategic objectives', '(6)'],
      ['Our Aim and Strategic Objectives have been drafted to give longer-term focus.', '(8)'],
    ],
    further: [
      ['Draft Oxfordshire Plan will incorporate ‘Our Aim’', '(1a)', 'Nov 02', 'Stephen Capaldi'],
      [
        'Action to address disadvantaged communities is being co-ordinated in relation to the strategic objective – Helping people fulfil their potential and specific action will be incorporated into the 2003 Plan',
        '(4)',
        'Nov 02',
        'Roy Smith',
      ],
      [
        'Action to address crime reduction is being co-ordinated in relation to the strategic objective –Safeguarding our communities and specific action will be incorporated into the 2003 Plan.',
        '(4) (7)',
        'Nov 02',
        'John Parry',
      ],
      [
        'The Council is identifying high priorities for funding and has acknowledged that funding limitations mean that other potential areas for action considered during the development of the Oxfordshire Plan, will effectively be regarded as low priority unless they can be funded from existing resources or later in the med term period.',
        '(5)',
      ],
      [
        'Directors will develop priority action plans, which project to 2006',
        '(6) (8)',
        'Dec 02',
        'Directors',
      ],
    ],
  },
  {
    code: '1c',
    priority: '1',
    title:
      'Identify a range of priority targets which will ensure delivery of the strategic objectives and address priorities for service improvements;',
    weaknesses: [
      [9, 'Not all cross-cutting objectives supported by appropriate priority targets', 'Ambition'],
      [10, 'System does not deliver a clear focus on priorities', 'Performance management'],
      [11, 'Future plans do not address all service priorities', 'Future Plans'],
    ],
    current: [
      [
        'Process established that will lead to creation of around 40 ‘priority action plans’ (PAPs). These will include detailed action plans and associated targets for each of the 5 strategic objectives.',
        '(1c) (9)',
        'Dec 02',
      ],
    ],
    further: [
      [
        'Each strategic objective will be supported by priority action plans (PAPs), developed from existing delivery strategies or new initiatives',
        '(9)',
        'Dec 02',
        'S. Capaldi (ROP), Roy Smith (HPFP), David Young (SP), Richard Munro (POE), John Parry (SOC)',
      ],
      [
        'Performance targets will be agreed for each priority action plan.',
        '(1c) (9) (11)',
        'July / Nov 03 / Jan / May 04',
        HPR,
      ],
      [
        'Performance targets for all priorities supporting strategic objectives will be monitored on a quarterly basis by the Executive and CCMT.',
        '(10)',
        'Apr 03',
        HPR,
      ],
      [
        'Each PAP will be reviewed to assess the quality of action plans and how effectively they are being implemented by service areas',
        '(10)',
        'Oct 03',
      ],
    ],
  },
  {
    code: '1d',
    priority: '1',
    title:
      'Involve councillors earlier in the formulation of strategy and policy documents and ensure community opinion and need is fully considered;',
    weaknesses: [
      [12, 'Lack of clarity on how well local priorities are linked to community needs', 'Prioritisation'],
      [
        13,
        'Some partners feel uninvolved in the shaping of priorities and poorly informed of council plans',
        'Prioritisation',
      ],
      [
        14,
        'Lack of understanding of the role and responsibilities of scrutiny – role requires further development',
        'Capacity',
      ],
      [
        15,
        'Some partners feel the council misses opportunities for external engagement and challenge',
        'Investment',
      ],
      [16, 'Partnership criticism still a barrier in some areas', 'Learning'],
      [17, 'Scrutiny not focussed on future plans for improvement', 'Future Plans'],
    ],
    current: [
      [
        'During Sept 02 each Scrutiny Committee was been invited to review initial stage of development for each strategic objective and make recommendations to Executive',
        '(1d) (14)',
        'Dec 02',
        'Directors',
      ],
      ['Customer satisfaction survey completed MORI July 02', '(1d)', 'Feb 02', 'Director for Strategy'],
      [
        'Member / Manager briefings provided on service and budget issues during Sept and Nov',
        '(1d)',
        'Dec 02',
        'Director for Business Support',
      ],
      [
        'Partners, stakeholders and public have taken consulted about each strategic objective',
        '(12) (13) (15) (16)',
        'Dec 02',
        'Director for Strategy',
      ],
      [
        'Each Scrutiny Committee provided with opportunity to examine outline plan and make recommendations to Executive',
        '(14)',
        'Dec 02',
        'Directors',
      ],
    ],
    further: [
      ['Executive / CCMT will review Scrutiny views in drafting the full plan', '(14)', 'Nov 02', HPR],
      [
        'Member briefings scheduled to provide updates on development of strategic objectives and budget',
        '(1d)',
        'Jan 03',
        'Head of Perf & Review',
      ],
      [
        'Audit of strategic objectives and related action plans to ensure community opinion reflected in action plans. Outcome recorded – action plans modified if appropriate',
        '(12) (13)',
        '',
        'Head of Perf & Review',
      ],
      ['Feedback to be given to Partners', '(13,15,16)', '', HPR],
      [
        'Key partners / stakeholders to be consulted on outline draft plan. Executive to consider their views',
        '(12) (13) (15) (16)',
      ],
      ['Scrutiny Committees invited to review draft plan and make recommendations to Executive', '(17)'],
    ],
  },
  {
    code: '2d',
    priority: '1',
    title:
      'Develop a strategic plan for the re-alignment of the council’s assets to meet the strategic objectives, with the aim of identifying improved facilities, opportunities for partnerships and maximising investments and external funding opportunities.',
    weaknesses: [
      [
        18,
        'Strategic and budget cycles not yet integrated thus reducing the council’s ability to shift resources to match priorities',
        'Prioritisation',
      ],
      [19, 'Increased strategic management of assets required', 'Investment'],
    ],
    current: [
      ['Development of strategic objectives and budget have been co-ordinated.', '(2d) (18)'],
      ['Financial Strategy agreed Oct 02', '(2d)'],
    ],
    further: [
      [
        'Oxfordshire Plan and Financial Strategy are being developed as a package',
        '(18)',
        'Feb 03',
        'Executive / CCMT',
      ],
      ['Strategy for use of Property being developed.', '(19)', 'Mar 03', 'Head of Property'],
      ['ICT / IEG Strategy being developed', '(19)', 'Mar 03', 'Director Strategy / E Government adviser'],
      [
        'Efficiency Reviews for Support Services to help create headroom on the budget',
        '(18)',
        'Mar 04',
        HPR,
      ],
    ],
  },
  {
    code: '1b',
    priority: '2',
    title:
      'Develop measures of success for each of the corporate objectives and identify responsibilities and resources for their delivery;',
    weaknesses: [
      [
        20,
        'No measures of success or mechanisms for monitoring corporate objectives’ outcomes',
        'Performance Management',
      ],
      [21, 'Oxfordshire Plan not fully risk-managed', 'Performance Management'],
      [22, 'Ownership and planning of strategic objectives needs strengthening', 'Future Plans'],
    ],
    current: [
      [
        'Agreed process for development of the Oxfordshire Plan 2003/04 which includes measures and responsibilities',
        '(1b)',
        'Jan 02',
        'Directors',
      ],
      [
        'Directors have been allocated strategic objectives and produced initial proposals for activities to achieve.',
        '(22)',
        'Nov 02',
      ],
    ],
    further: [
      [
        'Directors will refine the delivery strategies and identify measures of success for each priority that supports strategic objectives:- Raising our performance; Helping people to fulfil their potential; Sustaining our prosperity; Protecting our environment; Safeguarding our communities',
        '(20)',
        'Dec 02',
        'Stephen Capaldi, Roy Smith, David Young, Richard Munro, John Parry',
      ],
      [
        'Directors will identify the resource implications arising from proposed actions and identify low priorities for which resource constraints will not allow progress in the short term',
        '(1b)',
        'Mar 03',
        'Directors',
      ],
      ['Priority Action Plans related to Strategic Objectives will be risk assessed', '(21)', 'Mar 03', HPR],
      [
        'Priority Action Plans will document accountability and responsibility for delivery',
        '(1b) (22)',
        '',
        HPR,
      ],
    ],
  },
  {
    code: '1e',
    priority: '2',
    title: 'Link strategic level plans to corporate objectives and the Oxfordshire Plan.',
    weaknesses: [
      [
        23,
        'Focus of service contributions to corporate cross-cutting objectives needs strengthening',
        'Focus',
      ],
      [24, 'Available tools not fully used to inform the strategic planning process', 'prioritisation'],
      [
        25,
        'Relationships between strategic-level plans, key policies and Oxfordshire Plan not clearly articulated',
        'Prioritisation',
      ],
      [
        26,
        'Relationships between the different levels in the Oxfordshire Plan are confused and there is an inconsistency in the terms used',
        'Performance Management',
      ],
      [27, 'Existing corporate strategic plans show a number of weaknesses', 'Future Plans'],
    ],
    current: [
      [
        'Directors have identified activities from existing delivery strategies and service plans that support or could support strategic objectives.',
        '(1e)',
      ],
    ],
    further: [
      [
        'Each strategic objective will be supported by a detailed priority action plan, which will detail service contributions.',
        '(1e) (23) (25) (26)',
        'Dec 02',
        'Directors',
      ],
      [
        'An audit of priority action plans will check robustness of arrangements to deliver strategic objectives',
        '(27)',
        'Mar 03',
        HPR,
      ],
      [
        'Priority Action Plans, related to Strategic Objectives will be risk assessed',
        '(27)',
        'Jan 03',
        'Directors',
      ],
      [
        'Directors will review market research data, poverty map and other information sources in finalising action plans and resource requirements for 2003/04',
        '',
        'Jan 03',
        'Directors',
      ],
    ],
  },
  {
    code: '2c',
    priority: '2',
    title:
      'Introduce robust project planning, resource allocation and risk management for the implementation of Raising Our Performance; and',
    weaknesses: [
      [
        28,
        'Corporate management team insufficiently focussed on monitoring progress and managing risks of implementing RoP',
        'Focus',
      ],
      [
        29,
        '20 actions in RoP not adequately programmed – raising doubts about deliverability',
        'Prioritisation',
      ],
      [30, 'Project management of high risk projects within RoP needs improvement', 'Investment'],
      [31, 'Weak project management hampers delivery of key priorities', 'Learning'],
    ],
    current: [
      ['Robust project planning in place for many major projects', '(2c)'],
      [
        'Strategy for comprehensive programme / project management being developed',
        '(2c) (30) (31)',
        'Nov 02',
        'Director for Strategy',
      ],
    ],
    further: [
      [
        'Lead Directors to agree programme management arrangements for each strategic objective',
        '',
        'Mar 03',
        'Directors',
      ],
      [
        'RoP action plan incorporated into Oxfordshire Plan as a strategic objective and supported by priority action plans',
        '(29)',
        'Jan 02',
        'Director for Strategy',
      ],
      ['RoP priority actions plans will be ‘risk assessed’', '(28)', 'Dec 02', 'Director for Strategy'],
      [
        'Quarterly monitoring process will cover RoP priority action plans together with other key priorities',
        '(28)',
        'Mar 03',
        HPR,
      ],
    ],
  },
  {
    code: '3a',
    priority: '2',
    title:
      'Review the progress and reporting functions of the management information system to ensure it meets the needs of councillors and that reporting on budgets and performance is linked, clearly stated and timely',
    weaknesses: [
      [
        32,
        'Lack of good performance information makes it difficult for staff and councillors to maintain focus in some areas',
        'Focus',
      ],
      [
        33,
        'Data to track achievement against corporate objectives in terms of outcomes for users not available',
        'Achievement',
      ],
      [34, 'Available tools not fully used to inform the strategic planning process', 'Prioritisation'],
      [
        35,
        'Performance information provided for councillors has not been meeting their needs in either clarity or timeliness',
        'Performance Management',
      ],
      [36, 'Poor performance information to assist learning', 'Learning'],
    ],
    current: [
      ['Proposals to strengthen the use of BVPIs and local PIs agreed by CCMT Sept 02.', '(3a)'],
      ['Quarterly performance monitoring system for Executive and CCMT introduced Apr 02', '(32) (35)'],
      ['MIS live from Oct 02 offers foundation for improved management information', '(35)'],
    ],
    further: [
      [
        'BVPI strategy implementation – includes strengthening systems and responsibility, together with audit of arrangements',
        '(3a)',
        'Mar 03',
        HPR,
      ],
      [
        'Refine format of quarterly performance reports to meet users needs. Develop range of information available to aid interpretation of performance, e.g. comparator data',
        '(32) (34) (35)',
        'Dec 02',
        HPR,
      ],
      ['Outcome targets to be set for strategic objectives', '(33)', 'Mar 03', HPR],
      [
        'Market Research and Poverty Map etc to be used to set priorities',
        '(34)',
        'Feb 03',
        'Director for Strategy',
      ],
      [
        'Improved performance management information will facilitate greater awareness of successes and thus opportunities for corporate learning',
        '(32)',
        'Jun 03',
        HPR,
      ],
    ],
  },
  {
    code: '3b',
    priority: '2',
    title:
      'Set service targets that challenge performance and ensures that Oxfordshire becomes a top performing authority;',
    weaknesses: [
      [
        37,
        'Levels of user satisfaction with individual services, except for buses, is below that of the top performing 25% of councils',
        'Achievement',
      ],
      [
        38,
        'Target setting lacks clarity and consistency, contributing to a limited assessment of achievement',
        'Achievement',
      ],
      [39, 'Actual performance places Oxfordshire 20th out of 34', 'Achievement'],
      [40, '68% of BVPI targets achieved last year', 'Achievement'],
      [41, 'SSI one star rating', 'Achievement'],
    ],
    current: [
      [
        'Performance assessed by comparison against target and other Counties – reported to Executive and CCMT.',
        '(38)',
      ],
      ['Analysis completed to compare past performance with current targets', '(3b)'],
      ['PSA application developed, complete with 12 ambitious targets in key strategic areas.', '(3b)'],
    ],
    further: [
      ['Target setting incorporated into development of strategic objectives', '(3b)', 'Dec 02', 'Directors'],
      [
        'The Executive will review target setting process to ensure that stretching but achievable targets are set',
        '(37) (3b)',
        'Mar 03',
        HPR,
      ],
      [
        'Quarterly performance monitoring reports will provide comparison with top quartile county councils',
        '(37) (38)',
        'Feb 03',
        HPR,
      ],
    ],
  },
  {
    code: '3c',
    priority: '2',
    title: 'Introduce robust monitoring and review arrangements consistently, across the organisation; and',
    weaknesses: [
      [42, 'Weak corporate focus on achievement of new strategic objectives', 'Focus'],
      [43, 'Performance not managed effectively in all departments', 'Performance Management'],
      [44, 'Lack of clarity about annual cycle of review', 'Future Plans'],
    ],
    current: [
      [
        'Quarterly performance monitoring process introduced Apr 02 for performance in areas related to strategic objectives reports to Executive / CCMT',
        '(3c) (45)',
      ],
      [
        'Reviews of service areas delivering priority actions to support Oxfordshire Plan 02/03 completed Oct 02',
        '(3c) (42) (43)',
      ],
      [
        'Quarterly performance monitoring process developed to incorporate 39 Oxfordshire Plan priority action plans and 12 PSA targets.',
        '(43) (45)',
        'June 03',
        HPR,
      ],
      [
        'Directors and Executive members now championing strategic objectives. Oversight of process with Director for Strategy',
        '',
        'On going',
        'Directors',
      ],
    ],
    further: [
      [
        'Directors reviewing areas of weakness in performance against target and initiating corrective action',
        '(42) (43)',
        'Dec 03',
        'Directors',
      ],
      [
        'Business Managers being appointed in each Directorate to improve programme management',
        '(43)',
        'June 03',
        'Directors',
      ],
      [
        'Priority Actions developed for Strategic Objectives and PSA 2003/04 will be subject to review programme to ensure disciplines of Performance Management and Risk Management in place. Reports will be provided to CCMT and Executive',
        '(43)',
        'June 03',
        HPR,
      ],
      [
        'Scrutiny Committees now engaged in developing the Oxfordshire Plan. Priorities from the Plan will be considered in relation to the Scrutiny Review Programmes',
        '(44)',
        'Mar 03',
        'Head of Scrutiny',
      ],
    ],
  },
  {
    code: '3d',
    priority: '2',
    title:
      'Continue to learn from existing examples where team performance information has been used and staff have been empowered to make service improvements.',
    weaknesses: [[45, 'Departmentalism still a barrier to corporate learning in some areas', 'Learning']],
    current: [
      ['Employment Strategy Group sharing good practise in relation to recruitment and retention.', '(3d)'],
      ['Management seminar highlighted successes', '(3d)'],
    ],
    further: [
      ['Directors to identify and publicise good practise.', '(3d)', 'On going', 'Directors'],
      ['New Management Structure will bring a more corporate approach', '', 'Jan 03', 'Directors'],
      [
        'Performance Management ‘roll out’ includes adoption of ‘action learning sets’. These will bring small groups of managers together from across the organisation to share experience and suggest ways to overcome difficulties',
        '(3d)',
        'On-going',
        HPR,
      ],
    ],
  },
  {
    code: '2a',
    priority: '3',
    title: 'Resolve the future structure of the organisation by September 2002;',
    sections: ['Current progress', 'Action Plan'],
    weaknesses: [
      [46, 'Future organisational structure unclear', 'Capacity'],
      [
        47,
        'Skills and capacity of managers and staff required to deliver changes not yet quantified',
        'Capacity',
      ],
      [48, 'Lack of strategic approach to HR', 'Capacity'],
      [49, 'Some staff do not feel well-informed about the changes that might affect them', 'Capacity'],
    ],
    current: [
      ['Change proposals published by Chief Executive – Aug 02', '(2a) (47)'],
      [
        'BVR Developing our Staff started May 02. Recommendations will make proposals to resolve lack of HR function',
        '(49)',
      ],
    ],
    further: [
      ['New structure approved by Executive', '(2a) (47)', 'Jan 03', 'Chief Executive'],
      ['New style Heads of Service appointed', '(2a) (47)', 'Mar 03', 'Directors'],
      ['Head of Service development programme to be implemented', '(48)', 'Mar 03', HPR],
      [
        'Proposals to strengthen corporate capacity included in budget options',
        '(48) (49)',
        'Feb 03',
        'Chief Executive',
      ],
      ['Internal Communications being reviewed.', '(50)', 'Dec 03', 'Director for Strategy'],
    ],
  },
  {
    code: '2b',
    priority: '3',
    title: 'Review the role and capacity of the corporate centre to deliver the changes;',
    sections: ['Current progress', 'Action Plan'],
    weaknesses: [[50, 'Role of centre unclear', 'Capacity']],
    current: [
      ['Chief Executives’ proposals for organisational change approved by Executive Oct 02', '(2b) (51)'],
    ],
    further: [
      ['Re-structure corporate centre to produce Resources Directorate', '(2b)', 'Dec 02', 'Chief Executive'],
      [
        'Detailed proposals to be prepared to allocate additional resources to key corporate centre functions as part of budget planning.',
        '(2b)',
        'Dec 02',
        'Chief Executive',
      ],
      [
        'Best Value Review proposals for 2003/04 to include reviews of service support functions.',
        '(2b) (51)',
        'Sept 03',
        HPR,
      ],
    ],
  },
];

const isRecommendation = (ref: string) => /^\d+[a-z]$/i.test(ref);

function action(r: Rec, section: string, item: Item, n: number): PlanActionDoc {
  const [text, cites, timescale, lead] = item;
  const refs = readCitations(cites);
  return {
    code: `${r.code}.${n}`,
    recommendation: r.code,
    section,
    title: text,
    target: timescale || null,
    leadOfficers: lead ?? null,
    status: null,
    findings: refs.filter((x) => !isRecommendation(x)),
    recommendations: refs.filter(isRecommendation),
  };
}

export const INSPECTION_TITLE = 'Improvement plan after inspection (2002)';

export const inspectionPlan: PlanDocument = {
  plan: {
    kind: 'improvement',
    basis: 'inspection',
    title: INSPECTION_TITLE,
    source: 'Inspection of the council: numbered weaknesses and recommendations 1a – 3d',
    organisation: 'Oxfordshire County Council',
    owner: null,
    description:
      'Priorities → recommendations → the weaknesses found (numbered, each with its theme) → current position and further action, each citing the weaknesses and recommendations it addresses.',
    strategy: null,
  },
  themes: [
    { code: '1', title: 'Priority 1: Forward planning' },
    { code: '2', title: 'Priority 2: Performance management' },
    { code: '3', title: 'Priority 3: Building corporate capacity' },
  ],
  recommendations: recs.map((r) => ({ code: r.code, theme: r.priority, title: r.title, bullets: [] })),
  findings: recs.flatMap((r) =>
    r.weaknesses.map(([number, text, theme]) => ({
      number: String(number),
      text,
      theme,
      recommendation: r.code,
    })),
  ),
  reviews: [],
  actions: recs.flatMap((r) => {
    const [cp, fa] = r.sections ?? ['Current position', 'Further action'];
    return [
      ...r.current.map((item, i) => action(r, cp, item, i + 1)),
      ...r.further.map((item, i) => action(r, fa, item, r.current.length + i + 1)),
    ];
  }),
};
