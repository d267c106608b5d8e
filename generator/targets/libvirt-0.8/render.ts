// Stage 5: the model rendered through the eta templates into the output files. Templates hold layout only;
// every value they print is prepared here or in the model.
import path from "node:path";
import { renderTemplate } from "../../syntax/eta";
import { hclAttributes, hclString, hclStringBody, hclValue } from "../../syntax/hcl";
import { variables } from "./variables";
import { outputsFor } from "./outputs";
import { diskBytes, GiB, nicOrder, roleNames, type Cluster } from "../../model/model";
import { releases } from "../../releases";
import { chuckyHosts } from "../../model/address-plan";
import { addressLocals, macLocals } from "./plans";
import { provider } from "./provider";
import { rolesHcl, workerVmsHcl, type RoleHcl } from "./roles";
import { isSshUri, type Connection } from "../../input/spec";
import { dayTwo } from "./day-two";
import { preconditionsFor, symbolBindings, symbolLocals, warningsFor } from "./conditions";
import { local } from "./locals";
import { commentSafe } from "../../artefacts/lab-files";
import type { Lab } from "../../lab/lab";

/** One role's libvirt resources, as the templates print them. */
function roleView(cluster: Cluster, r: RoleHcl) {
  const base = roleNames(cluster.names, r.role);
  const bytes = diskBytes[r.role];
  return {
    ...r,
    domainName: base.domain,
    volumeName: base.volume,
    osDiskSize: r.dataDisksGiB === undefined ? `${bytes} # ${bytes / GiB} GiB` : `${r.osDiskGiB} * ${GiB}`,
    macLocals: macLocals(r, cluster.masterCount),
  };
}

/** The fixed MAC lists of every role, for the fixed_macs local: chucky NICs, provisioning NICs, bond ports. */
const macLists = (roles: readonly RoleHcl[], kind: "chucky" | "provision" | "bond") =>
  roles.map((r) => local(`${r.role}_${kind}_macs`)).join(", ");

/** The files this target writes, in the order it writes and lists them. */
export const fileNames = [
  "versions.tf",
  "input-vars.tf",
  "libvirt.tf",
  "outputs.tf",
  "provision_cloud_init.cfg",
  "provision_network_config.cfg",
  "support_cloud_init.cfg",
  "support_network_config.cfg",
] as const;
export type FileName = (typeof fileNames)[number];

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

export function render(lab: Lab, cluster: Cluster, sourceName: string): Map<FileName, string> {
  const [hypervisor, ...more] = lab.hypervisors;
  // One provider block per hypervisor, with aliases, comes with the labs that span several.
  if (!hypervisor || more.length > 0) throw new Error(`the libvirt-0.8 target builds on one hypervisor`);
  const roles = rolesHcl(cluster);
  const bindings = symbolBindings(cluster);
  const view = {
    source: commentSafe(sourceName),
    provider,
    vncListenAddress: cluster.vncListenAddress,
    names: cluster.names,
    connection: connectionView(hypervisor.connection),
    variables: variables(cluster),
    outputs: outputsFor({ arbiter: cluster.arbiter, extraWorkers: cluster.options.extraWorkers }),
    firstWorkerHost: chuckyHosts.firstWorker,
    addressLocals: addressLocals(workerVmsHcl(cluster)),
    diskBytes,
    GiB,
    /** libvirt's own folder for variable stores, on RHEL and Debian alike. */
    nvramFolder: "/var/lib/libvirt/qemu/nvram",
    masterCount: cluster.masterCount,
    roles: roles.map((r) => roleView(cluster, r)),
    workerVms: workerVmsHcl(cluster),
    options: cluster.options,
    provisioningHcl: bindings.provisioning,
    macLists: {
      chucky: roles.map((r) => local(`${r.role}_chucky_macs`)),
      provision: macLists(roles, "provision"),
      bond: macLists(roles, "bond"),
    },
    bondingSince: releases.bonding.since,
    nicOrder,
    preconditions: preconditionsFor(cluster, bindings),
    warnings: warningsFor(bindings),
    hclString,
    hclValue,
    hclAttributes,
    ruleLocals: symbolLocals(cluster, bindings),
    dayTwo: {
      serviceVm: dayTwo.serviceVm,
      clusterNode: cluster.options.firmware ? dayTwo.uefiClusterNode : dayTwo.clusterNode,
      clusterVolume: dayTwo.clusterVolume,
      baseImage: dayTwo.baseImage,
    },
  };
  const tf = (name: string) => renderTemplate(`libvirt-0.8/hcl/${name}`, view);
  const cfg = (name: string) => renderTemplate(`libvirt-0.8/cloudinit/${name}`, view);
  return new Map<FileName, string>([
    ["versions.tf", tf("versions.tf")],
    ["input-vars.tf", tf("input-vars.tf")],
    ["libvirt.tf", tf("libvirt.tf")],
    ["outputs.tf", tf("outputs.tf")],
    ["provision_cloud_init.cfg", cfg("cloud_init.cfg")],
    ["provision_network_config.cfg", cfg("provision_network_config.cfg")],
    ["support_cloud_init.cfg", cfg("cloud_init.cfg")],
    ["support_network_config.cfg", cfg("support_network_config.cfg")],
  ]);
}
