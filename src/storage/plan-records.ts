/**
 * A plan as it is read (plan-reading.ts) and saved (plans-repository.ts): its actions with what they
 * cite, support and are tagged with, and their updates. Shared by both, so neither imports the other.
 */
import type { StrategyRef } from '../domain/plans/document.js';
import type { ActionStatus } from '../domain/plans/status.js';
import type { ImprovementPlanRecord } from './schema.js';

export interface PlanAction {
  id: number;
  code: string;
  recommendationId: number | null;
  section: string | null;
  title: string;
  leadOfficers: string | null;
  leadCouncillor: string | null;
  ownerUserId: number | null;
  ownerName: string | null;
  ownerEmail: string | null;
  targetText: string | null;
  targetDue: string | null;
  status: ActionStatus | null;
  statusText: string | null;
  completedOn: string | null;
  version: number;
  updatedAt: string;
  findings: string[];
  recommendations: string[];
  tags: string[];
  supports: { kind: StrategyRef['kind']; id: number; code: string; title: string }[];
}

export interface ActionUpdate {
  id: number;
  actionId: number;
  reviewId: number | null;
  status: ActionStatus | null;
  statusText: string | null;
  text: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PlanData {
  plan: ImprovementPlanRecord & { strategyTitle: string | null };
  themes: { id: number; code: string; title: string }[];
  recommendations: {
    id: number;
    code: string;
    themeId: number | null;
    title: string;
    body: string | null;
    bullets: string[];
  }[];
  findings: {
    id: number;
    number: string;
    text: string;
    theme: string | null;
    recommendationId: number | null;
  }[];
  reviews: { id: number; title: string; date: string }[];
  actions: PlanAction[];
  /** Updates by action id, oldest first; only when asked for. */
  updates: Map<number, ActionUpdate[]>;
}
