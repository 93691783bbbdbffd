/**
 * Stable paths for the actors of one instance: '' is the root, 'kid' an invoked or spawned child,
 * 'kid/grandkid' deeper. Timers and activities are stored by path, because actor session ids
 * change on every restore.
 */
import type { AnyActorRef } from 'xstate';

export interface ActorTree {
  byPath: Map<string, AnyActorRef>;
  pathOf: Map<AnyActorRef, string>;
}

export function actorTree(root: AnyActorRef): ActorTree {
  const byPath = new Map<string, AnyActorRef>();
  const pathOf = new Map<AnyActorRef, string>();
  const visit = (ref: AnyActorRef, path: string): void => {
    byPath.set(path, ref);
    pathOf.set(ref, path);
    const snapshot = ref.getSnapshot() as { children?: Record<string, AnyActorRef | undefined> };
    for (const [id, child] of Object.entries(snapshot.children ?? {})) {
      if (child) visit(child, path ? `${path}/${id}` : id);
    }
  };
  visit(root, '');
  return { byPath, pathOf };
}
