// The values `verify --engine` takes, and the engine each names.
import { ENGINE_CHOICES, parseEngine } from "../../../generator/cli/engine-option";

describe("parseEngine: the values --engine takes", () => {
  test.each([
    ["terraform", "terraform"],
    ["tofu", "opentofu"],
    ["opentofu", "opentofu"],
    ["OpenTofu", "opentofu"],
    [" Terraform ", "terraform"],
    ["pulumi", null],
    ["", null],
  ])("%j → %j", (value, want) => {
    expect(parseEngine(value)).toBe(want);
  });
});

test("every choice help lists names an engine", () => {
  expect(ENGINE_CHOICES.map(parseEngine)).toEqual(["terraform", "opentofu", "opentofu"]);
});
