// Schema-guided rewriting of an object value, with parallel access to the
// matching parts of the configuration and the prior state. Planning,
// applying and data source reads are all small visitors over this walk.
import { type CtyObject, type CtyValue, element, field, isObject } from "./cty";
import type { AttributeSchema, BlockSchema, NestedBlockSchema } from "./schema-model";

/** The configuration and prior-state values at the same place as the value being visited. */
export interface Related {
  config: CtyValue;
  prior: CtyValue;
}

interface VisitContext {
  /** Attribute names and element indexes (or map keys) from the resource root. */
  path: readonly (string | number)[];
  /** The object that directly holds the attribute. */
  parent: CtyObject;
}

export type AttributeVisitor = (
  attr: AttributeSchema,
  value: CtyValue,
  related: Related,
  context: VisitContext,
) => CtyValue;

function relatedField(related: Related, name: string): Related {
  return { config: field(related.config, name), prior: field(related.prior, name) };
}

function relatedElement(related: Related, index: number): Related {
  return { config: element(related.config, index), prior: element(related.prior, index) };
}

function walkNested(
  nested: NestedBlockSchema,
  value: CtyValue,
  related: Related,
  path: readonly (string | number)[],
  visit: AttributeVisitor,
): CtyValue {
  switch (nested.nesting) {
    case "single":
    case "group":
      return walkBlock(nested.block, value, related, visit, path);
    case "list":
    case "set":
      // Set elements have no identity to match on; pairing by position is
      // good enough for a stand-in, whose sets hold no computed attributes.
      return Array.isArray(value)
        ? value.map((item, i) => walkBlock(nested.block, item, relatedElement(related, i), visit, [...path, i]))
        : value;
    case "map": {
      if (!isObject(value)) return value;
      const out: CtyObject = {};
      for (const [key, item] of Object.entries(value)) {
        out[key] = walkBlock(nested.block, item, relatedField(related, key), visit, [...path, key]);
      }
      return out;
    }
  }
}

/**
 * Returns a copy of `value` with every attribute replaced by what `visit`
 * returns for it. Null and unknown objects are returned as they are: there
 * is nothing inside them to visit.
 */
export function walkBlock(
  block: BlockSchema,
  value: CtyValue,
  related: Related,
  visit: AttributeVisitor,
  path: readonly (string | number)[] = [],
): CtyValue {
  if (!isObject(value)) return value;
  const out: CtyObject = { ...value };
  for (const attr of block.attributes) {
    out[attr.name] = visit(attr, value[attr.name] ?? null, relatedField(related, attr.name), {
      path: [...path, attr.name],
      parent: value,
    });
  }
  for (const nested of block.blockTypes) {
    out[nested.name] = walkNested(
      nested,
      value[nested.name] ?? null,
      relatedField(related, nested.name),
      [...path, nested.name],
      visit,
    );
  }
  return out;
}

function emptyNested(nested: NestedBlockSchema): CtyValue {
  switch (nested.nesting) {
    case "list":
    case "set":
      return [];
    case "map":
      return {};
    case "group":
      return emptyObject(nested.block);
    case "single":
      return null;
  }
}

/** The value every attribute and block takes when nothing is known about an object. */
export function emptyObject(block: BlockSchema): CtyObject {
  const out: CtyObject = {};
  for (const attr of block.attributes) out[attr.name] = null;
  for (const nested of block.blockTypes) {
    out[nested.name] = emptyNested(nested);
  }
  return out;
}
