/**
 * ILLUSTRATIVE budget monitoring for the Oxfordshire demo, Q1 and Q2 2017-18 (issue 14). Seed 003 asks
 * for finance beside performance (¶10) but prints no budget figures, so these are made up: round
 * numbers of a plausible size for a county council's directorates, chosen so each rating appears —
 * an adult social care overspend over the 1% tolerance, a material underspend, a savings line slipping
 * to Red in Q2. They are not Oxfordshire County Council's figures (docs/demo-notes.md says so too).
 * Amounts in pounds.
 */
export interface DemoBudgetLine {
  directorate: string;
  budget: number;
  forecast: number;
  commentary: string;
}

export interface DemoSaving {
  directorate: string;
  reference: string;
  title: string;
  target: number;
  forecast: number;
  commentary: string;
}

export const DEMO_FINANCE_FILE = 'Illustrative budget monitoring (demo).csv';

export const demoBudget: Record<string, DemoBudgetLine[]> = {
  'Q1 2017-18': [
    {
      directorate: 'SCS',
      budget: 210_400_000,
      forecast: 213_100_000,
      commentary: 'Illustrative: demand for adult social care packages is above the level budgeted.',
    },
    {
      directorate: 'CEF',
      budget: 104_800_000,
      forecast: 105_600_000,
      commentary: 'Illustrative: placements for looked-after children and home-to-school transport.',
    },
    {
      directorate: 'PH',
      budget: 31_200_000,
      forecast: 31_200_000,
      commentary: 'Illustrative: the ring-fenced public health grant is forecast to be spent as planned.',
    },
    {
      directorate: 'COMM',
      budget: 68_500_000,
      forecast: 67_900_000,
      commentary: 'Illustrative: highways maintenance contract costs below budget.',
    },
    { directorate: 'CSS', budget: 23_600_000, forecast: 23_550_000, commentary: '' },
    {
      directorate: 'RES',
      budget: 35_900_000,
      forecast: 33_800_000,
      commentary: 'Illustrative: vacancies held pending the restructure of corporate services.',
    },
  ],
  'Q2 2017-18': [
    {
      directorate: 'SCS',
      budget: 210_400_000,
      forecast: 214_300_000,
      commentary:
        'Illustrative: the overspend has grown as the care packages review is delivering less than planned.',
    },
    {
      directorate: 'CEF',
      budget: 104_800_000,
      forecast: 106_100_000,
      commentary: 'Illustrative: two further high-cost placements since Q1.',
    },
    { directorate: 'PH', budget: 31_200_000, forecast: 31_150_000, commentary: '' },
    {
      directorate: 'COMM',
      budget: 68_500_000,
      forecast: 68_700_000,
      commentary: 'Illustrative: winter maintenance reserve drawn on early.',
    },
    { directorate: 'CSS', budget: 23_600_000, forecast: 23_600_000, commentary: '' },
    {
      directorate: 'RES',
      budget: 35_900_000,
      forecast: 34_900_000,
      commentary: 'Illustrative: vacancies filled since Q1.',
    },
  ],
};

const savings = (careReview: number): DemoSaving[] => [
  {
    directorate: 'SCS',
    reference: 'S17-01',
    title: 'Review of adult social care packages',
    target: 4_000_000,
    forecast: careReview,
    commentary: 'Illustrative.',
  },
  {
    directorate: 'CEF',
    reference: 'S17-02',
    title: 'Children’s centres redesign',
    target: 2_500_000,
    forecast: 2_500_000,
    commentary: 'Illustrative.',
  },
  {
    directorate: 'COMM',
    reference: 'S17-03',
    title: 'Highways contract efficiencies',
    target: 1_800_000,
    forecast: 1_600_000,
    commentary: 'Illustrative.',
  },
  {
    directorate: 'RES',
    reference: 'S17-04',
    title: 'Property rationalisation',
    target: 1_200_000,
    forecast: 1_200_000,
    commentary: 'Illustrative.',
  },
];

export const demoSavings: Record<string, DemoSaving[]> = {
  'Q1 2017-18': savings(3_500_000),
  'Q2 2017-18': savings(2_800_000),
};
