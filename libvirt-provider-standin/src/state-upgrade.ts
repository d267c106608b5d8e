// UpgradeResourceState: the state file stores objects as JSON, possibly from
// an older schema. Shape it to the current schema: every attribute present
// (null when missing), unknown attributes dropped.
import { type CtyObject, type CtyType, type CtyValue } from "./cty";
import { isRecord } from "./json-guards";
import type { BlockSchema, NestedBlockSchema } from "./schema-model";

function conformType(type: CtyType, json: unknown): CtyValue {
  if (json === null || json === undefined) return null;
  switch (type.kind) {
    case "string":
      return typeof json === "string"
        ? json
        : typeof json === "number" || typeof json === "boolean"
          ? String(json)
          : null;
    case "number":
      return typeof json === "number" || typeof json === "string" ? json : null;
    case "bool":
      return typeof json === "boolean" ? json : json === "true" ? true : json === "false" ? false : null;
    case "list":
    case "set":
      return Array.isArray(json) ? json.map((item) => conformType(type.element, item)) : null;
    case "map": {
      if (!isRecord(json)) return null;
      const out: CtyObject = {};
      for (const [key, item] of Object.entries(json)) out[key] = conformType(type.element, item);
      return out;
    }
    case "object": {
      if (!isRecord(json)) return null;
      const out: CtyObject = {};
      for (const [key, attrType] of Object.entries(type.attributes)) out[key] = conformType(attrType, json[key]);
      return out;
    }
    case "tuple":
      return Array.isArray(json) ? type.elements.map((t, i) => conformType(t, json[i])) : null;
    case "dynamic":
      // No attribute of this provider is dynamically typed; anything else would need a type tag.
      return null;
  }
}

function conformNested(nested: NestedBlockSchema, json: unknown): CtyValue {
  switch (nested.nesting) {
    case "list":
    case "set":
      return Array.isArray(json) ? json.map((item) => conformBlock(nested.block, item)) : [];
    case "map": {
      const out: CtyObject = {};
      if (isRecord(json)) for (const [key, item] of Object.entries(json)) out[key] = conformBlock(nested.block, item);
      return out;
    }
    case "single":
      return isRecord(json) ? conformBlock(nested.block, json) : null;
    case "group":
      return conformBlock(nested.block, isRecord(json) ? json : {});
  }
}

export function conformBlock(block: BlockSchema, json: unknown): CtyObject {
  const source = isRecord(json) ? json : {};
  const out: CtyObject = {};
  for (const attr of block.attributes) out[attr.name] = conformType(attr.type, source[attr.name]);
  for (const nested of block.blockTypes) out[nested.name] = conformNested(nested, source[nested.name]);
  return out;
}
