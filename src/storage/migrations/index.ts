import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_framework.js';
import * as m0002 from './0002_data_version.js';
import * as m0003 from './0003_access_and_audit.js';
import * as m0004 from './0004_collection.js';
import * as m0005 from './0005_reports.js';
import * as m0006 from './0006_improvement_plans.js';
import * as m0007 from './0007_plan_report_versions.js';
import * as m0008 from './0008_action_update_signoff.js';
import * as m0009 from './0009_plan_part_versions.js';
import * as m0010 from './0010_governance_lock.js';
import * as m0011 from './0011_action_percent_complete.js';
import * as m0012 from './0012_security.js';
import * as m0013 from './0013_framework_cycle.js';
import * as m0014 from './0014_framework_uploads_and_services.js';
import * as m0015 from './0015_session_token_not_null.js';
import * as m0016 from './0016_spc_options.js';
import * as m0017 from './0017_benchmarking.js';
import * as m0020 from './0020_risk_register.js';
import * as m0021 from './0021_budget_monitoring.js';
import * as m0022 from './0022_public.js';
import * as m0023 from './0023_api_tokens.js';

/** Ordered, frozen migrations. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001_framework': m0001,
  '0002_data_version': m0002,
  '0003_access_and_audit': m0003,
  '0004_collection': m0004,
  '0005_reports': m0005,
  '0006_improvement_plans': m0006,
  '0007_plan_report_versions': m0007,
  '0008_action_update_signoff': m0008,
  '0009_plan_part_versions': m0009,
  '0010_governance_lock': m0010,
  '0011_action_percent_complete': m0011,
  '0012_security': m0012,
  '0013_framework_cycle': m0013,
  '0014_framework_uploads_and_services': m0014,
  '0015_session_token_not_null': m0015,
  '0016_spc_options': m0016,
  '0017_benchmarking': m0017,
  '0020_risk_register': m0020,
  '0021_budget_monitoring': m0021,
  '0022_public': m0022,
  '0023_api_tokens': m0023,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
