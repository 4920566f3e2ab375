/**
 * Kysely table types. Booleans are stored as 0/1 integers and dates as ISO text on both databases, so
 * the same queries and the same row types serve SQLite and PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;
/** Numeric columns come back from `pg` as numbers thanks to the type parsers set in database.ts. */
type Num = number;

export interface CouncilTable {
  id: Id;
  name: string;
  short_name: string;
  /** 'relative' | 'absolute' */
  tolerance_kind: string;
  tolerance_value: Num;
  /** 'none' | 'red-only-if-worse' */
  direction_of_travel: string;
  /** 'worst' | 'predominant' */
  outcome_policy: string;
  /** Which council this is, as a reference_council code (issue 13's benchmarking), e.g. 'OXF'. */
  reference_code: string | null;
  /** The open data licence's name and address (migration 0022); null: the Open Government Licence v3.0. */
  open_data_licence: string | null;
  open_data_licence_url: string | null;
}

export interface DirectorateTable {
  id: Id;
  code: string;
  name: string;
  version: Generated<number>;
}

/** A directorate's service (migration 0014): code unique within the directorate. */
export interface ServiceTable {
  id: Id;
  directorate_id: number;
  code: string;
  name: string;
  position: number;
  version: Generated<number>;
}

/** A named officer (who may own indicators or risks): not a user account. */
export interface PersonTable {
  id: Id;
  name: string;
  email: string | null;
  directorate_id: number | null;
  version: Generated<number>;
  job_title: string | null;
  service_id: number | null;
}

/** A framework spreadsheet checked and waiting for its uploader to confirm it (migration 0014). */
export interface FrameworkUploadTable {
  id: Id;
  /** Null: the upload makes a new plan. */
  plan_id: number | null;
  user_id: number;
  file_name: string;
  file_size: number;
  file_sha256: string;
  /** The checked FrameworkDocument, as JSON. */
  document: string;
  /** JSON array of Problems. */
  warnings: Generated<string>;
  /** SHA-256 of the plan's framework when the file was checked against it. */
  base_sha256: string | null;
  created_at: string;
}

export interface PlanTable {
  id: Id;
  title: string;
  years: string;
  /** Financial-year codes of the first and last year covered, e.g. '2017-18'. */
  first_year: string;
  last_year: string;
  status: string;
  approved_by: string | null;
  approved_on: string | null;
  created_at: ColumnType<string, string, never>;
  version: Generated<number>;
  /** The plan this one was started from ("Start the 2018-19 plan" copies 2017-18). */
  previous_plan_id: number | null;
  submitted_by: string | null;
  submitted_at: string | null;
  /** The approval's minute reference, e.g. "Cabinet 20 March 2018, minute 34/18". */
  approval_minute: string | null;
  /** Who recorded the approval in Cairn, and when (approved_by is the body, e.g. "Cabinet"). */
  approval_recorded_by: string | null;
  approval_recorded_at: string | null;
  /** On the public site and in the open data, as the performance team chose (migration 0022): 0 or 1. */
  public: Generated<number>;
}

export interface PriorityTable {
  id: Id;
  plan_id: number;
  code: string;
  title: string;
  position: number;
  version: Generated<number>;
}

export interface OutcomeTable {
  id: Id;
  plan_id: number;
  priority_id: number;
  code: string;
  title: string;
  directorate_id: number;
  position: number;
  change: string | null;
  change_reason: string | null;
  version: Generated<number>;
  /** The outcome this one continues in the previous plan. */
  previous_outcome_id: number | null;
  /** Retired from an approved plan (ISO date): its figures are kept. */
  retired_on: string | null;
  retired_reason: string | null;
}

export interface IndicatorTable {
  id: Id;
  plan_id: number;
  outcome_id: number;
  number: string;
  title: string;
  definition: string | null;
  unit: string;
  polarity: string;
  frequency: string;
  cumulative: number;
  profile: string | null;
  in_arrears: number;
  tolerance: string | null;
  baseline: string | null;
  trajectory: string | null;
  due_date: string | null;
  /** JSON array of strings. */
  part_labels: string;
  data_source: string | null;
  owner: string | null;
  change: string | null;
  change_reason: string | null;
  position: number;
  version: Generated<number>;
  /** The indicator this one continues in the previous plan: its history and last year's figures follow it. */
  previous_indicator_id: number | null;
  retired_on: string | null;
  retired_reason: string | null;
  /** Statistical process control options as JSON, only what differs from the defaults (migration 0016). */
  spc_options: string | null;
  /** On the public site and in the open data, as the performance team chose (migration 0022): 0 or 1. */
  public: Generated<number>;
}

/** A minor amendment to an approved framework, with its reason (migration 0013). */
export interface FrameworkAmendmentTable {
  id: Id;
  plan_id: number;
  at: string;
  user_id: number | null;
  by_name: string;
  /** 'plan' | 'priority' | 'outcome' | 'indicator' | 'target' */
  entity: string;
  entity_id: number | null;
  /** As a reader finds it, e.g. "Indicator 7". */
  ref: string;
  summary: string;
  reason: string;
}

export interface IndicatorTargetTable {
  id: Id;
  indicator_id: number;
  /** Period code the target applies to: the financial year ('2017-18') or a single period. */
  period_code: string;
  /** As printed, e.g. '>28%'. */
  target_text: string;
}

export interface IndicatorValueTable {
  id: Id;
  indicator_id: number;
  period_code: string;
  actual: Num | null;
  numerator: Num | null;
  denominator: Num | null;
  /** JSON array of numbers for compound targets. */
  parts: string | null;
  milestone_status: string | null;
  commentary: string | null;
  outlook: string | null;
  computed_rating: string | null;
  computed_reason: string | null;
  computed_explanation: string | null;
  manual_rating: string | null;
  /** 'reported' (as published) | 'manual' (set in Cairn) */
  manual_source: string | null;
  manual_reason: string | null;
  manual_set_by: string | null;
  manual_set_at: string | null;
  updated_at: string;
  /** State in the collection round; null for figures loaded before collection (treated as approved). */
  state: string | null;
  /** Increases on every save: a save that names an older version is refused (no silent overwrite). */
  version: Generated<number>;
  submitted_by: number | null;
  submitted_at: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_comment: string | null;
  unusual_note: string | null;
  corrected_at: string | null;
  correction_reason: string | null;
  /** The state an unfinished figure had when its round was locked ('not-reported' since); null otherwise. */
  state_before_lock: string | null;
}

export interface OutcomeRatingTable {
  id: Id;
  outcome_id: number;
  period_code: string;
  rating: string;
  reason: string;
  set_by: string;
  set_at: string;
}

export interface SecondFrameworkTable {
  id: Id;
  plan_id: number;
  name: string;
}

export interface SecondPriorityTable {
  id: Id;
  framework_id: number;
  number: string;
  title: string;
  position: number;
}

export interface OutcomeSecondPriorityTable {
  outcome_id: number;
  second_priority_id: number;
}

export interface RetiredMeasureTable {
  id: Id;
  plan_id: number;
  kind: string;
  title: string;
  directorate: string;
  indicator: string | null;
  target: string | null;
  last_rating: string | null;
  last_reported: string | null;
  reason: string;
}

export interface DataVersionTable {
  id: number;
  version: Num;
}

export interface UserAccountTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string | null;
  /** 'admin' | 'performance' | 'owner' | 'approver' | 'viewer' */
  role: string;
  directorate_id: number | null;
  active: number;
  oidc_subject: string | null;
  created_at: string;
  /** 1 when the password was set by an administrator: it must be changed at next sign-in. */
  password_must_change: Generated<number>;
}

/** An API token (migration 0023): only the SHA-256 of the token is kept. */
export interface ApiTokenTable {
  id: Id;
  name: string;
  /** 'public' | 'read' | 'write' */
  scope: string;
  token_hash: string;
  token_prefix: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
  last_used_at: string | null;
  use_count: Generated<number>;
}

/** The indicators a 'write' token may post values for. */
export interface ApiTokenIndicatorTable {
  token_id: number;
  indicator_id: number;
}

/** One use of an API token. */
export interface ApiTokenUseTable {
  id: Id;
  token_id: number;
  at: string;
  method: string;
  path: string;
  status: number;
  ip: string;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface SignInFailureTable {
  id: Id;
  email: string;
  at: string;
}

export interface AuditEventTable {
  id: Id;
  at: string;
  actor: string;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
  /** 'sha256' (the plain chain) or 'hmac-sha256' (keyed with the audit key); see audit-repository.ts. */
  scheme: Generated<string>;
}

/** An improvement, business or action plan (not the strategy: that is `plan`). */
export interface ImprovementPlanTable {
  id: Id;
  /** 'improvement' | 'business' | 'action' */
  kind: string;
  /** For improvement plans: 'peer-challenge' | 'inspection' | 'audit'. */
  basis: string | null;
  title: string;
  source: string | null;
  organisation: string | null;
  owner: string | null;
  description: string | null;
  strategy_plan_id: number | null;
  created_at: string;
  /** Increased by every change made in the app (migration 0009). */
  version: Generated<number>;
  /** On the public site and in the open data, as the performance team chose (migration 0022): 0 or 1. */
  public: Generated<number>;
}

export interface PlanThemeTable {
  id: Id;
  improvement_plan_id: number;
  code: string;
  title: string;
  position: number;
  version: Generated<number>;
}

export interface RecommendationTable {
  id: Id;
  improvement_plan_id: number;
  theme_id: number | null;
  code: string;
  title: string;
  body: string | null;
  /** JSON array of strings. */
  bullets: string;
  position: number;
  version: Generated<number>;
}

export interface FindingTable {
  id: Id;
  improvement_plan_id: number;
  number: string;
  text: string;
  theme: string | null;
  recommendation_id: number | null;
  position: number;
  version: Generated<number>;
}

export interface ProgressReviewTable {
  id: Id;
  improvement_plan_id: number;
  title: string;
  review_date: string;
  created_at: string;
}

export interface PlanActionTable {
  id: Id;
  improvement_plan_id: number;
  recommendation_id: number | null;
  code: string;
  section: string | null;
  title: string;
  lead_officers: string | null;
  lead_councillor: string | null;
  owner_user_id: number | null;
  target_text: string | null;
  /** ISO date the target falls due (null: ongoing, none, or not understood). */
  target_due: string | null;
  status: string | null;
  status_text: string | null;
  completed_on: string | null;
  /** 0–100, as the council's tracker records it (0010); null when none is recorded. */
  percent_complete: number | null;
  position: number;
  version: Generated<number>;
  updated_at: string;
}

export interface ActionCitationTable {
  action_id: number;
  /** 'finding' | 'recommendation' */
  kind: string;
  ref: string;
}

export interface ActionStrategyLinkTable {
  id: Id;
  action_id: number;
  priority_id: number | null;
  outcome_id: number | null;
  indicator_id: number | null;
}

export interface ActionTagTable {
  action_id: number;
  tag: string;
}

export interface ActionUpdateTable {
  id: Id;
  action_id: number;
  review_id: number | null;
  status: string | null;
  status_text: string | null;
  text: string;
  recorded_by: string;
  recorded_at: string;
  /**
   * 'submitted' | 'approved' | 'returned' (migration 0008) | 'superseded' (replaced by a later update
   * while it waited; a plain text column, so no migration).
   */
  state: Generated<string>;
  submitted_by: number | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_comment: string | null;
}

export interface CollectionRoundTable {
  id: Id;
  plan_id: number;
  period_code: string;
  /** YYYY-MM-DD */
  due_date: string;
  remind_days_before: Generated<number>;
  opened_at: string;
  opened_by: string;
  locked_at: string | null;
  locked_by: string | null;
  /** The last time the performance team reopened the round after a lock, who did, and why. */
  reopened_at: string | null;
  reopened_by: string | null;
  reopen_reason: string | null;
}

export interface IndicatorAssignmentTable {
  indicator_id: number;
  user_id: number;
}

export interface ValueEvidenceTable {
  id: Id;
  indicator_id: number;
  period_code: string;
  /** 'file' | 'link' */
  kind: string;
  name: string;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  content: Buffer | null;
  url: string | null;
  added_by: number;
  added_at: string;
}

/**
 * The columns every reminder outbox has (storage/outbox.ts): a unique key, the email, and how sending
 * went. Each table adds what its reminders are about.
 */
export interface OutboxColumns {
  id: Id;
  key: string;
  kind: string;
  user_id: number;
  recipient: string;
  subject: string;
  body: string;
  created_at: string;
  sent_at: string | null;
  attempts: Generated<number>;
  last_error: string | null;
}

/** The outbox of collection round reminders (migration 0004). */
export interface ReminderTable extends OutboxColumns {
  /** 'due-soon' | 'overdue' | 'approval' | 'digest' */
  kind: string;
  round_id: number;
}

/** The outbox of improvement-plan action reminders (migration 0008). */
export interface ActionReminderTable extends OutboxColumns {
  /** 'action-due' | 'action-approval' */
  kind: string;
  plan_id: number | null;
}

export interface ReportDraftTable {
  id: Id;
  plan_id: number;
  period_code: string;
  /** 'council' | 'priority:CODE' | 'directorate:CODE' */
  scope: string;
  /** JSON: ReportSettings */
  settings: string;
  /** JSON: the edited texts only (achievements, issues, exceptions) */
  texts: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  /** On the public site and in the open data, as the performance team chose (migration 0022): 0 or 1. */
  public: Generated<number>;
}

/** A published report: never changed or deleted (triggers refuse it). */
export interface ReportVersionTable {
  id: Id;
  draft_id: number;
  period_code: string;
  scope: string;
  version: number;
  title: string;
  /** JSON: the document and the figures as published */
  data: string;
  published_by: string;
  published_by_name: string;
  published_at: string;
}

/** A published report's rendered file: never changed or deleted (triggers refuse it). */
export interface ReportFileTable {
  id: Id;
  version_id: number;
  format: string;
  content_type: string;
  file_name: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/** A published progress report of an improvement plan: never changed or deleted (triggers refuse it). */
export interface PlanReportVersionTable {
  id: Id;
  improvement_plan_id: number;
  review_id: number | null;
  /** 'today' or 'review:ID' */
  subject: string;
  version: number;
  title: string;
  /** JSON: the document and the actions as published */
  data: string;
  published_by: string;
  published_by_name: string;
  published_at: string;
}

// ── Benchmarking (issue 13, migration 0017) ──

/** A UK council, past or current, from the shipped reference data (reference/uk-local-authorities). */
export interface ReferenceCouncilTable {
  id: Id;
  /** The registry code, e.g. 'OXF': stable when a council's GSS code changes. */
  code: string;
  gss_code: string | null;
  official_name: string;
  nice_name: string;
  nation: string;
  region: string | null;
  /** e.g. 'CTY', 'UA', 'NMD', 'SCO'. */
  type_code: string;
  type_name: string;
  population: number | null;
  start_date: string | null;
  end_date: string | null;
  /** 1 while the council exists. */
  current: number;
}

export interface ReferenceCouncilNameTable {
  /** A spelling of the name, normalised (domain/benchmark-names.ts nameKey). */
  name_key: string;
  council_id: number;
}

export interface ReferenceCouncilGssTable {
  gss_code: string;
  council_id: number;
}

export interface ComparatorGroupTable {
  id: Id;
  name: string;
  /** 'cipfa' | 'family' | 'statistical' | 'custom' */
  kind: string;
  subject_council_id: number | null;
  service: string | null;
  family: string | null;
  source: string | null;
  version: Generated<number>;
  created_at: string;
}

export interface ComparatorGroupVersionTable {
  id: Id;
  group_id: number;
  valid_from: string;
  source_file: string | null;
  recorded_at: string;
  recorded_by: string;
}

export interface ComparatorGroupMemberTable {
  version_id: number;
  position: number;
  council_id: number;
}

export interface BenchmarkMetricTable {
  id: Id;
  source: string;
  code: string;
  title: string;
  /** 'higher' | 'lower' | 'middle' */
  polarity: string;
  /** 'number' | 'percent' | 'currency' | 'rate' */
  unit: string;
  version: Generated<number>;
}

export interface BenchmarkValueTable {
  metric_id: number;
  period_code: string;
  council_id: number;
  value: Num;
  numerator: Num | null;
  denominator: Num | null;
}

export interface BenchmarkAverageTable {
  metric_id: number;
  period_code: string;
  label: string;
  value: Num;
}

export interface BenchmarkMappingTable {
  source: string;
  mapping: string;
  saved_at: string;
  saved_by: string;
}

export interface IndicatorBenchmarkTable {
  indicator_id: number;
  metric_id: number;
  /** 'nation' | 'type' | 'region' | 'group:<id>' */
  comparison: string;
  version: Generated<number>;
  linked_at: string;
  linked_by: string;
}

export interface BenchmarkImportTable {
  id: Id;
  kind: string;
  source: string;
  file_name: string;
  content: Buffer | null;
  mapping: string | null;
  status: string;
  bytes_total: number;
  bytes_done: Generated<number>;
  rows_done: Generated<number>;
  result: string | null;
  created_at: string;
  created_by: number | null;
  finished_at: string | null;
}

/** The council's risk matrix (issue 14, 0020): domain/risk.ts's RiskMatrix as JSON. */
export interface RiskMatrixTable {
  id: Id;
  council_id: number;
  matrix: string;
  version: Generated<number>;
}

export interface RiskTable {
  id: Id;
  /** e.g. "CR1": unique in the register. */
  reference: string;
  /** 'corporate' | 'directorate' */
  kind: string;
  title: string;
  cause: string | null;
  event: string | null;
  effect: string | null;
  category: string;
  owner_user_id: number | null;
  directorate_id: number | null;
  /** ISO date of its next review. */
  review_date: string | null;
  inherent_likelihood: number;
  inherent_impact: number;
  residual_likelihood: number;
  residual_impact: number;
  target_likelihood: number;
  target_impact: number;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A priority or an outcome (one of the two) a risk threatens. */
export interface RiskLinkTable {
  id: Id;
  risk_id: number;
  priority_id: number | null;
  outcome_id: number | null;
}

export interface RiskControlTable {
  id: Id;
  risk_id: number;
  description: string;
  position: number;
}

export interface RiskActionTable {
  id: Id;
  risk_id: number;
  description: string;
  due_date: string | null;
  plan_action_id: number | null;
  position: number;
}

/** A quarter's review of a risk, signed off as figures are. */
export interface RiskReviewTable {
  id: Id;
  risk_id: number;
  period_code: string;
  round_id: number | null;
  likelihood: number;
  impact: number;
  /** The risk's residual score before this review (set when it is decided). */
  previous_likelihood: number | null;
  previous_impact: number | null;
  /** 'up' | 'down' | 'same' | 'new' */
  direction: string;
  commentary: string;
  /** 'yes' | 'partly' | 'no' */
  controls_effective: string;
  /** 'submitted' | 'approved' | 'returned' | 'superseded' */
  state: string;
  recorded_by: string;
  recorded_at: string;
  submitted_by: number | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_comment: string | null;
}

/** The council's variance tolerance (migration 0021), in basis points (100 = 1%). */
export interface FinanceSettingsTable {
  id: Id;
  council_id: number;
  red_overspend_bp: number;
  amber_overspend_bp: number;
  material_underspend_bp: number | null;
  savings_red_shortfall_bp: number;
  version: Generated<number>;
  updated_by: string;
  updated_at: string;
}

/** A directorate's (or one of its services') budget and forecast outturn for a quarter, in pence. */
export interface BudgetLineTable {
  id: Id;
  /** A quarter's code, e.g. '2017-18-Q2'. */
  period: string;
  directorate_id: number;
  /** Null: directorate-wide. */
  service_id: number | null;
  budget: number;
  forecast: number;
  commentary: Generated<string>;
  /** 'upload' | 'entry' */
  source: string;
  /** 'approved' | 'submitted' | 'returned' */
  status: string;
  entered_by: string;
  entered_at: string;
  approved_by: string | null;
  approved_at: string | null;
  version: Generated<number>;
  position: number;
}

/** A saving in a directorate's programme for a quarter: target and forecast delivered, in pence. */
export interface SavingsLineTable {
  id: Id;
  period: string;
  directorate_id: number;
  reference: Generated<string>;
  title: string;
  target: number;
  forecast: number;
  commentary: Generated<string>;
  position: number;
}

/** The last finance file loaded for a quarter and kind ('budget' | 'savings'). */
export interface FinanceLoadTable {
  id: Id;
  period: string;
  kind: string;
  file_name: string;
  line_count: number;
  loaded_by: string;
  loaded_at: string;
  version: Generated<number>;
}

/** A finance file read in the browser, waiting for its columns to be chosen. */
export interface FinanceUploadTable {
  id: Id;
  user_id: number;
  kind: string;
  period: string;
  file_name: string;
  sheet: string;
  /** JSON: string[] */
  headers: string;
  header_row: number;
  /** JSON: { row: number; cells: string[] }[] */
  rows: string;
  base_version: number;
  created_at: string;
}

export interface Database {
  collection_round: CollectionRoundTable;
  indicator_assignment: IndicatorAssignmentTable;
  value_evidence: ValueEvidenceTable;
  reminder: ReminderTable;
  action_reminder: ActionReminderTable;
  improvement_plan: ImprovementPlanTable;
  plan_theme: PlanThemeTable;
  recommendation: RecommendationTable;
  finding: FindingTable;
  progress_review: ProgressReviewTable;
  plan_action: PlanActionTable;
  action_citation: ActionCitationTable;
  action_strategy_link: ActionStrategyLinkTable;
  action_tag: ActionTagTable;
  action_update: ActionUpdateTable;
  data_version: DataVersionTable;
  user_account: UserAccountTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  api_token_indicator: ApiTokenIndicatorTable;
  api_token_use: ApiTokenUseTable;
  sign_in_failure: SignInFailureTable;
  audit_event: AuditEventTable;
  council: CouncilTable;
  directorate: DirectorateTable;
  service: ServiceTable;
  person: PersonTable;
  framework_upload: FrameworkUploadTable;
  plan: PlanTable;
  priority: PriorityTable;
  outcome: OutcomeTable;
  indicator: IndicatorTable;
  indicator_target: IndicatorTargetTable;
  indicator_value: IndicatorValueTable;
  outcome_rating: OutcomeRatingTable;
  second_framework: SecondFrameworkTable;
  second_priority: SecondPriorityTable;
  outcome_second_priority: OutcomeSecondPriorityTable;
  retired_measure: RetiredMeasureTable;
  framework_amendment: FrameworkAmendmentTable;
  report_draft: ReportDraftTable;
  report_version: ReportVersionTable;
  report_file: ReportFileTable;
  plan_report_version: PlanReportVersionTable;
  /** Same columns as report_file; version_id points at plan_report_version. */
  plan_report_file: ReportFileTable;
  reference_council: ReferenceCouncilTable;
  reference_council_name: ReferenceCouncilNameTable;
  reference_council_gss: ReferenceCouncilGssTable;
  comparator_group: ComparatorGroupTable;
  comparator_group_version: ComparatorGroupVersionTable;
  comparator_group_member: ComparatorGroupMemberTable;
  benchmark_metric: BenchmarkMetricTable;
  benchmark_value: BenchmarkValueTable;
  benchmark_average: BenchmarkAverageTable;
  benchmark_mapping: BenchmarkMappingTable;
  indicator_benchmark: IndicatorBenchmarkTable;
  benchmark_import: BenchmarkImportTable;
  risk_matrix: RiskMatrixTable;
  risk: RiskTable;
  risk_link: RiskLinkTable;
  risk_control: RiskControlTable;
  risk_action: RiskActionTable;
  risk_review: RiskReviewTable;
  finance_settings: FinanceSettingsTable;
  budget_line: BudgetLineTable;
  savings_line: SavingsLineTable;
  finance_load: FinanceLoadTable;
  finance_upload: FinanceUploadTable;
}

export type PlanRecord = Selectable<PlanTable>;
export type ApiTokenRecord = Selectable<ApiTokenTable>;
export type IndicatorRecord = Selectable<IndicatorTable>;
export type PriorityRecord = Selectable<PriorityTable>;
export type OutcomeRecord = Selectable<OutcomeTable>;
export type FrameworkAmendmentRecord = Selectable<FrameworkAmendmentTable>;
export type FrameworkUploadRecord = Selectable<FrameworkUploadTable>;
export type DirectorateRecord = Selectable<DirectorateTable>;
export type ServiceRecord = Selectable<ServiceTable>;
export type PersonRecord = Selectable<PersonTable>;
export type IndicatorValueRecord = Selectable<IndicatorValueTable>;
export type NewIndicatorValue = Insertable<IndicatorValueTable>;
export type IndicatorValueUpdate = Updateable<IndicatorValueTable>;
export type UserRecord = Selectable<UserAccountTable>;
export type AuditEventRecord = Selectable<AuditEventTable>;
export type CollectionRoundRecord = Selectable<CollectionRoundTable>;
export type ReminderRecord = Selectable<ReminderTable>;
export type ImprovementPlanRecord = Selectable<ImprovementPlanTable>;
export type PlanActionRecord = Selectable<PlanActionTable>;
export type ReferenceCouncilRecord = Selectable<ReferenceCouncilTable>;
export type BenchmarkMetricRecord = Selectable<BenchmarkMetricTable>;
export type ComparatorGroupRecord = Selectable<ComparatorGroupTable>;
export type BenchmarkImportRecord = Selectable<BenchmarkImportTable>;
export type RiskRecord = Selectable<RiskTable>;
export type RiskReviewRecord = Selectable<RiskReviewTable>;
export type FinanceSettingsRecord = Selectable<FinanceSettingsTable>;
export type BudgetLineRecord = Selectable<BudgetLineTable>;
export type SavingsLineRecord = Selectable<SavingsLineTable>;
export type FinanceLoadRecord = Selectable<FinanceLoadTable>;
export type FinanceUploadRecord = Selectable<FinanceUploadTable>;
