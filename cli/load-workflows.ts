/**
 * The shipped workflows, then every workflow exported by the modules of ORQ_MACHINES (a folder of
 * .ts or .js files), so users add their own without editing the product.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Workflow } from '../engine/index.js';
import { shippedWorkflows } from '../machines/index.js';

function isWorkflow(value: unknown): value is Workflow {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Workflow).id === 'string' &&
    typeof (value as Workflow).version === 'number' &&
    typeof (value as Workflow).machine === 'object'
  );
}

export async function loadWorkflows(machinesDir: string | null): Promise<Workflow[]> {
  const workflows: Workflow[] = [...shippedWorkflows];
  if (!machinesDir) return workflows;
  const files = (await readdir(machinesDir, { recursive: true }))
    .map(String)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !/\.(test|d)\.(ts|js)$/.test(f))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(machinesDir, file)).href)) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(mod)) if (isWorkflow(value)) workflows.push(value);
  }
  return workflows;
}
