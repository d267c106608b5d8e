// A short account of a plan for `gen-infra verify`: what would be created,
// and which VM gets which NIC MACs (the detail people check by eye).
import { provider } from "./compiler";
import { engineTitle, type Engine } from "./engine";
import { plannedResources, type TerraformPlanJson } from "./plan-json";

interface DomainSummary {
  address: string;
  name: string | null;
  /** One entry per network_interface block; null where the MAC is only known after apply. */
  macs: (string | null)[];
}

interface PlanSummary {
  /** The engine that planned; OpenTofu's plans carry its version under the same terraform_version key. */
  engine: Engine;
  terraformVersion: string;
  /** Resource counts by type, per planned action. */
  toAdd: Record<string, number>;
  toChange: Record<string, number>;
  toDestroy: Record<string, number>;
  domains: DomainSummary[];
}

function bump(counts: Record<string, number>, type: string): void {
  counts[type] = (counts[type] ?? 0) + 1;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function domainSummary(address: string, values: Record<string, unknown>): DomainSummary {
  const nics = Array.isArray(values["network_interface"]) ? (values["network_interface"] as unknown[]) : [];
  return {
    address,
    name: typeof values["name"] === "string" ? values["name"] : null,
    macs: nics.map((nic) => {
      const mac = typeof nic === "object" && nic !== null ? (nic as Record<string, unknown>)["mac"] : undefined;
      return typeof mac === "string" ? mac : null;
    }),
  };
}

export function summarisePlan(plan: TerraformPlanJson, engine: Engine = "terraform"): PlanSummary {
  const toAdd: Record<string, number> = {};
  const toChange: Record<string, number> = {};
  const toDestroy: Record<string, number> = {};
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const actions = change.change.actions;
    // A replacement counts as both an add and a destroy, as in Terraform's own "Plan:" line.
    if (actions.includes("create")) bump(toAdd, change.type);
    if (actions.includes("update")) bump(toChange, change.type);
    if (actions.includes("delete")) bump(toDestroy, change.type);
  }
  const domains = plannedResources(plan)
    .filter((r) => r.mode === "managed" && r.type === provider.domainType)
    // Terraform orders addresses as text (worker[10] before worker[2]); people count.
    .sort((a, b) => a.address.localeCompare(b.address, "en", { numeric: true }))
    .map((r) => domainSummary(r.address, r.values ?? {}));
  return {
    engine,
    terraformVersion: plan.terraform_version,
    toAdd: sorted(toAdd),
    toChange: sorted(toChange),
    toDestroy: sorted(toDestroy),
    domains,
  };
}

function countsLine(label: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [];
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return [`${label}: ${total}`, ...entries.map(([type, n]) => `  ${type.padEnd(24)} ${n}`)];
}

/** Plain text, one fact per line. */
export function formatPlanSummary(summary: PlanSummary): string {
  const lines = [`${engineTitle(summary.engine)} ${summary.terraformVersion}`];
  lines.push(
    ...countsLine("To add", summary.toAdd),
    ...countsLine("To change", summary.toChange),
    ...countsLine("To destroy", summary.toDestroy),
  );
  if (summary.domains.length > 0) {
    lines.push("Domains:");
    for (const d of summary.domains) {
      const macs = d.macs.map((mac) => mac ?? "(known after apply)").join(", ");
      lines.push(`  ${d.name ?? d.address}  ${d.macs.length} NIC${d.macs.length === 1 ? "" : "s"}: ${macs || "none"}`);
    }
  }
  return lines.join("\n");
}
