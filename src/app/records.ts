/**
 * The stored records adapters read, named from the app layer: web and the CLI import these types from
 * here, never from src/storage/.
 */
export type {
  AuditEventRecord,
  CollectionRoundRecord,
  IndicatorRecord,
  IndicatorValueRecord,
  PlanRecord,
  UserRecord,
} from '../storage/schema.js';
export type { EvidenceSummary, RoundIndicator } from '../storage/collection-repository.js';
