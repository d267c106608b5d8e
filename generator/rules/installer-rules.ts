// The install-config.yaml gen-infra writes passes the OpenShift installer's own validation (generator/installer/,
// held against the installer's test cases), for the spec's OpenShift version; so do the agent-based installer's
// files. The model makes most of those rules hold by construction; this rule is what proves it, before anyone waits
// for an installer.
import type { Cluster } from "../model/model";
import { buildInventory, type Inventory } from "../artefacts/inventory";
import { buildAgentInstallConfig, buildInstallConfig } from "../artefacts/install-config";
import { buildAgentConfig } from "../artefacts/agent-config";
import { dayTwoHosts } from "../artefacts/baremetal-hosts";
import {
  agentConfigErrors,
  agentConfigWarnings,
  agentInstallConfigErrors,
  agentInstallConfigWarnings,
  formatFieldError,
  hostCountErrors,
  installerErrors,
  type FieldError,
} from "../installer";
import type { Finding, KeyPath } from "../findings";
import type { Rule } from "./rule";
import { ipv6Defaults } from "../input/spec";

/** Where the installer's error is about a network or VIP the spec chose: the key, its value, and what to do. */
interface SpecCause {
  readonly path: KeyPath;
  readonly value: unknown;
  readonly fix: string;
}

/** The installer's own IPv4 pod and service networks, which gen-infra writes as the installer defaults them. */
const installerIpv4Networks = "10.128.0.0/14 (the installer's cluster network) and 172.30.0.0/16 (its service network)";

/**
 * The spec key behind an installer error about networks: the machine network is chucky's, the provisioning CIDR the
 * provision network's, the IPv6 pod and service networks and VIPs the spec's IPv6 keys; an error on the IPv4 pod or
 * service network can only come from chucky overlapping it. Any other error is gen-infra's own defect.
 */
function specCause(error: FieldError, cluster: Cluster): SpecCause | undefined {
  // The installer quotes the bad value; an IPv6 network or address is the one with a colon in it.
  const v6 = /"[^"]*:[^"]*"/.test(error.message);
  const given = <K extends keyof typeof ipv6Defaults>(key: K) => cluster.spec[key] ?? ipv6Defaults[key];
  const choose = (key: string, also = "") => `choose another ${key}${also}`;
  if (error.path.startsWith("networking.machineNetwork"))
    return v6
      ? { path: ["chucky_net_addr_v6"], value: given("chucky_net_addr_v6"), fix: choose("chucky_net_addr_v6") }
      : { path: ["chucky_net_addr"], value: cluster.spec.chucky_net_addr, fix: choose("chucky_net_addr") };
  for (const [list, key] of [
    ["networking.clusterNetwork", "cluster_network_v6"],
    ["networking.serviceNetwork", "service_network_v6"],
  ] as const) {
    if (!error.path.startsWith(list)) continue;
    if (v6) return { path: [key], value: given(key), fix: choose(key) };
    return {
      path: ["chucky_net_addr"],
      value: cluster.spec.chucky_net_addr,
      fix: choose("chucky_net_addr", `, outside ${installerIpv4Networks}`),
    };
  }
  if (error.path.startsWith("platform.baremetal.provisioning"))
    return cluster.provisioningFamily === 6
      ? { path: ["provision_net_addr_v6"], value: given("provision_net_addr_v6"), fix: choose("provision_net_addr_v6") }
      : { path: ["provision_net_addr"], value: cluster.spec.provision_net_addr, fix: choose("provision_net_addr") };
  return undefined;
}

/** An installer error (or warning) on one of the files, with the installer's words. */
interface Refusal {
  readonly file: string;
  readonly error: FieldError;
  /** What the installer would do with the file. */
  readonly verb: string;
}

const refusals = (file: string, errors: readonly FieldError[], verb = "would refuse"): Refusal[] =>
  errors.map((error) => ({ file, error, verb }));

/** install-config.yaml of the installer-provisioned flow, then the day-2 workers checked as more of its hosts. */
function ipiRefusals(cluster: Cluster, inventory: Inventory): Refusal[] {
  const { release, verifyBmcCertificate } = cluster;
  const config = buildInstallConfig(inventory, release, verifyBmcCertificate, cluster.bmcCa?.pem);
  // The day-2 workers join the same cluster later: checked as its hosts, they must be as valid and as unique.
  const withDayTwo = {
    ...config,
    platform: {
      baremetal: {
        ...config.platform.baremetal,
        hosts: [...config.platform.baremetal.hosts, ...dayTwoHosts(inventory, release, verifyBmcCertificate)],
      },
    },
  };
  const installConfigErrors = [...installerErrors(config, release), ...hostCountErrors(config, release)];
  const seen = new Set(installConfigErrors.map(formatFieldError));
  return [
    ...refusals("install-config.yaml", installConfigErrors),
    ...refusals(
      "extra-workers.yaml with install-config.yaml",
      installerErrors(withDayTwo, release).filter((error) => !seen.has(formatFieldError(error))),
    ),
  ];
}

/**
 * The agent-based installer's files as the installer reads them: install-config.yaml under the agent method, where
 * it stops at an error, then agent-config.yaml beside it. What it would only warn about (a field it ignores) is as
 * much gen-infra's defect: every value written must be one the installer uses. No day-2 hosts: the agent rule
 * refuses extra_workers.
 */
function agentRefusals(cluster: Cluster, inventory: Inventory): Refusal[] {
  const { release } = cluster;
  const installConfig = buildAgentInstallConfig(inventory, release);
  const agentConfig = buildAgentConfig(inventory);
  const installConfigErrors = agentInstallConfigErrors(installConfig, release);
  if (installConfigErrors.length > 0) return refusals("install-config.yaml", installConfigErrors);
  const warned = (file: string, warnings: readonly string[]) =>
    refusals(
      file,
      warnings.map((message) => ({ path: "(warning)", message })),
      "would ignore part of",
    );
  return [
    ...refusals("agent-config.yaml with install-config.yaml", agentConfigErrors(agentConfig, installConfig, release)),
    ...warned("install-config.yaml", agentInstallConfigWarnings(installConfig, release)),
    ...warned("agent-config.yaml", agentConfigWarnings(agentConfig, installConfig, release)),
  ];
}

export const installerRule: Rule<Cluster> = {
  id: "installer-rules",
  summary:
    "`install-config.yaml` passes the installer's own rules for the spec's `ocp_version`: the networks (each family in each list of a dual-stack cluster, no overlaps, none with OVN-Kubernetes' own subnets, the cluster network's hostPrefix), VIPs in the machine network, distinct and of the networks' primary family, host names, boot MACs and BMC addresses unique, host names DNS subdomains, the provisioning CIDR and DHCP range, a disabled provisioning network only with virtual-media BMCs, boot mode and root device, bridges that exist on the provision VM. With `installer` `agent` on platform baremetal, the same rules for its networks and VIPs.",
  notInTerraform: "install-config.yaml is not read by Terraform; the rules it follows are the model's, checked here",
  check: (cluster) => {
    const inventory = buildInventory(cluster);
    const refused = ({ file, error, verb }: Refusal): Finding => ({
      severity: "error",
      path: [],
      value: undefined,
      message: `the installer ${verb} ${file}: ${formatFieldError(error)}`,
      fix: "this is a defect in gen-infra's model: please report it with the spec",
      ...specCause(error, cluster),
    });
    return (cluster.installer === "agent" ? agentRefusals : ipiRefusals)(cluster, inventory).map(refused);
  },
};
