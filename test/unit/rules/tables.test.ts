// Every rule has its given → want table, in the test file named after the rule's module: a rule added without one
// fails here, named.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { allRules } from "../../../generator/rules";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const rulesDir = path.join(root, "generator", "rules");

/** Each exported rule of generator/rules/, with the module that holds it. */
const rules = readdirSync(rulesDir)
  .filter((file) => file.endsWith(".ts"))
  .flatMap((file) =>
    [...readFileSync(path.join(rulesDir, file), "utf8").matchAll(/^export const (\w+): Rule<\w+> = \{/gm)].map(
      (match) => ({ name: match[1]!, module: file.slice(0, -".ts".length) }),
    ),
  );

test("every rule that runs is found where it is written", () => {
  expect(rules.length).toBe(allRules.length);
});

test.each(rules.map((rule) => [rule.name, rule.module] as const))(
  "%s has a table in test/unit/rules/%s.test.ts",
  (name, module) => {
    const tests = path.join(root, "test", "unit", "rules", `${module}.test.ts`);
    const table = new RegExp(`describe\\(${name}\\.id, \\(\\) => \\{\\s*test\\.each\\(`);
    expect({ name, table: table.test(readFileSync(tests, "utf8")) }).toEqual({ name, table: true });
  },
);
