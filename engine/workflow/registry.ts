/** Versioned workflows by id. An instance stays on the version it started with. */
import { OrqError } from '../errors.js';
import type { Workflow } from './define-workflow.js';

export class WorkflowRegistry {
  readonly #byId = new Map<string, Map<number, Workflow>>();

  register(workflow: Workflow): void {
    const versions = this.#byId.get(workflow.id) ?? new Map<number, Workflow>();
    if (versions.has(workflow.version)) {
      throw new OrqError('ORQ_ERR_WORKFLOW_DUPLICATE', {
        machine: workflow.id,
        version: workflow.version,
      });
    }
    versions.set(workflow.version, workflow);
    this.#byId.set(workflow.id, versions);
  }

  /** The given version, or the latest when none is given. Throws when missing. */
  get(id: string, version?: number): Workflow {
    const versions = this.#byId.get(id);
    if (!versions) throw new OrqError('ORQ_ERR_MACHINE_NOT_FOUND', { machine: id });
    const wanted = version ?? Math.max(...versions.keys());
    const workflow = versions.get(wanted);
    if (!workflow)
      throw new OrqError('ORQ_ERR_MACHINE_VERSION_NOT_FOUND', { machine: id, version: wanted });
    return workflow;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  versions(id: string): number[] {
    return [...(this.#byId.get(id)?.keys() ?? [])].sort((a, b) => a - b);
  }

  ids(): string[] {
    return [...this.#byId.keys()].sort();
  }

  all(): Workflow[] {
    return [...this.#byId.values()].flatMap((v) => [...v.values()]);
  }
}
