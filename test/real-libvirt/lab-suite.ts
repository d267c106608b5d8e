// The tests for one generated output applied for real: what libvirt holds after `terraform apply` (read back with
// virsh, compared with the fixture's inventory.json and with what Terraform rendered), the day-2 plans, and a
// destroy that leaves nothing of the cluster. Each function registers tests over a LabSession that a beforeAll
// of the caller applies, so that several labs can share one describe (two clusters side by side).
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import type { BaremetalInstallConfig } from "../../generator/installer/install-config-types";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { expectNoChanges, planChanges } from "./drift";
import { committedOutput, SMALL_RESOURCES } from "./lab";
import { LabSession, type Inventory, type InventoryNode, type LabSource } from "./lab-session";
import { snapshot } from "./libvirt-state";
import { parseDomain } from "./libvirt-xml";
import { OVMF } from "./ovmf";
import { haltReason } from "./uefi-probe";
import type { CpuMode } from "./cpu-probe";
import { lineWith, OVMF_BOOT_LINE, startWatchingConsole, type ConsoleWatch } from "./serial";
import { x86_64v2Evidence } from "./cpu-features";
import { cidrhost, parseCidr } from "../../generator/model/ip";
import { dhcpdReservations, dhcpExchange } from "./dhcp-exchange";
import { dhcpdGate } from "./prerequisites";
import type { Inventory as GeneratedInventory } from "../../generator/artefacts/inventory";
import { scratchPrefix } from "../global-state";
import { whenFound } from "../skip";
import { ChuckyLink, chuckyClients, linkLocalOf, macOfDuid, missingIpv6Tool, repliesOf, words } from "./ipv6-link";
import type { RunContext } from "./run-context";
import { ejectMedia, withVirtualMedia } from "./virtual-media";

/** What `dumpxml --inactive` says for each cpu_mode: libvirt fills a definition without <cpu> with its default. */
const DEFINED_CPU_MODE: Record<CpuMode, string> = {
  "host-passthrough": "host-passthrough",
  "host-model": "host-model",
  none: "custom",
};

const hclName = (session: LabSession, type: string, name: string): string =>
  String(session.requireLab().hcl["resource"]?.[type]?.[name]?.[0]?.["name"] ?? "");

/** Support and provision: RHEL on the base image, with a cloud-init CD-ROM; the others are the cluster's nodes. */
const onBaseImage = (node: InventoryNode): boolean => node.role === "support" || node.role === "provision";
const clusterNodes = (session: LabSession): InventoryNode[] => session.inventory.nodes.filter((n) => !onBaseImage(n));
const uefiNodes = (session: LabSession): InventoryNode[] =>
  session.inventory.nodes.filter((node) => node.firmware === "uefi");

/** The guest's name of the i-th virtio disk: vda, vdb, … */
const virtioDevice = (index: number): string => `vd${String.fromCharCode(0x61 + index)}`;

/** Where libvirt keeps the domains' UEFI variable stores. */
const NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

interface DomainResource {
  /** The resource instance's address in the plan, e.g. libvirt_domain.master_domains[0]. */
  address: string;
  /** Its count.index, or null for a resource without count. */
  index: number | null;
  block: Record<string, unknown>;
}

/** The libvirt_domain resource (and count index) whose name argument gives the domain `name`. */
export function domainResource(session: LabSession, name: string): DomainResource {
  const domains = (session.requireLab().hcl["resource"]?.["libvirt_domain"] ?? {}) as Record<
    string,
    Array<Record<string, unknown>>
  >;
  for (const [resource, [block = {}]] of Object.entries(domains)) {
    const template = String(block["name"] ?? "");
    const [prefix = "", suffix, ...rest] = template.split("${count.index}");
    if (suffix === undefined) {
      if (template === name) return { address: `libvirt_domain.${resource}`, index: null, block };
    } else if (rest.length === 0 && name.startsWith(prefix) && name.endsWith(suffix)) {
      const index = name.slice(prefix.length, name.length - suffix.length);
      if (/^(0|[1-9]\d*)$/.test(index))
        return { address: `libvirt_domain.${resource}[${index}]`, index: Number(index), block };
    }
  }
  throw new Error(`no libvirt_domain in ${session.source.title}'s libvirt.tf is named ${name}`);
}

/** The nvram file the HCL gives the domain `name` (its dynamic nvram block's content), or null without one. */
function hclNvramFile(session: LabSession, name: string): string | null {
  const { block, index } = domainResource(session, name);
  const dynamic = (block["dynamic"] ?? {}) as Record<string, Array<{ content?: Array<Record<string, unknown>> }>>;
  const file = dynamic["nvram"]?.[0]?.content?.[0]?.["file"];
  return typeof file === "string" ? file.replaceAll("${count.index}", String(index)) : null;
}

/** A number variable's default in the lab's input-vars.tf; undefined when the file does not declare it. */
function numberVariable(session: LabSession, name: string): number | undefined {
  const inputVars = readFileSync(path.join(session.requireLab().dir, "input-vars.tf"), "utf8");
  const block = new RegExp(`^variable "${name}" \\{[\\s\\S]*?^\\}`, "m").exec(inputVars)?.[0];
  if (block === undefined) return undefined;
  const value = /^\s*default\s*=\s*(\d+)\s*$/m.exec(block)?.[1];
  if (value === undefined) throw new Error(`variable ${name} of ${session.source.title} has no number default`);
  return Number(value);
}

/** The size of a file inside the sandbox, or null when it does not exist. */
async function sandboxFileSize(session: LabSession, file: string): Promise<number | null> {
  const result = await session.run.sandbox.run("stat", ["-c", "%s", file], { okExitCodes: [1] });
  return result.exitCode === 0 ? Number(result.stdout.trim()) : null;
}

/** A node's state from virsh. */
const domstate = async (session: LabSession, name: string): Promise<string> =>
  (await session.run.sandbox.virsh("domstate", name)).trim();

/**
 * A node the BMC powers on. A UEFI node is started with a reader on its console (serial.ts), whose output proves
 * that OVMF executes; the others with a plain `virsh start`.
 */
async function powerOn(session: LabSession, node: InventoryNode): Promise<ConsoleWatch | null> {
  if (node.firmware === "uefi") return startWatchingConsole(session.run.sandbox, node.name, OVMF_BOOT_LINE);
  await session.run.sandbox.virsh("start", node.name);
  return null;
}

/** A started UEFI node's state, why its guest stopped (from its QEMU log) and the firmware's boot-manager line. */
async function firmwareRun(session: LabSession, node: InventoryNode, watch: ConsoleWatch | undefined) {
  return {
    node: node.name,
    state: await domstate(session, node.name),
    halted: await haltReason(session.run.sandbox, node.name),
    firmware: watch ? lineWith(await watch.output, OVMF_BOOT_LINE) : "no console reader",
  };
}

const failNoConsole = (node: InventoryNode): never => {
  throw new Error(`${node.name} was not started with a console reader`);
};

/** What firmwareRun must find: running, nothing in the log, and OVMF's boot manager at work on the console. */
const firmwareRuns = (node: InventoryNode) => ({
  node: node.name,
  state: "running",
  halted: null,
  firmware: expect.stringMatching(/^BdsDxe: (loading|failed to load|starting) Boot\d{4} /),
});

/**
 * What sushy-tools' libvirt driver does to a domain that names its loader when Ironic sets boot mode UEFI with
 * secure boot off (libvirtdriver.py, _build_os_element_fw_manualselection): it removes <loader> and <nvram> and
 * adds them anew at the end of <os>: the loader from its boot-loader map, type pflash, read-only, secure no; the
 * NVRAM with its template for secure boot off, in the old file's folder under the old name with the suffix
 * .nosecboot.fd (after dropping .secboot.fd, .nosecboot.fd or .fd), so that libvirt makes it afresh.
 */
function withBootModeSet(
  xml: string,
  loader: string,
  template: string,
): { xml: string; nvramFile: string; previousNvramFile: string | null } {
  const previous = /<nvram\b[^>]*>([^<]+)<\/nvram>/.exec(xml)?.[1] ?? null;
  let nvramFile: string | null = null;
  if (previous !== null) {
    let base = path.posix.basename(previous);
    for (const suffix of [".secboot.fd", ".nosecboot.fd", ".fd"])
      if (base.endsWith(suffix)) base = base.slice(0, -suffix.length);
    nvramFile = path.posix.join(path.posix.dirname(previous), `${base}.nosecboot.fd`);
  }
  const stripped = xml
    .replace(/\s*<loader\b[^>]*?(?:\/>|>[^<]*<\/loader>)/g, "")
    .replace(/\s*<nvram\b[^>]*?(?:\/>|>[^<]*<\/nvram>)/g, "");
  const osEnd = stripped.indexOf("</os>");
  if (osEnd < 0) throw new Error("domain XML without <os>");
  const elements = [
    `  <loader type='pflash' readonly='yes' secure='no'>${loader}</loader>`,
    nvramFile === null ? `  <nvram template='${template}'/>` : `  <nvram template='${template}'>${nvramFile}</nvram>`,
  ];
  return {
    xml: `${stripped.slice(0, osEnd)}${elements.join("\n  ")}\n  ${stripped.slice(osEnd)}`,
    nvramFile: nvramFile ?? "",
    previousNvramFile: previous,
  };
}

/**
 * The boot order a node's domain has: disk, then network, as in the seed; with the management keys, a cluster
 * node network-boots only where it PXE-boots from the provisioning network (not with virtual media).
 */
function bootDevices(inventory: Inventory, node: InventoryNode): string[] {
  const { provisioning_network: mode, bmc_driver: driver } = inventory.cluster;
  if (mode === undefined || node.bmc === null) return ["hd", "network"];
  return mode !== "Disabled" && driver !== "redfish-virtualmedia" ? ["hd", "network"] : ["hd"];
}

/** The tests over what libvirt holds once `session` is applied, and a second plan that must be empty. */
export function labChecks(getSession: () => LabSession): void {
  test("Terraform reached libvirt over the configuration's own connection", async () => {
    const session = getSession();
    const lab = session.requireLab();
    const accepted = (await session.sshLogins()).slice(session.sshLoginsBefore);
    if (lab.hcl["data"]?.["terraform_remote_state"]) {
      // qemu+ssh://ec2-user@127.0.0.1/system?keyfile=../ssh&known_hosts_verify=ignore, from the parent state.
      expect(accepted.length).toBeGreaterThan(0);
      for (const line of accepted) expect(line).toMatch(/Accepted publickey for ec2-user from 127\.0\.0\.1 /);
    } else {
      // A local URI: no ssh at all.
      expect(readFileSync(path.join(lab.dir, "libvirt.tf"), "utf8")).toMatch(/libvirt_uri\s*=\s*"qemu:\/\/\/system"/);
      expect(accepted).toEqual([]);
    }
  });

  test("the provider builds each cloud-init ISO with mkisofs on the Terraform host", () => {
    const lab = getSession().requireLab();
    const cloudinitDisks = Object.keys(lab.hcl["resource"]?.["libvirt_cloudinit_disk"] ?? {});
    const calls = readFileSync(lab.mkisofsLog, "utf8").split("\n").filter(Boolean);
    expect(cloudinitDisks.length).toBeGreaterThan(0);
    // One ISO per disk; a disk whose read-back failed is built again by the second apply (see terraform()).
    const isos = new Set(calls.map((call) => path.basename(/-output (\S+)/.exec(call)?.[1] ?? "")));
    expect(isos.size).toBe(cloudinitDisks.length);
    expect(calls.length).toBeLessThan(2 * cloudinitDisks.length);
    for (const call of calls) expect(call).toMatch(/-volid cidata .*user-data .*meta-data .*network-config/);
  });

  test("each cloud-init ISO holds, byte for byte, the user-data and network-config Terraform rendered", () => {
    const session = getSession();
    const { cloudinit } = session.requireFacts();
    expect(cloudinit.map((disk) => disk.address).sort()).toEqual([
      "libvirt_cloudinit_disk.provision_cloudinit",
      "libvirt_cloudinit_disk.support_cloudinit",
    ]);
    for (const disk of cloudinit) {
      expect(disk.rendered.userData).not.toBe("");
      expect(disk.rendered.networkConfig).not.toBe("");
      expect({ disk: disk.volume, ...disk.onIso }).toEqual({ disk: disk.volume, ...disk.rendered });
      expect(Buffer.byteLength(disk.onIso.userData)).toBe(Buffer.byteLength(disk.rendered.userData));
      expect(Buffer.byteLength(disk.onIso.networkConfig)).toBe(Buffer.byteLength(disk.rendered.networkConfig));
    }
  });

  test("the provision VM's ISO gives its chucky NIC, by MAC, the static address; each ISO is its VM's CD-ROM", () => {
    const session = getSession();
    const facts = session.requireFacts();
    const { addresses } = session.inventory;
    for (const node of session.inventory.nodes.filter((n) => n.role === "provision" || n.role === "support")) {
      const disk = facts.cloudinit.find((d) => d.volume === `${node.name}.iso`);
      expect({ node: node.name, iso: disk?.volume }).toEqual({ node: node.name, iso: `${node.name}.iso` });
      const cdrom = /<disk type='file' device='cdrom'>[\s\S]*?<source file='([^']+)'/.exec(
        facts.domainXml.get(node.name) ?? "",
      );
      expect({ node: node.name, cdrom: cdrom?.[1] }).toEqual({ node: node.name, cdrom: disk?.volumePath });
    }
    const provision = session.inventory.nodes.find((n) => n.role === "provision");
    const chuckyMac = provision?.nics.find((nic) => nic.network === "chucky")?.mac;
    const config = facts.cloudinit.find((d) => d.volume === `${provision?.name}.iso`)?.onIso.networkConfig ?? "";
    expect(chuckyMac).toMatch(/^[0-9a-f:]{17}$/);
    expect(config).toContain(`mac_address: "${chuckyMac}"`);
    expect(config).toContain(`address: ${addresses["provision_host"]}/${addresses["chucky_prefix"]}`);
    expect(config).toContain(`gateway: ${addresses["chucky_gateway"]}`);
  });

  test("every domain has its NICs in order, each on its network with its MAC, on PCI slots 3, 4, …", () => {
    const session = getSession();
    const { domains } = session.requireFacts();
    const { inventory } = session;
    expect(inventory.nodes.length).toBeGreaterThan(0);
    const libvirtName = new Map(inventory.networks.map((network) => [network.name, network.libvirt_name]));
    for (const node of inventory.nodes) {
      const nics = domains.get(node.name)?.nics ?? [];
      expect({ node: node.name, networks: nics.map((nic) => nic.network) }).toEqual({
        node: node.name,
        networks: node.nics.map((nic) => libvirtName.get(nic.network)),
      });
      node.nics.forEach((nic, index) => {
        if (nic.mac !== null)
          expect({ node: node.name, index, mac: nics[index]?.mac }).toEqual({ node: node.name, index, mac: nic.mac });
        else expect(nics[index]?.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
      });
      // The guest names a NIC after its PCI slot: slot 3 is ens3, and so on.
      expect({ node: node.name, slots: nics.map((nic) => nic.pciSlot) }).toEqual({
        node: node.name,
        slots: nics.map((_, index) => 3 + index),
      });
    }
  });

  test("memory and vCPUs equal the -var overrides; domain type and CPU as domain_type and cpu_mode say; boot disk, then network; VNC on 127.0.0.1", () => {
    const session = getSession();
    const { domains, domainXml } = session.requireFacts();
    const { cpuMode: mode, domainType } = session.requireLab().hypervisor;
    // The small resources come from -var: every role's variable is among the overridden, the arbiter's too.
    const roles = [...new Set(session.inventory.nodes.map((node) => node.role))].sort();
    const overridden = new Set(session.requireLab().resourceVariables);
    expect(roles.filter((role) => !overridden.has(`${role}_resources`))).toEqual([]);
    for (const node of session.inventory.nodes) {
      const facts = domains.get(node.name);
      expect({ node: node.name, memory: facts?.memoryMib, vcpu: facts?.vcpu }).toEqual({
        node: node.name,
        memory: SMALL_RESOURCES.memory,
        vcpu: SMALL_RESOURCES.vcpu,
      });
      // For "none" the provider writes no <cpu>; libvirt then defines its default model (mode 'custom'), which
      // the provider's optional, computed cpu reads back without drift.
      expect({ node: node.name, cpu: facts?.cpuMode, model: facts?.cpuModel ?? null }).toEqual({
        node: node.name,
        cpu: DEFINED_CPU_MODE[mode],
        model: mode === "none" ? expect.any(String) : null,
      });
      expect({ node: node.name, boot: facts?.bootDevices, perDevice: facts?.bootOrders }).toEqual({
        node: node.name,
        boot: bootDevices(session.inventory, node),
        perDevice: [],
      });
      expect({ node: node.name, vnc: facts?.vncListen, type: facts?.vncListenType }).toEqual({
        node: node.name,
        vnc: "127.0.0.1",
        type: "address",
      });
      // As domain_type says: kvm where KVM is usable, qemu (software emulation) elsewhere and for the UEFI lab.
      expect({ node: node.name, type: /<domain type='(\w+)'/.exec(domainXml.get(node.name) ?? "")?.[1] }).toEqual({
        node: node.name,
        type: domainType,
      });
    }
  });

  test("each node's disks: the OS disk vda, then its data disks vdb, vdc, … in order, all virtio, each its own volume of its size", () => {
    const session = getSession();
    const { domains, volumeXml } = session.requireFacts();
    const base = hclName(session, "libvirt_volume", "rhel_volume");
    expect(base).toMatch(/rhel8_base\.qcow2$/);
    const users = new Map<string, string[]>();
    for (const node of session.inventory.nodes) {
      const disks = domains.get(node.name)?.disks ?? [];
      const dataDisks = node.data_disks ?? [];
      const found = disks
        .filter((disk) => disk.device === "disk")
        .map((disk) => {
          const volume = path.basename(String(disk.source));
          users.set(volume, [...(users.get(volume) ?? []), node.name]);
          const volXml = volumeXml.get(volume) ?? "";
          return {
            device: disk.targetDev,
            bus: disk.bus,
            own: session.own.volumes.includes(volume),
            volume,
            gib: Number(/<capacity unit='bytes'>(\d+)<\/capacity>/.exec(volXml)?.[1]) / 2 ** 30,
            format: /<target>[\s\S]*?<format type='(\w+)'\/>/.exec(volXml)?.[1],
            backing: /<backingStore>[\s\S]*?<path>([^<]+)<\/path>/.exec(volXml)?.[1] ?? null,
          };
        });
      // The OS disk is the node's own volume, whatever its name; a data disk's volume is the inventory's.
      const wanted = [
        { gib: node.disk_gib, volume: expect.any(String) as unknown as string },
        ...dataDisks.map((disk) => ({ gib: disk.gib, volume: disk.volume })),
      ].map(({ gib, volume }, index) => ({
        device: virtioDevice(index),
        bus: "virtio",
        own: true,
        volume,
        gib,
        format: "qcow2",
        backing: index === 0 && onBaseImage(node) ? `/var/lib/libvirt/images/${base}` : null,
      }));
      expect({ node: node.name, disks: found }).toEqual({ node: node.name, disks: wanted });
      // The inventory names the data disks as the guest sees them.
      expect({ node: node.name, devices: dataDisks.map((disk) => disk.device) }).toEqual({
        node: node.name,
        devices: dataDisks.map((_, index) => virtioDevice(index + 1)),
      });
      // Nothing else but the cloud-init CD-ROM of support and provision.
      expect({
        node: node.name,
        other: disks.filter((disk) => disk.device !== "disk").map((disk) => disk.device),
      }).toEqual({
        node: node.name,
        other: onBaseImage(node) ? ["cdrom"] : [],
      });
    }
    const shared = [...users].filter(([, nodes]) => nodes.length > 1);
    expect(shared).toEqual([]);
  });

  test("UEFI nodes load the -var loader read-only as pflash, with an NVRAM file of their own from the -var template; the others have no loader", () => {
    const session = getSession();
    const lab = session.requireLab();
    const { domains } = session.requireFacts();
    const uefi = uefiNodes(session);
    // The UEFI lab is a UEFI lab: every cluster node, and the configuration takes the firmware by -var.
    if (uefi.length > 0) {
      expect(uefi.map((node) => node.name)).toEqual(clusterNodes(session).map((node) => node.name));
      expect(lab.uefi).toEqual({ loader: OVMF.code, nvramTemplate: OVMF.vars });
    }
    for (const node of session.inventory.nodes) {
      const facts = domains.get(node.name);
      if (node.firmware === "uefi") {
        const file = hclNvramFile(session, node.name);
        expect({ node: node.name, file }).toEqual({ node: node.name, file: `${NVRAM_DIR}/${node.name}_VARS.fd` });
        expect({ node: node.name, loader: facts?.loader, nvram: facts?.nvram }).toEqual({
          node: node.name,
          loader: { path: lab.uefi?.loader, readonly: "yes", type: "pflash", secure: "no" },
          nvram: { file, template: lab.uefi?.nvramTemplate },
        });
      } else {
        expect({ node: node.name, loader: facts?.loader, nvram: facts?.nvram }).toEqual({
          node: node.name,
          loader: null,
          nvram: null,
        });
      }
    }
  });

  test("libvirt holds exactly the inventory's domains", () => {
    const session = getSession();
    expect(session.own.domains).toEqual(session.inventory.nodes.map((node) => node.name).sort());
  });

  test("virsh net-list has exactly the inventory's networks: the provisioning network only where the mode has one", () => {
    const session = getSession();
    const { inventory } = session;
    expect(session.own.networks).toEqual(inventory.networks.map((network) => network.libvirt_name).sort());
    const mode =
      inventory.cluster.provisioning_network ?? (inventory.cluster.architecture === "vbmc" ? "Managed" : "Disabled");
    expect(inventory.networks.some((network) => network.name === "provision")).toBe(mode !== "Disabled");
  });

  // Each master fences the other through the credential's address: it must be the Redfish system of that master's
  // own domain, as the lab's emulator serves it, and name the node as it will be named.
  test("controlPlane.fencing gives each master's DNS name and the BMC of its own domain, with fencing only", () => {
    const session = getSession();
    const lab = session.requireLab();
    const config = parseYaml(readFileSync(path.join(lab.dir, "install-config.yaml"), "utf8")) as BaremetalInstallConfig;
    const credentials = config.controlPlane.fencing?.credentials;
    if (session.inventory.cluster.control_plane !== "two-node-fencing") {
      expect(credentials).toBeUndefined();
      return;
    }
    const masters = session.inventory.nodes.filter((node) => node.role === "master");
    expect(credentials?.map((c) => [c.hostName, c.address])).toEqual(
      masters.map((node) => [node.hostname, node.bmc!.address]),
    );
    for (const node of masters) {
      expect(node.bmc!.address).toMatch(new RegExp(`^redfish[^:]*://[^/]+/redfish/v1/Systems/${node.name}$`));
      expect(session.own.domains).toContain(node.name);
    }
  });

  test("each host's bootMode in install-config.yaml and extra-workers.yaml is its domain's firmware", () => {
    const session = getSession();
    const lab = session.requireLab();
    const { domainXml } = session.requireFacts();
    const config = parseYaml(readFileSync(path.join(lab.dir, "install-config.yaml"), "utf8")) as BaremetalInstallConfig;
    const extra = path.join(lab.dir, "extra-workers.yaml");
    const dayTwo = existsSync(extra)
      ? parseAllDocuments(readFileSync(extra, "utf8"))
          .map((doc) => doc.toJS() as { kind: string; metadata: { name: string }; spec?: { bootMode: string } })
          .filter((doc) => doc.kind === "BareMetalHost")
          .map((doc) => ({ name: doc.metadata.name, bootMode: doc.spec!.bootMode }))
      : [];
    const hosts = [...config.platform.baremetal.hosts.map((h) => ({ name: h.name, bootMode: h.bootMode })), ...dayTwo];
    expect(hosts.map((h) => h.name).sort()).toEqual(
      session.inventory.nodes
        .filter((n) => n.bmc !== null)
        .map((n) => n.name)
        .sort(),
    );
    for (const host of hosts) {
      const uefi = /<loader [^>]*type='pflash'/.test(domainXml.get(host.name) ?? "");
      expect({ host: host.name, bootMode: host.bootMode }).toEqual({
        host: host.name,
        bootMode: uefi ? "UEFI" : "legacy",
      });
    }
  });

  test("the control plane is its domains, 3 masters, 2 masters and the arbiter, or 2 masters with fencing, each defined and shut off", () => {
    const session = getSession();
    const { states } = session.requireFacts();
    const controlPlane = session.inventory.nodes.filter((node) => node.role === "master" || node.role === "arbiter");
    const count = (role: string) => controlPlane.filter((node) => node.role === role).length;
    const arbiter = count("arbiter") > 0;
    const fencing = session.inventory.cluster.control_plane === "two-node-fencing";
    expect({ masters: count("master"), arbiters: count("arbiter") }).toEqual(
      arbiter ? { masters: 2, arbiters: 1 } : { masters: fencing ? 2 : 3, arbiters: 0 },
    );
    const indexInRole = new Map<string, number>();
    for (const node of controlPlane) {
      const index = indexInRole.get(node.role) ?? 0;
      indexInRole.set(node.role, index + 1);
      expect({
        node: node.name,
        address: domainResource(session, node.name).address,
        defined: session.own.domains.includes(node.name),
        state: states.get(node.name),
      }).toEqual({
        node: node.name,
        address: `libvirt_domain.${node.role}_domains[${index}]`,
        defined: true,
        state: "shut off",
      });
    }
  });

  test("number_of_workers + extra_workers worker domains, the day-2 workers last, each defined and shut off", () => {
    const session = getSession();
    const { states } = session.requireFacts();
    const workers = numberVariable(session, "number_of_workers") ?? 0;
    const extra = numberVariable(session, "extra_workers") ?? 0;
    const found = session.inventory.nodes
      .filter((node) => node.role === "worker")
      .map((node) => ({
        address: domainResource(session, node.name).address,
        dayTwo: node.day_two === true,
        defined: session.own.domains.includes(node.name),
        state: states.get(node.name),
      }));
    expect(found).toEqual(
      Array.from({ length: workers + extra }, (_, index) => ({
        address: `libvirt_domain.worker_domains[${index}]`,
        dayTwo: index >= workers,
        defined: true,
        state: "shut off",
      })),
    );
  });

  test("networks: forward mode, bridge and an address per family as generated, libvirt's DHCP off (and DNS where IPv6), active and autostart", () => {
    const session = getSession();
    const { networks } = session.requireFacts();
    expect(session.inventory.networks.length).toBeGreaterThan(0);
    for (const network of session.inventory.networks) {
      const facts = networks.get(network.name);
      // The bridge takes host 1 of each of the network's prefixes: IPv4 alone without an IPv6 stack.
      const prefixes = (network.families ?? ["ipv4"]).map((f) => (f === "ipv6" ? network.cidr_v6! : network.cidr));
      const gateways = prefixes.map((cidr) => `${cidrhost(parseCidr(cidr)!, 1)}/${cidr.split("/")[1]}`);
      const v6 = prefixes.some((cidr) => cidr.includes(":"));
      expect({
        network: network.name,
        forward: facts?.forwardMode ?? "none",
        bridge: facts?.bridge,
        ip: facts?.addresses.map((ip) => `${ip.address}/${ip.prefix ?? ip.netmask}`),
        dhcp: facts?.dhcp,
        dnsOff: facts?.dnsOff,
        active: facts?.active,
        // Without autostart the network stays down after the hypervisor reboots, and no VM can start.
        autostart: facts?.autostart,
      }).toEqual({
        network: network.name,
        forward: network.mode,
        bridge: network.bridge,
        ip: gateways,
        dhcp: false,
        dnsOff: v6,
        active: "yes",
        autostart: "yes",
      });
    }
  });

  test("libvirt runs its dnsmasq (DNS only) for a network exactly where it has no IPv6, so none advertises routes; it routes IPv6", () => {
    const session = getSession();
    const { dnsmasq, ipv6Forwarding } = session.requireFacts();
    // IPv6 is routed, not NATed: libvirt turns forwarding on when chucky, with its IPv6 prefix, starts.
    if (session.inventory.networks.some((network) => network.mode === "nat" && network.cidr_v6 !== undefined))
      expect(ipv6Forwarding).toBe("1");
    const withDnsmasq = session.inventory.networks
      .filter((network) => !(network.families ?? []).includes("ipv6"))
      .map((network) => network.libvirt_name);
    const ours = new Set(session.inventory.networks.map((network) => network.libvirt_name));
    expect(dnsmasq.filter((name) => ours.has(name))).toEqual(withDnsmasq.sort());
  });

  test("support and provision run; masters and workers are shut off", () => {
    const session = getSession();
    const { states } = session.requireFacts();
    for (const node of session.inventory.nodes) {
      expect({ node: node.name, state: states.get(node.name) }).toEqual({
        node: node.name,
        state: node.running ? "running" : "shut off",
      });
    }
  });

  test("a second plan right after apply has nothing to do", async () => {
    const session = getSession();
    await planIsEmpty(session, "after apply");
  }, 600_000);
}

/** A plan of the applied lab, named after `step` in the failure message and the lab's times, that changes nothing. */
export async function planIsEmpty(session: LabSession, step: string): Promise<void> {
  const lab = session.requireLab();
  const index = Object.keys(session.times).filter((name) => name.startsWith("plan ")).length;
  const changes = await session.timed(`plan ${step}`, () =>
    planChanges(session.run, lab, path.join(lab.dir, `plan-${index}.tfplan`)),
  );
  expectNoChanges(`${session.source.title}, ${step}`, changes);
}

/** Whether a fixture's committed inventory has UEFI nodes: decides, when tests are registered, which ones run. */
function hasUefiNodes(fixture: string): boolean {
  const inventory = JSON.parse(
    readFileSync(path.join(committedOutput(fixture), "inventory.json"), "utf8"),
  ) as Inventory;
  return inventory.nodes.some((node) => node.firmware === "uefi");
}

/**
 * The MACs of the cluster nodes' chucky NICs (bond ports too), each with its node's chucky address: what dhcpd.conf
 * must reserve. A bond's second port is named as dhcpd.conf names its host declaration.
 */
function chuckyReservations(inventory: Inventory): Array<{ name: string; mac: string; address: string }> {
  return inventory.nodes
    .filter((node) => !onBaseImage(node))
    .flatMap((node) => {
      const address = node.nics.find((nic) => nic.purpose === "chucky")?.address ?? "";
      return node.nics
        .filter((nic) => nic.network === "chucky" && nic.mac !== null)
        .map((nic, index) => ({
          name: index === 0 ? node.name : `${node.name}-port${index + 1}`,
          mac: nic.mac ?? "",
          address,
        }));
    });
}

const byMac = (reservations: ReadonlyArray<{ mac: string; address: string }>) =>
  reservations.map(({ mac, address }) => `${mac} ${address}`).sort();

/**
 * The generated dhcpd.conf served for real: ISC dhcpd on the lab's chucky bridge, in the support VM's stead, and a
 * network-booting probe from each MAC it reserves (dhcp-exchange.ts) must be ACKed with the node's planned address.
 * The configuration is served unchanged: it names no file, and the bridge holds the chucky gateway's address,
 * which is in the declared subnet. What differs from the lab is the server's own address: dhcpd answers from the
 * gateway's (its server identifier), where the support VM would answer from support_host. Registered before day
 * 2, while the nodes whose MACs the probes borrow are still shut off.
 */
export function dhcpExchangeTest(getSession: () => LabSession, source: LabSource): void {
  const gate = dhcpdGate();
  const inventory = JSON.parse(
    readFileSync(path.join(committedOutput(source.fixture), "inventory.json"), "utf8"),
  ) as Inventory;
  const covered = chuckyReservations(inventory)
    .map(({ mac, address }) => `${mac} ${address}`)
    .join(", ");
  gate.test(
    `a real dhcpd serving dhcpd.conf on chucky ACKs each node's chucky MAC with its address: ${covered}`,
    async () => {
      const session = getSession();
      const lab = session.requireLab();
      const { sandbox } = session.run;
      const conf = await readFile(path.join(lab.dir, "dhcpd.conf"), "utf8");
      const clients = chuckyReservations(session.inventory);
      expect(clients.length).toBeGreaterThan(0);
      // The MACs dhcpd.conf reserves are exactly the nodes' chucky MACs, each for its node's address.
      expect(byMac(dhcpdReservations(conf))).toEqual(byMac(clients));
      const owners = session.inventory.nodes.filter((node) => !onBaseImage(node));
      for (const node of owners)
        expect({ node: node.name, state: await domstate(session, node.name) }).toEqual({
          node: node.name,
          state: "shut off",
        });
      const chucky = session.inventory.networks.find((network) => network.name === "chucky");
      if (chucky === undefined) throw new Error(`${source.title} has no chucky network`);
      const result = await session.timed("DHCP exchange", () =>
        dhcpExchange(sandbox, {
          conf,
          network: chucky.libvirt_name,
          bridge: chucky.bridge,
          domainType: lab.hypervisor.domainType,
          clients,
        }),
      );
      process.stdout.write(
        `real-libvirt ${source.title} DHCP on ${chucky.bridge}: ${result.clients
          .map((c) => `${c.name} ${c.mac} ACKed ${c.acked.join(" and ") || "nothing"} (${c.seconds.toFixed(1)} s)`)
          .join("; ")}\n`,
      );
      const answered = result.clients.map(({ name, mac, acked }) => ({ name, mac, acked }));
      if (answered.some((client, index) => client.acked.join() !== clients[index]?.address))
        process.stdout.write(`dhcpd's output:\n${result.log}\n`);
      expect(answered).toEqual(clients.map(({ name, mac, address }) => ({ name, mac, acked: [address] })));
      // No other client asked: the support and provision VMs, halted at their boot sector, do not.
      expect(result.others).toEqual([]);
    },
    600_000,
  );
}

/** The ports of chucky's bridge the IPv6 services test adds, by a name no other test gives a link. */
const IPV6_PORT_PREFIX = "gi6svc";

/**
 * The generated radvd.conf and dhcpd6.conf served for real on the bridge Terraform created for chucky: namespace
 * hosts joined to it by veth (ipv6-link.ts), one playing the support VM with support_host's IPv6 address, radvd and
 * dhcpd -6, others as rdisc6 and as dhclient -6 from each node's chucky MAC with a DUID-LL. On the lab's own bridge,
 * rdisc6 also hears whatever libvirt would advertise there: the support VM must be the only source. Registered
 * before the destroy, while the nodes whose MACs the clients borrow are shut off.
 */
function ipv6ServicesTest(getSession: () => LabSession, source: LabSource): void {
  const missing = missingIpv6Tool(["bridge"]);
  const gate = whenFound(missing ?? "", missing === null, {
    requiredBy: process.env["GEN_INFRA_REAL_LIBVIRT"] === "required" ? "GEN_INFRA_REAL_LIBVIRT=required" : undefined,
  });
  const readInventory = (folder: string) =>
    JSON.parse(readFileSync(path.join(folder, "inventory.json"), "utf8")) as GeneratedInventory;
  const covered = chuckyClients(readInventory(committedOutput(source.fixture)).nodes)
    .map(({ node, mac, planned }) => `${node.name} ${mac} ${planned}`)
    .join(", ");
  gate.test(
    `on chucky's libvirt bridge, radvd and dhcpd -6 serving radvd.conf and dhcpd6.conf are the only advertiser (M, O, no SLAAC) and give each chucky MAC its address: ${covered}`,
    async () => {
      const session = getSession();
      const lab = session.requireLab();
      const { sandbox } = session.run;
      const inventory = readInventory(lab.dir);
      const a6 = inventory.addresses_v6;
      const chucky = inventory.networks.find((network) => network.name === "chucky");
      if (a6 === undefined || chucky?.cidr_v6 === undefined) throw new Error(`${source.title} has no IPv6 on chucky`);
      const prefix = chucky.cidr_v6;
      const clients = chuckyClients(inventory.nodes);
      expect(clients.length).toBeGreaterThan(0);
      for (const { node } of clients)
        expect({ node: node.name, state: await domstate(session, node.name) }).toEqual({
          node: node.name,
          state: "shut off",
        });
      const files = {
        radvd: await readFile(path.join(lab.dir, "radvd.conf"), "utf8"),
        dhcpd6: await readFile(path.join(lab.dir, "dhcpd6.conf"), "utf8"),
      };
      const portsLeft = async () =>
        (await sandbox.run("ip", ["-o", "link", "show"])).stdout
          .split("\n")
          .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? "")
          .filter((name) => name.startsWith(IPV6_PORT_PREFIX));
      const dir = await mkdtemp(path.join(tmpdir(), `${scratchPrefix}ipv6-bridge-`));
      // The host makes the veth, and hands its other end to the sandbox's network namespace by the host PID of the
      // sandbox's init, which the host's /proc (nsenter enters no mount namespace) names.
      const link = new ChuckyLink(
        {
          attach: async (host, port) => {
            await host.run(
              ...words(`ip link add eth0 type veth peer name ${port} netns /proc/${sandbox.initPid}/ns/net`),
            );
            await sandbox.run("ip", ["link", "set", "dev", port, "master", chucky.bridge, "up"]);
          },
          // libvirt turns STP on for its bridges: a new port passes through listening and learning (the kernel's
          // least forward delay, 2 s each) before it forwards, and what is sent before then is lost.
          forwarding: async (port) => {
            const deadline = Date.now() + 30_000;
            for (;;) {
              const [link] = JSON.parse((await sandbox.run("bridge", ["-j", "link", "show", "dev", port])).stdout) as {
                state?: string;
              }[];
              if (link?.state === "forwarding") return;
              if (Date.now() > deadline)
                throw new Error(`${port} on ${chucky.bridge} is ${link?.state}, not forwarding`);
              await sleep(200);
            }
          },
        },
        dir,
        IPV6_PORT_PREFIX,
      );
      const outcome = await session
        .timed("IPv6 services on chucky", async () => {
          const services = await link.support(a6.support_host, prefix.split("/")[1] ?? "", files);
          const supportLinkLocal = await linkLocalOf(services.host);
          const advertisements = await link.advertisements();
          // Settled, not raced: no client may still be starting a host when the cleanup stops them all.
          const asked = await Promise.allSettled(clients.map((client) => link.askFrom(client, "LL", client.node.name)));
          const leases = asked.map((result) => {
            if (result.status === "rejected") throw result.reason;
            return result.value;
          });
          return {
            supportLinkLocal,
            advertisements,
            leases,
            replies: repliesOf(services.dhcpd.output()),
            radvdLog: services.radvd.output(),
          };
        })
        .finally(async () => {
          await link.stopAll();
          await rm(dir, { recursive: true, force: true });
        });
      // A veth goes with its network namespace, which the kernel tears down after the host's last process ends.
      for (let tries = 0; (await portsLeft()).length > 0 && tries < 50; tries++) await sleep(100);
      expect(await portsLeft()).toEqual([]);

      const { supportLinkLocal, advertisements, leases, replies } = outcome;
      const first = advertisements[0];
      process.stdout.write(
        `real-libvirt ${source.title} IPv6 on ${chucky.bridge}: RA sources ${[...new Set(advertisements.map((a) => a.from))].join(", ") || "none"} (support ${supportLinkLocal}): M=${first?.fields["Stateful address conf."]} O=${first?.fields["Stateful other conf."]} router lifetime ${first?.fields["Router lifetime"]} s, prefix ${first?.prefixes.map((p) => `${p.prefix} on-link ${p.onLink} autonomous ${p.autonomous}`).join(", ")}; DHCPv6 DUID-LL: ${clients.map((c, i) => `${c.node.name} ${c.mac} → ${leases[i]?.addresses.join(",") || "nothing"}`).join("; ")} (${session.times["IPv6 services on chucky"] ?? "?"})\n`,
      );
      expect(advertisements.length).toBeGreaterThan(0);
      // libvirt's DNS is off on chucky, so it runs no dnsmasq there to advertise: only the support VM does.
      expect([...new Set(advertisements.map((a) => a.from))]).toEqual([supportLinkLocal]);
      for (const advertisement of advertisements) {
        expect(advertisement.fields).toMatchObject({ "Stateful address conf.": "Yes", "Stateful other conf.": "Yes" });
        expect(Number(advertisement.fields["Router lifetime"])).toBeGreaterThan(0);
        expect(advertisement.prefixes).toEqual([{ prefix, onLink: "Yes", autonomous: "No" }]);
      }
      expect(outcome.radvdLog).not.toMatch(/error|warning/i);
      for (const [i, client] of clients.entries()) {
        expect({ node: client.node.name, ...leases[i] }).toEqual({
          node: client.node.name,
          addresses: [client.planned],
          duid: `00:03:00:01:${client.mac}`,
        });
        // dhcpd's own account: every reply to this MAC's DUID was the planned address.
        const toClient = replies.filter((reply) => macOfDuid(reply.duid) === client.mac);
        expect({ node: client.node.name, replied: [...new Set(toClient.map((reply) => reply.address))] }).toEqual({
          node: client.node.name,
          replied: [client.planned],
        });
      }
    },
    120_000,
  );
}

/** Day 2 as the installer does it, on a small lab: after each step the plan must still be empty. */
export function day2Tests(getSession: () => LabSession, source: LabSource): void {
  /** The console readers of the UEFI nodes the power-on started. */
  const consoles = new Map<string, ConsoleWatch>();

  // clusterNodes: every node the BMCs drive, the control plane (the arbiter too) and the workers, day-2 ones too.
  test("the BMC powers the masters, arbiter and workers on (virsh start); the plan stays empty", async () => {
    const session = getSession();
    for (const node of clusterNodes(session)) {
      const watch = await powerOn(session, node);
      if (watch !== null) consoles.set(node.name, watch);
    }
    for (const node of clusterNodes(session))
      expect({ node: node.name, state: await domstate(session, node.name) }).toEqual({
        node: node.name,
        state: "running",
      });
    await planIsEmpty(session, "after virsh start");
  }, 300_000);

  const uefi = hasUefiNodes(source.fixture);
  if (uefi) {
    test("under software emulation, host-model gives the running UEFI nodes an x86-64-v2 CPU (sse4.2, popcnt)", async () => {
      const session = getSession();
      // gen-infra's cpu_mode for domain_type qemu when the spec names none, and the one this lab was given.
      expect(session.requireLab().hypervisor).toEqual({ domainType: "qemu", cpuMode: "host-model" });
      expect(uefiNodes(session).length).toBeGreaterThan(0);
      for (const node of uefiNodes(session)) {
        expect({ node: node.name, ...(await x86_64v2Evidence(session.run.sandbox, node.name)) }).toEqual({
          node: node.name,
          type: "qemu",
          // libvirt expands host-model into a named model (EPYC on the AMD hosts seen) and its features.
          mode: "custom",
          model: expect.any(String),
          fromXml: { "sse4.2": true, popcnt: true },
          // What QEMU says the guest's vCPU has.
          fromQemu: { "sse4.2": true, popcnt: true },
        });
      }
    }, 120_000);

    test("each UEFI node runs its loader, OVMF at work on its console, with the NVRAM file libvirt made from the template", async () => {
      const session = getSession();
      const lab = session.requireLab();
      const templateSize = await sandboxFileSize(session, lab.uefi?.nvramTemplate ?? "");
      expect(templateSize).toBeGreaterThan(0);
      expect(uefiNodes(session).length).toBeGreaterThan(0);
      for (const node of uefiNodes(session)) {
        const live = parseDomain(await session.run.sandbox.virsh("dumpxml", node.name));
        const file = hclNvramFile(session, node.name) ?? "";
        expect({
          ...(await firmwareRun(session, node, consoles.get(node.name))),
          loader: live.loader?.path,
          nvram: live.nvram?.file,
          size: await sandboxFileSize(session, file),
        }).toEqual({
          ...firmwareRuns(node),
          loader: lab.uefi?.loader,
          nvram: file,
          size: templateSize,
        });
      }
    }, 300_000);
  }

  test("a CD-ROM inserted into a master's definition, boot order changed, power-cycled; the plan stays empty", async () => {
    const session = getSession();
    const { sandbox } = session.run;
    const master = session.masterName;
    const iso = `/var/cache/libvirt/gen-infra-virtual-media-${session.source.name}.iso`;
    await sandbox.run("truncate", ["-s", "1M", iso]);
    const xml = await sandbox.virsh("dumpxml", "--inactive", master);
    const file = path.join(session.requireLab().dir, "virtual-media.xml");
    await writeFile(file, withVirtualMedia(xml, iso));
    await sandbox.virsh("define", file);
    await sandbox.virsh("destroy", master);
    await sandbox.virsh("start", master);
    const live = await sandbox.virsh("dumpxml", master);
    expect(live).toContain(iso);
    expect(live).toMatch(/<boot order='1'\/>/);
    expect(live).not.toMatch(/<boot dev=/);
    await planIsEmpty(session, "after cdrom and power cycle");
  }, 300_000);

  test("the media ejected again; the plan stays empty", async () => {
    const session = getSession();
    const { sandbox } = session.run;
    const master = session.masterName;
    await ejectMedia(sandbox, master, "hdc");
    expect(await sandbox.virsh("dumpxml", master)).not.toContain("gen-infra-virtual-media");
    expect(await sandbox.virsh("dumpxml", "--inactive", master)).not.toContain("gen-infra-virtual-media");
    await sandbox.run("rm", ["-f", `/var/cache/libvirt/gen-infra-virtual-media-${session.source.name}.iso`]);
    await planIsEmpty(session, "after eject");
  }, 300_000);

  if (uefi) {
    test("Ironic sets the boot mode: sushy-tools' new loader and NVRAM defined, each UEFI node power-cycled; the plan stays empty", async () => {
      const session = getSession();
      const { sandbox } = session.run;
      const dir = session.requireLab().dir;
      const templateSize = await sandboxFileSize(session, OVMF.vars4m);
      session.orphanedNvram = [];
      // All power-cycled first, then checked: each firmware takes some 10 s to its boot manager under emulation.
      const cycled = new Map<string, { nvramFile: string; watch: ConsoleWatch }>();
      for (const node of uefiNodes(session)) {
        const changed = withBootModeSet(
          await sandbox.virsh("dumpxml", "--inactive", node.name),
          OVMF.code4m,
          OVMF.vars4m,
        );
        expect({ node: node.name, nvram: changed.nvramFile }).toEqual({
          node: node.name,
          nvram: `${NVRAM_DIR}/${node.name}_VARS.nosecboot.fd`,
        });
        const file = path.join(dir, `boot-mode-${node.name}.xml`);
        await writeFile(file, changed.xml);
        await sandbox.virsh("define", file);
        if (changed.previousNvramFile !== null) session.orphanedNvram.push(changed.previousNvramFile);
        if ((await domstate(session, node.name)) !== "shut off") await sandbox.virsh("destroy", node.name);
        cycled.set(node.name, {
          nvramFile: changed.nvramFile,
          watch: (await powerOn(session, node)) ?? failNoConsole(node),
        });
      }
      for (const node of uefiNodes(session)) {
        const { nvramFile, watch } = cycled.get(node.name) ?? failNoConsole(node);
        const live = parseDomain(await sandbox.virsh("dumpxml", node.name));
        expect({
          ...(await firmwareRun(session, node, watch)),
          loader: live.loader,
          nvram: live.nvram,
          size: await sandboxFileSize(session, nvramFile),
        }).toEqual({
          ...firmwareRuns(node),
          loader: { path: OVMF.code4m, readonly: "yes", type: "pflash", secure: "no" },
          nvram: { file: nvramFile, template: OVMF.vars4m },
          size: templateSize,
        });
      }
      await planIsEmpty(session, "after the boot mode change");
    }, 600_000);

    test("without firmware and nvram in ignore_changes, that plan would replace each UEFI node", async () => {
      const session = getSession();
      const lab = session.requireLab();
      // A sibling of the lab's folder, so that ../terraform.tfstate and the key pair still resolve; same state.
      const copy = `${lab.dir}-firmware-not-ignored`;
      await cp(lab.dir, copy, { recursive: true });
      try {
        const file = path.join(copy, "libvirt.tf");
        const hcl = await readFile(file, "utf8");
        // firmware and nvram out of each UEFI node's list, whatever precedes them in it.
        const edited = hcl.replace(/^(\s*ignore_changes = \[[\w, ]*?), firmware, nvram\]$/gm, "$1]");
        expect(edited).not.toBe(hcl);
        await writeFile(file, edited);
        const replaced = uefiNodes(session)
          .map((node) => `${domainResource(session, node.name).address}: delete,create`)
          .sort();
        const changes = await session.timed("plan with firmware and nvram not ignored", () =>
          planChanges(session.run, { ...lab, dir: copy }, path.join(copy, "firmware-not-ignored.tfplan"), {
            expectedLoss: replaced,
          }),
        );
        expect({ exitCode: changes.exitCode, resources: changes.resources, outputs: changes.outputs }).toEqual({
          exitCode: 2,
          resources: replaced,
          outputs: [],
        });
        // The provider read the new loader back, and the configuration's forces the replacement.
        expect(changes.text).toMatch(
          new RegExp(`firmware\\s+= "${OVMF.code4m}" -> "${lab.uefi?.loader}" # forces replacement`),
        );
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    }, 600_000);
  }
}

/** `terraform destroy`, then libvirt holds exactly what it held before the apply. */
export function destroyTest(getSession: () => LabSession): void {
  test("terraform destroy leaves no domain, volume, network or NVRAM file of the cluster", async () => {
    const session = getSession();
    await session.destroy();
    expect(session.own.domains).toContain(session.masterName);
    expect(await snapshot(session.run.sandbox)).toEqual(session.before);
    // The provider undefines a domain with its NVRAM; only the stores a boot-mode change orphaned remain.
    const listing = await session.run.sandbox.run("sh", ["-c", `ls -1 ${NVRAM_DIR} 2>/dev/null || true`]);
    const names = new Set(session.inventory.nodes.map((node) => node.name));
    const left = listing.stdout
      .split("\n")
      .filter((file) => names.has(file.replace(/_VARS\..*$/, "")))
      .map((file) => `${NVRAM_DIR}/${file}`);
    expect(left.sort()).toEqual([...session.orphanedNvram].sort());
    if (left.length > 0) await session.run.sandbox.run("rm", ["-f", ...left]);
  }, 1_200_000);
}

export interface LabSuiteOptions {
  /** Power the nodes on, insert and eject media, and plan after each step (small labs only: 2 cores). */
  day2: boolean;
  /** Called once the lab's apply succeeded. */
  onApplied?: (session: LabSession) => void;
  /** Serve the lab's radvd.conf and dhcpd6.conf on its chucky bridge (ipv6ServicesTest). */
  ipv6Services?: boolean;
}

/** One lab on its own: apply in beforeAll, the checks, day 2 if asked, destroy; cleaned up in afterAll. */
export function describeLab(source: LabSource, getRun: () => RunContext, options: LabSuiteOptions): void {
  describe(`${source.title} applied with the real provider`, () => {
    let session: LabSession | undefined;
    const getSession = (): LabSession => {
      if (!session) throw new Error(`lab ${source.name} did not start: see the error of its beforeAll`);
      return session;
    };
    beforeAll(async () => {
      session = new LabSession(source, getRun(), options.onApplied);
      await session.apply();
    }, 1_200_000);
    afterAll(() => session?.cleanUp(), 1_200_000);

    labChecks(getSession);
    if (options.ipv6Services) ipv6ServicesTest(getSession, source);
    if (options.day2) day2Tests(getSession, source);
    destroyTest(getSession);
  });
}
