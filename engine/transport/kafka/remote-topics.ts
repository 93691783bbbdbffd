/**
 * Kafka mode runs chosen activities on remote workers: the same workflow, with `remoteTopic` set on
 * those activities (by convention `orq.tasks.<activityType>`). Machines stay unaware of the
 * transport; the choice is made where the process is composed (cli/kafka-mode.ts).
 */
import { taskTopicFor } from '../../protocol/index.js';
import type { ResolvedActivity, Workflow } from '../../workflow/define-workflow.js';

/** Per machine id: 'all' of its activities, or the names of those to run remotely. */
export type RemoteActivitySelection = Record<string, 'all' | readonly string[]>;

export function withRemoteActivities(
  workflows: readonly Workflow[],
  selection: RemoteActivitySelection,
  topicFor: (activityType: string) => string = taskTopicFor,
): Workflow[] {
  return workflows.map((workflow) => {
    const chosen = selection[workflow.id];
    if (!chosen) return workflow;
    const activities = new Map<string, ResolvedActivity>();
    for (const [name, spec] of workflow.activities) {
      const remote = chosen === 'all' || chosen.includes(name);
      activities.set(
        name,
        remote && !spec.remoteTopic ? { ...spec, remoteTopic: topicFor(name) } : spec,
      );
    }
    return Object.freeze({ ...workflow, activities });
  });
}

/** Every task topic the workflows' remote activities use. */
export function remoteTaskTopics(workflows: readonly Workflow[]): string[] {
  const topics = new Set<string>();
  for (const w of workflows)
    for (const a of w.activities.values()) if (a.remoteTopic) topics.add(a.remoteTopic);
  return [...topics];
}
