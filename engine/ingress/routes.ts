/**
 * Routes: how records on Kafka topics reach workflows, declared in code beside the machines
 * (machines/order/order.routes.ts). A route names a topic, an optional filter on the record, and
 * either a start (machine, business key, input) or an event (machine, correlation key = the target
 * instance's business key, event type, payload). Pure: no I/O, so machines may import it.
 *
 * Payload validation stays the engine's (ORQ_ERR_INPUT_INVALID, ORQ_ERR_EVENT_INVALID,
 * ORQ_ERR_UNKNOWN_EVENT); here a record no route takes is ORQ_ERR_NO_ROUTE, and a route function
 * that throws or returns no usable key is ORQ_ERR_MALFORMED_MESSAGE naming the route.
 */
import { OrqError } from '../errors.js';
import type { WorkflowEvent } from '../types.js';

/** A record as routes see it: key and headers decoded to strings, value parsed from JSON. */
export interface RouteMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Readonly<Record<string, string>>;
  value: unknown;
  /** Broker timestamp, epoch ms. */
  timestamp: number;
}

export interface StartAction {
  machine: string;
  /** The business key; starting twice with one key yields one instance. */
  key: (msg: RouteMessage) => string;
  input: (msg: RouteMessage) => unknown;
  /** @default the latest registered version */
  version?: number;
}

export interface EventAction {
  machine: string;
  /** Business key of the instance the event is for. */
  correlationKey: (msg: RouteMessage) => string;
  /** The event type, fixed or read from the record. */
  type: string | ((msg: RouteMessage) => string);
  /** The event's fields beside `type`. @default the record's value when it is an object */
  payload?: (msg: RouteMessage) => Record<string, unknown>;
}

export interface RouteDefinition {
  /** Shown in logs and dead-letter details. @default `<topic>→<machine>` */
  name?: string;
  topic: string;
  /** Records for which this returns false are left to the next route of the topic. */
  filter?: (msg: RouteMessage) => boolean;
  start?: StartAction;
  event?: EventAction;
}

export interface Route extends Readonly<RouteDefinition> {
  readonly name: string;
}

export type RoutedRecord =
  | {
      kind: 'start';
      route: Route;
      machine: string;
      key: string;
      input: unknown;
      version?: number;
    }
  | { kind: 'event'; route: Route; machine: string; key: string; event: WorkflowEvent };

export function defineRoute(definition: RouteDefinition): Route {
  const invalid = (detail: string) => new OrqError('ORQ_ERR_CONFIG_INVALID', { detail });
  if (typeof definition.topic !== 'string' || definition.topic.length === 0)
    throw invalid('a route needs a topic');
  if (!definition.start === !definition.event)
    throw invalid(`route on ${definition.topic} must have exactly one of "start" or "event"`);
  const machine = definition.start?.machine ?? definition.event?.machine;
  if (!machine) throw invalid(`route on ${definition.topic} must name a machine`);
  return Object.freeze({
    ...definition,
    name: definition.name ?? `${definition.topic}→${machine}`,
  });
}

/** Topics the routes read, each once, in declaration order. */
export function routeTopics(routes: readonly Route[]): string[] {
  return [...new Set(routes.map((r) => r.topic))];
}

/** The first route of the record's topic whose filter takes it, applied to the record. */
export function routeRecord(routes: readonly Route[], msg: RouteMessage): RoutedRecord {
  for (const route of routes) {
    if (route.topic !== msg.topic) continue;
    if (route.filter && !call(route, 'filter', () => route.filter!(msg))) continue;
    if (route.start) {
      const start = route.start;
      return {
        kind: 'start',
        route,
        machine: start.machine,
        key: keyOf(route, 'key', () => start.key(msg)),
        input: call(route, 'input', () => start.input(msg)),
        ...(start.version !== undefined ? { version: start.version } : {}),
      };
    }
    const action = route.event!;
    const type =
      typeof action.type === 'string'
        ? action.type
        : call(route, 'type', () => (action.type as (m: RouteMessage) => string)(msg));
    if (typeof type !== 'string' || type.length === 0)
      throw malformed(route, 'type() must return a non-empty string');
    const payload = action.payload
      ? call(route, 'payload', () => action.payload!(msg))
      : isObject(msg.value)
        ? msg.value
        : {};
    if (!isObject(payload)) throw malformed(route, 'payload() must return an object');
    return {
      kind: 'event',
      route,
      machine: action.machine,
      key: keyOf(route, 'correlationKey', () => action.correlationKey(msg)),
      event: { ...payload, type },
    };
  }
  throw new OrqError('ORQ_ERR_NO_ROUTE', { topic: msg.topic });
}

function call<T>(route: Route, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw malformed(route, `${what}() threw: ${(err as Error)?.message ?? String(err)}`);
  }
}

function keyOf(route: Route, what: string, fn: () => unknown): string {
  const key = call(route, what, fn);
  if (typeof key !== 'string' || key.length === 0)
    throw malformed(route, `${what}() must return a non-empty string, got ${JSON.stringify(key)}`);
  return key;
}

function malformed(route: Route, detail: string): OrqError {
  return new OrqError('ORQ_ERR_MALFORMED_MESSAGE', { detail: `route "${route.name}": ${detail}` });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
