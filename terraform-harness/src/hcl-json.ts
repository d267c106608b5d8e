// The shape @cdktf/hcl2json gives a parsed file: blocks are lists of bodies
// keyed by type and labels, attributes are values or "${...}" source text.

export type Json = Record<string, unknown>;

export const isJson = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every body of a block written once or several times. */
export function bodies(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

/** `<kind> "<label>" { ... }` blocks, one entry per body, e.g. every `module` or every `backend`. */
export function labelled(body: Json, kind: string): { label: string; body: Json }[] {
  const group = body[kind];
  if (!isJson(group)) return [];
  return Object.entries(group).flatMap(([label, blocks]) => bodies(blocks).map((b) => ({ label, body: b })));
}

/** `resource "<type>" "<name>"` and `data` blocks: hcl2json nests them as { type: { name: [body] } }. */
export function resourcesOf(body: Json, kind: "resource" | "data"): { type: string; name: string; body: Json }[] {
  const group = body[kind];
  if (!isJson(group)) return [];
  return Object.entries(group).flatMap(([type, byName]) =>
    isJson(byName)
      ? Object.entries(byName).flatMap(([name, blocks]) => bodies(blocks).map((b) => ({ type, name, body: b })))
      : [],
  );
}

/** Every string anywhere in a parsed value: where expressions' source text lives. */
export function* strings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (isJson(value)) for (const item of Object.values(value)) yield* strings(item);
}
