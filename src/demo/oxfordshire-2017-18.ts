/**
 * Demo data: Oxfordshire County Council's Corporate Plan 2017-18 framework and its published Quarter 1
 * ratings, entered from seed 003 (Business Management & Monitoring Report, Q1 2017-18, to Cabinet on
 * 17 October 2017). Every reading of garbled or ambiguous OCR text is explained in docs/demo-notes.md.
 *
 * Titles and targets are kept as the council printed them. The mapping of outcomes onto the County
 * Leadership Team's 12 priorities is ILLUSTRATIVE: the seed says that mapping "will be done during
 * Quarter 2", so it is not in the report; Cairn made it up for the demo.
 */
import type { FrameworkDocument, IndicatorRow, OutcomeRow, ReportedPeriod } from '../domain/framework.js';
import type { Outlook, Polarity, Rag, Unit } from '../domain/vocabulary.js';

// What each outcome's change says on its page and in the report: plain words for readers. Where each
// comes from in seed 003 (paragraphs 7 and 8), and how the text copy was read, is in docs/demo-notes.md.
const CHANGED_2017_18 =
  'Updated or introduced for 2017-18, with all the outcomes led by Children, Education and Families, ' +
  'Social and Community Services, and Public Health.';

const CARRIED_OVER_COMM =
  'Carried over from 2016-17: the directors were content that it still represents current business ' +
  'activity. It may be revised during Quarter 2.';

const CARRIED_OVER_CSS =
  'Carried over from 2016-17, with its wording updated slightly. It may be revised during Quarter 2.';

function outcome(
  code: string,
  priority: string,
  directorate: string,
  title: string,
  secondFramework: string[],
): OutcomeRow {
  const carriedOver = directorate === 'COMM' || directorate === 'CSS';
  return {
    code,
    priority,
    title,
    directorate,
    change: carriedOver ? 'carried-over' : 'updated',
    changeReason:
      directorate === 'COMM' ? CARRIED_OVER_COMM : directorate === 'CSS' ? CARRIED_OVER_CSS : CHANGED_2017_18,
    secondFramework: [...secondFramework].sort((a, b) => Number(a) - Number(b)),
  };
}

const outcomes: OutcomeRow[] = [
  // PRIORITY P1: A thriving economy (the Annex 2 matrix prints "A strong and thriving economy").
  outcome('O1', 'P1', 'CSS', '3,332 businesses given advice and support to grow', ['5']),
  outcome('O2', 'P1', 'CEF', 'Increase school attendance - leading to improved attainment', ['10']),
  outcome('O3', 'P1', 'COMM', 'An Infrastructure Strategy for Oxfordshire is delivered', ['4', '5']),
  outcome('O4', 'P1', 'COMM', 'High-quality jobs, and a skilled workforce, are created and sustained', ['5']),
  outcome('O5', 'P1', 'COMM', 'Funding for public services is maximised', ['5', '6']),
  outcome('O6', 'P1', 'COMM', "OCC's responsibilities for spatial planning are executed", ['5']),
  outcome('O7', 'P1', 'COMM', 'Highways are adequately maintained', ['10']),
  // PRIORITY P2: Protecting vulnerable people.
  outcome(
    'O8',
    'P2',
    'CSS',
    '14,168 children and young adults (to include looked after children) to be better educated to lead safer and healthier lives',
    ['10'],
  ),
  outcome(
    'O9',
    'P2',
    'CSS',
    '6,248 vulnerable children and adults helped to lead more secure and independent lives, supported by safe and wellbeing visits',
    ['10', '8'],
  ),
  outcome(
    'O10',
    'P2',
    'CSS',
    'To deliver 266,664 specific safety messages to contribute towards promoting a safer community, across all social media platforms',
    ['10', '9'],
  ),
  outcome('O11', 'P2', 'PH', 'Ensuring all children have a healthy start in life', ['7']),
  outcome('O12', 'P2', 'PH', 'Prevent early death and promote healthy lifestyles', ['7']),
  outcome(
    'O13',
    'P2',
    'CEF',
    'Safely reducing the number of looked after children - providing support to enable families to care',
    ['8'],
  ),
  outcome(
    'O14',
    'P2',
    'SCS',
    'Deliver sustained and improved experience for people who access our services',
    ['10'],
  ),
  outcome('O15', 'P2', 'SCS', 'Deliver sustainable, good quality services', ['10']),
  // PRIORITY P3: Efficient public services.
  outcome(
    'O16',
    'P3',
    'CSS',
    '1,000 more people alive as a result of our prevention, protection and emergency response activities',
    ['10'],
  ),
  outcome(
    'O17',
    'P3',
    'CSS',
    'When a fire occurs we aim to send the nearest fire engine in the quickest time possible',
    ['10', '12'],
  ),
  outcome('O18', 'P3', 'CEF', 'Helping early – most effective, least intrusive, solutions to problems', [
    '8',
  ]),
  outcome('O19', 'P3', 'CEF', 'Improving the confidence and capability of the whole workforce', ['3']),
  outcome(
    'O20',
    'P3',
    'SCS',
    'Work with the NHS, private and voluntary sector providers to deliver effective services',
    ['7'],
  ),
  outcome(
    'O21',
    'P3',
    'SCS',
    'Use the expertise of our customers and other key stakeholders to design, procure and evaluate services',
    ['2'],
  ),
  outcome('O22', 'P3', 'COMM', 'Household waste is disposed of efficiently and effectively', ['10']),
  outcome('O23', 'P3', 'COMM', "Year on year reduction in OCC's carbon equivalent emissions", ['11']),
];

interface IndicatorInput {
  number: string;
  outcome: string;
  title: string;
  target: string;
  cumulative: boolean;
  unit: Unit;
  polarity: Polarity;
}

/** An indicator row with the seed's defaults; its change and reason follow its outcome's. */
function indicator(input: IndicatorInput, extra: Partial<IndicatorRow> = {}): IndicatorRow {
  const parent = outcomes.find((o) => o.code === input.outcome);
  if (!parent) throw new Error(`Indicator ${input.number}: no outcome ${input.outcome}`);
  return {
    ...input,
    definition: null,
    frequency: 'quarterly',
    profile: null,
    inArrears: 0,
    tolerance: null,
    baseline: null,
    trajectory: null,
    dueDate: null,
    partLabels: [],
    dataSource: null,
    owner: null,
    change: parent.change,
    changeReason: parent.changeReason,
    ...extra,
  };
}

const indicators: IndicatorRow[] = [
  // SOCIAL AND COMMUNITY SERVICES
  indicator({
    number: '1',
    outcome: 'O14',
    title: 'Maintain the high level of user satisfaction',
    target: '67%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '2',
    outcome: 'O14',
    title: 'Maintain the high level of people using social care who receive a direct payment',
    target: '>28%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '3',
    outcome: 'O15',
    title:
      "The proportion of social care providers rated as 'outstanding' or 'good' by the care quality commission in Oxfordshire remains above the national average",
    target: '80%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '4',
    outcome: 'O15',
    title: 'Increase the number of quality and monitoring checks that have been undertaken in the quarter',
    target: '159',
    cumulative: true,
    unit: 'number',
    polarity: 'higher',
  }),
  indicator(
    {
      number: '5',
      outcome: 'O20',
      title:
        'Reduce the number of people delayed in hospital awaiting social care from an average of 28 in March 2017 to 14 at the end of March 2018',
      target: '14',
      cumulative: false,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '28 at March 2017', trajectory: '14 by March 2018' },
  ),
  indicator(
    {
      number: '6',
      outcome: 'O20',
      title:
        'Reduce the delayed transfers of care that are attributable to adult social care from an average of 67 in March 2017 to 66 at the end of March 2018',
      target: '66',
      cumulative: false,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '67 at March 2017', trajectory: '66 by March 2018' },
  ),
  indicator({
    number: '7',
    outcome: 'O20',
    title:
      'Increase the number of hours from the hospital discharge and reablement service to 8920 hours per month',
    target: '8920',
    cumulative: false,
    unit: 'number',
    polarity: 'higher',
  }),
  indicator({
    number: '8',
    outcome: 'O21',
    title:
      'Involve more people in co-producing service redesign with the council and ensure at least 9 co-production products are delivered in 2017/18',
    target: '9',
    cumulative: true,
    unit: 'number',
    polarity: 'higher',
  }),

  // CHILDREN, EDUCATION AND FAMILIES
  indicator({
    number: '9',
    outcome: 'O2',
    title: 'Persistent absence rates to be in the top quartile nationally by 2018 for secondary schools',
    target: 'Top quartile',
    cumulative: false,
    unit: 'percent',
    polarity: 'lower',
  }),
  indicator({
    number: '10',
    outcome: 'O2',
    title: 'Permanent exclusions to remain in the top quartile nationally',
    target: 'Top quartile',
    cumulative: false,
    unit: 'number',
    polarity: 'lower',
  }),
  indicator(
    {
      number: '11',
      outcome: 'O13',
      title:
        'Reduce the number of looked after children from 667 at March 2017 to the average of our statistical neighbours (582) by March 2019, with an interim target of 629',
      target: '629',
      cumulative: false,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '667 at March 2017', trajectory: '582 by March 2019' },
  ),
  indicator(
    {
      number: '12',
      outcome: 'O13',
      title:
        'Reduce the number of children becoming looked after in 2017/18 by 15%. This is a reduction from 371 to new looked after cases to 316. (This is the equivalent of reducing avoidable demand from 36% to 25%)',
      target: '316',
      cumulative: true,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '371 in 2016-17', trajectory: '316 in 2017-18' },
  ),
  indicator(
    {
      number: '13',
      outcome: 'O13',
      title:
        'Increase the number of children leaving the looked after service in 2017/18 by 36%. This is an increase from 266 children to 362',
      target: '362',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { baseline: '266 in 2016-17', trajectory: '362 in 2017-18' },
  ),
  indicator(
    {
      number: '14',
      outcome: 'O18',
      title:
        'Increase the number of early help assessments from 458 in 16/17 to 3000 in 18/19, with an interim target of 1750 in 2017/18',
      target: '1750',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { baseline: '458 in 2016-17', trajectory: '3000 in 2018-19' },
  ),
  indicator(
    {
      number: '15',
      outcome: 'O18',
      title:
        'Reduce the level of enquiries to the MASH from 19,417 in 2016/17 to 9,500 in 2018/19, with an interim target of 12,000 for 2017/18',
      target: '12,000',
      cumulative: true,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '19,417 in 2016-17', trajectory: '9,500 in 2018-19' },
  ),
  indicator(
    {
      number: '16',
      outcome: 'O18',
      title:
        'Reduce the level of social care assessments from 6650 in to 3600 in 2018/19, with an interim target of 4,500 in 2017/18',
      target: '4,500',
      cumulative: true,
      unit: 'number',
      polarity: 'lower',
    },
    { baseline: '6650 (year not printed)', trajectory: '3600 in 2018-19' },
  ),
  indicator({
    number: '17',
    outcome: 'O19',
    title:
      'Reduce caseloads so that by March 2018 over 75% of staff have caseloads at or below the agreed target level',
    target: '75%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '18',
    outcome: 'O19',
    title: 'Invest in the workforce so that by March 2018 80% of cases are held by permanent staff',
    target: '80%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),

  // PUBLIC HEALTH
  indicator({
    number: '19',
    outcome: 'O11',
    title: 'Number of mothers who receive a universal face to face contact at 28 weeks or above',
    target: '70%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '20',
    outcome: 'O11',
    title: 'Percentage of births that have received a face to face New Birth Visit',
    target: '95%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '21',
    outcome: 'O11',
    title: 'Percentage of children who received a 12 month review',
    target: '93-95%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '22',
    outcome: 'O11',
    title: 'Percentage of children who received a 2-2.5 year review',
    target: '93-95%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '23',
    outcome: 'O11',
    title: 'Babies breastfed at 6-8 weeks of age (County)',
    target: '60-63%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '24',
    outcome: 'O11',
    title:
      '% of Mothers who received a Maternal Mood Review in line with the local pathway by the time the infant is aged 8 weeks.',
    target: '95%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '25',
    outcome: 'O12',
    title: '% of eligible population 40-74 who have been invited for a NHS Health Check since 1/4/2013',
    target: '84%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '26',
    outcome: 'O12',
    title: '% of eligible population 40-74 who have received a NHS Health Check since 1/4/2013',
    target: '42%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator(
    {
      number: '27',
      outcome: 'O12',
      title: 'Rate of successful quitters per 100,000 smokers 18+ (reported a quarter in arrears)',
      target: '>2315',
      cumulative: false,
      unit: 'number',
      polarity: 'higher',
    },
    { inArrears: 1 },
  ),
  indicator({
    number: '28',
    outcome: 'O12',
    title:
      'Number of users of OPIATES that left drug treatment successfully (free of drug(s) of dependence) who do not then re-present to treatment again within 6 months as a percentage of the total number of opiate users in treatment.',
    target: '>6.8%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '29',
    outcome: 'O12',
    title:
      'Number of users on NON-OPIATES that left drug treatment successfully (free of drug(s) of dependence) who do not then re-present to treatment again within 6 months as a percentage of the total number of non-opiate users in treatment.',
    target: '>37.3%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '30',
    outcome: 'O12',
    title:
      'Number of users on ALCOHOL ONLY that left treatment successfully (free of alcohol dependence) who do not then re-present to treatment again within 6 months as a percentage of the total number of ALCOHOL ONLY users in treatment.',
    target: '>50%',
    cumulative: false,
    unit: 'percent',
    polarity: 'higher',
  }),

  // COMMUNITIES
  indicator(
    {
      number: '31',
      outcome: 'O3',
      title:
        "A prioritised infrastructure strategy providing a framework that enables the county's planned growth will be produced and developed by Sept 2017",
      target: 'Completion',
      cumulative: false,
      unit: 'milestone',
      polarity: 'higher',
    },
    { dueDate: '2017-09-30' },
  ),
  indicator(
    {
      number: '32',
      outcome: 'O4',
      title:
        "Oxfordshire is chosen for 60 new investors / re-investors, 20 of which are 'high value' (as defined by DIT)",
      target: '60/20',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { partLabels: ['new investors / re-investors', "of which 'high value' (as defined by DIT)"] },
  ),
  indicator({
    number: '33',
    outcome: 'O4',
    title: 'We participate in 15 funding bids for innovation submitted to support the Smart Oxford programme',
    target: '15',
    cumulative: true,
    unit: 'number',
    polarity: 'higher',
  }),
  indicator({
    number: '34',
    outcome: 'O5',
    title:
      'Value of monies secured in s106 / s278 agreements as a % of requirements identified through the Single Response process',
    target: '80%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '35',
    outcome: 'O5',
    title: 'No more than 20% of s106 monies are held within 2 years of potential payback',
    target: '<20%',
    cumulative: true,
    unit: 'percent',
    polarity: 'lower',
  }),
  indicator({
    number: '36',
    outcome: 'O6',
    title: '80% of District Council planning applications are responded to within the agreed deadline',
    target: '80%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '37',
    outcome: 'O6',
    title: '50% of Mineral and Waste applications are determined within 13 weeks',
    target: '50%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '38',
    outcome: 'O7',
    title: '100% of highway defects posing an immediate risk of injury are repaired within 24 hours',
    target: '100%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '39',
    outcome: 'O7',
    title: '90% of highway defects that create a potential risk of injury repaired within 28 calendar days',
    target: '90%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '40',
    outcome: 'O7',
    title: '28% of the A and B Classified road network where carriageway maintenance should be considered.',
    target: '28%',
    cumulative: true,
    unit: 'percent',
    polarity: 'lower',
  }),
  indicator({
    number: '41',
    outcome: 'O22',
    title: '59% of household waste is reused, recycled or composted',
    target: '59%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '42',
    outcome: 'O22',
    title: '60% of waste from HWRC which is recycled',
    target: '60%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '43',
    outcome: 'O23',
    title: 'Average 3% year on year reduction in carbon equivalent emissions',
    target: '3%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),

  // COMMUNITY SAFETY SERVICES
  indicator(
    {
      number: '44',
      outcome: 'O1',
      title: '833 businesses given advice and support, per quarter.',
      target: '833',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { profile: 'per-period' },
  ),
  indicator(
    {
      number: '45',
      outcome: 'O8',
      title:
        '3,542 children and young adults to be better educated to lead safer and healthier lives, per quarter',
      target: '3,542',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { profile: 'per-period' },
  ),
  indicator(
    {
      number: '46',
      outcome: 'O9',
      title:
        'Number of preventative "safe and well" visits carried out by OCC FRS and Community Safety teams (target -1,562 per quarter) to help vulnerable children and adults lead a more independent and secure life',
      target: '1,562',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { profile: 'per-period' },
  ),
  indicator(
    {
      number: '47',
      outcome: 'O10',
      title: 'To deliver 66,666 specific safety messages across all social media platforms, per quarter.',
      target: '66,666',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { profile: 'per-period' },
  ),
  indicator(
    {
      number: '48',
      outcome: 'O16',
      title:
        '250 more people alive as a result of our prevention, protection and emergency response activities per quarter',
      target: '250',
      cumulative: true,
      unit: 'number',
      polarity: 'higher',
    },
    { profile: 'per-period' },
  ),
  indicator({
    number: '49',
    outcome: 'O17',
    title: '80% of emergency call attendances to be made within 11 minutes, per quarter',
    target: '80%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
  indicator({
    number: '50',
    outcome: 'O17',
    title: '95% of emergency call attendances to be made within 14 minutes, per quarter',
    target: '95%',
    cumulative: true,
    unit: 'percent',
    polarity: 'higher',
  }),
];

export const oxfordshireFramework: FrameworkDocument = {
  plan: {
    title: 'Corporate Plan 2017-18',
    years: '2017-18',
    status: 'approved',
    // The seed calls it "the current Corporate Plan" but does not say who approved it or when.
    approvedBy: null,
    approvedOn: null,
  },
  directorates: [
    { code: 'SCS', name: 'Social and Community Services' },
    { code: 'CEF', name: 'Children, Education and Families' },
    { code: 'PH', name: 'Public Health' },
    { code: 'COMM', name: 'Communities' },
    { code: 'CSS', name: 'Community Safety Services' },
    // No 2017-18 outcomes: kept for the retired 2016-17 outcome (then "Corporate Services").
    { code: 'RES', name: 'Resources' },
  ],
  priorities: [
    { code: 'P1', title: 'A thriving economy' },
    { code: 'P2', title: 'Protecting vulnerable people' },
    { code: 'P3', title: 'Efficient public services' },
  ],
  outcomes,
  indicators,
  secondFramework: {
    // The mapping of outcomes onto these priorities is Cairn's illustration (see the top of this file), so
    // the name says so wherever it is shown: pages, navigation, the report.
    name: "County Leadership Team's 12 strategic priorities (illustrative mapping)",
    priorities: [
      {
        number: '1',
        title:
          'Supporting councillors to undertake their community leadership role effectively and offer support to the new council as it drives our future direction',
      },
      {
        number: '2',
        title:
          'Transforming the council in the best interests of our residents, including by seeking local government reorganisation, the Fit for the Future programme, service redesign, encouraging innovation, customer focus',
      },
      { number: '3', title: 'Supporting a skilled and effective workforce' },
      {
        number: '4',
        title:
          "Taking a 'Leadership of place' role seeking the best outcomes for Oxfordshire on the regional /national stage; and within local communities ('strategic' and 'local' focus)",
      },
      { number: '5', title: 'Enabling sustainable economic growth in order to fund our future services' },
      {
        number: '6',
        title: 'Seeking to invest in growth and service outcomes through our investment strategy',
      },
      {
        number: '7',
        title:
          "Working effectively with the NHS to improve the health and wellbeing of Oxfordshire's residents and achieve health and social care integration",
      },
      { number: '8', title: 'Embedding approaches to demand management as we redesign our services' },
      {
        number: '9',
        title:
          "Improving the council's reputation locally, nationally and internationally by building awareness of what we do and increasing trust and confidence in us",
      },
      {
        number: '10',
        title:
          'Delivering excellent services for our residents, meeting our statutory duties and working effectively with communities and partners',
      },
      {
        number: '11',
        title:
          'Managing the business effectively, including through robust governance and decision making processes',
      },
      {
        number: '12',
        title:
          "To be responsive to the unexpected and actively horizon scan to identify and act on opportunities and risks to the council's future direction",
      },
    ],
  },
  retired: [
    {
      kind: 'outcome',
      title:
        'Communities are encouraged to help themselves with support from the County Council, strengthening the role of individual citizens and communities',
      directorate: 'RES',
      indicator:
        "OCC effectively uses a variety of mechanisms including active participation in the democratic system, being part of Town and Parish Councils, volunteering in their local community and receiving support from the providers of the Council's Voluntary & Community Sector Infrastructure Contract. Also through direct service delivery under the Oxfordshire Together programme and using communications and services facilitated by OCC libraries",
      target: '-',
      lastRating: 'Green',
      lastReported: '2016-17',
      reason:
        'Deleted from the dashboards while the review of the Resources Directorate’s business and priorities ' +
        'is completed; it remained rated Green throughout 2016-17. Its use in 2017-18 will be decided by that review.',
    },
  ],
};

type Q1Row = [number: string, rating: Rag | null, outlook: Outlook, note: string | null];

// How each garbled rating or arrow in the seed's text copy was read is in docs/demo-notes.md
// ("Reading the Q1 ratings"); none of it is user-facing, so no reason below mentions it.
const NOT_RATED =
  'Not rated: the Q1 RAG cell is blank in the published dashboard. The target is "Top quartile" nationally, ' +
  'which can only be judged against national benchmark data; the report does not state the reason.';

const q1Rows: Q1Row[] = [
  ['1', 'green', 'stable', null],
  ['2', 'green', 'improving', null],
  ['3', 'green', 'improving', null],
  ['4', 'green', 'deteriorating', null],
  ['5', 'amber', 'improving', null],
  ['6', 'green', 'stable', null],
  ['7', 'red', 'improving', 'Red: see exception report 1 (Section C).'],
  ['8', 'green', 'improving', null],
  ['9', null, 'stable', NOT_RATED],
  ['10', null, 'stable', NOT_RATED],
  ['11', 'amber', 'improving', null],
  ['12', 'amber', 'improving', null],
  ['13', 'amber', 'improving', null],
  ['14', 'amber', 'improving', null],
  ['15', 'amber', 'improving', null],
  ['16', 'amber', 'improving', null],
  ['17', 'green', 'improving', null],
  ['18', 'green', 'stable', null],
  ['19', 'green', 'stable', null],
  ['20', 'green', 'stable', null],
  ['21', 'green', 'stable', null],
  ['22', 'green', 'stable', null],
  ['23', 'green', 'stable', null],
  ['24', 'green', 'stable', null],
  ['25', 'green', 'stable', null],
  ['26', 'green', 'stable', null],
  ['27', 'green', 'stable', 'Reported a quarter in arrears.'],
  ['28', 'green', 'stable', null],
  ['29', 'green', 'stable', null],
  ['30', 'green', 'stable', null],
  ['31', 'amber', 'stable', null],
  ['32', 'green', 'improving', null],
  ['33', 'green', 'improving', null],
  ['34', 'green', 'stable', null],
  ['35', 'green', 'stable', null],
  ['36', 'green', 'improving', null],
  ['37', 'green', 'improving', null],
  ['38', 'amber', 'improving', null],
  ['39', 'green', 'improving', null],
  ['40', 'green', 'improving', null],
  ['41', 'green', 'improving', null],
  ['42', 'amber', 'improving', null],
  ['43', 'green', 'improving', null],
  ['44', 'green', 'improving', null],
  ['45', 'green', 'stable', null],
  ['46', 'red', 'improving', 'Red: see exception report 2 (Section C).'],
  ['47', 'green', 'improving', null],
  ['48', 'green', 'stable', null],
  ['49', 'green', 'stable', null],
  ['50', 'green', 'stable', null],
];

export const oxfordshireQ1: ReportedPeriod = {
  period: 'Q1 2017-18',
  setBy: 'Directorates, as published to Cabinet on 17 October 2017',
  indicators: q1Rows.map(([number, rating, outlook, note]) => ({ number, rating, outlook, note })),
  judgedOutcomes: [
    {
      outcome: 'O2',
      rating: 'amber',
      reason:
        "Director's judgement: no indicator rated yet — both measures need national benchmark data (top quartile targets)",
    },
  ],
};
