import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

// OpenAI's OpenAPI document (3.1, JSON Schema 2020-12 with OpenAPI 3.0 leftovers), read once per
// process so that tests can check bodies against its component schemas.

const SPEC = process.env.TROVE_OPENAPI_SPEC ?? fileURLToPath(new URL('../../../../shared/openai-openapi.yaml', import.meta.url));
const ROOT = 'https://trove.test/openapi.json';

type Schema = Record<string, unknown>;
const LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SUBS = new Set(['items', 'additionalProperties', 'not', 'propertyNames', 'contains']);
const MAPS = new Set(['properties', 'patternProperties', '$defs']);
const DROPPED = new Set(['discriminator', 'example', 'nullable', 'externalDocs', 'xml', 'deprecated', '$recursiveAnchor']);

/**
 * Plain JSON Schema from the document's dialect: `nullable` becomes "or null", vendor keys go, and an
 * optional property may also be null, as both SDKs read optional fields.
 */
function plain(schema: unknown, name: string): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('x-') || DROPPED.has(key)) continue;
    if (key === '$recursiveRef') out.$ref = `#/components/schemas/${name}`;
    else if (LISTS.has(key)) out[key] = (value as unknown[]).map((v) => plain(v, name));
    else if (SUBS.has(key)) out[key] = plain(value, name);
    else if (MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, plain(v, name)]));
    else out[key] = value;
  }
  if (out.properties) {
    const required = new Set((out.required as string[] | undefined) ?? []);
    const props = out.properties as Schema;
    for (const [prop, sub] of Object.entries(props)) if (!required.has(prop)) props[prop] = { anyOf: [sub, { type: 'null' }] };
  }
  return s.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

let ajv: Ajv2020 | null = null;

function compiled(): Ajv2020 {
  if (ajv) return ajv;
  if (!existsSync(SPEC)) throw new Error(`OpenAI's OpenAPI document is needed at ${SPEC} (or set TROVE_OPENAPI_SPEC)`);
  const doc = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 10_000_000_000 });
  for (const format of ['float', 'int64', 'double', 'binary', 'uri', 'date-time', 'int32']) ajv.addFormat(format, true);
  ajv.addSchema({
    $id: ROOT,
    components: { schemas: Object.fromEntries(Object.entries(doc.components.schemas).map(([n, s]) => [n, plain(s, n)])) },
  });
  return ajv;
}

/** The ways `body` breaks OpenAI's component schema `name` (empty when it conforms). */
export function schemaErrors(name: string, body: unknown): string[] {
  const validate = compiled().getSchema(`${ROOT}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no component schema ${name}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
}
