// What holds across the rules rather than in one of them (each rule's own table is in the file named after its
// module): how --strict treats their severities, and the spec's keys that could pollute an object.
import { validate } from "../../../generator/input/validate";
import { compile } from "../../../generator/compile";

test("--strict turns warnings into errors and writes nothing; notes stay notes", () => {
  const lax = compile({}, "x.json");
  expect(lax.files).toBeDefined();
  const strict = compile({}, "x.json", { strict: true });
  expect(strict.files).toBeUndefined();
  expect(strict.findings.map((f) => f.severity)).toEqual(["error", "note"]);
});

test("the keys __proto__ and constructor are unknown keys, and nothing is polluted", () => {
  const result = validate(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'));
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.findings.map((f) => f.path)).toEqual([["__proto__"], ["constructor"]]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
