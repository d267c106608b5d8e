// The README's spec reference, generated from the schema so that it can never disagree with what gen-infra accepts.
import type * as z from "zod/mini";
import { extraFields, fieldInfo, seedFields, specSchema } from "./spec";

type Shape = Record<string, z.core.$ZodType>;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;");
const required = Symbol("required");
const shown = (value: unknown) =>
  value === required ? "required" : value === undefined ? "none" : `\`${JSON.stringify(value)}\``;

function rows(shape: Shape, defaults: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const info = fieldInfo.get(schema);
    if (!info) return [];
    return [`| \`${prefix}${key}\` | ${shown(defaults[key])} | ${cell(info.allowed)} | ${cell(info.description)} |`];
  });
}

const header = ["| key | default | allowed | description |", "| --- | --- | --- | --- |"];

function connectionShapes(): { mode: string; shape: Shape }[] {
  const union = extraFields.connection._zod.def.innerType._zod.def as unknown as {
    options: { _zod: { def: { shape: Shape } } }[];
  };
  return union.options.map((option) => {
    const literal = option._zod.def.shape.mode!._zod.def as unknown as { values: string[] };
    return { mode: literal.values[0]!, shape: option._zod.def.shape };
  });
}

export function specReference(): string {
  const defaults = specSchema.parse({}) as Record<string, unknown>;
  const connectionTables = connectionShapes().map(({ mode, shape }) => {
    const sample = mode === "uri" ? { mode, uri: "qemu:///system" } : { mode };
    const modeDefaults = specSchema.parse({ connection: sample }).connection as Record<string, unknown>;
    const { mode: _mode, ...rest } = shape;
    return [
      `With \`"mode": "${mode}"\`:`,
      "",
      ...header,
      ...rows(rest, { ...modeDefaults, uri: required }, "connection."),
    ].join("\n");
  });
  return [
    "Keys from the seed's input variables (each stays a Terraform variable in `input-vars.tf`):",
    "",
    ...header,
    ...rows(seedFields, defaults, ""),
    "",
    "Keys gen-infra adds (written into the HCL as literals):",
    "",
    ...header,
    ...rows(extraFields, defaults, ""),
    "",
    ...connectionTables.flatMap((table) => [table, ""]),
  ].join("\n");
}
