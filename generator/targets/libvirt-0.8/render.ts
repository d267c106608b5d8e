// Stage 5: the model rendered through the eta templates into the output files. Templates hold layout only;
// every value they print is prepared here or in the model.
import path from "node:path";
import { renderTemplate } from "../../syntax/eta";
import { hclAttributes, hclString, hclStringBody, hclValue } from "../../syntax/hcl";
import { variables } from "./variables";
import { outputs } from "./outputs";
import { bondingMinMinor, diskBytes, masterCount, nicOrder, type Cluster } from "../../model/model";
import { chuckyHosts, hostPlanHcl, provisioningHosts } from "../../model/address-plan";
import { macFormat, masterBondOffset, workerBondOffset } from "../../model/mac";
import { isSshUri, type Connection, type Spec } from "../../spec/spec";
import { allRules } from "../../rules";
import type { TerraformCondition } from "../../rules/rule";

import { buildInventory } from "../../artefacts/inventory";
import { clusterReport, serializeInventory } from "../../artefacts/report";
import { buildInstallConfig, placeholders, serializeInstallConfig } from "../../artefacts/install-config";
import { dhcpdConf, forwardZone, reverseZone } from "../../artefacts/support-services";

/** Every rule's preconditions for this spec, by the resource address they protect. */
export function preconditionsFor(spec: Spec): Record<string, TerraformCondition[]> {
  const byResource: Record<string, TerraformCondition[]> = {};
  for (const rule of allRules) {
    for (const [resource, conditions] of Object.entries(rule.preconditions?.(spec) ?? {})) {
      (byResource[resource] ??= []).push(...conditions);
    }
  }
  return byResource;
}

/** What Terraform must not take back once a VM runs (the provider reads it from the live domain), with why. */
export const dayTwo = {
  serviceVm: {
    attributes: ["cpu"],
    why: ['A running host-model domain reads back as mode "custom", which would force a replacement.'],
  },
  clusterNode: {
    attributes: ["running", "disk", "cpu"],
    why: [
      "Day 2 belongs to the installer: its BMC powers the node on (running), sushy-tools adds and ejects virtual",
      'media (disk), and a running host-model domain reads back as mode "custom" (cpu); disk and cpu force a',
      "replacement, which would destroy an installed node. Changes to these act on new nodes only.",
    ],
  },
} as const;

/** Every rule's warnings, as `check` blocks named after the rule. */
const warnings = allRules.flatMap((rule) =>
  (rule.warnings ?? []).map((warning) => ({ name: rule.id.replace(/-/g, "_"), ...warning })),
);

/** Files gen-infra writes, in the order it writes and lists them. */
export const outputFiles = [
  "versions.tf",
  "input-vars.tf",
  "libvirt.tf",
  "outputs.tf",
  "provision_cloud_init.cfg",
  "provision_network_config.cfg",
  "support_cloud_init.cfg",
  "support_network_config.cfg",
  "inventory.json",
  "install-config.yaml",
  "dhcpd.conf",
  "forward.zone",
  "reverse.zone",
  "README.md",
] as const;
export type OutputFile = (typeof outputFiles)[number];

/** Names earlier versions wrote: still gen-infra's own, so that a run removes them when they are unchanged. */
export const retiredOutputFiles = ["install-config-hosts.yaml"] as const;

/** Every name gen-infra may create, replace or delete in an output folder. */
export const ownOutputNames: readonly string[] = [...outputFiles, ...retiredOutputFiles];

function connectionView(connection: Connection) {
  if (connection.mode === "remote_state") {
    const stateDir = path.posix.dirname(connection.state_path);
    return {
      mode: connection.mode,
      statePath: connection.state_path,
      stateDirText: hclStringBody(stateDir),
      sshUserText: hclStringBody(connection.ssh_user),
      privateKeyExpr: connection.ssh_private_key
        ? `pathexpand(${hclString(connection.ssh_private_key)})`
        : `"${hclStringBody(stateDir)}/\${trimsuffix(local.metal.ssh_certificate, ".pub")}"`,
      uriSuffixText: connection.verify_host_key ? "" : "&known_hosts_verify=ignore",
    };
  }
  // Query parameters as HCL string bodies: the key path goes through pathexpand(), since the provider does not
  // expand "~" itself.
  const params: string[] = [];
  if (isSshUri(connection.uri)) {
    if (connection.ssh_private_key) params.push(`keyfile=\${pathexpand(${hclString(connection.ssh_private_key)})}`);
    if (!connection.verify_host_key) params.push("known_hosts_verify=ignore");
  }
  const separator = connection.uri.includes("?") ? "&" : "?";
  return {
    mode: connection.mode,
    uriText: hclStringBody(connection.uri) + (params.length ? `${separator}${params.join("&")}` : ""),
    publicKeyPath: connection.ssh_public_key,
  };
}

// The spec's file name goes into comments, and the cloud-init files are Terraform templates, so it is kept to
// printable characters and its template sequences are escaped.
const commentSafe = (name: string) =>
  name
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");

function installConfigYaml(cluster: Cluster, inventory: ReturnType<typeof buildInventory>, source: string): string {
  const p = placeholders;
  const header = [
    `# Generated by gen-infra from ${source}: install-config.yaml for the OpenShift installer, from the same model as`,
    "# the HCL, so every MAC and address here is the one Terraform gives the lab. Secrets are not written here: fill",
    `# them in where you run the installer, e.g. with envsubst '$${p.pullSecret} $${p.sshKey} $${p.bmcUsername} $${p.bmcPassword}'.`,
    "",
  ].join("\n");
  return serializeInstallConfig(buildInstallConfig(inventory, cluster.ocpMinor, cluster.verifyBmcCertificate), header);
}

export function render(cluster: Cluster, sourceName: string): Map<OutputFile, string> {
  const view = {
    source: commentSafe(sourceName),
    vncListenAddress: cluster.vncListenAddress,
    names: cluster.names,
    connection: connectionView(cluster.spec.connection),
    variables: variables(cluster.spec),
    outputs,
    hosts: { chucky: chuckyHosts, provisioning: provisioningHosts, plan: hostPlanHcl },
    diskBytes,
    masterCount,
    bondingMinMinor,
    masterBondOffset,
    workerBondOffset,
    macFormat: { master: macFormat("master"), worker: macFormat("worker") },
    nicOrder,
    preconditions: preconditionsFor(cluster.spec),
    warnings,
    hclString,
    hclValue,
    hclAttributes,
    ruleLocals: allRules.flatMap((rule) => (rule.locals ? [rule.locals(cluster.spec)] : [])),
    dayTwo,
  };
  const inventory = buildInventory(cluster);
  const tf = (name: string) => renderTemplate(`hcl/${name}`, view);
  const cfg = (name: string) => renderTemplate(`cloudinit/${name}`, view);
  return new Map<OutputFile, string>([
    ["versions.tf", tf("versions.tf")],
    ["input-vars.tf", tf("input-vars.tf")],
    ["libvirt.tf", tf("libvirt.tf")],
    ["outputs.tf", tf("outputs.tf")],
    ["provision_cloud_init.cfg", cfg("cloud_init.cfg")],
    ["provision_network_config.cfg", cfg("provision_network_config.cfg")],
    ["support_cloud_init.cfg", cfg("cloud_init.cfg")],
    ["support_network_config.cfg", cfg("support_network_config.cfg")],
    ["inventory.json", serializeInventory(inventory)],
    ["install-config.yaml", installConfigYaml(cluster, inventory, view.source)],
    ["dhcpd.conf", dhcpdConf(inventory, view.source)],
    ["forward.zone", forwardZone(inventory, view.source)],
    ["reverse.zone", reverseZone(inventory, view.source)],
    ["README.md", clusterReport(inventory, cluster.spec, sourceName)],
  ]);
}
