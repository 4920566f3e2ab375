import { describe, expect, it } from 'vitest';
import { paths, routePatterns } from './paths.js';

describe('paths', () => {
  it('builds shareable URLs, leaving out empty filters and escaping values', () => {
    expect(paths.dashboard(3, { period: '2017-18-Q1', directorate: 'SCS', rating: '', q: undefined })).toBe(
      '/plans/3/dashboard?period=2017-18-Q1&directorate=SCS',
    );
    expect(paths.indicators(1, { q: 'looked after & safe' })).toBe(
      '/plans/1/indicators?q=looked%20after%20%26%20safe',
    );
    expect(paths.indicator(1, '7a', { period: 'Q1 2017-18' })).toBe(
      '/plans/1/indicators/7a?period=Q1%202017-18',
    );
    expect(paths.home()).toBe('/');
  });

  it('agrees with the route patterns the server registers', () => {
    const fill = (pattern: string) => pattern.replace(':planId', '4').replace(':item', 'X1');
    expect(fill(routePatterns.plan)).toBe(paths.plan(4));
    expect(fill(routePatterns.priority)).toBe(paths.priority(4, 'X1'));
    expect(fill(routePatterns.outcome)).toBe(paths.outcome(4, 'X1'));
    expect(fill(routePatterns.indicator)).toBe(paths.indicator(4, 'X1'));
    expect(fill(routePatterns.indicators)).toBe(paths.indicators(4));
    expect(fill(routePatterns.dashboard)).toBe(paths.dashboard(4));
    expect(fill(routePatterns.matrix)).toBe(paths.matrix(4));
    expect(fill(routePatterns.secondFramework)).toBe(paths.secondFramework(4));
    expect(fill(routePatterns.publicPlan)).toBe(paths.publicPlan(4));
    expect(fill(routePatterns.publicOutcome)).toBe(paths.publicOutcome(4, 'X1'));
    expect(fill(routePatterns.publicIndicator)).toBe(paths.publicIndicator(4, 'X1'));
    expect(fill(routePatterns.publicImprovementPlan)).toBe(paths.publicImprovementPlan(4));
    expect(fill(routePatterns.publicSitePlan)).toBe(paths.publicSitePlan(4));
    const pr = (pattern: string) =>
      pattern.replace(':kind', 'plan').replace(':versionId', '9').replace(':format', 'pdf');
    expect(pr(routePatterns.publicReport)).toBe(paths.publicReport('plan', 9));
    expect(pr(routePatterns.publicReportFile)).toBe(paths.publicReportFile('plan', 9, 'pdf'));
    expect(routePatterns.openDataFile.replace(':file', 'figures.csv')).toBe(
      paths.openDataFile('figures', 'csv'),
    );
    expect(routePatterns.openDataFile.replace(':file', 'open-data.zip')).toBe(paths.openDataZip());
    const r = (pattern: string) =>
      pattern
        .replace(':reportId', '5')
        .replace(':versionId', '9')
        .replace(':format', 'pdf')
        .replace(':key', 'issues%3AP1');
    expect(r(routePatterns.report)).toBe(paths.report(5));
    expect(r(routePatterns.reportText)).toBe(paths.reportText(5, 'issues:P1'));
    expect(r(routePatterns.reportDownload)).toBe(paths.reportDownload(5, 'pdf'));
    expect(r(routePatterns.reportPublish)).toBe(paths.reportPublish(5));
    expect(r(routePatterns.reportVersions)).toBe(paths.reportVersions(5));
    expect(r(routePatterns.reportVersionFile)).toBe(paths.reportVersionFile(9, 'pdf'));
    expect(r(routePatterns.reportVersionChanges)).toBe(paths.reportVersionChanges(9));
    const m = (pattern: string) => pattern.replace(':roundId', '3').replace(':reminderId', '8');
    expect(m(routePatterns.roundReminders)).toBe(paths.roundReminders(3));
    expect(m(routePatterns.roundReminder)).toBe(paths.roundReminder(3, 8));
    expect(m(routePatterns.roundReminderSendAgain)).toBe(paths.roundReminderSendAgain(3, 8));
    expect(m(routePatterns.actionReminder)).toBe(paths.actionReminder(8));
    expect(m(routePatterns.actionReminderSendAgain)).toBe(paths.actionReminderSendAgain(8));
    const u = (pattern: string) =>
      pattern
        .replace(':planId', '4')
        .replace(':uploadId', '6')
        .replace(':directorateId', '2')
        .replace(':serviceId', '3')
        .replace(':personId', '5');
    expect(u(routePatterns.frameworkUpload)).toBe(paths.frameworkUpload(4));
    expect(u(routePatterns.frameworkUploadPreview)).toBe(paths.frameworkUploadPreview(4, 6));
    expect(u(routePatterns.frameworkUploadConfirm)).toBe(paths.frameworkUploadConfirm(4, 6));
    expect(u(routePatterns.frameworkExport)).toBe(paths.frameworkExport(4));
    expect(u(routePatterns.newFrameworkUploadPreview)).toBe(paths.newFrameworkUploadPreview(6));
    expect(u(routePatterns.newFrameworkUploadConfirm)).toBe(paths.newFrameworkUploadConfirm(6));
    expect(u(routePatterns.directorate)).toBe(paths.directorate(2));
    expect(u(routePatterns.newService)).toBe(paths.newService(2));
    expect(u(routePatterns.service)).toBe(paths.service(3));
    expect(u(routePatterns.person)).toBe(paths.person(5));
    expect(paths.actionReminders({ state: 'failed', recipient: 'olive', plan: '', page: 2 })).toBe(
      '/collection/action-reminders?state=failed&recipient=olive&page=2',
    );
  });
});
