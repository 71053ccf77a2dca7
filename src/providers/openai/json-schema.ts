// zod → the JSON Schema subset OpenAI's strict mode accepts (structured outputs and strict function tools).
//
// Strict mode guarantees the model's output matches the schema, but only if every object lists all of its
// properties as required and forbids extra ones; the root must be an object. An optional field would be
// rejected by the API at call time, in the middle of a phone call, so it is rejected here instead, at the
// first use, with the fix in the message (use `.nullable()`).

import { z } from "zod";

type Json = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, Json>();

export function strictJsonSchema(schema: z.ZodType): Json {
  const hit = cache.get(schema);
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { target: "draft-7" }) as Json;
  delete json.$schema;
  if (json.type !== "object") throw new TypeError("strict structured output needs an object at the root");
  check(json, "$");
  cache.set(schema, json);
  return json;
}

function check(node: unknown, path: string): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => check(item, `${path}[${i}]`));
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Json;
  if (n.type === "object" || n.properties !== undefined) {
    const keys = Object.keys((n.properties as Json | undefined) ?? {});
    const required = new Set(Array.isArray(n.required) ? (n.required as string[]) : []);
    const missing = keys.filter((k) => !required.has(k));
    if (missing.length > 0) {
      throw new TypeError(`strict structured output: ${path}.${missing[0]} is optional; make it .nullable() instead`);
    }
    if (n.additionalProperties !== false) {
      throw new TypeError(`strict structured output: ${path} must not allow extra properties (use z.object, not a loose or record type)`);
    }
  }
  for (const [key, value] of Object.entries(n)) check(value, key === "properties" ? path : `${path}.${key}`);
}
