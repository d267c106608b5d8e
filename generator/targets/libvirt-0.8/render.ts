// Stage 5: the model rendered through the eta templates into the output files. Templates hold layout only;
// every value they print is prepared here or in the model.
import path from "node:path";
import { renderTemplate } from "../../syntax/eta";
import { hclAttributes, hclString, hclStringBody, hclValue } from "../../syntax/hcl";
import { variables } from "./variables";
import { outputsFor } from "./outputs";
import { bondingMinMinor, diskBytes, GiB, nicOrder, roleNames, type Cluster } from "../../model/model";
import { chuckyHosts, hostPlanHcl, provisioningHosts } from "../../model/address-plan";
import { bondOffset, macFormat, masterBondOffset, workerBondOffset } from "../../model/mac";
import { rolesHcl, workerVmsHcl, type RoleHcl } from "../../model/roles-hcl";
import { isSshUri, type Connection } from "../../spec/spec";
import { provisioningHcl } from "../../spec/management";
import { allRules } from "../../rules";
import { dataDiskCountPreconditions, dayTwo } from "./day-two";
import type { TerraformCondition } from "../../rules/rule";

import { buildInventory } from "../../artefacts/inventory";
import { clusterReport, serializeInventory } from "../../artefacts/report";
import { buildInstallConfig, placeholders, serializeInstallConfig } from "../../artefacts/install-config";
import { dhcpdConf, forwardZone, reverseZone } from "../../artefacts/support-services";
import { serializeBaremetalHosts } from "../../artefacts/baremetal-hosts";

/** Every rule's preconditions for this cluster, and day 2's, by the resource address they protect. */
export function preconditionsFor(cluster: Cluster): Record<string, TerraformCondition[]> {
  const byResource: Record<string, TerraformCondition[]> = {};
  const all = [
    ...allRules.map((rule) => rule.preconditions?.(cluster) ?? {}),
    dataDiskCountPreconditions(cluster.spec),
  ];
  for (const preconditionsOf of all) {
    for (const [resource, conditions] of Object.entries(preconditionsOf)) {
      (byResource[resource] ??= []).push(...conditions);
    }
  }
  return byResource;
}

/** One role's libvirt resources, as the templates print them. */
function roleView(cluster: Cluster, r: RoleHcl) {
  const base = roleNames(cluster.names, r.role);
  const bytes = diskBytes[r.role];
  return {
    ...r,
    domainName: base.domain,
    volumeName: base.volume,
    osDiskSize: r.dataDisksGiB === undefined ? `${bytes} # ${bytes / GiB} GiB` : `${r.osDiskGiB} * ${GiB}`,
    bondOffset: bondOffset(r.macBase),
  };
}

/** The fixed MAC lists of every role, for the fixed_macs local: chucky NICs, provisioning NICs, bond ports. */
const macLists = (roles: readonly RoleHcl[], kind: "chucky" | "provision" | "bond") =>
  roles.map((r) => `local.${r.role}_${kind}_macs`).join(", ");

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
  "extra-workers.yaml",
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

function extraWorkersYaml(cluster: Cluster, inventory: ReturnType<typeof buildInventory>, source: string): string {
  const p = placeholders;
  const header = [
    `# Generated by gen-infra from ${source}: the day-2 workers as BareMetalHosts. Once the cluster is`,
    "# installed, fill in the BMC credentials (placeholders here), e.g. with",
    `# envsubst '$${p.bmcUsername} $${p.bmcPassword}', run oc apply -f extra-workers.yaml, then scale the worker`,
    "# MachineSet up to provision them.",
    "",
  ].join("\n");
  return serializeBaremetalHosts(inventory, cluster.ocpMinor, cluster.verifyBmcCertificate, header);
}

export function render(cluster: Cluster, sourceName: string): Map<OutputFile, string> {
  const roles = rolesHcl(cluster);
  const view = {
    source: commentSafe(sourceName),
    vncListenAddress: cluster.vncListenAddress,
    names: cluster.names,
    connection: connectionView(cluster.spec.connection),
    variables: variables(cluster),
    outputs: outputsFor({ arbiter: cluster.arbiter, extraWorkers: cluster.options.extraWorkers }),
    hosts: { chucky: chuckyHosts, provisioning: provisioningHosts, plan: hostPlanHcl(workerVmsHcl(cluster)) },
    diskBytes,
    GiB,
    /** libvirt's own folder for variable stores, on RHEL and Debian alike. */
    nvramFolder: "/var/lib/libvirt/qemu/nvram",
    masterCount: cluster.masterCount,
    roles: roles.map((r) => roleView(cluster, r)),
    workerVms: workerVmsHcl(cluster),
    options: cluster.options,
    provisioningHcl: provisioningHcl(cluster.spec),
    macLists: {
      chucky: roles.map((r) => `local.${r.role}_chucky_macs`),
      provision: macLists(roles, "provision"),
      bond: macLists(roles, "bond"),
    },
    bondingMinMinor,
    masterBondOffset,
    workerBondOffset,
    macFormat: { master: macFormat("master"), worker: macFormat("worker") },
    nicOrder,
    preconditions: preconditionsFor(cluster),
    warnings,
    hclString,
    hclValue,
    hclAttributes,
    ruleLocals: allRules.flatMap((rule) => rule.locals?.(cluster) ?? []),
    dayTwo: {
      serviceVm: dayTwo.serviceVm,
      clusterNode: cluster.options.firmware ? dayTwo.uefiClusterNode : dayTwo.clusterNode,
      clusterVolume: dayTwo.clusterVolume,
      baseImage: dayTwo.baseImage,
    },
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
    ...(cluster.options.extraWorkers
      ? [["extra-workers.yaml", extraWorkersYaml(cluster, inventory, view.source)] as const]
      : []),
    ["README.md", clusterReport(inventory, cluster.spec, sourceName)],
  ]);
}
