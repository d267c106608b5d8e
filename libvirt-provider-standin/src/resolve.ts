// Replaces every unknown in a planned object with a concrete fake, the way
// a real apply (or data source read) learns values from libvirt.
import { type CtyObject, type CtyType, type CtyValue, isObject, isUnknown } from "./cty";
import { fakeValue } from "./fakes";
import type { BlockSchema, NestedBlockSchema } from "./schema-model";
import { type AttributeVisitor, emptyObject, walkBlock } from "./schema-walk";

/** Unknown inside a known collection: resolve each element by its own type. */
function resolveWithin(
  type: CtyType,
  value: CtyValue,
  typeName: string,
  path: readonly (string | number)[],
  resource: CtyObject,
  parent: CtyObject,
): CtyValue {
  if (isUnknown(value)) return fakeValue({ typeName, path, type, resource, parent });
  if (type.kind === "list" || type.kind === "set") {
    return Array.isArray(value)
      ? value.map((v, i) => resolveWithin(type.element, v, typeName, [...path, i], resource, parent))
      : value;
  }
  if (type.kind === "map" || type.kind === "object") {
    if (!isObject(value)) return value;
    const out: CtyObject = {};
    for (const [key, v] of Object.entries(value)) {
      const inner = type.kind === "map" ? type.element : type.attributes[key];
      out[key] = inner ? resolveWithin(inner, v, typeName, [...path, key], resource, value) : v;
    }
    return out;
  }
  return value;
}

/** A block Terraform could not expand yet (unknown for_each, say) resolves to no blocks. */
function resolveBlocks(block: BlockSchema, value: CtyValue): CtyValue {
  if (!isObject(value)) return value;
  const out: CtyObject = { ...value };
  for (const nested of block.blockTypes) out[nested.name] = resolveNested(nested, value[nested.name] ?? null);
  return out;
}

function resolveNested(nested: NestedBlockSchema, value: CtyValue): CtyValue {
  if (isUnknown(value)) {
    if (nested.nesting === "list" || nested.nesting === "set") return [];
    if (nested.nesting === "map") return {};
    return nested.nesting === "group" ? emptyObject(nested.block) : null;
  }
  if (Array.isArray(value)) return value.map((item) => resolveBlocks(nested.block, item));
  if (nested.nesting === "map" && isObject(value)) {
    const out: CtyObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveBlocks(nested.block, item);
    return out;
  }
  return resolveBlocks(nested.block, value);
}

export function resolveUnknowns(typeName: string, block: BlockSchema, planned: CtyValue): CtyValue {
  const shaped = resolveBlocks(block, planned);
  if (!isObject(shaped)) return shaped;
  const visit: AttributeVisitor = (attr, value, _related, context) =>
    resolveWithin(attr.type, value, typeName, context.path, shaped, context.parent);
  return walkBlock(block, shaped, { config: null, prior: null }, visit);
}
