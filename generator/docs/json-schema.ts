// The spec's JSON Schema, derived from the zod schema (never written by hand), so that editors honouring
// "$schema" complete and explain every key. `npm run docs` writes it to schema/; a test keeps it fresh.
import * as z from "zod/mini";
import { fieldInfo, specDefaults, specSchema } from "../input/spec";
import { objectShape, unionOptions, type Shape } from "../input/schema-shape";

export const jsonSchemaFile = "schema/gen-infra.schema.json";

interface JsonSchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  oneOf?: JsonSchemaNode[];
  const?: unknown;
  [keyword: string]: unknown;
}

/**
 * Adds what zod's conversion leaves out: each key's allowed values in words, and defaults hidden behind
 * transforms and nested defaults (the resources objects), taken from parsing `{}`.
 */
function annotate(node: JsonSchemaNode, shape: Shape, defaults: Record<string, unknown> | undefined): void {
  for (const [key, field] of Object.entries(shape)) {
    const property = node.properties?.[key];
    if (!property) continue;
    const info = fieldInfo.get(field);
    if (info) property.description = `${info.description} Allowed: ${info.allowed}.`;
    const value = defaults?.[key];
    if (value !== undefined) property.default = value;
    const inner = objectShape(field);
    if (inner) annotate(property, inner, value as Record<string, unknown> | undefined);
    const union = unionOptions(field);
    for (const option of union?.options ?? []) {
      const optionNode = property.oneOf?.find((o) => o.properties?.[union!.discriminator]?.const === option.value);
      if (optionNode) annotate(optionNode, option.shape, undefined);
    }
  }
}

export function specJsonSchema(): JsonSchemaNode {
  // The input side: what a user writes (memory may still be a numeric string), before defaults and transforms.
  const { $schema, ...schema } = z.toJSONSchema(specSchema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
  const root: JsonSchemaNode = {
    $schema,
    title: "gen-infra cluster spec",
    description:
      "A KVM/libvirt lab for an OpenShift bare-metal installation. Every key is optional; {} reproduces the seed's defaults.",
    ...schema,
  };
  annotate(root, objectShape(specSchema)!, specDefaults());
  return root;
}

export const serializeJsonSchema = (): string => `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
