import { addingFieldWithDefault } from './adding-field-with-default';
import { addingNotNullableField } from './adding-not-nullable-field';
import { addingRequiredField } from './adding-required-field';
import { addingSerialOrGeneratedColumn } from './adding-serial-or-generated-column';
import { banAddExclusionConstraint } from './ban-add-exclusion-constraint';
import { banAlterDomainWithAddConstraint } from './ban-alter-domain-with-add-constraint';
import { banAlterEnumAddValueInTransaction } from './ban-alter-enum-add-value-in-transaction';
import { banCharField } from './ban-char-field';
import { banConcurrentIndexCreationInTransaction } from './ban-concurrent-index-creation-in-transaction';
import { banDropColumn } from './ban-drop-column';
import { banDropDatabase } from './ban-drop-database';
import { banDropDefault } from './ban-drop-default';
import { banDropNotNull } from './ban-drop-not-null';
import { banDropSchema } from './ban-drop-schema';
import { banDropTable } from './ban-drop-table';
import { banEnumValueUseInSameTransaction } from './ban-enum-value-use-in-same-transaction';
import { banLockTable } from './ban-lock-table';
import { banSetLoggedUnlogged } from './ban-set-logged-unlogged';
import { banTruncate } from './ban-truncate';
import { banTruncateCascade } from './ban-truncate-cascade';
import { banUncommittedTransaction } from './ban-uncommitted-transaction';
import { banVacuumFullAndCluster } from './ban-vacuum-full-and-cluster';
import { bulkInsert } from './bulk-insert';
import { changingColumnType } from './changing-column-type';
import { combineAlterTable } from './combine-alter-table';
import { constraintMissingNotValid } from './constraint-missing-not-valid';
import { disallowedUniqueConstraint } from './disallowed-unique-constraint';
import { djangoDuplicateMigrationNumber } from './django-duplicate-migration-number';
import { djangoMultipleLeafNodes } from './django-multiple-leaf-nodes';
import { djangoRunpythonWithoutReverse } from './django-runpython-without-reverse';
import { djangoRunsqlWithoutReverse } from './django-runsql-without-reverse';
import { downWithoutUp } from './down-without-up';
import { duplicateVersion } from './duplicate-version';
import { enumValueOrder } from './enum-value-order';
import { foreignKeyWithoutIndex } from './foreign-key-without-index';
import { identifierTooLong } from './identifier-too-long';
import { missingDownMigration } from './missing-down-migration';
import { downDoesNotUndoUp } from './down-does-not-undo-up';
import { downDestroysData } from './down-destroys-data';
import { missingParent } from './missing-parent';
import { mixedDataAndSchemaChanges } from './mixed-data-and-schema-changes';
import { mixedMigrationFormats } from './mixed-migration-formats';
import { multipleHeads } from './multiple-heads';
import { notAnalysed } from './not-analysed';
import { ormInMigration } from './orm-in-migration';
import { primaryKeyOnNullableColumn } from './primary-key-on-nullable-column';
import { preferBigintOverInt } from './prefer-bigint-over-int';
import { preferBigintOverSmallint } from './prefer-bigint-over-smallint';
import { preferIdentity } from './prefer-identity';
import { preferJsonb } from './prefer-jsonb';
import { preferRobustStmts } from './prefer-robust-stmts';
import { preferTextField } from './prefer-text-field';
import { preferTimestamptz } from './prefer-timestamptz';
import { renamingColumn } from './renaming-column';
import { renamingSchema } from './renaming-schema';
import { renamingTable } from './renaming-table';
import { requireCheckBeforeAttachPartition } from './require-check-before-attach-partition';
import { requireConcurrentDetachPartition } from './require-concurrent-detach-partition';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation';
import { requireConcurrentIndexDeletion } from './require-concurrent-index-deletion';
import { requireConcurrentRefreshMaterializedView } from './require-concurrent-refresh-materialized-view';
import { requireConcurrentReindex } from './require-concurrent-reindex';
import { requireTimeoutSettings } from './require-timeout-settings';
import { revisionCycle } from './revision-cycle';
import { syntaxError } from './syntax-error';
import { transactionNesting } from './transaction-nesting';
import { triggerChangeOnExistingTable } from './trigger-change-on-existing-table';
import type { Rule } from './types';
import { unanalysableFile } from './unanalysable-file';
import { unbatchedBackfill } from './unbatched-backfill';
import { updateOrDeleteWithoutWhere } from './update-or-delete-without-where';
import { wideLockWindow } from './wide-lock-window';

/** Every rule, in the order the catalogue lists them: correctness, locking, transactions, data loss, layout. */
export const allRules: Rule[] = [
  syntaxError,
  unanalysableFile,
  notAnalysed,
  requireConcurrentIndexCreation,
  constraintMissingNotValid,
  disallowedUniqueConstraint,
  primaryKeyOnNullableColumn,
  foreignKeyWithoutIndex,
  addingNotNullableField,
  changingColumnType,
  addingFieldWithDefault,
  addingSerialOrGeneratedColumn,
  addingRequiredField,
  requireConcurrentIndexDeletion,
  requireConcurrentReindex,
  requireConcurrentRefreshMaterializedView,
  banVacuumFullAndCluster,
  requireConcurrentDetachPartition,
  requireCheckBeforeAttachPartition,
  banSetLoggedUnlogged,
  banAlterDomainWithAddConstraint,
  banAddExclusionConstraint,
  banLockTable,
  triggerChangeOnExistingTable,
  wideLockWindow,
  combineAlterTable,
  requireTimeoutSettings,
  banConcurrentIndexCreationInTransaction,
  transactionNesting,
  banUncommittedTransaction,
  banAlterEnumAddValueInTransaction,
  banEnumValueUseInSameTransaction,
  banDropTable,
  banDropColumn,
  banDropDatabase,
  banDropSchema,
  banTruncate,
  banTruncateCascade,
  renamingTable,
  renamingColumn,
  renamingSchema,
  banDropNotNull,
  banDropDefault,
  updateOrDeleteWithoutWhere,
  unbatchedBackfill,
  mixedDataAndSchemaChanges,
  ormInMigration,
  bulkInsert,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferTextField,
  banCharField,
  preferTimestamptz,
  preferJsonb,
  identifierTooLong,
  preferRobustStmts,
  enumValueOrder,
  missingDownMigration,
  downDoesNotUndoUp,
  downDestroysData,
  djangoRunsqlWithoutReverse,
  djangoRunpythonWithoutReverse,
  duplicateVersion,
  multipleHeads,
  djangoMultipleLeafNodes,
  djangoDuplicateMigrationNumber,
  missingParent,
  revisionCycle,
  downWithoutUp,
  mixedMigrationFormats,
];

export const rulesById = new Map(allRules.map((r) => [r.meta.id, r]));
