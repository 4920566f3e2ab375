/**
 * Seed 000: the activities Oxford City Council's Business Plan 2021-22 lists under "Equalities
 * impact" in its report to Cabinet of 10 March 2021 — each tagged "equalities impact", as the report
 * marks them. The report does not say which of the Council Strategy 2020-24's four priorities each
 * activity sits under, nor give targets or statuses, so none are recorded (docs/demo-notes.md).
 */
import type { PlanDocument } from '../domain/plans/document.js';

const activities = [
  'Increase the level of social value secured through our contracts, promote the Oxford Living Wage and encourage more local small businesses, charities, co-operatives and social enterprises to bid for contracts, working closely with OxLEP.',
  'Deliver the Oxford City Council Workforce Equalities Action Plan year 2 actions, to for example: increase representation of BAME employees in the workplace and increase representation of BAME and women at all management levels',
  'Deliver the year 2 actions of the Customer Experience Strategy including improving access and inclusion with a particular focus on people that do not have access to digital technologies.',
  'Support and run the Kick Start Work Placement programme, which provides subsidised placements for 16-24 year olds, into local small and medium size companies – targeted in the areas which have been hit the hardest by the pandemic.',
  'Commence the Community Employment Support programme, working with partners, including Aspire and Job Centre Plus, to provide focused help in localities to help people get back into work.',
  'Develop a new Housing and Homelessness Strategy focused on increasing the supply of good quality affordable homes in the city, preventing homelessness and ending rough sleeping.',
  'Reopen leisure centres safely, in meeting the needs and demands of residents. Work on a plan to ensure accessibility and affordability for young people, crèche facilities and through social prescribing mental health support too.',
  'Work with key stakeholders and partners to make parks and leisure centres and green spaces fully accessible.',
  'Work with partners to make the case for Oxford to become an Opportunity Area, attracting associated funding, and related initiatives to close the attainment gap for disadvantaged, BAME and SEND young people.',
  'Adapt how we deliver youth work to support the changing needs of young people, such as the impact of online interactions, and help address mental health issues experienced by many during the pandemic.',
  'Launch a Thriving Community Strategy with the principles of community engagement, involvement and participation to deliver outcomes that matter to the Council and local people.',
  'Work closely with health partners to ensure the vaccination is accessible to and embraced by our most vulnerable residents.',
  'Work with partners and secure funding to a) develop adaptable bikes or b) purchase adaptable bikes for children with disabilities.',
  'Continue to support vulnerable people impacted from COVID-19 and ensure their needs are met and people are signposted to opportunities and provision.',
  'Implement recommendations of the Adult Safeguarding Board review into Rough Sleeper deaths.',
  'Launch an Equalities, Diversity and Inclusion strategy that will increase trust and belonging between the Council and communities, predicated on inclusive values and reflecting the rich diversity in Oxford - and help us to build back fairer.',
  'Embed the use of Oxford City Council’s new Residents Panel and gender-balanced Race Advisory Group to improve engagement and influence decision making.',
  'Engage Council tenants to maximise their involvement in decisions on retrofitting that affect their homes.',
];

export const BUSINESS_PLAN_TITLE = 'Oxford City Council Business Plan 2021-22';

export const businessPlan: PlanDocument = {
  plan: {
    kind: 'business',
    basis: null,
    title: BUSINESS_PLAN_TITLE,
    source:
      'Report to Cabinet, 10 March 2021: Business Plan 2021-2022 & KPIs (Appendix 1, Draft Business Plan 2021-22)',
    organisation: 'Oxford City Council',
    owner: 'Mish Tullar, Head of Corporate Policy, Partnerships and Communications',
    description:
      'The priority work programme activities for 2021-22, the second year of the Council Strategy 2020-24. These are the activities the report lists as designed to reduce financial and social inequality and increase inclusivity.',
    strategy: null,
  },
  themes: [],
  recommendations: [],
  findings: [],
  reviews: [],
  actions: activities.map((title, i) => ({
    code: `EQ.${i + 1}`,
    recommendation: null,
    section: 'Equalities impact',
    title,
    target: null,
    status: null,
    tags: ['equalities impact'],
  })),
};
