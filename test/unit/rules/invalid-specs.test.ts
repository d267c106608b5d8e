// fixtures/invalid/ holds one spec per rule; each is rejected with its finding, exit status 1 and nothing written.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { runInProcess } from "../../run-command";
import { fixturesDir, scratchFolders } from "../../helpers";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { formatPath } from "../../../generator/findings";
import { allRules } from "../../../generator/rules";
import { pseudoRuleIds } from "../../../generator/docs/checks-reference";

interface Expected {
  path: string;
  message: string;
  fix?: string;
  /** A warning: rejected only under --strict. */
  severity?: "warning";
}

const invalidDir = path.join(fixturesDir, "invalid");
const invalidScratch = scratchFolders("invalid");
const expected: Record<string, Expected> = JSON.parse(readFileSync(path.join(invalidDir, "expected.json"), "utf8"));
const cases = Object.entries(expected);

test("every invalid fixture is named after the rule it breaks, and every rule a spec can break has one", () => {
  const ids = [...pseudoRuleIds, ...allRules.map((rule) => rule.id)];
  const ruleOf = (file: string) =>
    ids.filter((id) => file === `${id}.json` || file.startsWith(`${id}-`)).sort((a, b) => b.length - a.length)[0];
  for (const file of Object.keys(expected)) expect([file, ruleOf(file)]).toEqual([file, expect.any(String)]);
  const covered = new Set(Object.keys(expected).map(ruleOf));
  expect(ids.filter((id) => !covered.has(id))).toEqual([]);
});

test("every spec in fixtures/invalid has its expected finding, and every expectation its spec", () => {
  const specs = readdirSync(invalidDir)
    .filter((f) => f !== "expected.json")
    .sort();
  expect(specs).toEqual(Object.keys(expected).sort());
});

test.each(cases)("%s: the compiler finds it at its key path", async (file, want) => {
  const loaded = await loadSpec(path.join(invalidDir, file));
  const findings = loaded.ok ? compile(loaded.raw, file, { files: loaded.files }).findings : loaded.findings;
  const match = findings.find(
    (f) => formatPath(f.path) === (want.path || "(spec)") && f.message.includes(want.message),
  );
  expect(match).toBeDefined();
  expect(match!.severity).toBe(want.severity ?? "error");
  if (want.fix) expect(match!.fix).toBe(want.fix);
  if (want.severity === "warning") {
    const strict = loaded.ok ? compile(loaded.raw, file, { strict: true, files: loaded.files }).findings : [];
    expect(strict.find((f) => formatPath(f.path) === want.path)?.severity).toBe("error");
  }
});

test.each(cases)("%s: gen-infra exits 1, says why, and writes nothing", async (file, want) => {
  const out = path.join(invalidScratch(), "out");
  const args = [path.join(invalidDir, file), "-o", out, ...(want.severity === "warning" ? ["--strict"] : [])];
  const result = await runInProcess(args);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe("");
  const where = want.path ? `error: ${want.path}` : "error: ";
  const line = result.stderr.split("\n").find((l) => l.startsWith(`${file}: ${where}`) && l.includes(want.message));
  expect(line).toBeDefined();
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
});
