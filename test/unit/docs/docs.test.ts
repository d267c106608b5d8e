// Documents generated from the code stay what the code says: the README's spec reference and list of checks, and
// the JSON Schema shipped for editors. `npm run docs` (scripts/docs.ts) rewrites them; this only checks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../../helpers";
import { generatedReadme } from "../../../generator/docs/readme";
import { jsonSchemaFile, serializeJsonSchema, specJsonSchema } from "../../../generator/docs/json-schema";
import {
  fieldInfo,
  seedFields,
  extraFields,
  managementFields,
  nodeFields,
  specDefaults,
} from "../../../generator/spec/spec";

const readmePath = path.join(root, "README.md");

test("the spec reference, the list of checks and the example report are what the code says (npm run docs)", () => {
  const readme = readFileSync(readmePath, "utf8");
  const example = readFileSync(path.join(root, "out", "monaco", "README.md"), "utf8");
  expect(readme).toBe(generatedReadme(readme, example));
});

test("the README gives a newcomer exactly the install-and-run and the test commands", () => {
  const readme = readFileSync(readmePath, "utf8");
  expect(readme).toContain("npm install && npx gen-infra fixtures/monaco.json");
  expect(readme).toMatch(/^npm test\b/m);
});

test("the shipped JSON Schema is what the zod schema says (npm run docs rewrites it)", () => {
  expect(readFileSync(path.join(root, jsonSchemaFile), "utf8")).toBe(serializeJsonSchema());
});

test("the JSON Schema describes every key with its default and what it allows", () => {
  const schema = specJsonSchema() as {
    properties: Record<string, { description: string; default?: unknown; additionalProperties?: boolean }>;
    additionalProperties: boolean;
  };
  const defaults = specDefaults();
  const fields = { ...seedFields, ...nodeFields, ...managementFields, ...extraFields };
  expect(Object.keys(schema.properties).sort()).toEqual(["$schema", ...Object.keys(fields)].sort());
  expect(schema.additionalProperties).toBe(false);
  for (const [key, field] of Object.entries(fields)) {
    const property = schema.properties[key]!;
    expect(property.description).toBe(
      `${fieldInfo.get(field)!.description} Allowed: ${fieldInfo.get(field)!.allowed}.`,
    );
    if (defaults[key] !== undefined) expect(property.default).toEqual(defaults[key]);
  }
  expect(schema.properties.architecture).toMatchObject({ enum: ["vbmc", "redfish"] });
  expect(schema.properties.number_of_workers).toMatchObject({ minimum: 0, maximum: 128 });
});
