/** Validates start inputs and event payloads against each workflow's JSON Schemas (ajv, compiled once). */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OrqError } from '../errors.js';
import type { WorkflowEvent } from '../types.js';
import type { Workflow } from '../workflow/define-workflow.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export class EventValidator {
  readonly #ajv: Ajv;
  readonly #cache = new WeakMap<
    Workflow,
    { input: ValidateFunction; events: Map<string, ValidateFunction> }
  >();

  constructor() {
    this.#ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.#ajv);
  }

  validateInput(workflow: Workflow, input: unknown): void {
    const validate = this.#compiled(workflow).input;
    if (!validate(input ?? {})) {
      throw new OrqError('ORQ_ERR_INPUT_INVALID', {
        machine: workflow.id,
        detail: this.#ajv.errorsText(validate.errors, { dataVar: 'input' }),
      });
    }
  }

  validateEvent(workflow: Workflow, event: WorkflowEvent): void {
    const validate = this.#compiled(workflow).events.get(event.type);
    if (!validate)
      throw new OrqError('ORQ_ERR_UNKNOWN_EVENT', { machine: workflow.id, eventType: event.type });
    const { type: _type, ...payload } = event;
    if (!validate(payload)) {
      throw new OrqError('ORQ_ERR_EVENT_INVALID', {
        machine: workflow.id,
        eventType: event.type,
        detail: this.#ajv.errorsText(validate.errors, { dataVar: 'event' }),
      });
    }
  }

  #compiled(workflow: Workflow) {
    let entry = this.#cache.get(workflow);
    if (!entry) {
      entry = {
        input: this.#ajv.compile(workflow.inputSchema),
        events: new Map(workflow.events.map((e) => [e.type, this.#ajv.compile(e.schema)])),
      };
      this.#cache.set(workflow, entry);
    }
    return entry;
  }
}
