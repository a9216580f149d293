import { banConcurrentIndexCreationInTransaction } from './ban-concurrent-index-creation-in-transaction';
import { banDropColumn } from './ban-drop-column';
import { banDropTable } from './ban-drop-table';
import { constraintMissingNotValid } from './constraint-missing-not-valid';
import { downWithoutUp } from './down-without-up';
import { duplicateVersion } from './duplicate-version';
import { missingDownMigration } from './missing-down-migration';
import { mixedMigrationFormats } from './mixed-migration-formats';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation';
import { syntaxError } from './syntax-error';
import type { Rule } from './types';
import { unanalysableFile } from './unanalysable-file';
import { updateOrDeleteWithoutWhere } from './update-or-delete-without-where';

/** Every rule, in the order the catalogue lists them: correctness, locking, transactions, data loss, layout. */
export const allRules: Rule[] = [
  syntaxError,
  unanalysableFile,
  requireConcurrentIndexCreation,
  constraintMissingNotValid,
  banConcurrentIndexCreationInTransaction,
  banDropTable,
  banDropColumn,
  updateOrDeleteWithoutWhere,
  missingDownMigration,
  duplicateVersion,
  downWithoutUp,
  mixedMigrationFormats,
];

export const rulesById = new Map(allRules.map((r) => [r.meta.id, r]));
