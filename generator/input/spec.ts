// The cluster spec: one zod schema whose keys are the seed's input variables plus the few gen-infra adds.
// Each field carries its description and what it allows, so errors, the generated variable descriptions and the
// spec reference in docs/spec.md all say the same thing.
import * as z from "zod/mini";
import { formats, type Format } from "./formats";
import { releaseName, releases, technologyPreviews } from "../releases";

export interface FieldInfo {
  readonly description: string;
  /** What the field accepts, phrased to follow "must be". */
  readonly allowed: string;
}

/** Field metadata, keyed by schema instance; `describe` also makes it reach the JSON Schema. */
export const fieldInfo = new WeakMap<z.core.$ZodType, FieldInfo>();

function field<T extends z.core.$ZodType>(schema: T, info: FieldInfo): T {
  fieldInfo.set(schema, info);
  z.globalRegistry.add(schema, { description: info.description });
  return schema;
}

const text = (format: Format) =>
  z.string().check(z.regex(new RegExp(format.pattern)), ...(format.maxLength ? [z.maxLength(format.maxLength)] : []));

/** Numeric ranges, shared with the emitted `validation` blocks. */
export const limits = {
  workers: { min: 0, max: 128 },
  memoryMiB: { min: 1024, max: 4_194_304 },
  vcpu: { min: 1, max: 1024 },
  /** 1 PiB: more than any hypervisor has, small enough that GiB × 1024 × 64 stays an exact integer. */
  hypervisorGiB: 1_048_576,
  hypervisorVcpus: 65_536,
  /** Checked against each of chucky and provision: a list this long is already a large host. */
  existingNetworks: 256,
  /** The longest domain name DNS allows. */
  dnsName: 253,
  /** 64 TiB: beyond any lab's pool, and GiB × 2^30 stays an exact integer. */
  diskGiB: { min: 1, max: 65_536 },
  /** Data disks per node: vdb to vdi. */
  extraDisks: 8,
  extraWorkers: { min: 0, max: 128 },
  hypervisors: 16,
  /** IPv6's minimum link MTU to a jumbo frame. */
  underlayMtu: { min: 1280, max: 9216 },
} as const;

export const architectures = ["vbmc", "redfish"] as const;
export const firmwares = ["bios", "uefi"] as const;
/** The roles whose disks the spec sizes: the installer's hosts. */
export const diskRoles = ["master", "arbiter", "worker"] as const;
/** edk2-ovmf on RHEL, the seed's hypervisor: the UEFI loader and its variable store template, without Secure Boot. */
export const rhelOvmf = {
  loader: "/usr/share/edk2/ovmf/OVMF_CODE.fd",
  nvramTemplate: "/usr/share/edk2/ovmf/OVMF_VARS.fd",
} as const;
export const cpuModes = ["host-passthrough", "host-model", "none"] as const;
/** libvirt's domain types: kvm needs /dev/kvm on the hypervisor; qemu is software emulation (TCG), which runs anywhere. */
export const domainTypes = ["kvm", "qemu"] as const;
export type DomainType = (typeof domainTypes)[number];
export type CpuMode = (typeof cpuModes)[number];

/**
 * cpu_mode when the spec leaves it out: the seed's host-passthrough under KVM; under emulation, where libvirt refuses
 * host-passthrough, host-model, which libvirt expands to a named model with the host's features that QEMU can
 * emulate (x86-64-v2 and more, as RHEL 9 and RHCOS need; QEMU's own default model, qemu64, is not).
 */
export const defaultCpuMode = (domainType: DomainType): CpuMode =>
  domainType === "qemu" ? "host-model" : "host-passthrough";
/** The installer's Redfish BMC address schemes (metal3's driver names). */
export const redfishSchemes = [
  "redfish-virtualmedia",
  "redfish-virtualmedia+https",
  "redfish-virtualmedia+http",
  "redfish",
  "redfish+https",
  "redfish+http",
] as const;

type Range = { readonly min: number; readonly max: number };
const wholeNumber = ({ min, max }: Range) => z.int().check(z.minimum(min), z.maximum(max));

// The seed writes memory as a string ("16384"); Terraform converts it, so the spec accepts both.
const memoryMiB = z.pipe(
  z.pipe(z.union([z.number(), z.string().check(z.regex(/^[0-9]+$/))]), z.transform(Number)),
  wholeNumber(limits.memoryMiB),
);

function resourceFields(role: string, memory: number, vcpu: number) {
  return z.strictObject({
    memory: field(z._default(memoryMiB, memory), {
      description: `Memory of each ${role} VM, in MiB.`,
      allowed: "a whole number of MiB from 1024 to 4194304, as a number or a numeric string",
    }),
    vcpu: field(z._default(wholeNumber(limits.vcpu), vcpu), {
      description: `Virtual CPUs of each ${role} VM.`,
      allowed: "a whole number from 1 to 1024",
    }),
  });
}

const resources = (role: string, memory: number, vcpu: number) => z.prefault(resourceFields(role, memory, vcpu), {});

const resourcesAllowed = 'an object { "memory": <MiB>, "vcpu": <count> }';

const describedResources = (role: string, memory: number, vcpu: number) =>
  field(resources(role, memory, vcpu), {
    description: `Memory (MiB) and virtual CPUs of the ${role} VM${role === "master" || role === "worker" ? "s" : ""}.`,
    allowed: resourcesAllowed,
  });

const formatted = (format: Format, fallback: string, description: string) =>
  field(z._default(text(format), fallback), { description, allowed: format.allowed });

const sshPrivateKey = field(z.optional(z.string().check(z.minLength(1))), {
  description:
    "Path of the ssh private key Terraform uses to reach libvirt over qemu+ssh (the URI's keyfile=), relative to the output directory. In remote_state mode it defaults to the state's ssh_certificate without .pub, beside the state file; in uri mode none is added and the provider uses its own defaults.",
  allowed: "a non-empty file path",
});

const remoteStateConnection = z.strictObject({
  mode: z.literal("remote_state"),
  state_path: field(z._default(z.string().check(z.minLength(1)), "../terraform.tfstate"), {
    description:
      "Local state file of the metal-instance template whose outputs baremetal_public_ip and ssh_certificate locate the hypervisor and its key. Relative to the output directory.",
    allowed: "a non-empty file path",
  }),
  ssh_user: field(z._default(z.string().check(z.regex(/^[a-z_][a-z0-9_.-]*$/)), "ec2-user"), {
    description: "User Terraform logs in as on the metal instance.",
    allowed: "a Unix user name such as ec2-user",
  }),
  ssh_private_key: sshPrivateKey,
  verify_host_key: field(z._default(z.boolean(), false), {
    description:
      "Check the hypervisor's ssh host key against known_hosts. Off by default here because each metal instance is new.",
    allowed: "true or false",
  }),
});

const uriConnection = z.strictObject({
  mode: z.literal("uri"),
  uri: field(
    z
      .string()
      .check(z.regex(/^qemu(\+(ssh|tcp|tls|unix|libssh|libssh2))?:\/\/[^\s?#]*\/(system|session)(\?[^\s#]*)?$/)),
    {
      description: "libvirt connection URI, such as qemu:///system or qemu+ssh://root@kvm.example.com/system.",
      allowed: "a libvirt qemu URI such as qemu:///system or qemu+ssh://root@kvm.example.com/system",
    },
  ),
  ssh_public_key: field(z._default(z.string().check(z.minLength(1)), "~/.ssh/id_rsa.pub"), {
    description: "Path of the ssh public key that cloud-init authorises for root on the support and provision VMs.",
    allowed: "a non-empty file path",
  }),
  ssh_private_key: sshPrivateKey,
  verify_host_key: field(z._default(z.boolean(), true), {
    description: "Check the hypervisor's ssh host key against known_hosts.",
    allowed: "true or false",
  }),
});

/** Whether a libvirt URI goes over ssh, where keyfile= and known_hosts_verify= apply. */
export const isSshUri = (uri: string): boolean => /^qemu\+(ssh|libssh|libssh2):/.test(uri);

export const connectionSchema = field(
  z.prefault(z.discriminatedUnion("mode", [remoteStateConnection, uriConnection]), { mode: "remote_state" }),
  {
    description:
      "How Terraform reaches libvirt: the seed's remote state of the metal-instance template (mode remote_state) or an explicit URI (mode uri).",
    allowed: 'an object whose "mode" is "remote_state" or "uri"',
  },
);

/**
 * The seed's input variables, in the seed's order, then cpu_mode and domain_type; each becomes a Terraform variable in
 * input-vars.tf.
 */
export const seedFields = {
  // Optional, because it is a shorthand: without it, provisioning_network and bmc_driver say what it is (vbmc when
  // neither is given either), and given with them it must agree.
  architecture: field(z.optional(z.enum(architectures)), {
    description:
      "Management architecture: vbmc (IPMI through virtual BMCs, with a provisioning network) or redfish (no provisioning network).",
    allowed: '"vbmc" or "redfish"',
  }),
  bonding_nic: field(z._default(z.boolean(), false), {
    description: `Give masters and workers a second NIC on the chucky network for an active-backup bond (OpenShift ${releaseName(releases.bonding.since)} and later).`,
    allowed: "true or false",
  }),
  chucky_net_addr: formatted(formats.ipv4Cidr, "192.168.30.0/24", "Network address of the routable chucky network."),
  cluster_name: formatted(
    formats.clusterName,
    "ocp4",
    "Cluster name, the subdomain of dns_zone for the whole cluster.",
  ),
  dns_zone: formatted(formats.dnsZone, "tale.net", "Private DNS base zone of the cluster."),
  master_chucky_mac_base: formatted(
    formats.masterMacBase,
    "52:54:00:a9:6d:7",
    "MAC prefix of the masters' NICs on the chucky network; the last hex digit is the master's index.",
  ),
  master_provision_mac_base: formatted(
    formats.masterMacBase,
    "52:54:00:74:dc:a",
    "MAC prefix of the masters' NICs on the provisioning network; the last hex digit is the master's index.",
  ),
  master_resources: describedResources("master", 16384, 4),
  number_of_workers: field(z._default(wholeNumber(limits.workers), 3), {
    description: "Number of worker nodes; 0 builds a compact three-node cluster.",
    allowed: "a whole number from 0 to 128",
  }),
  ocp_version: formatted(formats.ocpVersion, "4.9.5", "OpenShift version to deploy."),
  provision_net_addr: formatted(formats.ipv4Cidr, "192.168.14.0/24", "Network address of the provisioning network."),
  provision_mac: formatted(
    formats.mac,
    "52:54:00:9d:41:3c",
    "MAC of the provision VM's NIC on the chucky network, which the support VM's DHCP server knows.",
  ),
  provision_resources: describedResources("provision", 24576, 4),
  rhel8_image_location: field(z._default(z.string().check(z.minLength(1)), "rhel8.qcow2"), {
    description:
      "RHEL 8 qcow2 image for the support and provision VMs; a relative path is relative to the output directory.",
    allowed: "a non-empty file path or URL",
  }),
  support_net_config_nameserver: formatted(
    formats.ipv4,
    "8.8.8.8",
    "External DNS server the support VM uses until its own DNS service runs.",
  ),
  support_resources: describedResources("support", 24576, 4),
  worker_resources: describedResources("worker", 16384, 4),
  worker_provision_mac_base: formatted(
    formats.workerMacBase,
    "52:54:00:74:dc:",
    "MAC prefix of the workers' NICs on the provisioning network; the last two hex digits are the worker's index.",
  ),
  worker_chucky_mac_base: formatted(
    formats.workerMacBase,
    "52:54:00:a9:6d:",
    "MAC prefix of the workers' NICs on the chucky network; the last two hex digits are the worker's index.",
  ),
  // Not the seed's, but variables like them: a nested hypervisor may start no VM with the seed's CPU mode, and a host
  // without KVM starts only emulated (qemu) domains; committed output must still apply there with -var.
  cpu_mode: field(z.optional(z.enum(cpuModes)), {
    description:
      "CPU mode of every VM: host-passthrough (the seed's), host-model, or none for no cpu element at all (libvirt's default model, which starts under nested virtualisation where the others may not). Left out, host-passthrough with domain_type kvm and host-model with domain_type qemu. It takes effect when a VM is created.",
    allowed: cpuModes.map((mode) => `"${mode}"`).join(", "),
  }),
  domain_type: field(z._default(z.enum(domainTypes), "kvm"), {
    description:
      "libvirt domain type of every VM: kvm (hardware virtualisation, needs /dev/kvm on the hypervisor) or qemu (software emulation, for hosts without KVM: fine for trying the lab and for CI, very slow for a real OpenShift install). It takes effect when a VM is created.",
    allowed: domainTypes.map((type) => `"${type}"`).join(" or "),
  }),
};

export type SeedKey = keyof typeof seedFields;
export const seedKeys = Object.keys(seedFields) as SeedKey[];

/** Upper bounds keep every product with a ratio a finite, exactly printable number. */
const positive = (max: number, unit: string, description: string) =>
  field(z.number().check(z.positive(), z.lte(max)), {
    description,
    allowed: `a positive number${unit} up to ${max}`,
  });
const ratio = (description: string) =>
  field(z._default(z.number().check(z.gte(1), z.lte(64)), 1), { description, allowed: "a number from 1 to 64" });

/** What a hypervisor offers the lab's VMs. */
const capacityObject = () =>
  z.strictObject({
    memory_gib: positive(limits.hypervisorGiB, " of GiB", "Memory of the hypervisor available to VMs, in GiB."),
    vcpus: positive(limits.hypervisorVcpus, "", "Logical CPUs of the hypervisor available to VMs."),
    disk_gib: positive(limits.hypervisorGiB, " of GiB", "Space in the libvirt storage pool, in GiB."),
    memory_overcommit: ratio("How many times memory_gib the VMs may be given in total."),
    cpu_overcommit: ratio("How many virtual CPUs each logical CPU may carry."),
    disk_overcommit: ratio(
      "How many times disk_gib the volumes' virtual sizes may add up to (qcow2 volumes are thin).",
    ),
  });
const capacityAllowed = 'an object { "memory_gib", "vcpus", "disk_gib" } with optional *_overcommit ratios';

export const hypervisorSchema = field(z.optional(capacityObject()), {
  description: "The hypervisor's size. When given, the VMs must fit; when not, gen-infra only prints the totals.",
  allowed: capacityAllowed,
});

/** A hypervisor's name: a Terraform provider alias and part of a file name. */
const hypervisorName = text(formats.hypervisorName);

const hypervisorEntry = z.strictObject({
  name: field(hypervisorName, {
    description: "The hypervisor's name in the spec: placement and the generated files name it.",
    allowed: formats.hypervisorName.allowed,
  }),
  connection: connectionSchema,
  capacity: field(z.optional(capacityObject()), {
    description:
      "The hypervisor's size. When every hypervisor gives one, workers go where most memory is free and each host's VMs must fit; when none does, workers go round-robin.",
    allowed: capacityAllowed,
  }),
  underlay_address: field(z.optional(z.union([text(formats.ipv4), text(formats.ipv6)])), {
    description:
      "The hypervisor's address on the network between the hosts (the underlay), which carries the lab's networks stretched over VXLAN. Required with more than one hypervisor.",
    allowed: "an IPv4 or IPv6 address",
  }),
  underlay_mtu: field(z._default(wholeNumber(limits.underlayMtu), 1500), {
    description:
      "The MTU of the hypervisor's link to the others. VXLAN takes 50 bytes of it over IPv4 and 70 over IPv6; the lab's NICs get what is left on the host with the smallest.",
    allowed: `a whole number from ${limits.underlayMtu.min} to ${limits.underlayMtu.max}`,
  }),
  pool: field(z._default(text(formats.poolName), "default"), {
    description: "The libvirt storage pool of the hypervisor that holds the lab's volumes.",
    allowed: formats.poolName.allowed,
  }),
  retired: field(z._default(z.boolean(), false), {
    description:
      "A host being emptied: nothing is placed on it, and its provider stays in the Terraform configuration so that a plan can destroy what the state still holds there. Remove it from the list after that apply.",
    allowed: "true or false",
  }),
});

export const hypervisorsSchema = field(
  z.optional(z.array(hypervisorEntry).check(z.minLength(1), z.maxLength(limits.hypervisors))),
  {
    description:
      "The hypervisors the lab spans, the first being the gateway host (chucky's gateway and NAT, the support and provision VMs, the BMC emulators). In place of connection and hypervisor, which describe a lab on one host.",
    allowed: `a list of 1 to ${limits.hypervisors} objects { "name", "connection", "capacity", "underlay_address", "underlay_mtu", "pool", "retired" }`,
  },
);

const diskGiB = wholeNumber(limits.diskGiB);
/** A role's disks when the spec does not size them: the seed's one 120 GiB disk. */
export const defaultRoleDisks = { os_gib: 120, extra_gib: [] as number[] } as const;

const roleDisks = (role: string) =>
  field(
    z.optional(
      z.strictObject({
        os_gib: field(z._default(diskGiB, defaultRoleDisks.os_gib), {
          description: `Size of each ${role}'s OS disk (/dev/vda, where the installer writes RHCOS), in GiB.`,
          allowed: "a whole number of GiB from 1 to 65536",
        }),
        extra_gib: field(z._default(z.array(diskGiB).check(z.maxLength(limits.extraDisks)), []), {
          description: `Sizes of each ${role}'s data disks, in GiB, in order: virtio disks /dev/vdb, /dev/vdc, … (the 0.8.3 provider has no bus argument, and libvirt gives a disk without one virtio), left empty for ODF, LVM storage or local volumes.`,
          allowed: `a list of at most ${limits.extraDisks} whole numbers of GiB from 1 to 65536`,
        }),
      }),
    ),
    {
      description: `The ${role}s' disks: OS disk size and data disks.`,
      allowed: 'an object { "os_gib": <GiB>, "extra_gib": [<GiB>, …] }',
    },
  );

/** The control planes besides the default three masters that the spec names itself: two masters with fencing. */
export const controlPlanes = ["two-node-fencing"] as const;
export type ControlPlane = (typeof controlPlanes)[number];

/**
 * Keys for the nodes as labs build them today: UEFI, disk sizes, an arbiter, day-2 workers. Each is optional, and
 * each becomes Terraform variables in input-vars.tf only when the spec gives it, so that a spec without them
 * yields exactly the seed's configuration.
 */
export const nodeFields = {
  firmware: field(z.optional(z.enum(firmwares)), {
    description:
      "Firmware of the masters, the arbiter and the workers: bios (libvirt's default, the seed's) or uefi (the installer's default boot mode). The hosts' bootMode in install-config.yaml follows it. The support and provision VMs keep BIOS.",
    allowed: firmwares.map((f) => `"${f}"`).join(" or "),
  }),
  uefi_loader: field(z._default(text(formats.absolutePath), rhelOvmf.loader), {
    description:
      "UEFI firmware (loader) of the cluster nodes on the hypervisor, with firmware uefi. The default is RHEL's edk2-ovmf; Debian's ovmf has /usr/share/OVMF/OVMF_CODE.fd.",
    allowed: formats.absolutePath.allowed,
  }),
  uefi_nvram_template: field(z._default(text(formats.absolutePath), rhelOvmf.nvramTemplate), {
    description:
      "Template of each node's UEFI variable store (NVRAM), with firmware uefi; libvirt copies it to the node's own file at first start. Debian's ovmf has /usr/share/OVMF/OVMF_VARS.fd.",
    allowed: formats.absolutePath.allowed,
  }),
  disks: field(
    z.optional(
      z.strictObject({ master: roleDisks("master"), arbiter: roleDisks("arbiter"), worker: roleDisks("worker") }),
    ),
    {
      description:
        "Disks of the masters, the arbiter and the workers (extra workers too); a role left out keeps one 120 GiB OS disk.",
      allowed: 'an object { "master", "arbiter", "worker" }, each { "os_gib", "extra_gib" }',
    },
  ),
  arbiter: field(z.optional(resourceFields("arbiter", 8192, 2)), {
    description: `Build a two-node control plane with an arbiter: 2 masters and 1 arbiter node with these resources (OpenShift ${releaseName(releases.arbiter.since)} and later; ${releaseName(releases.arbiter.since)} needs the ${technologyPreviews.arbiter.featureSet} feature set). The arbiter takes the third control-plane slot of the MAC, address and BMC port plans.`,
    allowed: resourcesAllowed,
  }),
  control_plane: field(z.optional(z.enum(controlPlanes)), {
    description: `Build a two-node control plane with fencing (two-node-fencing): 2 masters and no arbiter, each fencing the other through its Redfish BMC, whose address and credentials install-config.yaml gives in controlPlane.fencing (OpenShift ${releaseName(releases.twoNodeFencing.since)} and later; before ${releaseName(releases.dualReplicaByDefault.since)} it needs the ${technologyPreviews.fencing.featureSet} feature set). Only with a Redfish BMC driver and the installer-provisioned flow, and without arbiter or number_of_masters.`,
    allowed: controlPlanes.map((c) => `"${c}"`).join(", "),
  }),
  extra_workers: field(z.optional(wholeNumber(limits.extraWorkers)), {
    description:
      "Worker VMs built with the lab but left out of install-config.yaml: powered off, with fixed MACs, addresses and BMCs after the workers', and written as BareMetalHost manifests (extra-workers.yaml) to add with oc apply after the install.",
    allowed: "a whole number from 0 to 128",
  }),
};

export const provisioningModes = ["Managed", "Unmanaged", "Disabled"] as const;
export const bmcDrivers = ["ipmi", "redfish", "redfish-virtualmedia"] as const;

/**
 * The two halves of `architecture`, as the installer names them; optional, and Terraform variables only when the
 * spec gives one of them, so that a spec without them yields exactly the seed's configuration.
 */
export const managementFields = {
  provisioning_network: field(z.optional(z.enum(provisioningModes)), {
    description:
      "The installer's provisioning network: Managed (the installer serves DHCP and PXE on it), Unmanaged (the network exists, its DHCP is yours) or Disabled (none: the nodes boot virtual media over chucky). Given, it replaces the half of architecture it stands for (vbmc is Managed, redfish Disabled).",
    allowed: provisioningModes.map((m) => `"${m}"`).join(", "),
  }),
  bmc_driver: field(z.optional(z.enum(bmcDrivers)), {
    description:
      "How the installer drives each node's BMC: ipmi (vbmc), redfish (sushy-tools, network boot) or redfish-virtualmedia (sushy-tools, boot from virtual media). Given, it replaces the half of architecture it stands for (vbmc is ipmi, redfish is bmc.redfish_scheme's driver).",
    allowed: bmcDrivers.map((d) => `"${d}"`).join(", "),
  }),
};

export const ipStacks = ["v4", "v6", "v4v6", "v6v4"] as const;
export type IpStack = (typeof ipStacks)[number];

/** The IPv6 prefixes when the spec leaves them out: unique local addresses, mirroring the IPv4 defaults' numbers. */
export const ipv6Defaults = {
  chucky_net_addr_v6: "fd00:30::/64",
  provision_net_addr_v6: "fd00:14::/64",
  cluster_network_v6: "fd01::/48",
  service_network_v6: "fd02::/112",
} as const;

const ipv6Network = (key: keyof typeof ipv6Defaults, description: string) =>
  field(z.optional(text(formats.ipv6Cidr)), {
    description: `${description} Only with an ip_stack that has IPv6; default ${ipv6Defaults[key]}.`,
    allowed: formats.ipv6Cidr.allowed,
  });

const ipv6Vip = (name: string) =>
  field(z.optional(text(formats.ipv6)), {
    description: `IPv6 address of the ${name} VIP on chucky. Only with an ip_stack that has IPv6; by default the same host number in chucky_net_addr_v6 as the IPv4 ${name} VIP's.`,
    allowed: formats.ipv6.allowed,
  });

/**
 * The lab's address families. Each IPv6 key is optional, and a Terraform variable only when the stack has IPv6, so
 * that a spec without them yields exactly the IPv4 configuration.
 */
export const ipFields = {
  ip_stack: field(z._default(z.enum(ipStacks), "v4"), {
    description:
      "Address families of the cluster, the primary first: v4 (IPv4 only), v6 (IPv6 only), v4v6 or v6v4 (dual stack). The support and provision VMs and the hypervisor keep IPv4 in every stack: the hypervisor's NAT is their way to package repositories.",
    allowed: ipStacks.map((stack) => `"${stack}"`).join(", "),
  }),
  chucky_net_addr_v6: ipv6Network("chucky_net_addr_v6", "IPv6 network of chucky, the machine network."),
  provision_net_addr_v6: ipv6Network(
    "provision_net_addr_v6",
    "IPv6 network of the provisioning network, which is IPv6 with ip_stack v6 and v6v4 (v4v6 keeps it IPv4).",
  ),
  cluster_network_v6: ipv6Network(
    "cluster_network_v6",
    "IPv6 cluster (pod) network of install-config.yaml; each node gets a /64 of it.",
  ),
  service_network_v6: ipv6Network("service_network_v6", "IPv6 service network of install-config.yaml."),
  api_vip_v6: ipv6Vip("API"),
  ingress_vip_v6: ipv6Vip("ingress"),
};

export const installers = ["ipi", "agent"] as const;
export type Installer = (typeof installers)[number];
export const agentPlatforms = ["baremetal", "none"] as const;
export type AgentPlatform = (typeof agentPlatforms)[number];
/** install-config.yaml's osImageStream: the RHEL CoreOS the nodes run, RHEL 9's or RHEL 10's. */
export const osImageStreams = ["rhel-9", "rhel-10"] as const;
export type OsImageStream = (typeof osImageStreams)[number];
/** The control plane's sizes gen-infra builds: three masters, or one for single-node OpenShift (agent only). */
export const masterCounts = [3, 1] as const;
/**
 * The agent settings when the spec leaves them out: the ISO as `openshift-install agent create image` names it for
 * x86_64, the first master as the rendezvous host, the baremetal platform.
 */
export const agentDefaults = { iso: "agent.x86_64.iso", rendezvous_host: "master0", platform: "baremetal" } as const;

/**
 * How OpenShift is installed on the lab: the installer-provisioned flow (IPI, the seed's) or the agent-based
 * installer. Each key is optional and changes nothing when left out, so that a spec without them yields exactly the
 * IPI configuration.
 */
export const installerFields = {
  installer: field(z.optional(z.enum(installers)), {
    description:
      "How OpenShift is installed: ipi (the default, the seed's: a provision VM runs the installer, which drives each node's BMC) or agent (the agent-based installer: each node boots the agent ISO once from a CD-ROM; no provision VM, no provisioning network, no BMCs).",
    allowed: installers.map((i) => `"${i}"`).join(" or "),
  }),
  agent: field(
    z.optional(
      z.strictObject({
        iso: field(z._default(z.string().check(z.minLength(1)), agentDefaults.iso), {
          description: `The agent ISO that \`openshift-install agent create image\` writes (${agentDefaults.iso}), relative to the output directory as Terraform sees it: Terraform uploads it into each hypervisor's pool and attaches it to every node as a CD-ROM.`,
          allowed: "a non-empty file path",
        }),
        rendezvous_host: field(z._default(text(formats.nodeName), agentDefaults.rendezvous_host), {
          description:
            "The control-plane node that runs the assisted service and installs the others (the rendezvous host): its planned address is agent-config.yaml's rendezvousIP.",
          allowed: "a control-plane node's name such as master0",
        }),
        platform: field(z._default(z.enum(agentPlatforms), agentDefaults.platform), {
          description:
            "install-config.yaml's platform: baremetal (the API and ingress VIPs, kept by the cluster itself) or none (no VIPs: the support VM's DNS points api and api-int at the masters and *.apps at the nodes that run the routers).",
          allowed: agentPlatforms.map((p) => `"${p}"`).join(" or "),
        }),
      }),
    ),
    {
      description: "The agent-based installer's settings, with installer agent.",
      allowed: 'an object { "iso", "rendezvous_host", "platform" }',
    },
  ),
  os_image_stream: field(z.optional(z.enum(osImageStreams)), {
    description: `The RHEL CoreOS stream the nodes run, written as install-config.yaml's osImageStream (OpenShift ${releaseName(releases.osImageStream.since)} and later; with installer agent ${releaseName(releases.agentOsImageStream.since)} and later). Left out, install-config.yaml has none and the installer picks its default: rhel-9 on 4.x, rhel-10 on 5.x. Before ${releaseName(releases.osStreamsByDefault.since)} any value needs the ${technologyPreviews.osImageStream.featureSet} feature set, which install-config.yaml then sets.`,
    allowed: osImageStreams.map((stream) => `"${stream}"`).join(" or "),
  }),
  number_of_masters: field(z.optional(z.union([z.literal(masterCounts[0]), z.literal(masterCounts[1])])), {
    description:
      "Masters of the control plane: 3, or 1 for single-node OpenShift (only with installer agent, agent.platform none and number_of_workers 0). The two masters of a two-node control plane come from arbiter or control_plane instead.",
    allowed: masterCounts.join(" or "),
  }),
};

/** Keys gen-infra adds beyond the seed's variables; they are written into the HCL as literals. */
export const extraFields = {
  connection: connectionSchema,
  name_prefix: field(z._default(z.string().check(z.regex(/^([a-z0-9][-a-z0-9]{0,14})?$/)), ""), {
    description:
      "Prefix for every libvirt object name (networks, bridges, volumes, domains), so that two clusters can share one hypervisor. Empty keeps the seed's names.",
    allowed: "empty, or at most 15 lower-case letters, digits and '-', not starting with '-'",
  }),
  existing_networks: field(
    z._default(z.array(text(formats.ipv4Cidr)).check(z.maxLength(limits.existingNetworks)), ["192.168.122.0/24"]),
    {
      description:
        "Networks already on the hypervisor (libvirt's default network, the host's own), which chucky and provision must not overlap.",
      allowed: `a list of at most ${limits.existingNetworks} IPv4 networks in CIDR notation`,
    },
  ),
  hypervisor: hypervisorSchema,
  hypervisors: hypervisorsSchema,
  placement: field(z.optional(z.record(text(formats.nodeName), hypervisorName)), {
    description:
      "Pins nodes to hypervisors: a node's name as the report names it (master0, arbiter0, worker12) to a hypervisor's name. Nodes left out are placed by gen-infra.",
    allowed: 'an object such as { "master0": "kvm1" } of node names and hypervisor names',
  }),
  spread_control_plane: field(z._default(z.boolean(), true), {
    description:
      "Keep the control plane (masters and the arbiter) on as many hypervisors as there are, so that one host failing leaves a quorum; false allows placement to put them together.",
    allowed: "true or false",
  }),
  bmc: field(
    z.prefault(
      z.strictObject({
        vbmc_port_base: field(z._default(z.int().check(z.minimum(1), z.maximum(65535 - 128 - 3)), 7000), {
          description:
            "First IPMI port of the virtual BMCs (vbmc) on the chucky gateway: masters take the first three, then the workers in order.",
          allowed: "a port number from 1 to 65404",
        }),
        redfish_scheme: field(z._default(z.enum(redfishSchemes), "redfish-virtualmedia"), {
          description:
            "BMC driver and transport of the Redfish addresses, as the installer spells them: redfish-virtualmedia is Redfish with virtual media over HTTPS, as the seed's sushy-tools (with TLS) serves it.",
          allowed: redfishSchemes.map((scheme) => `"${scheme}"`).join(", "),
        }),
        redfish_host: field(z.optional(z.union([text(formats.ipv4), text(formats.dnsZone)])), {
          description:
            "Host of the Redfish emulator (sushy-tools). By default the chucky gateway, the hypervisor as the provision VM (where the installer runs) reaches it.",
          allowed: "an IPv4 address or a DNS name",
        }),
        redfish_port: field(z._default(z.int().check(z.minimum(1), z.maximum(65535)), 8080), {
          description: "Port of the Redfish emulator (sushy-tools); the seed's sushy-tools setup listens on 8080.",
          allowed: "a port number from 1 to 65535",
        }),
        redfish_verify_certificate: field(z._default(z.boolean(), false), {
          description:
            "Whether the installer verifies the Redfish emulator's TLS certificate; the seed's is self-signed, so it does not (disableCertificateVerification). With ca_file it does, unless set to false, which is refused.",
          allowed: "true or false",
        }),
        ca_file: field(z.optional(z.string().check(z.minLength(1))), {
          description: `A PEM file with the CA certificate that signed the Redfish emulator's certificate, relative to the spec file: gen-infra reads it and writes it as install-config.yaml's bmcVerifyCA (OpenShift ${releaseName(releases.bmcVerifyCA.since)} and later), so that the installer verifies the emulator's certificate. Certificates only, never a private key.`,
          allowed: "a non-empty file path",
        }),
      }),
      {},
    ),
    {
      description:
        "Where the installer finds each node's BMC: vbmc's IPMI ports on the chucky gateway, or the Redfish emulator (sushy-tools).",
      allowed:
        'an object { "vbmc_port_base", "redfish_scheme", "redfish_host", "redfish_port", "redfish_verify_certificate", "ca_file" }',
    },
  ),
  vnc_listen_address: formatted(
    formats.ipv4,
    "127.0.0.1",
    "Address the VMs' VNC consoles listen on. 127.0.0.1 keeps them reachable only through the hypervisor (virt-manager over qemu+ssh).",
  ),
};

export const specSchema = z.strictObject({
  $schema: z.optional(z.string()),
  ...seedFields,
  ...nodeFields,
  ...managementFields,
  ...ipFields,
  ...installerFields,
  ...extraFields,
});

let defaults: Readonly<Record<string, unknown>> | undefined;

/**
 * The defaults as documented: the parsed empty spec, with what a key left out implies (architecture vbmc). Parsed
 * once: every cluster report compares its spec with them.
 */
export const specDefaults = (): Readonly<Record<string, unknown>> =>
  (defaults ??= Object.freeze({
    ...specSchema.parse({}),
    architecture: "vbmc",
    cpu_mode: defaultCpuMode("kvm"),
  }));

/** The CPU mode of the spec's VMs: the one it names, else its domain type's default. */
export const cpuModeOf = (spec: Pick<Spec, "cpu_mode" | "domain_type">): CpuMode =>
  spec.cpu_mode ?? defaultCpuMode(spec.domain_type);

export type Spec = z.output<typeof specSchema>;
export type Connection = Spec["connection"];
