// One generated out/<fixture>/ applied for real: prepared as a lab, applied, read back from libvirt, and
// destroyed. The suites (lab-suite.ts, apply.test.ts) decide the order; this keeps what each step learnt.
import { readFileSync } from "node:fs";
import path from "node:path";
import { readCloudinitDisks, type CloudinitDisk } from "./cloudinit-iso";
import { prepareLab, removeLabFiles, terraform, type Lab } from "./lab";
import { added, snapshot, type Snapshot } from "./libvirt-state";
import { parseDomain, parseNetwork, type DomainFacts, type NetworkFacts } from "./libvirt-xml";
import { labHypervisor, type RunContext } from "./run-context";

interface InventoryNic {
  network: string;
  mac: string | null;
  /** The NIC's static or reserved address; null where it has none (the provisioning NICs of the nodes). */
  address: string | null;
  /** What the NIC is for: chucky, provisioning, or a bond's port. */
  purpose: string;
}
interface InventoryDataDisk {
  /** The guest's device name: vdb, vdc, … in order. */
  device: string;
  gib: number;
  /** The libvirt volume's name. */
  volume: string;
}
export interface InventoryNode {
  name: string;
  /** Its full DNS name. */
  hostname: string;
  role: "provision" | "support" | "master" | "arbiter" | "worker";
  disk_gib: number;
  running: boolean;
  nics: InventoryNic[];
  /** Only where the spec has the firmware key, on the masters, the arbiter and the workers. */
  firmware?: "bios" | "uefi";
  /** Only where the spec has disks. */
  data_disks?: InventoryDataDisk[];
  /** A worker built with the lab but left out of install-config.yaml. */
  day_two?: true;
  /** The installer's hosts have a BMC. */
  bmc: { address: string } | null;
}
interface InventoryNetwork {
  name: string;
  libvirt_name: string;
  bridge: string;
  cidr: string;
  mode: "nat" | "none" | "route";
  /** Where the cluster has IPv6: the families the lab addresses on the network, and its IPv6 prefix. */
  families?: ("ipv4" | "ipv6")[];
  cidr_v6?: string;
}
export interface Inventory {
  cluster: {
    architecture: string;
    /** Only where the spec names the provisioning network mode or the BMC driver. */
    provisioning_network?: string;
    bmc_driver?: string;
    /** Only where the spec names it. */
    control_plane?: "two-node-fencing";
  };
  nodes: InventoryNode[];
  networks: InventoryNetwork[];
  addresses: Record<string, string | number>;
}

export interface LabSource {
  /** Lab name: a scratch folder name and the label in test names. */
  name: string;
  /** What the label says the lab is, e.g. `out/default`. */
  title: string;
  /** The fixture (file name without extension, as under out/) this lab applies. */
  fixture: string;
  /** The generated output folder to copy. */
  folder: (run: RunContext) => Promise<string>;
}

/** What libvirt holds after the apply, read once so that the tests compare without calling virsh. */
export interface LabFacts {
  domains: Map<string, DomainFacts>;
  /** `dumpxml --inactive`: the persistent definition the provider wrote. */
  domainXml: Map<string, string>;
  /** `vol-dumpxml` of every volume by name. */
  volumeXml: Map<string, string>;
  networks: Map<string, NetworkFacts & { autostart: string | null; active: string | null }>;
  states: Map<string, string>;
  cloudinit: CloudinitDisk[];
  /** The libvirt networks a dnsmasq of libvirt's serves, by the configuration file it runs with. */
  dnsmasq: string[];
  /** net.ipv6.conf.all.forwarding after the apply: libvirt turns it on for a NAT network with IPv6. */
  ipv6Forwarding: string;
}

/** A dnsmasq libvirt started for a network: its configuration file is named after the network. */
const dnsmasqOfLibvirt = /^\S*dnsmasq --conf-file=\/var\/lib\/libvirt\/dnsmasq\/(\S+)\.conf /gm;

const seconds = (start: number): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

const infoField = (info: string, field: string): string | null =>
  new RegExp(`^${field}:\\s+(\\S+)`, "m").exec(info)?.[1] ?? null;

export class LabSession {
  inventory: Inventory = { cluster: { architecture: "" }, nodes: [], networks: [], addresses: {} };
  lab: Lab | undefined;
  /** Every object libvirtd held before this lab's apply, and what the apply added. */
  before: Snapshot = { domains: [], networks: [], volumes: [] };
  own: Snapshot = { domains: [], networks: [], volumes: [] };
  facts: LabFacts | undefined;
  sshLoginsBefore = 0;
  readonly times: Record<string, string> = {};
  /**
   * NVRAM files libvirt no longer knows: the boot-mode change gives a UEFI node a new variable store, as
   * sushy-tools does, and leaves the old file where it was. The destroy test expects them, and only them.
   */
  orphanedNvram: string[] = [];
  private applied = false;
  private destroyed = false;

  constructor(
    readonly source: LabSource,
    readonly run: RunContext,
    /** Called once the apply succeeded, e.g. to list the fixtures applied. */
    private readonly onApplied: (session: LabSession) => void = () => undefined,
  ) {}

  get masterName(): string {
    return this.inventory.nodes.find((node) => node.role === "master")?.name ?? "";
  }

  requireLab(): Lab {
    if (!this.lab) throw new Error(`lab ${this.source.name} was not prepared: see the error of its beforeAll`);
    return this.lab;
  }

  requireFacts(): LabFacts {
    if (!this.facts) throw new Error(`lab ${this.source.name} was not applied: see the error of its beforeAll`);
    return this.facts;
  }

  /** The sandbox sshd's accepted logins, oldest first. */
  async sshLogins(): Promise<string[]> {
    const log = await this.run.sandbox.run("sh", ["-c", "cat /var/log/libvirt/sshd.log 2>/dev/null || true"]);
    return lines(log.stdout).filter((line) => line.startsWith("Accepted "));
  }

  async apply(): Promise<void> {
    const { run } = this;
    const folder = await this.source.folder(run);
    this.inventory = JSON.parse(readFileSync(path.join(folder, "inventory.json"), "utf8")) as Inventory;
    const lab = await prepareLab(run, this.source.name, folder, labHypervisor(run, folder));
    this.lab = lab;
    this.before = await snapshot(run.sandbox);
    this.sshLoginsBefore = (await this.sshLogins()).length;
    await this.timed("init", () => terraform(run, lab, ["init", "-no-color", "-input=false"]));
    this.applied = true;
    try {
      await this.timed("apply", () =>
        terraform(run, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
      );
    } catch (error) {
      throw new Error(`${String(error)}\nlibvirtd's log:\n${await run.sandbox.daemonLog()}`);
    }
    this.own = added(this.before, await snapshot(run.sandbox));
    this.onApplied(this);
    this.facts = await this.readFacts(lab);
  }

  private async readFacts(lab: Lab): Promise<LabFacts> {
    const { sandbox } = this.run;
    const facts: LabFacts = {
      domains: new Map(),
      domainXml: new Map(),
      volumeXml: new Map(),
      networks: new Map(),
      states: new Map(),
      cloudinit: await readCloudinitDisks(this.run, lab),
      // Each dnsmasq of libvirt's runs as two processes (the server and its helper): one entry per network.
      dnsmasq: [
        ...new Set([...(await sandbox.run("ps", ["-eo", "args"])).stdout.matchAll(dnsmasqOfLibvirt)].map((m) => m[1]!)),
      ].sort(),
      ipv6Forwarding: (await sandbox.run("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).stdout.trim(),
    };
    for (const node of this.inventory.nodes) {
      const xml = await sandbox.virsh("dumpxml", "--inactive", node.name);
      facts.domainXml.set(node.name, xml);
      facts.domains.set(node.name, parseDomain(xml));
      facts.states.set(node.name, (await sandbox.virsh("domstate", node.name)).trim());
    }
    for (const volume of this.own.volumes) {
      facts.volumeXml.set(volume, await sandbox.virsh("vol-dumpxml", "--pool", "default", volume));
    }
    for (const network of this.inventory.networks) {
      const parsed = parseNetwork(await sandbox.virsh("net-dumpxml", network.libvirt_name));
      const info = await sandbox.virsh("net-info", network.libvirt_name);
      facts.networks.set(network.name, {
        ...parsed,
        autostart: infoField(info, "Autostart"),
        active: infoField(info, "Active"),
      });
    }
    return facts;
  }

  async destroy(): Promise<void> {
    const lab = this.requireLab();
    await this.timed("destroy", () =>
      terraform(this.run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    this.destroyed = true;
  }

  /** afterAll: a failed test must not leave the cluster for the next lab in the same sandbox. */
  async cleanUp(): Promise<void> {
    if (this.lab && this.applied && !this.destroyed) {
      await this.destroy().catch((error: unknown) =>
        process.stdout.write(`destroy of ${this.source.title} after a failure also failed: ${String(error)}\n`),
      );
    }
    if (this.lab) await removeLabFiles(this.run, this.lab);
    process.stdout.write(`real-libvirt ${this.source.title}: ${this.summary()}\n`);
  }

  summary(): string {
    const steps = Object.entries(this.times).map(([step, time]) => `${step} ${time}`);
    return [`CPU ${this.lab?.cpuAdaptation ?? "?"}`, `${this.inventory.nodes.length} VMs`, ...steps].join("; ");
  }

  async timed<T>(step: string, action: () => Promise<T>): Promise<T> {
    const start = Date.now();
    const result = await action();
    this.times[step] = seconds(start);
    return result;
  }
}
