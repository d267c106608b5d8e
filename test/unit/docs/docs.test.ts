// Documents generated from the code stay what the code says: the generated sections of the pages in docs/ (the
// spec reference, the list of checks, the day-2 table and the example report) and the JSON Schema shipped for
// editors. `npm run docs` (scripts/docs.ts) rewrites them; this only checks. Every relative link of the README and
// docs/ leads to a file, and to a heading where it names one.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { root } from "../../helpers";
import {
  generatedPages,
  generatedSectionNames,
  sectionMarkers,
  staleSections,
  type GeneratedPage,
} from "../../../generator/docs/generated-sections";
import { jsonSchemaFile, serializeJsonSchema, specJsonSchema } from "../../../generator/docs/json-schema";
import {
  fieldInfo,
  seedFields,
  extraFields,
  managementFields,
  ipFields,
  installerFields,
  nodeFields,
  specDefaults,
} from "../../../generator/input/spec";

/** The Markdown pages of the documentation, as paths from the repository's root. */
const markdownPages = [
  "README.md",
  "CHANGELOG.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const read = (page: string) => readFileSync(path.join(root, page), "utf8");
const exampleReport = read("out/monaco/README.md");

test.each(generatedPages)("%s: its generated sections are what the code says (npm run docs)", (page) => {
  const stale = staleSections(page, read(page), exampleReport).map(
    (name) => `${page}: the ${name} section is stale; run npm run docs`,
  );
  expect(stale).toEqual([]);
});

test("every generated section in README.md and docs/ is one that npm run docs writes", () => {
  const isGenerated = (page: string): page is GeneratedPage => (generatedPages as readonly string[]).includes(page);
  const unknown = markdownPages.flatMap((page) =>
    sectionMarkers(read(page))
      .filter((name) => !isGenerated(page) || !(generatedSectionNames(page) as readonly string[]).includes(name))
      .map((name) => `${page}: the ${name} section has no generator`),
  );
  expect(unknown).toEqual([]);
});

test("the README gives a newcomer exactly the install-and-run and the test commands", () => {
  const readme = read("README.md");
  expect(readme).toContain("npm install && npx gen-infra fixtures/monaco.json");
  expect(readme).toMatch(/^npm test\b/m);
});

/** The text outside fenced code blocks and inline code, where links live. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "``");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6} (.*)$/gm)) {
    const base = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

test("every relative link in README.md, CHANGELOG.md and docs/ leads to an existing file and heading", () => {
  const broken = markdownPages.flatMap((page) =>
    [...prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .flatMap((target) => {
        const [file = "", fragment] = target.split("#");
        const linked = file ? path.posix.join(path.posix.dirname(page), file) : page;
        if (!existsSync(path.join(root, linked))) return [`${page}: ${target}: no file ${linked}`];
        if (fragment !== undefined && linked.endsWith(".md") && !headingAnchors(read(linked)).has(fragment))
          return [`${page}: ${target}: no heading #${fragment} in ${linked}`];
        return [];
      }),
  );
  expect(broken).toEqual([]);
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
  const fields = { ...seedFields, ...nodeFields, ...managementFields, ...ipFields, ...installerFields, ...extraFields };
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
