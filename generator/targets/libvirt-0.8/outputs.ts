// outputs.tf: the downstream Ansible contract, the seed's 23 outputs with their names and values, and api-int's
// address. Every output is a string, a number, a bool or a list of strings: the seed's playbooks load
// `terraform output` as YAML after turning each "=" into ":", which a map's text form does not survive. Node MACs
// and the rest of the plan are in inventory.json.
import { local } from "./locals";
import { releaseName, releases } from "../../releases";
import type { ClusterRole } from "../../model/model";
import type { AgentPlatform } from "../../input/spec";

export interface Output {
  readonly name: string;
  readonly description: string;
  /** HCL expression. */
  readonly value: string;
}

const passThrough = (name: string, description: string): Output => ({ name, description, value: `var.${name}` });

/**
 * The seed's vbmc playbook gives master_names + worker_names the IPMI ports 7000, 7001, … in that order, as the
 * BMC port plan does: so the arbiter, in the third control-plane slot, is listed after the masters, and the day-2
 * workers after the workers (they are the last worker indexes). On a lab of several hosts, `names` gives each role's
 * domain names in index order, gathered from the role's blocks.
 */
/** The outputs of the provision VM, the provisioning network and the BMCs, which the agent lab has none of. */
const ipiOnlyOutputs: ReadonlySet<string> = new Set([
  "provision_net_addr",
  "provision_mac",
  "master_provision_mac_base",
  "worker_provision_mac_base",
  "provision_host_ip",
  "provisioning_dhcp_start",
  "provisioning_dhcp_end",
  "architecture",
]);
/** The VIPs' outputs, which platform none has none of. */
const vipOutputs: ReadonlySet<string> = new Set(["api_vip", "ingress_vip", "api_int_vip"]);

export function outputsFor(options: {
  arbiter: boolean;
  extraWorkers: boolean;
  /** With the agent-based installer, its platform. */
  agentPlatform?: AgentPlatform;
  names?: Readonly<Record<ClusterRole, string>>;
}): readonly Output[] {
  const names = options.names ?? {
    master: "libvirt_domain.master_domains[*].name",
    arbiter: "libvirt_domain.arbiter_domains[*].name",
    worker: "libvirt_domain.worker_domains[*].name",
  };
  const kept = outputs.filter(
    (o) =>
      options.agentPlatform === undefined ||
      !(ipiOnlyOutputs.has(o.name) || (options.agentPlatform === "none" && vipOutputs.has(o.name))),
  );
  return kept.map((o) => {
    if (o.name === "master_names")
      return options.arbiter
        ? {
            ...o,
            description: "libvirt domain names of the control plane: the masters, then the arbiter.",
            value: `concat(${names.master}, ${names.arbiter})`,
          }
        : { ...o, value: names.master };
    if (o.name === "worker_names")
      return {
        ...o,
        value: names.worker,
        ...(options.extraWorkers
          ? { description: "libvirt domain names of the workers, then the day-2 workers." }
          : {}),
      };
    return o;
  });
}

const outputs: readonly Output[] = [
  passThrough("chucky_net_addr", "Network address of the routable chucky network."),
  passThrough("provision_net_addr", "Network address of the provisioning network."),
  passThrough("provision_mac", "MAC of the provision VM's NIC on the chucky network."),
  passThrough("master_provision_mac_base", "MAC prefix of the masters' provisioning NICs."),
  passThrough("master_chucky_mac_base", "MAC prefix of the masters' chucky NICs."),
  passThrough("worker_provision_mac_base", "MAC prefix of the workers' provisioning NICs."),
  passThrough("worker_chucky_mac_base", "MAC prefix of the workers' chucky NICs."),
  {
    name: "support_host_ip",
    description: "Static address of the support VM on chucky.",
    value: local("support_host_ip"),
  },
  {
    name: "provision_host_ip",
    description: "Static address of the provision VM on chucky.",
    value: local("provision_host_ip"),
  },
  {
    name: "chucky_gateway",
    description: "Gateway of the chucky network (the hypervisor's bridge).",
    value: local("chucky_gateway"),
  },
  { name: "api_vip", description: "Virtual IP of the cluster API.", value: local("api_vip") },
  { name: "ingress_vip", description: "Virtual IP of the cluster ingress.", value: local("ingress_vip") },
  {
    name: "provisioning_dhcp_start",
    description: "First address of the installer's DHCP range on the provisioning network.",
    value: local("provisioning_dhcp_start"),
  },
  {
    name: "provisioning_dhcp_end",
    description: "Last address of the installer's DHCP range on the provisioning network.",
    value: local("provisioning_dhcp_end"),
  },
  // Their values are the blocks' (outputsFor).
  { name: "master_names", description: "libvirt domain names of the masters.", value: "" },
  { name: "worker_names", description: "libvirt domain names of the workers.", value: "" },
  passThrough("number_of_workers", "Number of worker nodes."),
  passThrough("dns_zone", "Private DNS base zone of the cluster."),
  passThrough("cluster_name", "Cluster name, the subdomain of dns_zone."),
  passThrough("ocp_version", "OpenShift version to deploy."),
  passThrough("architecture", "Management architecture: vbmc or redfish."),
  passThrough("bonding_nic", "Whether bonding was requested; see ocp_minor_version for whether it applies."),
  {
    name: "ocp_minor_version",
    description: `Minor version of OpenShift; bonding applies from ${releaseName(releases.bonding.since)} on.`,
    value: local("ocp_minor_version"),
  },
  {
    name: "api_int_vip",
    description: "Address of api-int, the cluster-internal API name.",
    value: local("api_int_vip"),
  },
];
