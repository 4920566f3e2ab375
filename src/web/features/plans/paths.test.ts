import { describe, expect, it } from 'vitest';
import { paths, routePatterns } from '../../paths.js';

describe('plan paths', () => {
  it('agree with the route patterns the server registers, and escape codes', () => {
    const fill = (pattern: string, item = 'X1') => pattern.replace(':planId', '4').replace(':item', item);
    expect(fill(routePatterns.improvementPlan)).toBe(paths.improvementPlan(4));
    expect(fill(routePatterns.planRecommendation)).toBe(paths.planRecommendation(4, 'X1'));
    expect(fill(routePatterns.planFinding)).toBe(paths.planFinding(4, 'X1'));
    expect(fill(routePatterns.planAction)).toBe(paths.planAction(4, 'X1'));
    expect(fill(routePatterns.planActionUpdates)).toBe(paths.planActionUpdates(4, 'X1'));
    expect(fill(routePatterns.planActionOwner)).toBe(paths.planActionOwner(4, 'X1'));
    expect(fill(routePatterns.editPlanAction)).toBe(paths.editPlanAction(4, 'X1'));
    for (const name of [
      'editPlanTheme',
      'editPlanRecommendation',
      'removePlanRecommendation',
      'editPlanFinding',
      'removePlanFinding',
    ] as const)
      expect(fill(routePatterns[name], 'P%201')).toBe(paths[name](4, 'P 1'));
    expect(fill(routePatterns.editImprovementPlan)).toBe(paths.editImprovementPlan(4));
    expect(fill(routePatterns.newPlanRecommendation)).toBe(paths.newPlanRecommendation(4));
    expect(fill(routePatterns.newPlanFinding)).toBe(paths.newPlanFinding(4));
    expect(fill(routePatterns.newPlanAction)).toBe(paths.newPlanAction(4));
    expect(fill(routePatterns.newPlanReview)).toBe(paths.newPlanReview(4));
    expect(fill(routePatterns.planReviewUpdates, '9')).toBe(paths.planReviewUpdates(4, 9));
    expect(fill(routePatterns.planReport)).toBe(paths.planReport(4));
    expect(fill(routePatterns.planCoverage)).toBe(paths.planCoverage(4));
    expect(fill(routePatterns.planReportDownload, 'pdf')).toBe(paths.planReportDownload(4, 'pdf'));
    expect(fill(routePatterns.planExport)).toBe(paths.planExport(4));
    expect(paths.planAction(2, '1a.3')).toBe('/improvement-plans/2/actions/1a.3');
    expect(paths.planFinding(2, '4/5')).toBe('/improvement-plans/2/findings/4%2F5');
    expect(paths.improvementPlan(2, { status: 'on-track', overdue: 'yes', lead: '' })).toBe(
      '/improvement-plans/2?status=on-track&overdue=yes',
    );
  });
});
