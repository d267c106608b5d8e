// `npm run docs`: rewrites the generated sections of the pages in docs/ and the shipped JSON Schema from the code.
// The test suite only checks that they are fresh.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatedPages, withGeneratedSections } from "../generator/docs/generated-sections";
import { jsonSchemaFile, serializeJsonSchema } from "../generator/docs/json-schema";

const root = fileURLToPath(new URL("..", import.meta.url));
const exampleReport = readFileSync(path.join(root, "out", "monaco", "README.md"), "utf8");
for (const page of generatedPages) {
  const file = path.join(root, page);
  writeFileSync(file, withGeneratedSections(page, readFileSync(file, "utf8"), exampleReport));
}
writeFileSync(path.join(root, jsonSchemaFile), serializeJsonSchema());
console.log(`wrote the generated sections of ${generatedPages.join(", ")} and ${jsonSchemaFile}`);
