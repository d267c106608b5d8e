// `gen-infra show <spec>`: the cluster's nodes and totals at the terminal, or its inventory as JSON.
import path from "node:path";
import { loadSpec } from "./load";
import { compile } from "../compile";
import { buildInventory } from "../artefacts/inventory";
import { nodeTableRows, serializeInventory } from "../artefacts/report";
import { hasErrors } from "../findings";
import { formatFindings, paint, textTable } from "./terminal";
import type { Io } from "./io";

export async function show(spec: string, json: boolean, io: Io): Promise<number> {
  const source = path.basename(spec);
  const colour = Boolean(io.stdout.isTTY);
  const loaded = await loadSpec(spec);
  const { findings, cluster } = loaded.ok
    ? compile(loaded.raw, source, { files: loaded.files })
    : { findings: loaded.findings, cluster: undefined };
  if (hasErrors(findings) || !cluster) {
    io.stderr.write(formatFindings(findings, source, Boolean(io.stderr.isTTY)));
    return 1;
  }
  const inventory = buildInventory(cluster);
  if (json) {
    io.stdout.write(serializeInventory(inventory));
    return 0;
  }
  const { header, rows } = nodeTableRows(inventory);
  const { cluster: c, totals: t } = inventory;
  io.stdout.write(
    [
      paint(`${c.name}.${c.base_domain}`, "bold", colour) +
        ` OpenShift ${c.ocp_version}, ${c.architecture}${c.bonding ? ", bonded" : ""}`,
      "",
      textTable(header, rows, colour),
      "",
      `totals: ${t.memory_gib} GiB memory, ${t.vcpus} vCPUs, ${t.disk_gib} GiB virtual disk`,
      "",
    ].join("\n"),
  );
  return 0;
}
