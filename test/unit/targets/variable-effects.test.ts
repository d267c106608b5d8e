// The day-2 table is complete and says what its plans show: every variable once, on a lab that declares it, with a
// value other than the lab's, and an effect its planned changes bear out. The plans themselves are asserted against
// the real provider in test/real-libvirt/day-two-variables.test.ts.
import { compile } from "../../../generator/compile";
import { buildCluster } from "../../../generator/model/model";
import { specSchema } from "../../../generator/input/spec";
import { variables, type Variable } from "../../../generator/targets/libvirt-0.8/variables";
import {
  dayTwoLabs,
  variableEffects,
  type DayTwoLab,
  type VariableEffect,
} from "../../../generator/targets/libvirt-0.8/variable-effects";

const labVariables = (lab: DayTwoLab): Variable[] =>
  variables(buildCluster(specSchema.parse(structuredClone(dayTwoLabs[lab]))));

/** A variable's default as the table's -var values write it: `{memory=2048,vcpu=2}`, `[10,10]`, `vbmc`. */
function asVar(value: Variable["default"]): string {
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(asVar).join(",")}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${key}=${asVar(item)}`)
    .join(",")}}`;
}

test.each(Object.keys(dayTwoLabs))("the %s lab is a spec gen-infra accepts without a warning", (lab) => {
  const { findings } = compile(structuredClone(dayTwoLabs[lab as DayTwoLab]), `${lab}.json`);
  // Its connection is the seed's, whose host key is not verified: the one warning every such spec gets.
  const unexpected = findings.filter(
    (finding) => finding.severity !== "note" && finding.path.join(".") !== "connection.verify_host_key",
  );
  expect(unexpected).toEqual([]);
});

test("every variable a configuration can declare has exactly one row, on a lab that declares it", () => {
  const all = new Set(Object.keys(dayTwoLabs).flatMap((lab) => labVariables(lab as DayTwoLab).map((v) => v.name)));
  expect(variableEffects.map((row) => row.variable).sort()).toEqual([...all].sort());
  for (const row of variableEffects) {
    expect({ row: row.variable, declared: labVariables(row.lab).some((v) => v.name === row.variable) }).toEqual({
      row: row.variable,
      declared: true,
    });
  }
});

test("every override changes its variable: its value is not the lab's default", () => {
  for (const row of variableEffects) {
    const declared = labVariables(row.lab).find((v) => v.name === row.variable);
    expect(declared).toBeDefined();
    for (const override of row.overrides) expect(override.value).not.toBe(asVar(declared!.default));
  }
});

/** What a row's planned changes must bear out, by its effect. */
const changed = (row: VariableEffect) => row.overrides.flatMap((override) => override.plan);
const touchesNodes = (change: string, action: string) =>
  /^libvirt_(domain|volume)\./.test(change) && change.split(": ")[1]!.split(",").includes(action);

test.each(variableEffects.map((row) => [row.variable, row] as const))(
  "%s: its effect is what its plans show",
  (_, row) => {
    const plans = changed(row);
    // Plans list changes sorted, each once.
    for (const override of row.overrides) expect([...new Set(override.plan)].sort()).toEqual(override.plan);
    switch (row.effect) {
      case "in place":
        expect(plans.filter((change) => !change.startsWith("output."))).toEqual([]);
        break;
      case "new VMs only":
        // The only VM change is a swapped cloud-init disk, which a running VM does not read again.
        expect(plans.filter((change) => touchesNodes(change, "create") || touchesNodes(change, "delete"))).toEqual([]);
        break;
      case "adds or removes at the end":
        expect(plans.some((change) => touchesNodes(change, "create"))).toBe(true);
        expect(plans.some((change) => touchesNodes(change, "delete"))).toBe(true);
        break;
      case "rebuilds the lab":
        expect(plans.some((change) => /^libvirt_network\.\S+: (delete,)?create$/.test(change))).toBe(true);
    }
    expect(row.why).not.toMatch(/\.$/);
  },
);
