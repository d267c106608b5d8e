// The README's promises: the two commands, and a spec reference generated from the schema.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "./helpers";
import { specReference } from "../generator/spec-reference";
import { checksReference } from "../generator/checks-reference";

const readmePath = path.join(root, "README.md");

/** The README with the section between `<!-- name:start ... -->` and `<!-- name:end -->` replaced. */
function withSection(readme: string, name: string, content: string): string {
  const start = new RegExp(`<!-- ${name}:start[^>]*-->\n`);
  const end = `<!-- ${name}:end -->`;
  const marker = readme.match(start);
  if (!marker) throw new Error(`README.md has no ${name} section`);
  const before = readme.slice(0, marker.index! + marker[0].length);
  return `${before}${content}\n${readme.slice(readme.indexOf(end, before.length))}`;
}

test("the spec reference and the list of checks are what the code says (npm run docs rewrites them)", () => {
  const readme = readFileSync(readmePath, "utf8");
  const expected = withSection(withSection(readme, "spec-reference", specReference()), "checks", checksReference());
  if (process.env.UPDATE_README === "1") writeFileSync(readmePath, expected);
  else expect(readme).toBe(expected);
});

test("the README gives a newcomer exactly the install-and-run and the test commands", () => {
  const readme = readFileSync(readmePath, "utf8");
  expect(readme).toContain("npm install && npx gen-infra fixtures/monaco.json");
  expect(readme).toMatch(/^npm test\b/m);
});
