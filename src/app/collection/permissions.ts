/**
 * Who may do what with one indicator's figure in a collection round — checked in the use cases, so
 * every way in (the web, the spreadsheet, the CLI) gets the same answer. Routes check the role
 * (app/access/roles.ts); these check the thing itself, so changing an id in a URL or a form gains
 * nothing.
 */
import type { SignedInUser } from '../access/sessions.js';
import { CairnError } from '../errors.js';
import { isAssigned } from '../../storage/collection-repository.js';
import type { Db } from '../../storage/transaction.js';

export type Collector = Pick<SignedInUser, 'id' | 'name' | 'role' | 'directorateId'>;

/** The performance team and administrators run collection and may enter or correct any figure. */
export const runsCollection = (u: Collector) => u.role === 'admin' || u.role === 'performance';

/** May enter this indicator's figure: it is assigned to them, or they run collection. */
export async function mayEnter(db: Db, u: Collector, indicatorId: number): Promise<boolean> {
  const asked = assignmentToCheck(u);
  return mayEnterGiven(u, asked !== null && (await isAssigned(db, asked, indicatorId)));
}

/** Whose assignment decides whether `u` may enter a figure: their own, or nobody's (null). */
export function assignmentToCheck(u: Collector): number | null {
  return !runsCollection(u) && (u.role === 'owner' || u.role === 'approver') ? u.id : null;
}

/** `mayEnter`, once whether the figure is assigned to them (`assignmentToCheck`) is known. */
export function mayEnterGiven(u: Collector, assigned: boolean): boolean {
  if (runsCollection(u)) return true;
  if (u.role !== 'owner' && u.role !== 'approver') return false;
  return assigned;
}

/** May approve or return this figure: an approver of the outcome's directorate, or collection's runners. */
export function mayReview(u: Collector, directorateId: number): boolean {
  if (runsCollection(u)) return true;
  return u.role === 'approver' && u.directorateId !== null && u.directorateId === directorateId;
}

/** The same answer for "no such indicator" and "not yours", so ids cannot be probed. */
export const notYours = () =>
  new CairnError('NOT_FOUND', 'There is no update here for you. It may have been assigned to someone else.');
