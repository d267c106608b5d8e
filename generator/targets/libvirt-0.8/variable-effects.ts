// What a change of each Terraform variable plans on a lab that is already applied, measured with the real provider
// on real libvirt (test/real-libvirt/day-two-variables.test.ts asserts every plan below) and printed in
// docs/day-two.md from this same table (generator/docs/), so that the two cannot disagree.

/** What a change does to the lab's existing VMs and volumes. */
const effects = ["in place", "new VMs only", "adds or removes at the end", "rebuilds the lab", "refused"] as const;
type Effect = (typeof effects)[number];

/**
 * The labs the table is measured on: every node option in one (the seed's `architecture`); the provisioning network
 * mode and BMC driver, which replace `architecture` where a spec names them, in another; and the IPv6 prefixes in
 * the third.
 */
export const dayTwoLabs = {
  "node-options": {
    ocp_version: "4.20.0",
    // Its installer runs on RHEL 9 (the provision-os rule).
    rhel8_image_location: "rhel9.qcow2",
    architecture: "redfish",
    // What the real-libvirt tier runs a UEFI lab under on every host, so that -var domain_type=kvm is a change.
    domain_type: "qemu",
    firmware: "uefi",
    bonding_nic: true,
    number_of_workers: 1,
    extra_workers: 1,
    arbiter: { memory: 8192, vcpu: 2 },
    disks: {
      master: { os_gib: 100, extra_gib: [10] },
      arbiter: { os_gib: 50, extra_gib: [10] },
      worker: { os_gib: 100, extra_gib: [10] },
    },
  },
  management: {
    ocp_version: "4.20.0",
    rhel8_image_location: "rhel9.qcow2",
    provisioning_network: "Managed",
    bmc_driver: "redfish",
    number_of_workers: 0,
  },
  // Dual stack, IPv6 first: the stack that declares both IPv6 prefixes, the provisioning network's too.
  ipv6: { ocp_version: "4.16.3", rhel8_image_location: "rhel9.qcow2", ip_stack: "v6v4", number_of_workers: 0 },
} as const;
export type DayTwoLab = keyof typeof dayTwoLabs;

export interface Override {
  /** The `-var` value, as written after `name=` on the command line. */
  readonly value: string;
  /** The plan's changes, sorted: `<resource address>: <actions>`, then `output.<name>: <actions>`. */
  readonly plan: readonly string[];
  /** For a refused change: the start of the error the plan fails with. */
  readonly refusal?: string;
}

export interface VariableEffect {
  readonly variable: string;
  readonly lab: DayTwoLab;
  readonly effect: Effect;
  readonly overrides: readonly Override[];
  /** Why, and what to do instead where the change does not reach the existing lab. */
  readonly why: string;
}

const RESIZED = "{memory=2048,vcpu=2}";

// Why, shared by the rows they explain.
const replacesVm = "The provider would replace the VM, so the change waits for a VM created after it";
const firstBoot =
  "cloud-init applies its disk once, at a VM's first boot (NoCloud's instance-id stays `nocloud`): the plan " +
  "swaps the disk, and the running VM keeps its first configuration";
const keepsNics =
  "The nodes keep their NICs: the provider cannot change a NIC, and the installer knows each node by its MAC";
const outputsOnly = "Only the outputs change, which the seed's Ansible reads";

/** The plan of one more or one fewer worker VM, at `index`: the domain, its OS and data volumes, and outputs. */
const lastWorker = (index: number, action: "create" | "delete", outputs: readonly string[]): string[] => [
  `libvirt_domain.worker_domains[${index}]: ${action}`,
  `libvirt_volume.worker_data_volumes[${index}]: ${action}`,
  `libvirt_volume.worker_volumes[${index}]: ${action}`,
  ...outputs.map((output) => `output.${output}: update`),
];

const newVmsOnly = (variable: string, value: string, why: string, plan: readonly string[] = []): VariableEffect => ({
  variable,
  lab: "node-options",
  effect: "new VMs only",
  overrides: [{ value, plan }],
  why,
});

export const variableEffects: readonly VariableEffect[] = [
  {
    variable: "architecture",
    lab: "node-options",
    effect: "rebuilds the lab",
    overrides: [
      {
        value: "vbmc",
        plan: [
          "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
          "libvirt_domain.provision_domain: update",
          "libvirt_network.provision[0]: create",
          "output.architecture: update",
        ],
      },
    ],
    why:
      "The BMC emulation and the provisioning network are how the installer reached the nodes. The plan adds or " +
      `removes the provisioning network, but the nodes keep their NICs, and ${firstBoot}. Change it for a new lab`,
  },
  newVmsOnly("bonding_nic", "false", `${keepsNics}; a bond is also the installed cluster's network configuration`, [
    "output.bonding_nic: update",
  ]),
  {
    variable: "chucky_net_addr",
    lab: "node-options",
    effect: "rebuilds the lab",
    overrides: [
      {
        value: "192.168.31.0/24",
        plan: [
          "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
          "libvirt_cloudinit_disk.support_cloudinit: delete,create",
          "libvirt_domain.provision_domain: update",
          "libvirt_domain.support_domain: update",
          "libvirt_network.chucky: delete,create",
          "output.api_int_vip: update",
          "output.api_vip: update",
          "output.chucky_gateway: update",
          "output.chucky_net_addr: update",
          "output.ingress_vip: update",
          "output.provision_host_ip: update",
          "output.support_host_ip: update",
        ],
      },
    ],
    why:
      "The network is replaced under the VMs, which keep the addresses they were installed with (the support " +
      "VM's DHCP reservations, and cloud-init's first configuration), while the API and ingress addresses move. " +
      "Destroy the lab and apply it again",
  },
  {
    variable: "chucky_net_addr_v6",
    lab: "ipv6",
    effect: "rebuilds the lab",
    overrides: [
      {
        value: "fd00:31::/64",
        plan: [
          "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
          "libvirt_cloudinit_disk.support_cloudinit: delete,create",
          "libvirt_domain.provision_domain: update",
          "libvirt_domain.support_domain: update",
          "libvirt_network.chucky: delete,create",
        ],
      },
    ],
    why:
      "As for `chucky_net_addr`: the network is replaced under the VMs, which keep the IPv6 addresses they were " +
      "installed with (the support VM's DHCPv6 reservations, and cloud-init's first configuration). Destroy the " +
      "lab and apply it again",
  },
  {
    variable: "cluster_name",
    lab: "node-options",
    effect: "in place",
    overrides: [{ value: "lab2", plan: ["output.cluster_name: update"] }],
    why: `${outputsOnly}; no VM holds the name. An installed cluster keeps its own (its certificates name it)`,
  },
  {
    variable: "dns_zone",
    lab: "node-options",
    effect: "in place",
    overrides: [{ value: "example.org", plan: ["output.dns_zone: update"] }],
    why: `${outputsOnly}; no VM holds the zone. An installed cluster keeps its own (its certificates name it)`,
  },
  newVmsOnly("master_chucky_mac_base", "52:54:00:a9:6e:7", keepsNics, ["output.master_chucky_mac_base: update"]),
  newVmsOnly("master_provision_mac_base", "52:54:00:74:dd:a", keepsNics, ["output.master_provision_mac_base: update"]),
  newVmsOnly("master_resources", RESIZED, `${replacesVm}; resize an installed node by hand (below)`),
  {
    variable: "number_of_workers",
    lab: "node-options",
    effect: "adds or removes at the end",
    overrides: [
      {
        value: "2",
        plan: lastWorker(2, "create", ["number_of_workers", "worker_names"]),
      },
      {
        value: "0",
        plan: lastWorker(1, "delete", ["number_of_workers", "worker_names"]),
      },
    ],
    why:
      "Workers are added and removed at the end of the list, with their disks: drain a worker and delete its " +
      "node in OpenShift before removing it",
  },
  {
    variable: "ocp_version",
    lab: "node-options",
    effect: "in place",
    overrides: [
      { value: "4.19.3", plan: ["output.ocp_minor_version: update", "output.ocp_version: update"] },
      { value: "5.0.1", plan: ["output.ocp_minor_version: update", "output.ocp_version: update"] },
      {
        value: "4.9.5",
        plan: [],
        refusal:
          "arbiter: an arbiter needs the installer's arbiter role, which OpenShift has from 4.19, but ocp_version is 4.9.5.",
      },
    ],
    why: `${outputsOnly}, and the node options are checked against the release again. OpenShift upgrades an installed cluster, not Terraform`,
  },
  {
    variable: "provision_net_addr",
    lab: "management",
    effect: "rebuilds the lab",
    overrides: [
      {
        value: "192.168.15.0/24",
        plan: [
          "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
          "libvirt_domain.provision_domain: update",
          "libvirt_network.provision[0]: delete,create",
          "output.provision_net_addr: update",
          "output.provisioning_dhcp_end: update",
          "output.provisioning_dhcp_start: update",
        ],
      },
    ],
    why:
      "The provisioning network is replaced under the VMs, which keep their addresses on it (the provision VM's " +
      "from cloud-init's first configuration). Destroy the lab and apply it again",
  },
  {
    variable: "provision_net_addr_v6",
    lab: "ipv6",
    effect: "rebuilds the lab",
    overrides: [
      {
        value: "fd00:15::/64",
        plan: [
          "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
          "libvirt_domain.provision_domain: update",
          "libvirt_network.provision[0]: delete,create",
        ],
      },
    ],
    why:
      "As for `provision_net_addr`: the provisioning network is replaced under the VMs, which keep their IPv6 " +
      "addresses on it. Destroy the lab and apply it again",
  },
  newVmsOnly("provision_mac", "52:54:00:9d:41:3d", `The provision VM keeps its NIC, and ${firstBoot}`, [
    "libvirt_cloudinit_disk.provision_cloudinit: delete,create",
    "libvirt_domain.provision_domain: update",
    "output.provision_mac: update",
  ]),
  newVmsOnly("provision_resources", RESIZED, `${replacesVm}, and with the VM the installer's state would go`),
  newVmsOnly(
    "rhel8_image_location",
    "rhel8-new.qcow2",
    "The image is copied into the lab once: the support and provision VMs' volumes are layers over that copy. " +
      "To move them to a new image, replace them on purpose: `terraform apply -replace=libvirt_volume.rhel_volume`",
  ),
  newVmsOnly("support_net_config_nameserver", "192.0.2.53", `The support VM's nameserver: ${firstBoot}`, [
    "libvirt_cloudinit_disk.support_cloudinit: delete,create",
    "libvirt_domain.support_domain: update",
  ]),
  newVmsOnly("support_resources", RESIZED, `${replacesVm}, and with the VM the cluster's DHCP and DNS would go`),
  newVmsOnly("worker_resources", RESIZED, `${replacesVm}; resize an installed node by hand (below)`),
  newVmsOnly("worker_provision_mac_base", "52:54:00:74:dd:", keepsNics, ["output.worker_provision_mac_base: update"]),
  newVmsOnly("worker_chucky_mac_base", "52:54:00:a9:6e:", keepsNics, ["output.worker_chucky_mac_base: update"]),
  newVmsOnly("cpu_mode", "none", replacesVm),
  newVmsOnly("domain_type", "kvm", replacesVm),
  newVmsOnly("firmware", "bios", `${replacesVm}; sushy-tools changes it when Ironic sets the boot mode`),
  newVmsOnly(
    "uefi_loader",
    "/usr/share/OVMF/OVMF_CODE_4M.fd",
    `${replacesVm}; sushy-tools changes it when Ironic sets the boot mode`,
  ),
  newVmsOnly(
    "uefi_nvram_template",
    "/usr/share/OVMF/OVMF_VARS_4M.fd",
    `${replacesVm}; sushy-tools changes it when Ironic sets the boot mode`,
  ),
  newVmsOnly("arbiter_resources", RESIZED, `${replacesVm}; resize an installed node by hand (below)`),
  ...(["master", "arbiter", "worker"] as const).map((role): VariableEffect => ({
    variable: `${role}_disks`,
    lab: "node-options",
    effect: "new VMs only",
    overrides: [
      { value: "{os_gib=150,extra_gib=[20]}", plan: [] },
      {
        value: "{os_gib=100,extra_gib=[10,10]}",
        plan: [],
        refusal: `disks.${role}.extra_gib has 2 data disks, but this configuration was written for 1`,
      },
    ],
    why:
      "The provider would delete a volume to resize it and create it empty, so sizes wait for volumes created " +
      "after them; resize an installed node's disk by hand (below). Another number of data disks is refused: it " +
      "would renumber every node's data volumes",
  })),
  {
    variable: "extra_workers",
    lab: "node-options",
    effect: "adds or removes at the end",
    overrides: [
      {
        value: "2",
        plan: lastWorker(2, "create", ["worker_names"]),
      },
      {
        value: "0",
        plan: lastWorker(1, "delete", ["worker_names"]),
      },
    ],
    why:
      "Day-2 workers are added and removed at the end of the list, with their disks: remove a day-2 worker's " +
      "BareMetalHost first",
  },
  {
    variable: "provisioning_network",
    lab: "management",
    effect: "new VMs only",
    overrides: [{ value: "Unmanaged", plan: [] }],
    why:
      "The installer's mode, fixed when it installs (install-config.yaml); in the lab it decides only the boot " +
      "order of nodes created after it, and whether the provisioning network exists",
  },
  {
    variable: "bmc_driver",
    lab: "management",
    effect: "new VMs only",
    overrides: [{ value: "redfish-virtualmedia", plan: [] }],
    why:
      "The installer's driver, fixed when it installs (install-config.yaml); in the lab it decides only the boot " +
      "order of nodes created after it",
  },
];
