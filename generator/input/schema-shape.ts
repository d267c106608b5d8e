// Reading the zod schema's structure: objects' shapes and discriminated unions' options, through the defaults,
// optionals and pipes that wrap them. Used to name allowed values in errors and to document the spec.
import type * as z from "zod/mini";

export type Shape = Record<string, z.core.$ZodType>;

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Shape;
  options?: z.core.$ZodType[];
  discriminator?: string;
  values?: unknown[];
}
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let node = schema;
  for (let def = defOf(node); ; def = defOf(node)) {
    if (def.innerType) node = def.innerType;
    else if (def.type === "pipe" && def.in) node = def.in;
    else return node;
  }
}

/** The object shape of a field, if it is an object. */
export const objectShape = (schema: z.core.$ZodType): Shape | undefined => defOf(unwrap(schema)).shape;

/** The items' schema of a field, if it is a list. */
export const listItem = (schema: z.core.$ZodType): z.core.$ZodType | undefined => {
  const def = defOf(unwrap(schema));
  return def.type === "array" ? def.element : undefined;
};

/** Whether a field is a map of names to values, such as placement. */
export const isRecord = (schema: z.core.$ZodType): boolean => defOf(unwrap(schema)).type === "record";

export interface UnionOption {
  /** The discriminator's value that selects this option. */
  readonly value: unknown;
  readonly shape: Shape;
}

/** The options of a discriminated union field, with its discriminator; undefined for other fields. */
export function unionOptions(schema: z.core.$ZodType): { discriminator: string; options: UnionOption[] } | undefined {
  const def = defOf(unwrap(schema));
  if (!def.discriminator || !def.options) return undefined;
  const discriminator = def.discriminator;
  return {
    discriminator,
    options: def.options.map((option) => {
      const shape = defOf(option).shape!;
      return { value: defOf(shape[discriminator]!).values?.[0], shape };
    }),
  };
}
