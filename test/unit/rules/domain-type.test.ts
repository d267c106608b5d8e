// domain_type and cpu_mode: given the two keys, want the rule's findings and the cpu_mode input-vars.tf defaults to
// (left out, it follows the domain type), or nothing written where the pair is refused.
import { compile } from "../../../generator/compile";
import { domainTypeCpuRule } from "../../../generator/rules/domain-type";
import { expectFindings, specOf, type Given, type Want } from "./rule-table";

const rows: readonly (readonly [given: Given, cpuMode: string, want: readonly Want[]])[] = [
  [{}, "host-passthrough", []],
  [{ domain_type: "kvm" }, "host-passthrough", []],
  [{ domain_type: "qemu" }, "host-model", []],
  [{ domain_type: "qemu", cpu_mode: "none" }, "none", []],
  [{ domain_type: "kvm", cpu_mode: "host-model" }, "host-model", []],
  [
    { domain_type: "qemu", cpu_mode: "host-passthrough" },
    "refused",
    [["error", "cpu_mode", "domain_type qemu (software emulation) cannot start a VM with cpu_mode host-passthrough"]],
  ],
];

const cpuModeDefault = (inputVars: string): string =>
  /^variable "cpu_mode" \{[\s\S]*?^\s*default\s*=\s*"([^"]+)"/m.exec(inputVars)?.[1] ?? "no default";

describe(domainTypeCpuRule.id, () => {
  test.each(rows)("%j → cpu_mode %s", (given, cpuMode, want) => {
    expectFindings(domainTypeCpuRule.check(specOf(given)), want);
    const files = compile(given, "x.json").files;
    expect(files === undefined ? "refused" : cpuModeDefault(files.get("input-vars.tf") ?? "")).toBe(cpuMode);
  });
});
