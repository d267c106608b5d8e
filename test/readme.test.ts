// The README's promises: the two commands, and a spec reference generated from the schema.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "./helpers";
import { specReference } from "../generator/spec-reference";

const readmePath = path.join(root, "README.md");
const start = /<!-- spec-reference:start[^>]*-->\n/;
const end = "<!-- spec-reference:end -->";

test("the spec reference is what the schema says (npm run docs rewrites it)", () => {
  const readme = readFileSync(readmePath, "utf8");
  const [before, rest] = readme.split(start);
  const after = rest!.slice(rest!.indexOf(end));
  const expected = `${before}${readme.match(start)![0]}${specReference()}\n${after}`;
  if (process.env.UPDATE_README === "1") writeFileSync(readmePath, expected);
  else expect(readme).toBe(expected);
});

test("the README gives a newcomer exactly the install-and-run and the test commands", () => {
  const readme = readFileSync(readmePath, "utf8");
  expect(readme).toContain("npm install && npx gen-infra fixtures/monaco.json");
  expect(readme).toMatch(/^npm test\b/m);
});
