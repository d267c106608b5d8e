// The list of what gen-infra checks in docs/checks.md, generated from the rules, with where Terraform enforces
// each again.
import { allRules } from "../rules";
import type { Rule } from "../rules/rule";
import { specSchema } from "../input/spec";
import { buildCluster } from "../model/model";
import type { LabEntity, LabSymbol } from "../rules/lab-terms";
import { defaultTarget } from "../compile";

// A cluster with every optional section, so that rules whose Terraform side depends on one are listed with it.
const fullCluster = buildCluster(
  specSchema.parse({
    hypervisor: { memory_gib: 1024, vcpus: 256, disk_gib: 10240 },
    firmware: "uefi",
    disks: {},
    arbiter: {},
    extra_workers: 1,
  }),
);

function enforcement(rule: Rule<never>): string {
  const where: string[] = [];
  const validated = (Object.keys(rule.validations ?? {}) as LabSymbol[]).map(
    (symbol) => defaultTarget.variableOf(symbol, fullCluster) ?? symbol,
  );
  if (validated.length) where.push(`\`validation\` on ${validated.map((v) => `\`${v}\``).join(", ")}`);
  const protectedResources = (Object.keys(rule.preconditions?.(fullCluster) ?? {}) as LabEntity[]).map((entity) =>
    defaultTarget.resourceOf(entity),
  );
  if (protectedResources.length)
    where.push(`\`precondition\` on ${protectedResources.map((r) => `\`${r}\``).join(", ")}`);
  if (rule.warnings?.length) where.push("a `check` block (a warning, as in gen-infra)");
  if (where.length) return `At plan and apply: ${where.join("; ")}.`;
  return rule.notInTerraform ? `gen-infra only: ${rule.notInTerraform}.` : "gen-infra only.";
}

/** The ids of the list's rows that are not rules of their own: the loader and the schema. */
export const pseudoRuleIds = ["load", "schema"] as const;

export function checksReference(): string {
  return [
    "| rule | what it checks | when Terraform runs |",
    "| --- | --- | --- |",
    "| `load` | The spec file itself: a regular file of at most 1 MiB, strict UTF-8, valid JSON, YAML or Terraform variables syntax, no key given twice, no more than 32 levels of nesting or 100 YAML aliases, and in a variables file no template (`${…}`, `%{…}`); the file `bmc.ca_file` names, relative to the spec file: a regular file of at most 256 KiB, UTF-8, each PEM `CERTIFICATE` block an X.509 certificate. | gen-infra only: Terraform reads no spec. |",
    "| `schema` | Every key's type, format and range as in the [spec reference](spec.md): enums, whole-number ranges, lower-case unicast MAC bases with one (masters) or two (workers) hex digits left, IPv4 CIDRs and addresses, DNS names, `<major>.<minor>.<patch>` of a release line gen-infra knows ([releases](releases.md)); unknown keys, with a suggestion. | At plan and apply: `validation` on every seed variable, with the same messages. |",
    ...allRules.map(
      (rule) => `| \`${rule.id}\` | ${rule.summary.replace(/\|/g, "\\|")} | ${enforcement(rule as Rule<never>)} |`,
    ),
  ].join("\n");
}
