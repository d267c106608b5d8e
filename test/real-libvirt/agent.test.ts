// The agent-based installer's labs applied with the real dmacvicar/libvirt 0.8.3 provider against a real libvirtd
// (agent-lab.ts says which), each with the agent ISO's stand-in (agent-iso.ts) where its agent_iso variable points.
// What libvirt holds after the apply: the ISO uploaded into the pool and attached to every node as an IDE CD-ROM
// after its virtio disks, boot order disk then CD-ROM, OVMF with an NVRAM file per node, no provision VM and no
// provisioning network; a second plan is empty. On two labs the rendezvous host is powered on: OVMF starts the
// DVD-ROM, iPXE from the CD asks a real dhcpd serving the generated dhcpd.conf, and is answered with the node's
// address; the CD is ejected, the node power-cycled, and the plan stays empty, but not without `disk` in the node's
// ignore_changes. The destroy leaves nothing. Needs what apply.test.ts needs, dhcpd, and the ISO's tools.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Inventory as GeneratedInventory, InventoryNode } from "../../generator/artefacts/inventory";
import { agentIsoVariable, agentLabs, agentLabSource, type AgentLab } from "./agent-lab";
import { dhcpBoot } from "./dhcp-exchange";
import { planChanges } from "./drift";
import { committedOutput } from "./lab";
import { LabSession, type LabSource } from "./lab-session";
import { destroyTest, domainResource, planIsEmpty } from "./lab-suite";
import { parseDomain } from "./libvirt-xml";
import { prerequisitesGateWith } from "./prerequisites";
import { runForSuite, type RunContext } from "./run-context";
import { lineWith, startWatchingConsole } from "./serial";
import { ejectMedia } from "./virtual-media";

const gate = prerequisitesGateWith(["dhcpd"], { agentIso: true });

/** Where libvirt keeps the domains' UEFI variable stores. */
const NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

/** The CD-ROM the provider attaches for a file ending in .iso: the first IDE device. */
const CDROM_TARGET = "hda";

/**
 * The console line of OVMF's boot manager starting a boot option, which it prints only for one it could load: the
 * empty OS disk fails to load before it ("BdsDxe: failed to load …").
 */
const BOOT_OPTION_STARTED = "BdsDxe: starting Boot";

/** iPXE's DHCP user class (option 77), which OVMF's own network boot does not send. */
const IPXE_USER_CLASS = "iPXE";

const readInventory = (folder: string): GeneratedInventory =>
  JSON.parse(readFileSync(path.join(folder, "inventory.json"), "utf8")) as GeneratedInventory;

/** The address the agent on the rendezvous host must have, as agent-config.yaml gives it to the installer. */
async function rendezvousIp(folder: string): Promise<string> {
  const config = parseYaml(await readFile(path.join(folder, "agent-config.yaml"), "utf8")) as { rendezvousIP?: string };
  return config.rendezvousIP ?? "";
}

const clusterNodes = (inventory: GeneratedInventory): InventoryNode[] =>
  inventory.nodes.filter((node) => node.role !== "support" && node.role !== "provision");

/** The rendezvous host, which agent-config.yaml names by its node key (master0: its host name's first label). */
function rendezvousNode(inventory: GeneratedInventory): InventoryNode {
  const key = inventory.cluster.agent?.rendezvous_host;
  const node = inventory.nodes.find((n) => n.hostname.split(".")[0] === key);
  if (node === undefined) throw new Error(`the inventory has no agent rendezvous host node (${String(key)})`);
  return node;
}

/** A node's first chucky NIC: the one iPXE asks on first (net0), with the node's planned address. */
function chuckyNic(node: InventoryNode): { mac: string; address: string } {
  const nic = node.nics.find((candidate) => candidate.purpose === "chucky");
  if (!nic?.mac || !nic.address) throw new Error(`${node.name} has no chucky NIC with a MAC and an address`);
  return { mac: nic.mac, address: nic.address };
}

/** The libvirt name of the agent ISO's volume, from the configuration. */
const agentIsoVolumeName = (session: LabSession): string =>
  String(session.requireLab().hcl["resource"]?.["libvirt_volume"]?.["agent_iso"]?.[0]?.["name"] ?? "");

/** The pool volume of a node's OS disk: its role's libvirt_volume, named for the node's count.index. */
function osVolumeName(session: LabSession, node: InventoryNode): string {
  const volumes = session.requireLab().hcl["resource"]?.["libvirt_volume"]?.[`${node.role}_volumes`];
  const template = String(volumes?.[0]?.["name"] ?? "");
  return template.replaceAll("${count.index}", String(domainResource(session, node.name).index));
}

/** What `vol-dumpxml` says of a volume. */
function volumeFacts(xml: string) {
  const field = (pattern: RegExp) => pattern.exec(xml)?.[1] ?? null;
  return {
    key: field(/<key>([^<]+)<\/key>/),
    path: field(/<target>[\s\S]*?<path>([^<]+)<\/path>/),
    format: field(/<target>[\s\S]*?<format type='(\w+)'\/>/),
    bytes: Number(field(/<capacity unit='bytes'>(\d+)<\/capacity>/)),
  };
}

/** The pool's folder, where the provider creates every volume. */
async function poolFolder(session: LabSession): Promise<string> {
  const xml = await session.run.sandbox.virsh("pool-dumpxml", "default");
  const folder = /<target>[\s\S]*?<path>([^<]+)<\/path>/.exec(xml)?.[1];
  if (folder === undefined) throw new Error("the default pool has no target path");
  return folder;
}

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** The SHA-256 of a file inside the sandbox. */
async function sandboxSha256(session: LabSession, file: string): Promise<string> {
  const result = await session.run.sandbox.run("sha256sum", [file]);
  return result.stdout.split(/\s+/)[0] ?? "";
}

const domstate = async (session: LabSession, name: string): Promise<string> =>
  (await session.run.sandbox.virsh("domstate", name)).trim();

/** The CD-ROM of a domain's XML, by the device libvirt gives it: its source file, or null once ejected. */
function cdromSource(xml: string): { present: boolean; source: string | null } {
  const cdrom = parseDomain(xml).disks.find((disk) => disk.device === "cdrom" && disk.targetDev === CDROM_TARGET);
  return { present: cdrom !== undefined, source: cdrom?.source ?? null };
}

/**
 * `libvirt.tf` with `disk` taken out of one domain resource's ignore_changes, and no other change: what the plan
 * would do after an eject, were the CD-ROM not among what Terraform leaves alone.
 */
function withDiskNotIgnored(hcl: string, resource: string): string {
  const start = hcl.indexOf(`resource "libvirt_domain" "${resource}" {`);
  const end = hcl.indexOf("\n}\n", start);
  if (start < 0 || end < 0) throw new Error(`libvirt.tf has no libvirt_domain.${resource}`);
  const block = hcl.slice(start, end);
  const edited = block.replace(/^(\s*ignore_changes = \[[\w, ]*?)\bdisk, /m, "$1");
  if (edited === block) throw new Error(`libvirt_domain.${resource} does not ignore disk`);
  return hcl.slice(0, start) + edited + hcl.slice(end);
}

/** What libvirt holds once an agent lab is applied, and a second plan that must be empty. */
function agentLabChecks(getSession: () => LabSession): void {
  test("Terraform uploaded the ISO agent_iso names (the inventory's agent.iso) into the pool: an iso volume whose key and path are its file there, byte for byte the ISO", async () => {
    const session = getSession();
    const lab = session.requireLab();
    const inventory = readInventory(lab.dir);
    const relative = agentIsoVariable(lab.dir);
    expect(relative).toBe(inventory.cluster.agent?.iso);
    const name = agentIsoVolumeName(session);
    expect(name).toMatch(/\.iso$/);
    const file = path.join(await poolFolder(session), name);
    const local = await readFile(path.join(lab.dir, relative));
    expect({
      name,
      own: session.own.volumes.includes(name),
      ...volumeFacts(session.requireFacts().volumeXml.get(name) ?? ""),
    }).toEqual({
      name,
      own: true,
      key: file,
      path: file,
      format: "iso",
      bytes: local.length,
    });
    expect(await sandboxSha256(session, file)).toBe(sha256(local));
  });

  test("each master, arbiter and worker: its OS disk vda and data disks vdb, … virtio, the ISO's volume as an IDE CD-ROM hda; boot from disk, then CD-ROM; the -var OVMF loader and an NVRAM file of its own", async () => {
    const session = getSession();
    const lab = session.requireLab();
    const pool = await poolFolder(session);
    const iso = path.join(pool, agentIsoVolumeName(session));
    const nodes = clusterNodes(readInventory(lab.dir));
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const facts = session.requireFacts().domains.get(node.name);
      const dataDisks = node.data_disks ?? [];
      expect({
        node: node.name,
        disks: facts?.disks,
        boot: facts?.bootDevices,
        loader: facts?.loader,
        nvram: facts?.nvram,
      }).toEqual({
        node: node.name,
        disks: [
          // Pool volumes by name; the CD-ROM is a file, the ISO's volume's path.
          { device: "disk", targetDev: "vda", bus: "virtio", source: osVolumeName(session, node) },
          ...dataDisks.map((disk) => ({ device: "disk", targetDev: disk.device, bus: "virtio", source: disk.volume })),
          { device: "cdrom", targetDev: CDROM_TARGET, bus: "ide", source: iso },
        ],
        boot: ["hd", "cdrom"],
        loader: { path: lab.uefi?.loader, readonly: "yes", type: "pflash", secure: "no" },
        nvram: { file: `${NVRAM_DIR}/${node.name}_VARS.fd`, template: lab.uefi?.nvramTemplate },
      });
    }
  });

  test("libvirt holds the inventory's domains, the support VM running and every master, arbiter and worker shut off; no provision VM", () => {
    const session = getSession();
    const { states } = session.requireFacts();
    const inventory = session.inventory;
    expect(session.own.domains).toEqual(inventory.nodes.map((node) => node.name).sort());
    expect(inventory.nodes.filter((node) => node.role === "provision")).toEqual([]);
    expect(inventory.nodes.filter((node) => node.role === "support").map((node) => node.name)).toEqual(["support"]);
    expect(inventory.nodes.map((node) => ({ node: node.name, state: states.get(node.name) }))).toEqual(
      inventory.nodes.map((node) => ({ node: node.name, state: node.role === "support" ? "running" : "shut off" })),
    );
  });

  test("virsh net-list --all adds chucky alone: no provisioning network", () => {
    const session = getSession();
    expect(session.own.networks).toEqual(["chucky"]);
    expect(session.inventory.networks.map((network) => network.name)).toEqual(["chucky"]);
  });

  test("a second plan right after apply has nothing to do", async () => {
    await planIsEmpty(getSession(), "after apply");
  }, 600_000);
}

/**
 * The rendezvous host booted from the CD, with a real dhcpd on chucky in the support VM's stead; then the CD ejected
 * and the node power-cycled, as the user does once the node is installed. Only this node runs, and not longer than
 * these tests need it.
 */
function agentBootTests(getSession: () => LabSession, source: LabSource): void {
  const node = rendezvousNode(readInventory(committedOutput(source.fixture)));
  const { mac, address } = chuckyNic(node);

  test(`${node.name}, the rendezvous host, powered on: OVMF starts the DVD-ROM, and iPXE from the CD asks a real dhcpd serving dhcpd.conf on chucky from ${mac} (user class iPXE) and is ACKed ${address}, agent-config.yaml's rendezvousIP`, async () => {
    const session = getSession();
    const lab = session.requireLab();
    const { sandbox } = session.run;
    const chucky = session.inventory.networks.find((network) => network.name === "chucky");
    if (chucky === undefined) throw new Error(`${source.title} has no chucky network`);
    expect(await rendezvousIp(lab.dir)).toBe(address);
    const conf = await readFile(path.join(lab.dir, "dhcpd.conf"), "utf8");
    const boot = await session.timed("boot to DHCP", () =>
      dhcpBoot(sandbox, { conf, bridge: chucky.bridge, mac }, () =>
        startWatchingConsole(sandbox, node.name, BOOT_OPTION_STARTED),
      ),
    );
    const firmware = lineWith(await boot.started.output, BOOT_OPTION_STARTED);
    process.stdout.write(
      `real-libvirt ${source.title} ${node.name} booted the CD: "${firmware}"; ${boot.requests.length} requests from ${mac} (user classes ${[...new Set(boot.requests.map((r) => r.userClass))].join(", ")}), first after ${boot.requestSeconds ?? "never"} s, ACKed ${boot.acked.join(", ") || "nothing"} after ${boot.ackSeconds ?? "never"} s\n`,
    );
    if (boot.acked.length === 0) process.stdout.write(`dhcpd's output:\n${boot.log}\n`);
    expect({
      state: await domstate(session, node.name),
      firmware,
      userClasses: [...new Set(boot.requests.map((request) => request.userClass))],
      acked: [...new Set(boot.acked)],
    }).toEqual({
      state: "running",
      // The option OVMF made for the CD-ROM on the first IDE channel (QM00001), the ISO it loaded.
      firmware: expect.stringMatching(/^BdsDxe: starting Boot\d{4} "UEFI QEMU DVD-ROM QM\d+ "/),
      userClasses: [IPXE_USER_CLASS],
      acked: [address],
    });
  }, 300_000);

  test(`the CD ejected from the running ${node.name} (live and persistent definitions), the node power-cycled; the plan stays empty`, async () => {
    const session = getSession();
    const { sandbox } = session.run;
    expect(await domstate(session, node.name)).toBe("running");
    try {
      await ejectMedia(sandbox, node.name, CDROM_TARGET);
      await sandbox.virsh("destroy", node.name);
      await sandbox.virsh("start", node.name);
      // The drive stays, empty: the eject takes the media out, not the device, and the power cycle keeps it out.
      expect({
        state: await domstate(session, node.name),
        live: cdromSource(await sandbox.virsh("dumpxml", node.name)),
        persistent: cdromSource(await sandbox.virsh("dumpxml", "--inactive", node.name)),
      }).toEqual({
        state: "running",
        live: { present: true, source: null },
        persistent: { present: true, source: null },
      });
      await planIsEmpty(session, "after the eject and power cycle");
    } finally {
      // Off again: under emulation its firmware, with nothing left to boot, would keep a core busy.
      if ((await domstate(session, node.name)) !== "shut off") await sandbox.virsh("destroy", node.name);
    }
  }, 300_000);

  test(`without disk in ${node.role}_domains' ignore_changes, the plan after the eject updates ${node.name} in place, putting the ISO back in its CD-ROM (exit 2)`, async () => {
    const session = getSession();
    const lab = session.requireLab();
    const { address: resourceAddress } = domainResource(session, node.name);
    const iso = path.join(await poolFolder(session), agentIsoVolumeName(session));
    // A sibling of the lab's folder, so that ../terraform.tfstate and the key pair still resolve; same state.
    const copy = `${lab.dir}-disk-not-ignored`;
    await cp(lab.dir, copy, { recursive: true });
    try {
      const file = path.join(copy, "libvirt.tf");
      await writeFile(file, withDiskNotIgnored(await readFile(file, "utf8"), `${node.role}_domains`));
      const changes = await session.timed("plan with disk not ignored", () =>
        planChanges(session.run, { ...lab, dir: copy }, path.join(copy, "disk-not-ignored.tfplan")),
      );
      expect({ exitCode: changes.exitCode, resources: changes.resources, outputs: changes.outputs }).toEqual({
        exitCode: 2,
        resources: [`${resourceAddress}: update`],
        outputs: [],
      });
      // The provider reads the ejected CD-ROM back as a disk without a file; the configuration's has the ISO's.
      const block = changes.text.slice(changes.text.indexOf(`# ${resourceAddress} will be updated in-place`));
      expect(block).toMatch(/^# \S+ will be updated in-place\n\s+~ resource "libvirt_domain"/);
      expect(/~ disk \{\s*\+ file\s+= "([^"]+)"\s*# \(\d+ unchanged attributes hidden\)\s*\}/.exec(block)?.[1]).toBe(
        iso,
      );
      expect(changes.text).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 300_000);
}

function describeAgentLab(agentLab: AgentLab, getRun: () => RunContext): void {
  const source = agentLabSource(agentLab);
  describe(`${source.title} applied with the real provider`, () => {
    let session: LabSession | undefined;
    const getSession = (): LabSession => {
      if (!session) throw new Error(`lab ${source.name} did not start: see the error of its beforeAll`);
      return session;
    };
    beforeAll(async () => {
      session = new LabSession(source, getRun());
      await session.apply();
    }, 1_200_000);
    afterAll(() => session?.cleanUp(), 1_200_000);

    agentLabChecks(getSession);
    if (agentLab.boots) agentBootTests(getSession, source);
    destroyTest(getSession);
  });
}

gate.describe("the agent-based installer's labs on the real provider", () => {
  const getRun = runForSuite();
  for (const agentLab of agentLabs) describeAgentLab(agentLab, getRun);
});
