/** Schemas of machines: the catalogue, the statechart graph for the visualizer, per-state stats. */
import type { JSONSchema } from 'json-schema-to-ts';

export const acceptedEventSchema = {
  type: 'object',
  required: ['type', 'schema'],
  properties: {
    type: { type: 'string' },
    description: { type: 'string' },
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'JSON Schema of the payload (the fields beside type).',
    },
  },
} as const satisfies JSONSchema;

const countSchema = { type: 'integer', minimum: 0 } as const;

export const machineSummarySchema = {
  $id: 'MachineSummary',
  type: 'object',
  required: ['id', 'latestVersion', 'versions', 'description', 'events', 'counts'],
  properties: {
    id: { type: 'string' },
    latestVersion: { type: 'integer' },
    versions: { type: 'array', items: { type: 'integer' } },
    description: { type: 'string' },
    events: { type: 'array', items: acceptedEventSchema },
    counts: {
      type: 'object',
      description: 'Instances by status.',
      required: ['active', 'paused', 'done', 'failed', 'cancelled'],
      properties: {
        active: countSchema,
        paused: countSchema,
        done: countSchema,
        failed: countSchema,
        cancelled: countSchema,
      },
    },
  },
} as const satisfies JSONSchema;

export const machineListSchema = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { $ref: 'MachineSummary#' } } },
} as const satisfies JSONSchema;

export const machineVersionQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1, description: 'Defaults to the latest version.' },
  },
} as const satisfies JSONSchema;

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const graphNodeSchema = {
  type: 'object',
  required: [
    'path',
    'key',
    'parent',
    'type',
    'initial',
    'children',
    'entry',
    'exit',
    'invoke',
    'tags',
    'description',
  ],
  properties: {
    path: { type: 'string', description: "Dotted path from the root; '' is the root." },
    key: { type: 'string' },
    parent: { type: ['string', 'null'] },
    type: { type: 'string', enum: ['atomic', 'compound', 'parallel', 'final', 'history'] },
    initial: { type: ['string', 'null'], description: 'Initial child path, for compound states.' },
    children: stringList,
    entry: stringList,
    exit: stringList,
    invoke: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'src', 'activity'],
        properties: {
          id: { type: 'string' },
          src: { type: 'string' },
          activity: { type: 'boolean', description: 'Run by the engine as a durable activity.' },
        },
      },
    },
    tags: stringList,
    description: { type: ['string', 'null'] },
  },
} as const satisfies JSONSchema;

export const graphEdgeSchema = {
  type: 'object',
  required: [
    'id',
    'source',
    'targets',
    'event',
    'kind',
    'label',
    'guard',
    'delayMs',
    'actions',
    'reenter',
  ],
  properties: {
    id: { type: 'string' },
    source: { type: 'string' },
    targets: { ...stringList, description: 'Empty for a targetless transition.' },
    event: { type: 'string' },
    kind: { type: 'string', enum: ['event', 'always', 'after', 'done', 'error'] },
    label: { type: 'string' },
    guard: { type: ['string', 'null'] },
    delayMs: { type: ['integer', 'null'] },
    actions: stringList,
    reenter: { type: 'boolean' },
  },
} as const satisfies JSONSchema;

export const machineGraphSchema = {
  $id: 'MachineGraph',
  type: 'object',
  description: 'The statechart of one machine version as a serializable graph.',
  required: ['machine', 'version', 'description', 'nodes', 'edges', 'events'],
  properties: {
    machine: { type: 'string' },
    version: { type: 'integer' },
    description: { type: 'string' },
    nodes: { type: 'array', items: graphNodeSchema },
    edges: { type: 'array', items: graphEdgeSchema },
    events: { type: 'array', items: acceptedEventSchema },
  },
} as const satisfies JSONSchema;

const msOrNull = { type: ['number', 'null'], minimum: 0 } as const;

export const machineStatsSchema = {
  type: 'object',
  required: ['machine', 'version', 'states'],
  properties: {
    machine: { type: 'string' },
    version: { type: ['integer', 'null'], description: 'null: all versions together.' },
    states: {
      type: 'array',
      items: {
        type: 'object',
        required: ['state', 'current', 'p50Ms', 'p95Ms', 'oldestMs'],
        properties: {
          state: { type: 'string', description: 'Dotted state path.' },
          current: { type: 'integer', description: 'Instances in it now (active or paused).' },
          p50Ms: { ...msOrNull, description: 'Median time spent in the state, in ms.' },
          p95Ms: msOrNull,
          oldestMs: { ...msOrNull, description: 'Longest a current instance has been there.' },
        },
      },
    },
  },
} as const satisfies JSONSchema;
