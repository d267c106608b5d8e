// Stage 3: the typed Spec as the cluster it describes: networks, nodes, NICs, MACs and addresses, each computed
// here once. Everything gen-infra emits or checks reads this model.
import {
  agentDefaults,
  defaultRoleDisks,
  ipv6Defaults,
  type AgentPlatform,
  type IpStack,
  type OsImageStream,
  type Spec,
} from "../input/spec";
import { managementOf, namesManagement, type Management } from "../input/management";
import type { SpecFiles } from "../input/ca-bundle";
import {
  cidrhost,
  formatIp,
  netmask,
  networkSize,
  offsetAddress,
  parseCidr,
  type IpFamily,
  type IpNetwork,
} from "./ip";
import { macPlan, planMac, type MacNic } from "./mac";
import { controlPlaneSize, hostNumber, nodeHostNumber, type PlannedAddressName } from "./address-plan";
import { releaseOf, releaseHas, releases, type Release } from "../releases";
import { place, type HostLimits, type PlacementNode } from "./placement";

export const GiB = 1024 ** 3;
/** OS disk sizes; the spec's disks section can size the masters', the arbiter's and the workers'. */
export const diskBytes = {
  provision: 120 * GiB,
  support: 50 * GiB,
  master: defaultRoleDisks.os_gib * GiB,
  arbiter: defaultRoleDisks.os_gib * GiB,
  worker: defaultRoleDisks.os_gib * GiB,
} as const;

export type NetworkName = "chucky" | "provision";
export type Role = "provision" | "support" | "master" | "arbiter" | "worker";
/** The installer's hosts: the nodes with a BMC. */
export type ClusterRole = "master" | "arbiter" | "worker";
export const isClusterRole = (role: Role): role is ClusterRole =>
  role === "master" || role === "arbiter" || role === "worker";
export type Firmware = "bios" | "uefi";

/** A data disk after the OS disk: a virtio disk, so the guest sees it as /dev/vdb, /dev/vdc, … in order. */
interface DataDisk {
  readonly volumeName: string;
  readonly bytes: number;
  /** The guest's device name. */
  readonly device: string;
}

interface Prefix {
  readonly cidr: string;
  readonly net: IpNetwork;
}

interface Network extends Prefix {
  readonly name: NetworkName;
  readonly libvirtName: string;
  readonly bridge: string;
  /** cidr and net are the network's IPv4 prefix, computed in every stack; `families` says which the lab uses. */
  readonly mode: "nat" | "none";
  /** The network's IPv6 prefix, where the lab uses IPv6 on it. */
  readonly v6?: Prefix;
  /** The families the lab's addresses on this network have. */
  readonly families: readonly IpFamily[];
}

export interface Nic {
  readonly network: NetworkName;
  /** Fixed MAC, or undefined when libvirt assigns one. */
  readonly mac: string | undefined;
  /** Fixed IPv4 address: static, or reserved for the NIC's MAC by the support VM's DHCP server. */
  readonly address?: string;
  /** Fixed IPv6 address, where the network has IPv6: static, or reserved by the support VM's DHCPv6 server. */
  readonly addressV6?: string;
  /** Why this NIC exists, for reports and collision messages. */
  readonly purpose: "provisioning" | "chucky" | "bond port";
}

/**
 * The order of a master's or worker's NICs: the provisioning NIC first (where there is a provisioning network; the node network-boots from it),
 * then chucky, then the bond port. The model builds the NICs in this order and the HCL writes its blocks in it,
 * so RHCOS's names (ens3, ens4, …, by PCI slot) follow from it.
 */
export const nicOrder = ["provisioning", "chucky", "bond port"] as const satisfies readonly Nic["purpose"][];

export interface Node {
  readonly role: Role;
  /** Position among nodes of the same role. */
  readonly index: number;
  /** libvirt domain name. */
  readonly name: string;
  /** The OS disk's volume and size: the first disk, /dev/vda. */
  readonly volumeName: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly diskBytes: number;
  readonly dataDisks: readonly DataDisk[];
  readonly firmware: Firmware;
  /** A day-2 worker: built with the lab, left out of the install, added later as a BareMetalHost. */
  readonly dayTwo: boolean;
  /** Masters and workers start powered off: the installer powers them on through their BMC. */
  readonly running: boolean;
  readonly nics: readonly Nic[];
  /** The node's name in the cluster's DNS and the support VM's DHCP. */
  readonly hostname: string;
  /** Where the installer reaches the node's BMC (masters and workers only). */
  readonly bmcAddress?: string;
  /** The hypervisor it runs on, by name. */
  readonly hypervisor: string;
  /** Boots the agent ISO from a CD-ROM, after its (empty) OS disk: the nodes of an agent-based install. */
  readonly bootsAgentIso: boolean;
}

/** The node's name in the spec's placement and in findings: its host name's first label, such as worker12. */
export const nodeKey = (node: Pick<Node, "hostname">): string => node.hostname.split(".")[0]!;

type Capacity = NonNullable<Spec["hypervisor"]>;

/** A hypervisor of the lab; the first is the gateway host. */
export interface Hypervisor {
  readonly name: string;
  readonly connection: Spec["connection"];
  readonly capacity: Capacity | undefined;
  /** Its address between the hosts; undefined on a lab of one host. */
  readonly underlayAddress: string | undefined;
  readonly underlayMtu: number;
  readonly pool: string;
  readonly retired: boolean;
}

/** The name of a lab's only hypervisor when the spec describes one host by connection and hypervisor. */
const singleHypervisorName = "hypervisor0";

/**
 * Every address of the lab that is not a node's (those are on the nodes' NICs), from the address plan. Where the
 * plan runs past the end of a network, the address is the one it would have been, which the addresses rule
 * reports, naming it; nothing is rendered from such a model.
 */
interface Addresses {
  readonly chuckyGateway: string;
  readonly chuckyNetmask: string;
  readonly chuckyPrefix: number;
  readonly supportHost: string;
  readonly provisionHost: string;
  /** The support VM's dynamic DHCP range, for hosts without a reservation. */
  readonly chuckyDhcpStart: string;
  readonly chuckyDhcpEnd: string;
  readonly apiVip: string;
  readonly apiIntVip: string;
  readonly ingressVip: string;
  readonly provisionIronic: string;
  readonly provisionPrefix: number;
  readonly bootstrapProvisioningIp: string;
  readonly clusterProvisioningIp: string;
  readonly provisioningDhcpStart: string;
  readonly provisioningDhcpEnd: string;
}

/** libvirt object names: the seed's, behind the spec's name_prefix. Indexed names continue with the index. */
export interface LibvirtNames {
  readonly chuckyNetwork: string;
  readonly chuckyBridge: string;
  readonly provisionNetwork: string;
  readonly provisionBridge: string;
  readonly rhelVolume: string;
  readonly provisionVolume: string;
  readonly provisionIso: string;
  readonly provisionDomain: string;
  readonly supportVolume: string;
  readonly supportIso: string;
  readonly supportDomain: string;
  readonly masterDomain: string;
  readonly masterVolume: string;
  readonly arbiterDomain: string;
  readonly arbiterVolume: string;
  readonly workerDomain: string;
  readonly workerVolume: string;
  /** The agent ISO's volume in each hypervisor's pool: a name ending in .iso, which the provider attaches as a CD-ROM. */
  readonly agentIsoVolume: string;
}

function libvirtNames(prefix: string): LibvirtNames {
  return {
    chuckyNetwork: `${prefix}chucky`,
    chuckyBridge: `${prefix}chucky`,
    provisionNetwork: `${prefix}provision`,
    provisionBridge: `${prefix}provision`,
    rhelVolume: `${prefix}rhel8_base.qcow2`,
    provisionVolume: `${prefix}provision.qcow2`,
    provisionIso: `${prefix}provision.iso`,
    provisionDomain: `${prefix}provision`,
    supportVolume: `${prefix}support.qcow2`,
    supportIso: `${prefix}support.iso`,
    supportDomain: `${prefix}support`,
    masterDomain: `${prefix}bmipi-master`,
    masterVolume: `${prefix}master`,
    arbiterDomain: `${prefix}bmipi-arbiter`,
    arbiterVolume: `${prefix}arbiter`,
    workerDomain: `${prefix}bmipi-worker`,
    workerVolume: `${prefix}worker`,
    agentIsoVolume: `${prefix}agent.x86_64.iso`,
  };
}

/** A cluster role's libvirt names: its domains' and OS volumes' prefix, each continued with the node's index. */
export const roleNames = (names: LibvirtNames, role: ClusterRole): { domain: string; volume: string } =>
  ({
    master: { domain: names.masterDomain, volume: names.masterVolume },
    arbiter: { domain: names.arbiterDomain, volume: names.arbiterVolume },
    worker: { domain: names.workerDomain, volume: names.workerVolume },
  })[role];

/** The agent-based installer's side of the lab, with installer agent. */
export interface AgentInstall {
  /** The ISO's path as Terraform reads it, relative to the output directory. */
  readonly isoPath: string;
  /** The control-plane node that runs the assisted service, by its node key (master0). */
  readonly rendezvousHost: string;
  /** Its planned address on chucky in the cluster's primary family: agent-config.yaml's rendezvousIP. */
  readonly rendezvousIp: string;
  readonly platform: AgentPlatform;
}

export interface Cluster {
  /** For the rules, whose findings quote what the spec said, and the targets, whose variables default to it. */
  readonly spec: Spec;
  readonly identity: {
    readonly name: string;
    readonly baseDomain: string;
    readonly ocpVersion: string;
  };
  /** The provisioning network mode and the BMC driver, with the architecture they amount to. */
  readonly management: Management;
  /** The installer-provisioned flow (the seed's), or the agent-based installer's. */
  readonly installer: "ipi" | "agent";
  /** With installer agent. */
  readonly agent?: AgentInstall;
  /** Whether the installer checks the Redfish emulator's TLS certificate: asked for, or implied by bmc.ca_file. */
  readonly verifyBmcCertificate: boolean;
  /** bmc.ca_file: its path as the spec gives it, and its text, which the CLI read (undefined if nothing read it). */
  readonly bmcCa?: { readonly file: string; readonly pem: string | undefined };
  readonly vncListenAddress: string;
  readonly names: LibvirtNames;
  readonly release: Release;
  /** bonding_nic, taking effect only from the release with per-host network configuration, as in the seed. */
  readonly bonding: boolean;
  /** The control plane: 3 masters, 2 masters and an arbiter, 2 masters with fencing, or 1 master (single-node OpenShift). */
  readonly masterCount: number;
  readonly arbiter: boolean;
  /** A two-node control plane with fencing: two masters, each fencing the other through its Redfish BMC. */
  readonly fencing: boolean;
  /** The RHEL CoreOS stream the spec asks for; left out, the installer picks its own. */
  readonly osImageStream?: OsImageStream;
  /** Worker VMs: the installed workers, then the day-2 workers. */
  readonly workerVms: number;
  /** Which node options the spec gives, so that what is built from the model shows them only then. */
  readonly options: {
    readonly firmware: boolean;
    readonly dataDisks: boolean;
    readonly extraWorkers: boolean;
    /** provisioning_network or bmc_driver. */
    readonly management: boolean;
    /** installer or number_of_masters. */
    readonly installer: boolean;
  };
  /** The cluster's address families, the primary first. */
  readonly ipStack: IpStack;
  readonly families: readonly IpFamily[];
  /** The provisioning network's one family: IPv6 where the cluster's primary family is (as dev-scripts has it). */
  readonly provisioningFamily: IpFamily;
  readonly networks: readonly Network[];
  readonly addresses: Addresses;
  /** The same plan in the IPv6 prefixes, where the cluster has IPv6. */
  readonly addressesV6?: Addresses;
  /** The installer's pod and service networks for IPv6, where the cluster has IPv6. */
  readonly clusterNetworkV6?: string;
  readonly serviceNetworkV6?: string;
  readonly hypervisors: readonly Hypervisor[];
  readonly nodes: readonly Node[];
}

/** What is built from a cluster (the artefacts): the model alone, never the raw spec behind it. */
export type Model = Omit<Cluster, "spec">;

function prefix(name: string, cidr: string): Prefix {
  const net = parseCidr(cidr);
  if (!net) throw new Error(`model built from an unchecked spec: ${name} network ${cidr}`);
  return { cidr, net };
}

function network(
  name: NetworkName,
  names: LibvirtNames,
  v4: Prefix,
  v6: Prefix | undefined,
  families: readonly IpFamily[],
  mode: Network["mode"],
): Network {
  const chucky = name === "chucky";
  return {
    name,
    libvirtName: chucky ? names.chuckyNetwork : names.provisionNetwork,
    bridge: chucky ? names.chuckyBridge : names.provisionBridge,
    ...v4,
    mode,
    ...(v6 && families.includes(6) ? { v6 } : {}),
    families,
  };
}

/** A stack's families, the primary first. */
const stackFamilies = { v4: [4], v6: [6], v4v6: [4, 6], v6v4: [6, 4] } as const satisfies Record<
  IpStack,
  readonly IpFamily[]
>;
export const familiesOf = (stack: IpStack): readonly IpFamily[] => stackFamilies[stack];

/**
 * Terraform's cidrhost(), except that a host number beyond the network gives the address it would have had: the
 * addresses rule reports such an address as outside the network, naming it.
 */
const hostAddress = (network: IpNetwork, host: number): string =>
  host < networkSize(network) ? cidrhost(network, host) : formatIp(offsetAddress(network, host));

function addresses(chucky: IpNetwork, provisioning: IpNetwork, workerVms: number): Addresses {
  const at = (name: PlannedAddressName, network: IpNetwork) => hostAddress(network, hostNumber(name, workerVms));
  return {
    chuckyGateway: at("chuckyGateway", chucky),
    chuckyNetmask: netmask(chucky.prefix, chucky.family),
    chuckyPrefix: chucky.prefix,
    supportHost: at("supportHost", chucky),
    provisionHost: at("provisionHost", chucky),
    chuckyDhcpStart: at("chuckyDhcpStart", chucky),
    chuckyDhcpEnd: at("chuckyDhcpEnd", chucky),
    apiVip: at("apiVip", chucky),
    apiIntVip: at("apiIntVip", chucky),
    ingressVip: at("ingressVip", chucky),
    provisionIronic: at("provisionIronic", provisioning),
    provisionPrefix: provisioning.prefix,
    bootstrapProvisioningIp: at("bootstrapProvisioningIp", provisioning),
    clusterProvisioningIp: at("clusterProvisioningIp", provisioning),
    provisioningDhcpStart: at("provisioningDhcpStart", provisioning),
    provisioningDhcpEnd: at("provisioningDhcpEnd", provisioning),
  };
}

/**
 * The address plan in the IPv6 prefixes: the same host numbers. The provisioning prefix is the spec's or the
 * default even where the provisioning network stays IPv4, as the IPv4 plan computes provisioning addresses for
 * redfish. The VIPs are the spec's where it gives them.
 */
function addressesV6(spec: Spec, chucky: IpNetwork, provisioning: IpNetwork | undefined, workerVms: number): Addresses {
  const planned = addresses(
    chucky,
    provisioning ?? prefix("provision_net_addr_v6", ipv6Defaults.provision_net_addr_v6).net,
    workerVms,
  );
  return {
    ...planned,
    apiVip: spec.api_vip_v6 ?? planned.apiVip,
    ingressVip: spec.ingress_vip_v6 ?? planned.ingressVip,
  };
}

const diskLetter = (index: number) => String.fromCharCode("a".charCodeAt(0) + index);

/** The OS disk and the data disks the spec gives a role, or the seed's single 120 GiB disk. */
function roleDisks(spec: Spec, role: ClusterRole, volumeBase: string): Pick<Node, "diskBytes" | "dataDisks"> {
  const disks = spec.disks?.[role];
  return {
    diskBytes: disks ? disks.os_gib * GiB : diskBytes[role],
    dataDisks: (disks?.extra_gib ?? []).map((gib, j) => ({
      volumeName: `${volumeBase}-data${j + 1}.qcow2`,
      bytes: gib * GiB,
      device: `vd${diskLetter(j + 1)}`,
    })),
  };
}

/** A node before placement: its BMC's address depends on the host it lands on. */
type UnplacedNode = Omit<Node, "hypervisor" | "bmcAddress"> & { readonly bmcAt?: (hostIndex: number) => string };

/** The lab's addresses in each family it has: IPv4 always (the support and provision VMs keep it), IPv6 with it. */
interface FamilyPlans {
  readonly v4: { readonly addresses: Addresses; readonly chucky: IpNetwork };
  readonly v6: { readonly addresses: Addresses; readonly chucky: IpNetwork } | undefined;
  /** The cluster nodes' families on chucky. */
  readonly nodeFamilies: readonly IpFamily[];
  readonly provisioningFamily: IpFamily;
}

function clusterNodes(
  spec: Spec,
  names: LibvirtNames,
  cluster: {
    provisioning: boolean;
    bonding: boolean;
    masterCount: number;
    arbiter: boolean;
    firmware: Firmware;
    agent: boolean;
  },
  management: Management,
  plans: FamilyPlans,
): UnplacedNode[] {
  const { provisioning, bonding } = cluster;
  const a = plans.v4.addresses;
  const a6 = plans.v6?.addresses;
  const bmcAddress = bmcAddressOf(spec, management, bmcGateway(plans));
  /** A planned address in each family the NIC has: IPv4 where `v4`, IPv6 where the lab has it and `v6`. */
  const inFamilies = (v4: string | undefined, v6: string | undefined): Pick<Nic, "address" | "addressV6"> => ({
    ...(v4 === undefined ? {} : { address: v4 }),
    ...(v6 === undefined ? {} : { addressV6: v6 }),
  });
  // Each role's MAC plans once, not once per node.
  const plansOf = (role: ClusterRole) => ({
    provision: macPlan(role, "provision", cluster.masterCount),
    chucky: macPlan(role, "chucky", cluster.masterCount),
    bond: macPlan(role, "bond", cluster.masterCount),
  });
  const macPlans = { master: plansOf("master"), arbiter: plansOf("arbiter"), worker: plansOf("worker") };
  const provisioningNic = (mac: string | undefined): Nic[] =>
    provisioning ? [{ network: "provision", mac, purpose: "provisioning" }] : [];
  /**
   * A master, the arbiter or a worker. The arbiter lives in the masters' plans, in the slot after the last master:
   * its MACs come from the masters' bases and its address is the third master's.
   */
  const clusterNode = (role: ClusterRole, index: number, dayTwo = false): UnplacedNode => {
    const macRole = role === "worker" ? "worker" : "master";
    const mac = (nic: MacNic, base: string) => planMac(macPlans[role][nic], base, index);
    const chuckyBase = macRole === "master" ? spec.master_chucky_mac_base : spec.worker_chucky_mac_base;
    const provisionBase = macRole === "master" ? spec.master_provision_mac_base : spec.worker_provision_mac_base;
    const resources =
      role === "master" ? spec.master_resources : role === "worker" ? spec.worker_resources : spec.arbiter!;
    const { domain, volume } = roleNames(names, role);
    const bondPort: Nic[] = bonding ? [{ network: "chucky", mac: mac("bond", chuckyBase), purpose: "bond port" }] : [];
    const name = `${domain}${index}`;
    const disks = roleDisks(spec, role, `${volume}${index}`);
    const bmcPosition =
      role === "master" ? index : role === "arbiter" ? cluster.masterCount : cluster.masterCount + arbiters + index;
    return {
      role,
      index,
      name,
      // Cluster nodes live in the cluster's subdomain, the support and provision VMs in the base zone, as in the seed.
      hostname: `${role}${index}.${spec.cluster_name}.${spec.dns_zone}`,
      // The agent-based installer drives no BMC: the nodes boot its ISO.
      ...(cluster.agent ? {} : { bmcAt: (hostIndex: number) => bmcAddress(name, bmcPosition, hostIndex) }),
      volumeName: `${volume}${index}.qcow2`,
      vcpu: resources.vcpu,
      memoryMiB: resources.memory,
      diskBytes: disks.diskBytes,
      dataDisks: disks.dataDisks,
      firmware: cluster.firmware,
      dayTwo,
      running: false,
      bootsAgentIso: cluster.agent,
      nics: nicOrder.flatMap((purpose): Nic[] => {
        if (purpose === "provisioning") return provisioningNic(mac("provision", provisionBase));
        if (purpose === "bond port") return bondPort;
        const host = nodeHostNumber(macRole, (role === "arbiter" ? cluster.masterCount : 0) + index);
        // Reserved for the NIC's MAC by the support VM's DHCP (and DHCPv6) server, in the cluster's families.
        const inFamily = (family: IpFamily, chucky: IpNetwork | undefined) =>
          chucky && plans.nodeFamilies.includes(family) ? hostAddress(chucky, host) : undefined;
        return [
          {
            network: "chucky",
            mac: mac("chucky", chuckyBase),
            ...inFamilies(inFamily(4, plans.v4.chucky), inFamily(6, plans.v6?.chucky)),
            purpose: "chucky",
          },
        ];
      }),
    };
  };
  const arbiters = cluster.arbiter ? 1 : 0;
  const serviceVm = { dataDisks: [], firmware: "bios", dayTwo: false, running: true, bootsAgentIso: false } as const;
  const provisionVm: UnplacedNode = {
    role: "provision",
    index: 0,
    name: names.provisionDomain,
    hostname: `provision.${spec.dns_zone}`,
    volumeName: names.provisionVolume,
    vcpu: spec.provision_resources.vcpu,
    memoryMiB: spec.provision_resources.memory,
    diskBytes: diskBytes.provision,
    ...serviceVm,
    nics: [
      ...(provisioning
        ? [
            {
              network: "provision",
              mac: undefined,
              ...(plans.provisioningFamily === 6
                ? inFamilies(undefined, a6?.provisionIronic)
                : inFamilies(a.provisionIronic, undefined)),
              purpose: "provisioning",
            } as const,
          ]
        : []),
      // Static, set by its cloud-init: the seed's own choice since its commit "Provision VM gets a static IP".
      {
        network: "chucky",
        mac: spec.provision_mac,
        ...inFamilies(a.provisionHost, a6?.provisionHost),
        purpose: "chucky",
      },
    ],
  };
  const supportVm: UnplacedNode = {
    role: "support",
    index: 0,
    name: names.supportDomain,
    hostname: `support.${spec.dns_zone}`,
    volumeName: names.supportVolume,
    vcpu: spec.support_resources.vcpu,
    memoryMiB: spec.support_resources.memory,
    diskBytes: diskBytes.support,
    ...serviceVm,
    nics: [{ network: "chucky", mac: undefined, ...inFamilies(a.supportHost, a6?.supportHost), purpose: "chucky" }],
  };
  const workers = spec.number_of_workers;
  return [
    // The agent-based installer runs on the operator's machine and on the rendezvous host: no provision VM.
    ...(cluster.agent ? [] : [provisionVm]),
    supportVm,
    ...Array.from({ length: cluster.masterCount }, (_, i) => clusterNode("master", i)),
    ...(cluster.arbiter ? [clusterNode("arbiter", 0)] : []),
    ...Array.from({ length: workers }, (_, i) => clusterNode("worker", i)),
    ...Array.from({ length: spec.extra_workers ?? 0 }, (_, i) => clusterNode("worker", workers + i, true)),
  ];
}

/** `files`: the text of the files the spec names, which the CLI reads, so that the model stays pure. */
/** The masters: two beside the arbiter, two with fencing (nothing takes the third control-plane slot), else the spec's. */
export const masterCountOf = (spec: Spec): number =>
  spec.arbiter !== undefined || spec.control_plane === "two-node-fencing"
    ? controlPlaneSize - 1
    : (spec.number_of_masters ?? controlPlaneSize);

export function buildCluster(spec: Spec, files: SpecFiles = {}): Cluster {
  const agent = spec.installer === "agent";
  const management = managementOf(spec);
  // The provisioning network and the nodes' NICs on it exist for Managed and Unmanaged.
  const hasProvisioning = management.provisioning;
  const release = releaseOf(spec.ocp_version);
  const bonding = spec.bonding_nic && releaseHas(release, releases.bonding);
  const names = libvirtNames(spec.name_prefix);
  const families = familiesOf(spec.ip_stack);
  const hasV6 = families.includes(6);
  // As dev-scripts has it: the provisioning network is IPv6 where the primary family is.
  const provisioningFamily: IpFamily = families[0]!;
  const v6Prefix = (key: "chucky_net_addr_v6" | "provision_net_addr_v6") =>
    hasV6 ? prefix(key, spec[key] ?? ipv6Defaults[key]) : undefined;
  // chucky keeps IPv4 in every stack: the hypervisor's NAT serves the support and provision VMs.
  const chucky = network(
    "chucky",
    names,
    prefix("chucky", spec.chucky_net_addr),
    v6Prefix("chucky_net_addr_v6"),
    hasV6 ? [4, 6] : [4],
    "nat",
  );
  // The provisioning network's addresses are computed even for redfish, as the seed's outputs are.
  const provisioning = network(
    "provision",
    names,
    prefix("provision", spec.provision_net_addr),
    v6Prefix("provision_net_addr_v6"),
    [provisioningFamily],
    "none",
  );
  const arbiter = spec.arbiter !== undefined;
  const fencing = spec.control_plane === "two-node-fencing";
  const masterCount = masterCountOf(spec);
  const workerVms = spec.number_of_workers + (spec.extra_workers ?? 0);
  // The agent-based installer ignores any boot mode but UEFI on bare metal.
  const firmware = agent ? "uefi" : (spec.firmware ?? "bios");
  const a = addresses(chucky.net, provisioning.net, workerVms);
  const a6 = chucky.v6 && addressesV6(spec, chucky.v6.net, provisioning.v6?.net, workerVms);
  const shape = { provisioning: hasProvisioning, bonding, masterCount, arbiter, firmware, agent };
  const hypervisors = hypervisorsOf(spec);
  const plans: FamilyPlans = {
    v4: { addresses: a, chucky: chucky.net },
    v6: a6 && chucky.v6 ? { addresses: a6, chucky: chucky.v6.net } : undefined,
    nodeFamilies: families,
    provisioningFamily,
  };
  const nodes = placed(clusterNodes(spec, names, shape, management, plans), hypervisors, spec.placement ?? {});
  return {
    spec,
    identity: {
      name: spec.cluster_name,
      baseDomain: spec.dns_zone,
      ocpVersion: spec.ocp_version,
    },
    management,
    installer: agent ? "agent" : "ipi",
    ...(agent ? { agent: agentInstall(spec, nodes, families[0]!) } : {}),
    verifyBmcCertificate: spec.bmc.redfish_verify_certificate || spec.bmc.ca_file !== undefined,
    ...(spec.bmc.ca_file === undefined ? {} : { bmcCa: { file: spec.bmc.ca_file, pem: files.bmcCa } }),
    vncListenAddress: spec.vnc_listen_address,
    names,
    release,
    bonding,
    masterCount,
    arbiter,
    fencing,
    ...(spec.os_image_stream === undefined ? {} : { osImageStream: spec.os_image_stream }),
    workerVms,
    options: {
      // The agent lab's nodes are UEFI whether the spec says so or not.
      firmware: agent || spec.firmware !== undefined,
      dataDisks: spec.disks !== undefined,
      extraWorkers: spec.extra_workers !== undefined,
      management: namesManagement(spec),
      installer: spec.installer !== undefined || spec.number_of_masters !== undefined,
    },
    ipStack: spec.ip_stack,
    families,
    provisioningFamily,
    networks: hasProvisioning ? [chucky, provisioning] : [chucky],
    addresses: a,
    ...(a6
      ? {
          addressesV6: a6,
          clusterNetworkV6: spec.cluster_network_v6 ?? ipv6Defaults.cluster_network_v6,
          serviceNetworkV6: spec.service_network_v6 ?? ipv6Defaults.service_network_v6,
        }
      : {}),
    hypervisors,
    nodes,
  };
}

/** The agent installer's settings, with the rendezvous host's planned address in the primary family. */
function agentInstall(spec: Spec, nodes: readonly Node[], primary: IpFamily): AgentInstall {
  const agent = spec.agent ?? agentDefaults;
  const chucky = nodes
    .find((node) => nodeKey(node) === agent.rendezvous_host)
    ?.nics.find((n) => n.purpose === "chucky");
  const rendezvousIp = primary === 6 ? chucky?.addressV6 : chucky?.address;
  if (rendezvousIp === undefined)
    throw new Error(`model built from an unchecked spec: rendezvous host ${agent.rendezvous_host}`);
  return { isoPath: agent.iso, rendezvousHost: agent.rendezvous_host, rendezvousIp, platform: agent.platform };
}

/** The spec's hypervisors, or the one host that connection and hypervisor describe. */
function hypervisorsOf(spec: Spec): Hypervisor[] {
  if (spec.hypervisors)
    return spec.hypervisors.map((h) => ({
      name: h.name,
      connection: h.connection,
      capacity: h.capacity,
      underlayAddress: h.underlay_address,
      underlayMtu: h.underlay_mtu,
      pool: h.pool,
      retired: h.retired,
    }));
  return [
    {
      name: singleHypervisorName,
      connection: spec.connection,
      capacity: spec.hypervisor,
      underlayAddress: undefined,
      underlayMtu: 1500,
      pool: "default",
      retired: false,
    },
  ];
}

/**
 * What a hypervisor offers, in the totals' own whole units (MiB, vCPUs, GiB). The capacity rule writes these into
 * the HCL as integer literals, so the compiler and Terraform compare the same whole numbers.
 */
export const capacityLimits = (capacity: Capacity): HostLimits => ({
  memoryMiB: Math.floor(capacity.memory_gib * 1024 * capacity.memory_overcommit),
  vcpus: Math.floor(capacity.vcpus * capacity.cpu_overcommit),
  diskGiB: Math.floor(capacity.disk_gib * capacity.disk_overcommit),
});

/** What a VM takes of its host: its memory, vCPUs, and its disks' virtual size. */
export const nodeNeed = (node: Pick<Node, "memoryMiB" | "vcpu" | "diskBytes" | "dataDisks">): HostLimits => ({
  memoryMiB: node.memoryMiB,
  vcpus: node.vcpu,
  diskGiB: (node.diskBytes + node.dataDisks.reduce((sum, d) => sum + d.bytes, 0)) / GiB,
});

function placed(
  nodes: readonly UnplacedNode[],
  hypervisors: readonly Hypervisor[],
  pins: Record<string, string>,
): Node[] {
  const placementNodes = nodes.map((node): PlacementNode => ({
    key: nodeKey(node),
    kind: !isClusterRole(node.role) ? "service" : node.role === "worker" ? "worker" : "control plane",
    need: nodeNeed(node),
  }));
  const hostOf = place({
    hosts: hypervisors.map((h) => ({
      name: h.name,
      retired: h.retired,
      limits: h.capacity && capacityLimits(h.capacity),
    })),
    nodes: placementNodes,
    pins,
  });
  return nodes.map(({ bmcAt, ...node }) => {
    const hypervisor = hostOf.get(nodeKey(node)) ?? hypervisors[0]!.name;
    const hostIndex = hypervisors.findIndex((h) => h.name === hypervisor);
    return { ...node, hypervisor, ...(bmcAt ? { bmcAddress: bmcAt(hostIndex) } : {}) };
  });
}

/**
 * The chucky gateway as a URL's host, in a family the nodes have: IPv4 unless they have IPv6 only (then in brackets).
 */
function bmcGateway(plans: FamilyPlans): string {
  if (plans.nodeFamilies.includes(4) || !plans.v6) return plans.v4.addresses.chuckyGateway;
  return `[${plans.v6.addresses.chuckyGateway}]`;
}

/**
 * A cluster node's BMC address, from its libvirt domain name, its position among the cluster nodes and the index of
 * its hypervisor. Every emulator runs on the gateway host. BMC ports go to masters first, then the arbiter, then
 * workers (day-2 workers last), in index order, as the seed's Ansible numbers master_names + worker_names; one vbmc
 * serves every host, each node with its host's libvirt URI. Redfish systems are named by their libvirt domain:
 * sushy-tools' libvirt driver looks a system up by UUID and, failing that, by domain name, and redirects a name to
 * the UUID's address; so the address is known before the domain exists. One sushy-tools serves each hypervisor, the
 * n-th on the n-th port from redfish_port.
 */
function bmcAddressOf(
  spec: Spec,
  management: Management,
  gateway: string,
): (name: string, position: number, hostIndex: number) => string {
  const { vbmc_port_base, redfish_host, redfish_port } = spec.bmc;
  if (management.bmcDriver === "ipmi") return (_name, position) => `ipmi://${gateway}:${vbmc_port_base + position}`;
  const host = redfish_host ?? gateway;
  return (name, _position, hostIndex) =>
    `${management.redfishScheme}://${host}:${redfish_port + hostIndex}/redfish/v1/Systems/${name}`;
}
