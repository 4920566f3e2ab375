/**
 * The demo's corporate risk register (issue 14): seven risks linked to the Corporate Plan 2017-18's
 * priorities and outcomes (seed 003). ILLUSTRATIVE: the seeds print no risk scores, owners or
 * controls; everything here but CR1's wording is Cairn's invention to show the register, and
 * docs/demo-notes.md says so. CR1 is seed 002's framework-implementation risk: "A failure to implement
 * the Framework as planned could lead to savings targets not being achieved and a failure to
 * significantly improve service performance."
 */
import { listDirectorates } from '../storage/directorates.js';
import { strategyOf } from '../storage/risk-repository.js';
import { unfinishedActionIds } from '../storage/demo.js';
import type { Store } from '../storage/database.js';
import { systemActor } from './audit.js';
import type { Clock } from './clock.js';
import { addRiskAction, createRisk, type RiskInput } from './risks/register.js';
import { findRisk } from '../storage/risk-repository.js';

type Owner = 'owner' | 'performance';

interface DemoRisk {
  reference: string;
  kind: 'corporate' | 'directorate';
  directorate: string | null;
  owner: Owner;
  title: string;
  cause: string;
  event: string;
  effect: string;
  category: string;
  /** Inherent, residual, target: [likelihood, impact]. */
  scores: [[number, number], [number, number], [number, number]];
  links: string[];
  controls: string[];
  reviewDate: string;
  /** A further action that is the first improvement plan's first unfinished action. */
  planAction?: string;
}

export const DEMO_RISKS: DemoRisk[] = [
  {
    reference: 'CR1',
    kind: 'corporate',
    directorate: null,
    owner: 'performance',
    title: 'The Performance Improvement Framework is not implemented as planned',
    cause: 'Services do not embed improvement plans, benchmarking and reviews in their work',
    event: 'The framework is not implemented as planned',
    effect: 'Savings targets are not achieved and service performance does not significantly improve',
    category: 'Strategic',
    scores: [
      [4, 4],
      [3, 4],
      [2, 3],
    ],
    links: ['P3'],
    controls: [
      'Quarterly Business Management and Monitoring Report to Cabinet',
      'Service improvement plans reviewed by the performance team',
    ],
    reviewDate: '2017-12-31',
    planAction: 'Report progress on the peer challenge action plan to Cabinet each quarter',
  },
  {
    reference: 'CR2',
    kind: 'corporate',
    directorate: null,
    owner: 'performance',
    title: 'Planned savings in the medium term financial plan are not delivered',
    cause: 'Rising demand and reductions in government grant',
    event: 'Savings are not delivered in full or on time',
    effect: 'Overspends, reserves drawn on and services reduced at short notice',
    category: 'Financial',
    scores: [
      [5, 5],
      [4, 5],
      [3, 3],
    ],
    links: ['P3', 'O5'],
    controls: [
      'Monthly budget monitoring by directorate',
      'Savings tracker reviewed by the County Leadership Team',
    ],
    reviewDate: '2017-09-30',
  },
  {
    reference: 'SCS1',
    kind: 'directorate',
    directorate: 'SCS',
    owner: 'owner',
    title: 'The adult social care market cannot meet demand for home care',
    cause: 'Provider failure and difficulty recruiting care workers',
    event: 'Packages of care cannot be arranged when needed',
    effect: 'Delayed discharges from hospital and people not supported at home',
    category: 'Operational',
    scores: [
      [5, 4],
      [4, 4],
      [3, 3],
    ],
    links: ['O14', 'O15', 'O20'],
    controls: ['Market position statement and provider forums', 'Daily discharge calls with the NHS'],
    reviewDate: '2017-12-31',
  },
  {
    reference: 'SCS2',
    kind: 'directorate',
    directorate: 'SCS',
    owner: 'owner',
    title: 'Social care staff cannot be recruited and kept',
    cause: 'Competition for staff and a high cost of living in Oxfordshire',
    event: 'Vacancies stay unfilled',
    effect: 'Reliance on agency staff, higher costs and less continuity for people',
    category: 'People',
    scores: [
      [4, 4],
      [4, 3],
      [2, 3],
    ],
    links: ['O20'],
    controls: ['Recruitment and retention strategy', 'Market supplement for hard-to-fill posts'],
    reviewDate: '2017-12-31',
  },
  {
    reference: 'CEF1',
    kind: 'directorate',
    directorate: 'CEF',
    owner: 'performance',
    title: 'A child at risk of harm is not identified and protected',
    cause: 'High caseloads and a rise in referrals',
    event: 'A safeguarding concern is missed or acted on late',
    effect: 'Serious harm to a child and loss of confidence in the council',
    category: 'Health and safety',
    scores: [
      [4, 5],
      [3, 5],
      [2, 5],
    ],
    links: ['P2', 'O18'],
    controls: ['Multi-agency safeguarding hub', 'Monthly caseload monitoring'],
    reviewDate: '2017-12-31',
  },
  {
    reference: 'CSS1',
    kind: 'directorate',
    directorate: 'CSS',
    owner: 'performance',
    title: 'Too few safe and well visits reach vulnerable people',
    cause: 'Fewer referrals from partners and crews committed elsewhere',
    event: 'Visits fall short of the 1,562 a quarter planned',
    effect: 'Vulnerable people are less safe at home',
    category: 'Operational',
    scores: [
      [4, 3],
      [3, 3],
      [2, 3],
    ],
    links: ['O9'],
    controls: ['Referral agreements with health and social care partners'],
    reviewDate: '2017-12-31',
  },
  {
    reference: 'COMM1',
    kind: 'directorate',
    directorate: 'COMM',
    owner: 'performance',
    title: 'The highway network deteriorates faster than it can be maintained',
    cause: 'Capital funding below what the network needs, and severe weather',
    event: 'More defects than the service can repair in time',
    effect: 'Injury, insurance claims and complaints',
    category: 'Operational',
    scores: [
      [4, 4],
      [3, 4],
      [3, 3],
    ],
    links: ['O7'],
    controls: ['Risk-based highway inspection regime', 'Annual maintenance programme'],
    reviewDate: '2018-03-31',
  },
];

/** Adds the demo's risks (those whose reference is not there yet), owned by the demo's people. */
export async function loadDemoRisks(
  store: Store,
  planId: number,
  owners: Record<Owner, number>,
  clock: Clock,
): Promise<number[]> {
  const { priorities, outcomes } = await strategyOf(store.db, planId);
  const directorates = await listDirectorates(store.db);
  const linkOf = (code: string) => {
    const p = priorities.find((x) => x.code === code);
    if (p) return `priority-${p.id}`;
    const o = outcomes.find((x) => x.code === code);
    if (o) return `outcome-${o.id}`;
    throw new Error(`Demo risks: ${code} is not in the plan`);
  };
  const [planAction] = await unfinishedActionIds(store.db, 1);
  const ids: number[] = [];
  for (const r of DEMO_RISKS) {
    const [inherent, residual, target] = r.scores;
    const input: RiskInput = {
      reference: r.reference,
      kind: r.kind,
      title: r.title,
      cause: r.cause,
      event: r.event,
      effect: r.effect,
      category: r.category,
      owner: String(owners[r.owner]),
      directorate: r.directorate ? String(directorates.find((d) => d.code === r.directorate)?.id ?? '') : '',
      reviewDate: r.reviewDate,
      inherentLikelihood: String(inherent[0]),
      inherentImpact: String(inherent[1]),
      residualLikelihood: String(residual[0]),
      residualImpact: String(residual[1]),
      targetLikelihood: String(target[0]),
      targetImpact: String(target[1]),
      controls: r.controls.join('\n'),
      links: r.links.map(linkOf),
    };
    const id = await createRisk(store, systemActor, input, clock);
    if (r.planAction) {
      const risk = await findRisk(store.db, id);
      await addRiskAction(
        store,
        systemActor,
        id,
        { description: r.planAction, planAction: planAction ? String(planAction) : '' },
        risk!.version,
        clock,
      );
    }
    ids.push(id);
  }
  return ids;
}
