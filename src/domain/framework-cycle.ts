/**
 * The framework's yearly cycle (issue 12), as pure rules. A plan is a draft (changed freely), then
 * submitted for approval (read-only until approved, or returned to draft), then approved — after
 * which every change is a minor amendment under delegated authority and needs a reason, which is
 * listed with the plan and in the quarterly report's framework-changes section.
 */
import type { PlanStatus } from './vocabulary.js';
import type { Problem } from './problem.js';

export const PLAN_STATUS_LABEL: Record<PlanStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted for approval',
  approved: 'Approved',
};

export function isPlanStatus(value: unknown): value is PlanStatus {
  return value === 'draft' || value === 'submitted' || value === 'approved';
}

/**
 * Whether the framework of a plan in this status may be changed, and on what terms: freely (draft),
 * not at all (submitted: return it to draft first), or only as a minor amendment with a reason.
 */
export type EditTerms = 'free' | 'locked' | 'amendment';

export function editTerms(status: string): EditTerms {
  if (status === 'submitted') return 'locked';
  if (status === 'approved') return 'amendment';
  return 'free';
}

/**
 * Checks that a change to a plan's framework may be made: refused while the plan awaits approval, and
 * refused without a reason once it is approved. `field` names the form's reason field.
 */
export function checkFrameworkEdit(
  status: string,
  reason: string | null | undefined,
  field = 'reason',
): Problem[] {
  const terms = editTerms(status);
  if (terms === 'locked')
    return [
      {
        message:
          'This framework has been submitted for approval, so it cannot be changed. Return it to draft first.',
      },
    ];
  if (terms === 'amendment' && !reason?.trim())
    return [
      {
        field,
        message:
          'This framework has been approved, so a change is a minor amendment: enter the reason for it.',
      },
    ];
  return [];
}
