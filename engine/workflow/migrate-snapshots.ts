/**
 * Moving running instances to a new workflow version. The target version declares
 * `migration: { fromVersion, migrate(snapshot) }`; each instance's snapshot is migrated and then
 * restored with the new machine, which proves it loads. A dry run reports what would happen and
 * writes nothing. Pure: the engine does the reading and writing.
 */
import { createActor } from 'xstate';
import { OrqError, serializeError, type SerializedError } from '../errors.js';
import type { PersistedSnapshot, Workflow } from './define-workflow.js';

export interface SnapshotMigrationResult {
  instanceId: string;
  ok: boolean;
  /** The migrated snapshot's state value, when it loads. */
  value?: unknown;
  error?: SerializedError;
  snapshot?: PersistedSnapshot;
}

export function migrateSnapshot(
  target: Workflow,
  fromVersion: number,
  instanceId: string,
  snapshot: PersistedSnapshot,
): SnapshotMigrationResult {
  const migration = target.migration;
  if (!migration || migration.fromVersion !== fromVersion) {
    throw new OrqError('ORQ_ERR_MIGRATION_FAILED', {
      machine: target.id,
      from: fromVersion,
      to: target.version,
      detail: `version ${target.version} declares no migration from version ${fromVersion}`,
    });
  }
  try {
    const migrated = migration.migrate(structuredClone(snapshot));
    const actor = createActor(target.machine, { snapshot: migrated as never });
    const restored = actor.getSnapshot() as { status: string; value: unknown };
    if (restored.status === 'error') throw new Error('the migrated snapshot does not restore');
    return { instanceId, ok: true, value: restored.value, snapshot: migrated };
  } catch (err) {
    return {
      instanceId,
      ok: false,
      error: {
        code: 'ORQ_ERR_MIGRATION_FAILED',
        message: `Snapshot migration of ${target.id} from version ${fromVersion} to ${target.version} failed: ${serializeError(err).message}`,
        details: { instanceId },
      },
    };
  }
}
