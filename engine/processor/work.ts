/** A unit of work for the processor: one envelope, and who waits for its commit. */
import type { Envelope } from '../types.js';
import type { StepVerdict } from '../step/step-types.js';
import type { Workflow } from '../workflow/define-workflow.js';

export interface StartSpec {
  workflow: Workflow;
  businessKey: string | null;
  input: unknown;
}

export interface WorkOutcome {
  verdict: StepVerdict | 'duplicate' | 'existing';
  instanceId: string;
  machine?: string;
  reason?: string;
}

export interface Work {
  envelope: Envelope;
  start?: StartSpec;
  attempts: number;
  resolve(outcome: WorkOutcome): void;
  reject(err: unknown): void;
}
