// `npm run docs`: rewrites the README's generated sections and the shipped JSON Schema from the code. The test
// suite only checks that both are fresh.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatedReadme } from "../generator/docs/readme";
import { jsonSchemaFile, serializeJsonSchema } from "../generator/docs/json-schema";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = path.join(root, "README.md");
writeFileSync(
  readme,
  generatedReadme(readFileSync(readme, "utf8"), readFileSync(path.join(root, "out", "monaco", "README.md"), "utf8")),
);
writeFileSync(path.join(root, jsonSchemaFile), serializeJsonSchema());
console.log(`wrote README.md's generated sections and ${jsonSchemaFile}`);
