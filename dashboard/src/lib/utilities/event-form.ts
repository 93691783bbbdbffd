/**
 * The send-event form, built from a machine's accepted events: each event's payload JSON Schema
 * becomes typed fields (text, number, checkbox, choice, JSON for nested values), and the filled
 * form becomes `{ type, ...payload }`. Checks here are for quick feedback only; the API validates
 * the payload against the same schema and its problem detail is shown when it disagrees.
 */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'select' | 'json';

export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description: string | null;
  options: string[];
  minimum: number | null;
  maximum: number | null;
  minLength: number | null;
}

/** Name of the free-form field of an event whose schema names no properties. */
export const FREE_PAYLOAD_FIELD = '__payload';

type Schema = Record<string, unknown>;

export function fieldsForSchema(schema: Schema): FormField[] {
  const properties = isObject(schema.properties) ? schema.properties : null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  if (!properties || Object.keys(properties).length === 0) {
    return schema.additionalProperties === false
      ? []
      : [field(FREE_PAYLOAD_FIELD, 'json', false, 'Any payload, as a JSON object', {})];
  }
  return Object.entries(properties).map(([name, raw]) => {
    const prop = isObject(raw) ? raw : {};
    const description = typeof prop.description === 'string' ? prop.description : null;
    return field(name, kindOf(prop), required.has(name), description, prop);
  });
}

function kindOf(prop: Schema): FieldKind {
  if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string')) return 'select';
  switch (prop.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

function field(
  name: string,
  kind: FieldKind,
  required: boolean,
  description: string | null,
  prop: Schema,
): FormField {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    name,
    kind,
    required,
    description,
    options: Array.isArray(prop.enum) ? prop.enum.map(String) : [],
    minimum: num(prop.minimum),
    maximum: num(prop.maximum),
    minLength: num(prop.minLength),
  };
}

export type FormValues = Record<string, string | boolean>;

export type BuiltEvent =
  | { ok: true; event: { type: string; [key: string]: unknown } }
  | { ok: false; errors: Record<string, string> };

export function buildEvent(
  type: string,
  fields: readonly FormField[],
  values: FormValues,
): BuiltEvent {
  const payload: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === 'boolean') {
      if (raw === true || f.required) payload[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (f.required) errors[f.name] = 'required';
      continue;
    }
    const parsed = parseField(f, text);
    if ('error' in parsed) errors[f.name] = parsed.error;
    else if (f.name === FREE_PAYLOAD_FIELD) Object.assign(payload, parsed.value);
    else payload[f.name] = parsed.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, event: { ...payload, type } };
}

function parseField(f: FormField, text: string): { value: unknown } | { error: string } {
  switch (f.kind) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: 'must be a number' };
      if (f.kind === 'integer' && !Number.isInteger(n)) return { error: 'must be a whole number' };
      if (f.minimum !== null && n < f.minimum) return { error: `must be ≥ ${f.minimum}` };
      if (f.maximum !== null && n > f.maximum) return { error: `must be ≤ ${f.maximum}` };
      return { value: n };
    }
    case 'json': {
      try {
        const value: unknown = JSON.parse(text);
        if (f.name === FREE_PAYLOAD_FIELD && !isObject(value))
          return { error: 'must be a JSON object' };
        return { value };
      } catch {
        return { error: 'must be valid JSON' };
      }
    }
    default:
      if (f.minLength !== null && text.length < f.minLength)
        return { error: `needs at least ${f.minLength} characters` };
      return { value: text };
  }
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
