/**
 * Every URL Cairn serves, built in one place. Templates, redirects and tests use these, never string
 * literals. Query strings leave out empty values so shared links stay short.
 */
export interface PeriodQuery {
  /** A period code ('2017-18-Q1') or a period as councils write it ('Q1 2017-18'). */
  period?: string;
}

/** The filters every list of indicators takes, as plain GET parameters. */
export interface Filters extends PeriodQuery {
  directorate?: string;
  priority?: string;
  rating?: string;
  outlook?: string;
  /** Words or an indicator number. */
  q?: string;
  page?: number;
  /** The dashboards' optional columns: statistical process control, and quartile and rank. */
  spc?: 'yes';
  benchmark?: 'yes';
}

export function query(params: object): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const plan = (planId: number) => `/plans/${planId}`;
const fw = (planId: number) => `/plans/${planId}/framework`;

/** Filters on a plan's actions, as plain GET parameters. */
export interface ActionFilters {
  status?: string;
  lead?: string;
  overdue?: string;
  /** A progress review's id: overdue as at its date. */
  review?: number | string;
  /** A date as typed (31/3/2015 or 2015-03-31): overdue as at it, with no review. */
  asAt?: string;
}

/** Filters on a list of reminder emails, as plain GET parameters. */
export interface ReminderFilters {
  /** 'sent' | 'waiting' | 'failed' | 'held' */
  state?: string;
  /** Words in the recipient's name or email address. */
  recipient?: string;
  page?: number;
  /** Action reminders only: an improvement plan's id. */
  plan?: number | string;
}

/** The benchmarking page's filters and sort, as plain GET parameters (issue 13). */
export interface BenchmarkFilters extends PeriodQuery {
  directorate?: string;
  /** 1–4, or 'none' (no data). */
  quartile?: string;
  q?: string;
  /** 'number' | 'quartile' | 'rank' | 'distance' */
  sort?: string;
}

/** The risk register's filters (issue 14), as plain GET parameters. */
export interface RiskFilters {
  directorate?: string;
  category?: string;
  /** A band's name, e.g. "High". */
  level?: string;
  kind?: string;
  priority?: string;
  appetite?: 'over' | '';
  overdue?: 'yes' | '';
  page?: number;
}

/** The heat map's scope: a quarter, and a directorate or priority (issue 14). */
export interface HeatMapQuery extends PeriodQuery {
  directorate?: string;
  priority?: string;
}

/** Shown once after "Send again". */
export interface ReminderNotice {
  'sent-again'?: 'yes';
}

const ip = (planId: number) => `/improvement-plans/${planId}`;
const pub = '/public';
const enc = encodeURIComponent;

export const paths = {
  home: (q: PeriodQuery = {}) => `/${query(q)}`,
  plan: (planId: number, q: PeriodQuery = {}) => `${plan(planId)}${query(q)}`,
  priority: (planId: number, code: string, q: PeriodQuery = {}) =>
    `${plan(planId)}/priorities/${encodeURIComponent(code)}${query(q)}`,
  outcome: (planId: number, code: string, q: PeriodQuery = {}) =>
    `${plan(planId)}/outcomes/${encodeURIComponent(code)}${query(q)}`,
  indicator: (planId: number, number: string, q: PeriodQuery = {}) =>
    `${plan(planId)}/indicators/${encodeURIComponent(number)}${query(q)}`,
  /** Indicator search and filtered list. */
  indicators: (planId: number, f: Filters = {}) => `${plan(planId)}/indicators${query(f)}`,
  /** The dashboard laid out as the Annex 2 tables; a directorate dashboard is `directorate=CODE`. */
  dashboard: (planId: number, f: Filters = {}) => `${plan(planId)}/dashboard${query(f)}`,
  /** Priorities × directorates. */
  matrix: (planId: number, q: PeriodQuery = {}) => `${plan(planId)}/matrix${query(q)}`,
  secondFramework: (planId: number, q: PeriodQuery = {}) => `${plan(planId)}/second-framework${query(q)}`,
  /** Improvement, business and action plans (not the strategy: that is `plan`). */
  improvementPlans: () => '/improvement-plans',
  newImprovementPlan: () => '/improvement-plans/new',
  improvementPlan: (planId: number, f: ActionFilters = {}) => `${ip(planId)}${query(f)}`,
  planRecommendation: (planId: number, code: string) => `${ip(planId)}/recommendations/${enc(code)}`,
  planFinding: (planId: number, number: string) => `${ip(planId)}/findings/${enc(number)}`,
  planAction: (planId: number, code: string) => `${ip(planId)}/actions/${enc(code)}`,
  planActionUpdates: (planId: number, code: string) => `${ip(planId)}/actions/${enc(code)}/updates`,
  planActionOwner: (planId: number, code: string) => `${ip(planId)}/actions/${enc(code)}/owner`,
  editPlanAction: (planId: number, code: string) => `${ip(planId)}/actions/${enc(code)}/edit`,
  /** Changing a plan's details, a theme, a recommendation or a finding; removing the last two. */
  editImprovementPlan: (planId: number) => `${ip(planId)}/edit`,
  editPlanTheme: (planId: number, code: string) => `${ip(planId)}/themes/${enc(code)}/edit`,
  editPlanRecommendation: (planId: number, code: string) => `${ip(planId)}/recommendations/${enc(code)}/edit`,
  removePlanRecommendation: (planId: number, code: string) =>
    `${ip(planId)}/recommendations/${enc(code)}/remove`,
  editPlanFinding: (planId: number, number: string) => `${ip(planId)}/findings/${enc(number)}/edit`,
  removePlanFinding: (planId: number, number: string) => `${ip(planId)}/findings/${enc(number)}/remove`,
  newPlanRecommendation: (planId: number) => `${ip(planId)}/recommendations/new`,
  newPlanFinding: (planId: number) => `${ip(planId)}/findings/new`,
  newPlanAction: (planId: number, q: { recommendation?: string } = {}) =>
    `${ip(planId)}/actions/new${query(q)}`,
  newPlanReview: (planId: number) => `${ip(planId)}/reviews/new`,
  /** Every action's update at a review, on one form (optionally one recommendation's). */
  planReviewUpdates: (planId: number, reviewId: number, q: { recommendation?: string } = {}) =>
    `${ip(planId)}/reviews/${reviewId}${query(q)}`,
  /** The progress report, as at a review (or the latest updates). */
  planReport: (planId: number, q: { review?: number | string } = {}) => `${ip(planId)}/report${query(q)}`,
  /** The progress report as a file: pdf, docx, xlsx, html or csv. */
  planReportDownload: (planId: number, format: string, q: { review?: number | string } = {}) =>
    `${ip(planId)}/report/${format}${query(q)}`,
  /** Publishing the progress report (POST), and its published versions with their frozen files. */
  planReportPublish: (planId: number) => `${ip(planId)}/published`,
  planPublished: (planId: number, versionId: number) => `${ip(planId)}/published/${versionId}`,
  planPublishedFile: (planId: number, versionId: number, format: string) =>
    `${ip(planId)}/published/${versionId}/${format}`,
  planCoverage: (planId: number) => `${ip(planId)}/coverage`,
  /** The coverage matrix as a file: pdf, docx, xlsx or csv. */
  planCoverageDownload: (planId: number, format: string) => `${ip(planId)}/coverage/${enc(format)}`,
  planExport: (planId: number) => `${ip(planId)}/export.xlsx`,
  signIn: (q: { return?: string } = {}) => `/sign-in${query(q)}`,
  /** Leaves for the single sign-on provider; comes back to ssoCallback. */
  signInSso: (q: { return?: string } = {}) => `/sign-in/sso${query(q)}`,
  ssoCallback: () => '/sign-in/sso/callback',
  signOut: () => '/sign-out',
  signOutEverywhere: () => '/sign-out-everywhere',
  account: () => '/account',
  /** Changing your own password (and where a password an administrator set sends you first). */
  changePassword: () => '/account/password',
  users: () => '/admin/users',
  newUser: () => '/admin/users/new',
  user: (id: number) => `/admin/users/${id}`,
  /** API tokens (issue 15): issued, followed and revoked by administrators. */
  apiTokens: () => '/admin/api-tokens',
  newApiToken: () => '/admin/api-tokens/new',
  apiToken: (id: number) => `/admin/api-tokens/${id}`,
  revokeApiToken: (id: number) => `/admin/api-tokens/${id}/revoke`,
  apiDocs: () => '/api/v1/openapi.json',
  odata: () => '/odata/',
  indicatorHistory: (planId: number, number: string) =>
    `${plan(planId)}/indicators/${encodeURIComponent(number)}/history`,
  userAssignments: (id: number) => `/admin/users/${id}/assignments`,
  // The collection round
  collection: () => '/collection',
  newRound: () => '/collection/rounds/new',
  round: (roundId: number) => `/collection/rounds/${roundId}`,
  lockRound: (roundId: number) => `/collection/rounds/${roundId}/lock`,
  reopenRound: (roundId: number) => `/collection/rounds/${roundId}/reopen`,
  yourUpdates: (roundId: number) => `/collection/rounds/${roundId}/updates`,
  update: (roundId: number, indicatorId: number) => `/collection/rounds/${roundId}/updates/${indicatorId}`,
  evidence: (roundId: number, indicatorId: number) =>
    `/collection/rounds/${roundId}/updates/${indicatorId}/evidence`,
  evidenceFile: (roundId: number, indicatorId: number, evidenceId: number) =>
    `/collection/rounds/${roundId}/updates/${indicatorId}/evidence/${evidenceId}`,
  approvals: (roundId: number) => `/collection/rounds/${roundId}/approvals`,
  approval: (roundId: number, indicatorId: number) =>
    `/collection/rounds/${roundId}/approvals/${indicatorId}`,
  outcomeRating: (roundId: number, outcomeId: number) =>
    `/collection/rounds/${roundId}/outcomes/${outcomeId}`,
  /** Updating an improvement-plan action assigned to the signed-in person. */
  yourAction: (actionId: number) => `/collection/actions/${actionId}`,
  /** Improvement-plan action updates waiting for the signed-in approver, and one to decide. */
  actionApprovals: () => '/collection/action-approvals',
  actionApproval: (updateId: number) => `/collection/action-approvals/${updateId}`,
  /** The reminder emails of a round (performance team): what was sent, to whom, what waits or failed. */
  roundReminders: (roundId: number, f: Omit<ReminderFilters, 'plan'> = {}) =>
    `/collection/rounds/${roundId}/reminders${query(f)}`,
  roundReminder: (roundId: number, reminderId: number, q: ReminderNotice = {}) =>
    `/collection/rounds/${roundId}/reminders/${reminderId}${query(q)}`,
  roundReminderSendAgain: (roundId: number, reminderId: number) =>
    `/collection/rounds/${roundId}/reminders/${reminderId}/send-again`,
  /** The reminder emails about improvement-plan actions, of every plan or one. */
  actionReminders: (f: ReminderFilters = {}) => `/collection/action-reminders${query(f)}`,
  actionReminder: (reminderId: number, q: ReminderNotice = {}) =>
    `/collection/action-reminders/${reminderId}${query(q)}`,
  actionReminderSendAgain: (reminderId: number) => `/collection/action-reminders/${reminderId}/send-again`,
  /** "Download my return": the signed-in person's indicators for the round, as XLSX. */
  returnSpreadsheet: (roundId: number) => `/collection/rounds/${roundId}/return.xlsx`,
  /** Upload a completed return. */
  uploadReturn: (roundId: number) => `/collection/rounds/${roundId}/upload`,
  // ── The framework's year (issue 12). Edit pages take ids, which survive renumbering. ──
  /** Every strategy plan (framework), live and draft, with "Start next year's plan". */
  frameworks: () => '/frameworks',
  /** One plan's framework: its status, priorities, outcomes and indicators with what changed, amendments. */
  planFramework: (planId: number) => `${fw(planId)}`,
  /** Start next year's plan from this one (confirm, then POST). */
  startNextYear: (planId: number) => `${fw(planId)}/next-year`,
  /** Mark what happened to an outcome or indicator since last year (carried over, updated, introduced). */
  frameworkOutcomeChange: (planId: number, outcomeId: number) => `${fw(planId)}/outcomes/${outcomeId}/change`,
  frameworkIndicatorChange: (planId: number, indicatorId: number) =>
    `${fw(planId)}/indicators/${indicatorId}/change`,
  submitFramework: (planId: number) => `${fw(planId)}/submit`,
  /** Record the approval (e.g. by Cabinet, with the date and minute), or return to draft. */
  approveFramework: (planId: number) => `${fw(planId)}/approve`,
  returnFramework: (planId: number) => `${fw(planId)}/return`,
  /** The minor amendments made since approval, with their reasons. */
  frameworkAmendments: (planId: number) => `${fw(planId)}/amendments`,
  newFrameworkPriority: (planId: number) => `${fw(planId)}/priorities/new`,
  editFrameworkPriority: (planId: number, priorityId: number) =>
    `${fw(planId)}/priorities/${priorityId}/edit`,
  retireFrameworkPriority: (planId: number, priorityId: number) =>
    `${fw(planId)}/priorities/${priorityId}/retire`,
  /** POST with direction=up|down. */
  moveFrameworkPriority: (planId: number, priorityId: number) =>
    `${fw(planId)}/priorities/${priorityId}/move`,
  newFrameworkOutcome: (planId: number, q: { priority?: number } = {}) =>
    `${fw(planId)}/outcomes/new${query(q)}`,
  editFrameworkOutcome: (planId: number, outcomeId: number) => `${fw(planId)}/outcomes/${outcomeId}/edit`,
  retireFrameworkOutcome: (planId: number, outcomeId: number) => `${fw(planId)}/outcomes/${outcomeId}/retire`,
  moveFrameworkOutcome: (planId: number, outcomeId: number) => `${fw(planId)}/outcomes/${outcomeId}/move`,
  newFrameworkIndicator: (planId: number, q: { outcome?: number } = {}) =>
    `${fw(planId)}/indicators/new${query(q)}`,
  editFrameworkIndicator: (planId: number, indicatorId: number) =>
    `${fw(planId)}/indicators/${indicatorId}/edit`,
  retireFrameworkIndicator: (planId: number, indicatorId: number) =>
    `${fw(planId)}/indicators/${indicatorId}/retire`,
  moveFrameworkIndicator: (planId: number, indicatorId: number) =>
    `${fw(planId)}/indicators/${indicatorId}/move`,
  /** One indicator's targets: the year's, each period's (the quarterly profile), and the trajectory. */
  frameworkIndicatorTargets: (planId: number, indicatorId: number) =>
    `${fw(planId)}/indicators/${indicatorId}/targets`,
  /** One indicator's statistical process control options (issue 16): run lengths, rebasing, fixed limits. */
  indicatorSpcOptions: (planId: number, indicatorId: number) => `${fw(planId)}/indicators/${indicatorId}/spc`,
  /** The targets grid of a directorate's indicators (every period of the year in one form). */
  frameworkTargets: (planId: number, q: { directorate?: string } = {}) => `${fw(planId)}/targets${query(q)}`,
  /** Upload the framework spreadsheet: the form, then a preview of what will change, then confirm. */
  frameworkUpload: (planId: number) => `${fw(planId)}/upload`,
  frameworkUploadPreview: (planId: number, uploadId: number) => `${fw(planId)}/uploads/${uploadId}`,
  frameworkUploadConfirm: (planId: number, uploadId: number) => `${fw(planId)}/uploads/${uploadId}/confirm`,
  /** The framework as a spreadsheet (the layout the upload reads). */
  frameworkExport: (planId: number) => `${fw(planId)}/framework.xlsx`,
  /** A new plan from a spreadsheet (no plan yet, or a plan for another year). */
  newFrameworkUpload: () => '/frameworks/upload',
  newFrameworkUploadPreview: (uploadId: number) => `/frameworks/uploads/${uploadId}`,
  newFrameworkUploadConfirm: (uploadId: number) => `/frameworks/uploads/${uploadId}/confirm`,
  // ── The organisation (administrators): directorates, their services, and people. ──
  directorates: () => '/admin/directorates',
  newDirectorate: () => '/admin/directorates/new',
  directorate: (directorateId: number) => `/admin/directorates/${directorateId}`,
  newService: (directorateId: number) => `/admin/directorates/${directorateId}/services/new`,
  service: (serviceId: number) => `/admin/services/${serviceId}`,
  people: () => '/admin/people',
  newPerson: () => '/admin/people/new',
  person: (personId: number) => `/admin/people/${personId}`,
  /** Quarterly reports: drafts and published versions. */
  reports: () => '/reports',
  newReport: () => '/reports/new',
  report: (id: number) => `/reports/${id}`,
  /** Edit one of a draft's texts: 'achievements:P1', 'issues:P1' or 'exception:O12'. */
  reportText: (id: number, key: string) => `/reports/${id}/texts/${encodeURIComponent(key)}`,
  reportDownload: (id: number, format: string) => `/reports/${id}/download/${format}`,
  reportPublish: (id: number) => `/reports/${id}/publish`,
  reportVersions: (id: number) => `/reports/${id}/versions`,
  reportVersionFile: (versionId: number, format: string) => `/reports/versions/${versionId}/${format}`,
  reportVersionChanges: (versionId: number) => `/reports/versions/${versionId}/changes`,
  // ── Benchmarking (issue 13) ──
  /** A plan's linked indicators against their comparator groups: quartile, rank; filter, sort, download. */
  benchmarking: (planId: number, f: BenchmarkFilters = {}) => `${plan(planId)}/benchmarking${query(f)}`,
  /** The same as a file: csv or xlsx. */
  benchmarkingDownload: (planId: number, format: string, f: BenchmarkFilters = {}) =>
    `${plan(planId)}/benchmarking.${enc(format)}${query(f)}`,
  /** Link an indicator to a national metric and choose who it is compared with. */
  indicatorBenchmark: (planId: number, number: string) =>
    `${plan(planId)}/indicators/${enc(number)}/benchmark`,
  /** Benchmarking's own pages: which council this is, comparator groups, metrics, uploads. */
  benchmarkHome: () => '/benchmarking',
  benchmarkCouncil: () => '/benchmarking/council',
  benchmarkGroups: () => '/benchmarking/groups',
  newBenchmarkGroup: () => '/benchmarking/groups/new',
  benchmarkGroup: (groupId: number) => `/benchmarking/groups/${groupId}`,
  benchmarkGroupRemove: (groupId: number) => `/benchmarking/groups/${groupId}/remove`,
  /** Upload a file of comparator groups, or of benchmark figures (then choose its columns). */
  benchmarkGroupsUpload: () => '/benchmarking/groups/upload',
  benchmarkDataUpload: () => '/benchmarking/data/upload',
  /** An upload of figures: its column-mapping step (GET, POST), then its progress and result. */
  benchmarkImportMapping: (importId: number) => `/benchmarking/imports/${importId}/mapping`,
  benchmarkImport: (importId: number) => `/benchmarking/imports/${importId}`,
  benchmarkMetrics: (q: { q?: string; source?: string; page?: number } = {}) =>
    `/benchmarking/metrics${query(q)}`,
  benchmarkMetric: (metricId: number, q: { period?: string; group?: string } = {}) =>
    `/benchmarking/metrics/${metricId}${query(q)}`,
  // The risk register (issue 14).
  risks: (q: RiskFilters = {}) => `/risks${query(q)}`,
  newRisk: () => '/risks/new',
  risk: (riskId: number) => `/risks/${riskId}`,
  editRisk: (riskId: number) => `/risks/${riskId}/edit`,
  riskActions: (riskId: number) => `/risks/${riskId}/actions`,
  removeRiskAction: (riskId: number, riskActionId: number) =>
    `/risks/${riskId}/actions/${riskActionId}/remove`,
  riskHeatMap: (q: HeatMapQuery = {}) => `/risks/heat-map${query(q)}`,
  riskMatrix: () => '/risks/matrix',
  riskExport: () => '/risks/register.xlsx',
  riskImport: () => '/risks/import',
  riskReview: (roundId: number, riskId: number) => `/collection/rounds/${roundId}/risks/${riskId}`,
  riskApprovals: () => '/collection/risk-approvals',
  riskApproval: (reviewId: number) => `/collection/risk-approvals/${reviewId}`,
  // ── Budget monitoring and the business-management view (issue 14) ──
  /** A quarter's budget monitoring, council-wide with each directorate. */
  finance: (q: PeriodQuery & { done?: string } = {}) => `/finance${query(q)}`,
  financeDirectorate: (directorateId: number, q: PeriodQuery & { done?: string } = {}) =>
    `/finance/directorates/${directorateId}${query(q)}`,
  financeSavings: (q: PeriodQuery = {}) => `/finance/savings${query(q)}`,
  /** Enter a directorate's budget figures in Cairn (one line: directorate-wide or a service), for approval. */
  financeEntry: (directorateId: number, q: PeriodQuery & { service?: number | string } = {}) =>
    `/finance/directorates/${directorateId}/entry${query(q)}`,
  /** Approve or return a line entered in Cairn. */
  financeLineDecision: (lineId: number) => `/finance/lines/${lineId}/decision`,
  /** Upload the finance system's export (then choose its columns), and the variance tolerance. */
  financeUpload: () => '/finance/upload',
  financeUploadMapping: (uploadId: number) => `/finance/uploads/${uploadId}`,
  financeTolerance: () => '/finance/tolerance',
  /** Performance, finance (and risk) side by side, per directorate, for a quarter. */
  businessManagement: (q: PeriodQuery = {}) => `/business-management${query(q)}`,
  reportStylesheet: () => '/assets/report.css',
  /** The first page's address; kept so old links still work. */
  framework: () => '/framework',
  stylesheet: () => '/assets/cairn.css',
  health: () => '/health',
  /** Readiness (database reachable, migrations current) and Prometheus metrics: web/operations-routes.ts. */
  ready: () => '/ready',
  metrics: () => '/metrics',

  /**
   * The public site and open data (issue 15): no sign-in, stable addresses. A plan, outcome or
   * indicator keeps its address for as long as it is public; a report version's never changes.
   */
  publicHome: () => '/public',
  publicPlan: (planId: number, q: PeriodQuery = {}) => `${pub}/plans/${planId}${query(q)}`,
  publicOutcome: (planId: number, code: string, q: PeriodQuery = {}) =>
    `${pub}/plans/${planId}/outcomes/${enc(code)}${query(q)}`,
  publicIndicator: (planId: number, number: string, q: PeriodQuery = {}) =>
    `${pub}/plans/${planId}/indicators/${enc(number)}${query(q)}`,
  publicReports: () => `${pub}/reports`,
  /** kind: 'quarterly' (a quarterly report) or 'plan' (an improvement plan's progress report). */
  publicReport: (kind: string, versionId: number) => `${pub}/reports/${kind}/${versionId}`,
  publicReportFile: (kind: string, versionId: number, format: string) =>
    `${pub}/reports/${kind}/${versionId}/${format}`,
  publicImprovementPlans: () => `${pub}/improvement-plans`,
  publicImprovementPlan: (planId: number) => `${pub}/improvement-plans/${planId}`,
  openData: () => `${pub}/open-data`,
  openDataDictionary: () => `${pub}/open-data/dictionary`,
  /** One table as CSV or JSON ('figures.csv'), or everything public in one zip (openDataZip). */
  openDataFile: (dataset: string, format: 'csv' | 'json') => `${pub}/open-data/${enc(dataset)}.${format}`,
  openDataZip: () => `${pub}/open-data/${OPEN_DATA_ZIP}`,
  publicAccessibility: () => `${pub}/accessibility`,
  /** The performance team's page choosing what is public, and a framework plan's indicators on it. */
  publicSiteManage: () => '/public-site',
  publicSitePlan: (planId: number) => `/public-site/plans/${planId}`,
  publicSiteImprovementPlans: () => '/public-site/improvement-plans',
  publicSiteReports: () => '/public-site/reports',
  publicSiteLicence: () => '/public-site/licence',
} as const;

/** The bulk download's file name. */
export const OPEN_DATA_ZIP = 'open-data.zip';

export type Paths = typeof paths;

/** The route patterns the builders above produce, for registering routes (same file, so they agree). */
export const routePatterns = {
  financeDirectorate: '/finance/directorates/:directorateId',
  financeEntry: '/finance/directorates/:directorateId/entry',
  financeLineDecision: '/finance/lines/:lineId/decision',
  financeUploadMapping: '/finance/uploads/:uploadId',
  plan: '/plans/:planId',
  priority: '/plans/:planId/priorities/:item',
  outcome: '/plans/:planId/outcomes/:item',
  indicator: '/plans/:planId/indicators/:item',
  indicators: '/plans/:planId/indicators',
  dashboard: '/plans/:planId/dashboard',
  matrix: '/plans/:planId/matrix',
  secondFramework: '/plans/:planId/second-framework',
  user: '/admin/users/:userId',
  apiToken: '/admin/api-tokens/:tokenId',
  revokeApiToken: '/admin/api-tokens/:tokenId/revoke',
  indicatorHistory: '/plans/:planId/indicators/:item/history',
  indicatorSpcOptions: '/plans/:planId/framework/indicators/:indicatorId/spc',
  userAssignments: '/admin/users/:userId/assignments',
  round: '/collection/rounds/:roundId',
  lockRound: '/collection/rounds/:roundId/lock',
  reopenRound: '/collection/rounds/:roundId/reopen',
  yourUpdates: '/collection/rounds/:roundId/updates',
  update: '/collection/rounds/:roundId/updates/:indicatorId',
  evidence: '/collection/rounds/:roundId/updates/:indicatorId/evidence',
  evidenceFile: '/collection/rounds/:roundId/updates/:indicatorId/evidence/:evidenceId',
  approvals: '/collection/rounds/:roundId/approvals',
  approval: '/collection/rounds/:roundId/approvals/:indicatorId',
  outcomeRating: '/collection/rounds/:roundId/outcomes/:outcomeId',
  returnSpreadsheet: '/collection/rounds/:roundId/return.xlsx',
  yourAction: '/collection/actions/:actionId',
  roundReminders: '/collection/rounds/:roundId/reminders',
  roundReminder: '/collection/rounds/:roundId/reminders/:reminderId',
  roundReminderSendAgain: '/collection/rounds/:roundId/reminders/:reminderId/send-again',
  actionReminder: '/collection/action-reminders/:reminderId',
  actionReminderSendAgain: '/collection/action-reminders/:reminderId/send-again',
  actionApproval: '/collection/action-approvals/:updateId',
  uploadReturn: '/collection/rounds/:roundId/upload',
  // The framework spreadsheet's upload and download, and the organisation (issue 12).
  frameworkUpload: '/plans/:planId/framework/upload',
  frameworkUploadPreview: '/plans/:planId/framework/uploads/:uploadId',
  frameworkUploadConfirm: '/plans/:planId/framework/uploads/:uploadId/confirm',
  frameworkExport: '/plans/:planId/framework/framework.xlsx',
  newFrameworkUploadPreview: '/frameworks/uploads/:uploadId',
  newFrameworkUploadConfirm: '/frameworks/uploads/:uploadId/confirm',
  directorate: '/admin/directorates/:directorateId',
  newService: '/admin/directorates/:directorateId/services/new',
  service: '/admin/services/:serviceId',
  person: '/admin/people/:personId',
  report: '/reports/:reportId',
  reportText: '/reports/:reportId/texts/:key',
  reportDownload: '/reports/:reportId/download/:format',
  reportPublish: '/reports/:reportId/publish',
  reportVersions: '/reports/:reportId/versions',
  reportVersionFile: '/reports/versions/:versionId/:format',
  reportVersionChanges: '/reports/versions/:versionId/changes',
  improvementPlan: '/improvement-plans/:planId',
  planRecommendation: '/improvement-plans/:planId/recommendations/:item',
  planFinding: '/improvement-plans/:planId/findings/:item',
  planAction: '/improvement-plans/:planId/actions/:item',
  planActionUpdates: '/improvement-plans/:planId/actions/:item/updates',
  planActionOwner: '/improvement-plans/:planId/actions/:item/owner',
  editPlanAction: '/improvement-plans/:planId/actions/:item/edit',
  editImprovementPlan: '/improvement-plans/:planId/edit',
  editPlanTheme: '/improvement-plans/:planId/themes/:item/edit',
  editPlanRecommendation: '/improvement-plans/:planId/recommendations/:item/edit',
  removePlanRecommendation: '/improvement-plans/:planId/recommendations/:item/remove',
  editPlanFinding: '/improvement-plans/:planId/findings/:item/edit',
  removePlanFinding: '/improvement-plans/:planId/findings/:item/remove',
  newPlanRecommendation: '/improvement-plans/:planId/recommendations/new',
  newPlanFinding: '/improvement-plans/:planId/findings/new',
  newPlanAction: '/improvement-plans/:planId/actions/new',
  newPlanReview: '/improvement-plans/:planId/reviews/new',
  planReviewUpdates: '/improvement-plans/:planId/reviews/:item',
  planReport: '/improvement-plans/:planId/report',
  planReportDownload: '/improvement-plans/:planId/report/:item',
  planReportPublish: '/improvement-plans/:planId/published',
  planPublished: '/improvement-plans/:planId/published/:versionId',
  planPublishedFile: '/improvement-plans/:planId/published/:versionId/:format',
  planCoverage: '/improvement-plans/:planId/coverage',
  planCoverageDownload: '/improvement-plans/:planId/coverage/:item',
  planExport: '/improvement-plans/:planId/export.xlsx',
  // Benchmarking (issue 13).
  benchmarking: '/plans/:planId/benchmarking',
  benchmarkingCsv: '/plans/:planId/benchmarking.csv',
  benchmarkingXlsx: '/plans/:planId/benchmarking.xlsx',
  indicatorBenchmark: '/plans/:planId/indicators/:item/benchmark',
  benchmarkGroup: '/benchmarking/groups/:groupId',
  benchmarkGroupRemove: '/benchmarking/groups/:groupId/remove',
  benchmarkImportMapping: '/benchmarking/imports/:importId/mapping',
  benchmarkImport: '/benchmarking/imports/:importId',
  risk: '/risks/:riskId',
  editRisk: '/risks/:riskId/edit',
  riskActions: '/risks/:riskId/actions',
  removeRiskAction: '/risks/:riskId/actions/:riskActionId/remove',
  riskReview: '/collection/rounds/:roundId/risks/:riskId',
  riskApproval: '/collection/risk-approvals/:reviewId',
  publicPlan: '/public/plans/:planId',
  publicOutcome: '/public/plans/:planId/outcomes/:item',
  publicIndicator: '/public/plans/:planId/indicators/:item',
  publicReport: '/public/reports/:kind/:versionId',
  publicReportFile: '/public/reports/:kind/:versionId/:format',
  publicImprovementPlan: '/public/improvement-plans/:planId',
  openDataFile: '/public/open-data/:file',
  publicSitePlan: '/public-site/plans/:planId',
  benchmarkMetric: '/benchmarking/metrics/:metricId',
} as const;
