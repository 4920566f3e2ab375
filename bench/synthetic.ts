/**
 * A synthetic council framework for benchmarks: any number of priorities, outcomes and indicators,
 * with every target shape from seed 003 mixed in.
 */
import type { FrameworkDocument, IndicatorRow } from '../src/domain/framework.js';

export const TARGET_SHAPES: Pick<IndicatorRow, 'target' | 'unit' | 'polarity' | 'cumulative' | 'profile'>[] =
  [
    { target: '67%', unit: 'percent', polarity: 'higher', cumulative: false, profile: null },
    { target: '>28%', unit: 'percent', polarity: 'higher', cumulative: false, profile: null },
    { target: '<20%', unit: 'percent', polarity: 'lower', cumulative: true, profile: null },
    { target: '93-95%', unit: 'percent', polarity: 'range', cumulative: false, profile: null },
    { target: '159', unit: 'number', polarity: 'higher', cumulative: true, profile: null },
    { target: '12,000', unit: 'number', polarity: 'lower', cumulative: true, profile: null },
    { target: '833', unit: 'number', polarity: 'higher', cumulative: true, profile: 'per-period' },
    { target: 'Top quartile', unit: 'percent', polarity: 'higher', cumulative: false, profile: null },
    { target: 'Completion', unit: 'milestone', polarity: 'higher', cumulative: false, profile: null },
    { target: '60/20', unit: 'number', polarity: 'higher', cumulative: true, profile: null },
    { target: '-', unit: 'number', polarity: 'higher', cumulative: false, profile: null },
  ];

export function syntheticFramework(opts: {
  priorities: number;
  outcomes: number;
  indicators: number;
  directorates: number;
  years?: string;
  title?: string;
}): FrameworkDocument {
  const directorates = Array.from({ length: opts.directorates }, (_, i) => ({
    code: `D${i + 1}`,
    name: `Directorate ${i + 1}`,
  }));
  const priorities = Array.from({ length: opts.priorities }, (_, i) => ({
    code: `P${i + 1}`,
    title: `Priority ${i + 1}`,
  }));
  const outcomes = Array.from({ length: opts.outcomes }, (_, i) => ({
    code: `O${i + 1}`,
    priority: `P${(i % opts.priorities) + 1}`,
    title: `Outcome ${i + 1}: residents are better off in way ${i + 1}`,
    directorate: `D${(i % opts.directorates) + 1}`,
    change: null,
    changeReason: null,
    secondFramework: [],
  }));
  const indicators: IndicatorRow[] = Array.from({ length: opts.indicators }, (_, i) => {
    const shape = TARGET_SHAPES[i % TARGET_SHAPES.length]!;
    return {
      number: String(i + 1),
      outcome: `O${(i % opts.outcomes) + 1}`,
      title: `Success indicator ${i + 1}: proportion of things done well`,
      definition: null,
      ...shape,
      frequency: 'quarterly',
      inArrears: i % 17 === 0 ? 1 : 0,
      tolerance: i % 5 === 0 ? '5%' : null,
      baseline: null,
      trajectory: null,
      dueDate: shape.unit === 'milestone' ? '2018-03-31' : null,
      partLabels: shape.target === '60/20' ? ['investors', 'high value'] : [],
      dataSource: null,
      owner: null,
      change: null,
      changeReason: null,
    };
  });
  return {
    plan: {
      title: opts.title ?? 'Synthetic Council Plan',
      years: opts.years ?? '2017-18',
      status: 'approved',
      approvedBy: null,
      approvedOn: null,
    },
    directorates,
    priorities,
    outcomes,
    indicators,
    secondFramework: null,
    retired: [],
  };
}
