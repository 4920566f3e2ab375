/**
 * Roles and the one written access policy. Every route declares which access it needs; the server
 * checks it on every request (src/web/access.ts), and a test walks every route with every role.
 */
export const ROLES = ['admin', 'performance', 'owner', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administrator',
  performance: 'Performance team',
  owner: 'Data owner',
  approver: 'Approver',
  viewer: 'Viewer (councillor)',
};

export const ROLE_HINT: Record<Role, string> = {
  admin: 'Manages users, roles and assignments, and everything the performance team can do.',
  performance: 'Runs collection rounds, locks periods, imports figures and produces reports.',
  owner: 'Updates the indicators and actions assigned to them or their service.',
  approver: 'Approves or returns the updates of their directorate, and sets outcome ratings.',
  viewer: 'Reads everything internal: dashboards, indicators, outcomes.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What a route needs. `public`: anyone, signed in or not (sign-in page, stylesheet, health).
 * `signed-in`: anyone signed in (their own account). `read-internal`: the internal performance pages.
 * `manage-users`: user administration. `collect`, `review`, `run-collection`: the collection round.
 * `manage-reports`: create, edit, download and publish quarterly
 * reports (the performance team). Published versions are read with `read-internal`: everyone who may
 * read the internal pages may read and download what was published, and see what has changed since.
 * `manage-plans`: creating and changing improvement, business and action plans (their
 * recommendations, findings, actions, reviews and updates). `manage-framework`, `approve-framework`
 * and `manage-organisation`: the framework's yearly cycle in the app (issue 12). `manage-benchmarking`:
 * importing other councils' figures and comparator groups, and linking indicators to them (issue 13).
 */
export const ACCESS = {
  public: null,
  'signed-in': [...ROLES],
  'read-internal': ['admin', 'performance', 'owner', 'approver', 'viewer'],
  'manage-users': ['admin'],
  /** Entering figures in a collection round ("Your updates"); which figures is checked per indicator. */
  collect: ['admin', 'performance', 'owner', 'approver'],
  /** Approving or returning submitted figures, and rating outcomes; which ones is checked per directorate. */
  review: ['admin', 'performance', 'approver'],
  /**
   * Opening, following and locking collection rounds; importing figures; correcting after a lock; the
   * reminder emails (seeing what was sent, and sending again one given up on).
   */
  'run-collection': ['admin', 'performance'],
  'manage-reports': ['admin', 'performance'],
  'manage-plans': ['admin', 'performance'],
  /**
   * The strategy framework (issue 12): starting next year's plan, changing priorities, outcomes,
   * indicators and targets, uploading the framework spreadsheet, submitting a draft for approval.
   */
  'manage-framework': ['admin', 'performance'],
  /**
   * Reading the framework pages (every plan with its status, a plan's framework with what changed,
   * its amendments): those who manage the framework, and approvers, who read a submitted plan before
   * recording its approval. Data owners and viewers read only approved plans, on the performance pages.
   */
  'read-framework': ['admin', 'performance', 'approver'],
  /** Recording that a submitted framework was approved (e.g. by Cabinet), or returning it to draft. */
  'approve-framework': ['admin', 'approver'],
  /** Directorates, services and people (the organisation behind the framework). */
  'manage-organisation': ['admin'],
  /** Benchmarking (issue 13): comparator groups, other councils' figures, an indicator's national metric. */
  'manage-benchmarking': ['admin', 'performance'],
  /**
   * The risk register (issue 14): adding and changing risks, their further actions, importing the
   * register. Everyone who reads the internal pages reads it (a data owner only the risks they own).
   */
  'manage-risks': ['admin', 'performance'],
  /** The council's risk matrix: its size, labels and bands. */
  'configure-risks': ['admin'],
  /**
   * Budget monitoring (issue 14): loading the finance system's export and setting the council's variance
   * tolerance. Everyone who reads the internal pages reads the budget monitoring pages.
   */
  'manage-finance': ['admin', 'performance'],
  /** Issuing, revoking and following the use of API tokens (issue 15). */
  'manage-api-tokens': ['admin'],
  /**
   * The HTTP API and the OData feed (issue 15): no session and no CSRF token — the bearer token is
   * checked by web/features/api/auth.ts against the route's scope (public data, internal read, write).
   */
  api: null,
} as const satisfies Record<string, readonly Role[] | null>;

export type Access = keyof typeof ACCESS;

export function allows(access: Access, role: Role | null): boolean {
  const roles = ACCESS[access];
  if (roles === null) return true;
  return role !== null && (roles as readonly Role[]).includes(role);
}
