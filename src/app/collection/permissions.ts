/**
 * Who may do what with one indicator's figure in a collection round — checked in the use cases, so
 * every way in (the web, the spreadsheet, the CLI) gets the same answer. Routes check the role
 * (app/access/roles.ts); these check the thing itself, so changing an id in a URL or a form gains
 * nothing.
 */
import type { SignedInUser } from '../access/sessions.js';
import { CairnError } from '../errors.js';
import { isAssigned } from '../../storage/collection-repository.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';

export type Collector = Pick<SignedInUser, 'id' | 'name' | 'role' | 'directorateId'>;

/** The performance team and administrators run collection and may enter or correct any figure. */
export const runsCollection = (u: Collector) => u.role === 'admin' || u.role === 'performance';

/** May enter this indicator's figure: it is assigned to them, or they run collection. */
export async function mayEnter(db: Kysely<Database>, u: Collector, indicatorId: number): Promise<boolean> {
  if (runsCollection(u)) return true;
  if (u.role !== 'owner' && u.role !== 'approver') return false;
  return isAssigned(db, u.id, indicatorId);
}

/** May approve or return this figure: an approver of the outcome's directorate, or collection's runners. */
export function mayReview(u: Collector, directorateId: number): boolean {
  if (runsCollection(u)) return true;
  return u.role === 'approver' && u.directorateId !== null && u.directorateId === directorateId;
}

/** The same answer for "no such indicator" and "not yours", so ids cannot be probed. */
export const notYours = () =>
  new CairnError('NOT_FOUND', 'There is no update here for you. It may have been assigned to someone else.');
