// The tests for one committed out/<fixture>/ applied for real: what libvirt holds after `terraform apply`
// (read back with virsh, compared with the fixture's inventory.json), the day-2 plans, and a destroy that
// leaves nothing of the cluster.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expectedChanges, networkAutostart, planChanges, type Day2Step } from "./drift";
import { prepareLab, SMALL_RESOURCES, terraform, type Lab } from "./lab";
import { parseDomain, parseNetwork, type DomainFacts, type NetworkFacts } from "./libvirt-xml";
import type { RunContext } from "./run-context";

interface InventoryNic {
  network: string;
  mac: string | null;
}
interface InventoryNode {
  name: string;
  role: "provision" | "support" | "master" | "worker";
  disk_gib: number;
  running: boolean;
  nics: InventoryNic[];
}
interface InventoryNetwork {
  name: string;
  libvirt_name: string;
  bridge: string;
  cidr: string;
  mode: "nat" | "none" | "route";
}
interface Inventory {
  nodes: InventoryNode[];
  networks: InventoryNetwork[];
}

interface Snapshot {
  domains: string[];
  networks: string[];
  volumes: string[];
}

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

async function snapshot(run: RunContext): Promise<Snapshot> {
  const { sandbox } = run;
  await sandbox.virsh("pool-refresh", "default");
  return {
    domains: lines(await sandbox.virsh("list", "--all", "--name")).sort(),
    networks: lines(await sandbox.virsh("net-list", "--all", "--name")).sort(),
    volumes: lines(await sandbox.virsh("vol-list", "default"))
      .map((line) => line.split(/\s+/)[0] ?? "")
      .sort(),
  };
}

/** The sandbox sshd's accepted logins, oldest first. */
async function sshLogins(run: RunContext): Promise<string[]> {
  const log = await run.sandbox.run("sh", ["-c", "cat /var/log/libvirt/sshd.log 2>/dev/null || true"]);
  return lines(log.stdout).filter((line) => line.startsWith("Accepted "));
}

const seconds = (start: number): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** `<boot dev=…>` out, `<boot order=…>` on a new CD-ROM and the disk: how sushy-tools inserts virtual media. */
function withVirtualMedia(xml: string, iso: string): string {
  const cdrom = [
    "    <disk type='file' device='cdrom'>",
    "      <driver name='qemu' type='raw'/>",
    `      <source file='${iso}'/>`,
    "      <target dev='hdc' bus='ide'/>",
    "      <readonly/>",
    "      <boot order='1'/>",
    "    </disk>",
    "",
  ].join("\n");
  const withoutOsBoot = xml.replace(/\s*<boot dev='\w+'\/>/g, "");
  const diskStart = withoutOsBoot.indexOf("    <disk type=");
  const diskEnd = withoutOsBoot.indexOf("</disk>", diskStart);
  if (diskStart < 0 || diskEnd < 0) throw new Error("domain XML without a disk");
  return (
    withoutOsBoot.slice(0, diskStart) +
    cdrom +
    withoutOsBoot.slice(diskStart, diskEnd) +
    "  <boot order='2'/>\n    " +
    withoutOsBoot.slice(diskEnd)
  );
}

export interface LabSuiteOptions {
  /** Power a master on, insert and eject media, and plan after each step (small labs only: 2 cores). */
  day2: boolean;
}

export interface LabSource {
  /** Lab name: a scratch folder name and the label in test names. */
  name: string;
  /** What the label says the lab is, e.g. `out/default`. */
  title: string;
  /** The generated output folder to copy. */
  folder: (run: RunContext) => Promise<string>;
}

export function describeLab(source: LabSource, getRun: () => RunContext, options: LabSuiteOptions): void {
  const fixture = source.name;
  describe(`${source.title} applied with the real provider`, () => {
    let inventory: Inventory = { nodes: [], networks: [] };
    let masterName = "";
    let run: RunContext;
    let lab: Lab;
    let before: Snapshot;
    let applied = false;
    let sshLoginsBefore = 0;
    let destroyed = false;
    const times: Record<string, string> = {};
    const domains = new Map<string, DomainFacts>();
    const domainXml = new Map<string, string>();
    const networks = new Map<string, NetworkFacts & { autostart: boolean }>();
    const states = new Map<string, string>();

    beforeAll(async () => {
      run = getRun();
      const folder = await source.folder(run);
      inventory = JSON.parse(readFileSync(path.join(folder, "inventory.json"), "utf8")) as Inventory;
      masterName = inventory.nodes.find((node) => node.role === "master")?.name ?? "";
      lab = await prepareLab(run, fixture, folder, run.cpu.mode);
      before = await snapshot(run);
      sshLoginsBefore = (await sshLogins(run)).length;
      let start = Date.now();
      await terraform(run, lab, ["init", "-no-color", "-input=false"]);
      times["init"] = seconds(start);
      start = Date.now();
      applied = true;
      try {
        await terraform(run, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]);
      } catch (error) {
        throw new Error(`${String(error)}\nlibvirtd's log:\n${await run.sandbox.daemonLog()}`);
      }
      times["apply"] = seconds(start);

      for (const node of inventory.nodes) {
        const xml = await run.sandbox.virsh("dumpxml", "--inactive", node.name);
        domainXml.set(node.name, xml);
        domains.set(node.name, parseDomain(xml));
        states.set(node.name, (await run.sandbox.virsh("domstate", node.name)).trim());
      }
      for (const network of inventory.networks) {
        const facts = parseNetwork(await run.sandbox.virsh("net-dumpxml", network.libvirt_name));
        const info = await run.sandbox.virsh("net-info", network.libvirt_name);
        networks.set(network.name, { ...facts, autostart: /^Autostart:\s+yes/m.test(info) });
      }
    }, 600_000);

    afterAll(async () => {
      // A failed test must not leave the cluster for the next lab in the same sandbox.
      if (applied && !destroyed && lab) {
        await terraform(run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]).catch(
          (error: unknown) => process.stdout.write(`destroy after a failure also failed: ${String(error)}\n`),
        );
      }
      const summary = Object.entries(times)
        .map(([step, time]) => `${step} ${time}`)
        .join(", ");
      process.stdout.write(`real-libvirt ${source.title}: CPU ${lab?.cpuAdaptation ?? "?"}; ${summary}\n`);
    }, 300_000);

    test("Terraform reached libvirt over the configuration's own connection", async () => {
      const accepted = (await sshLogins(run)).slice(sshLoginsBefore);
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
      const cloudinitDisks = Object.keys(lab.hcl["resource"]?.["libvirt_cloudinit_disk"] ?? {});
      const calls = lines(readFileSync(lab.mkisofsLog, "utf8"));
      expect(cloudinitDisks.length).toBeGreaterThan(0);
      expect(calls).toHaveLength(cloudinitDisks.length);
      for (const call of calls) expect(call).toMatch(/-volid cidata .*user-data .*meta-data .*network-config/);
    });

    test("every domain has its NICs in order, each on its network with its MAC, on PCI slots 3, 4, …", () => {
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

    test("memory and vCPUs equal the -var overrides; boot from disk, then network; VNC on 127.0.0.1", () => {
      for (const node of inventory.nodes) {
        const facts = domains.get(node.name);
        expect({ node: node.name, memory: facts?.memoryMib, vcpu: facts?.vcpu }).toEqual({
          node: node.name,
          memory: SMALL_RESOURCES.memory,
          vcpu: SMALL_RESOURCES.vcpu,
        });
        expect(facts?.bootDevices).toEqual(["hd", "network"]);
        expect(facts?.vncListen).toBe("127.0.0.1");
        // libvirt fills a definition without <cpu> with its default model (mode 'custom', qemu64) at define
        // time; the provider's cpu is optional and computed, so that read-back is no drift.
        expect(facts?.cpuMode).toBe(run.cpu.mode === "none" ? "custom" : run.cpu.mode);
      }
    });

    test("each root disk has the node's capacity; support and provision disks sit on the base image", async () => {
      for (const node of inventory.nodes) {
        const xml = domainXml.get(node.name) ?? "";
        const source = /<disk type='(?:volume|file)' device='disk'>[\s\S]*?<source ([^>]*)\/>/.exec(xml)?.[1] ?? "";
        const volume = /volume='([^']+)'/.exec(source)?.[1] ?? /file='([^']+)'/.exec(source)?.[1];
        expect({ node: node.name, volume: typeof volume }).toEqual({ node: node.name, volume: "string" });
        const volXml = await run.sandbox.virsh("vol-dumpxml", "--pool", "default", path.basename(String(volume)));
        const capacity = Number(/<capacity unit='bytes'>(\d+)<\/capacity>/.exec(volXml)?.[1]);
        expect({ node: node.name, gib: capacity / 2 ** 30 }).toEqual({ node: node.name, gib: node.disk_gib });
        const backing = /<backingStore>[\s\S]*?<path>([^<]+)<\/path>/.exec(volXml)?.[1] ?? null;
        const onBase = node.role === "support" || node.role === "provision";
        expect({ node: node.name, backing: backing === null ? null : path.basename(backing) }).toEqual({
          node: node.name,
          backing: onBase ? expect.stringMatching(/rhel8_base\.qcow2$/) : null,
        });
      }
    });

    test("networks: forward mode, bridge and address as generated, libvirt's DHCP off, autostart as the HCL says", () => {
      expect(inventory.networks.length).toBeGreaterThan(0);
      for (const network of inventory.networks) {
        const facts = networks.get(network.name);
        const [address, prefix] = network.cidr.split("/");
        const gateway = address?.replace(/\d+$/, (last) => String(Number(last) + 1));
        expect({
          network: network.name,
          forward: facts?.forwardMode ?? "none",
          bridge: facts?.bridge,
          ip: facts?.addresses.map((ip) => `${ip.address}/${ip.prefix ?? ip.netmask}`),
          dhcp: facts?.dhcp,
        }).toEqual({
          network: network.name,
          forward: network.mode,
          bridge: network.bridge,
          ip: [`${gateway}/${prefix}`],
          dhcp: false,
        });
        // The provider sets autostart only when the argument is given; without it the network stays down
        // after the hypervisor reboots.
        const hclName = network.name === "chucky" ? "chucky" : "provision";
        expect({ network: network.name, autostart: facts?.autostart }).toEqual({
          network: network.name,
          autostart: networkAutostart(lab.hcl, hclName),
        });
      }
    });

    test("support and provision run; masters and workers are shut off", () => {
      for (const node of inventory.nodes) {
        expect({ node: node.name, state: states.get(node.name) }).toEqual({
          node: node.name,
          state: node.running ? "running" : "shut off",
        });
      }
    });

    if (options.day2) {
      let planIndex = 0;
      const planAfter = async (step: Day2Step) => {
        const start = Date.now();
        const changes = await planChanges(run, lab, path.join(lab.dir, `day2-${planIndex++}.tfplan`));
        times[`plan ${step}`] = seconds(start);
        const expected = expectedChanges(lab, step);
        expect({ step, resources: changes.resources, outputs: changes.outputs }).toEqual({ step, ...expected });
        const none = expected.resources.length === 0 && expected.outputs.length === 0;
        expect({ step, exitCode: changes.exitCode }).toEqual({ step, exitCode: none ? 0 : 2 });
      };

      test("a second plan right after apply", () => planAfter("after apply"), 120_000);

      test("a plan after the BMC powers a master on (virsh start)", async () => {
        await run.sandbox.virsh("start", masterName);
        expect((await run.sandbox.virsh("domstate", masterName)).trim()).toBe("running");
        await planAfter("after virsh start");
      }, 120_000);

      test("a plan after a CD-ROM is inserted into the definition and the master power-cycled", async () => {
        const iso = "/var/cache/libvirt/gen-infra-virtual-media.iso";
        await run.sandbox.run("truncate", ["-s", "1M", iso]);
        const xml = await run.sandbox.virsh("dumpxml", "--inactive", masterName);
        const file = path.join(lab.dir, "virtual-media.xml");
        await writeFile(file, withVirtualMedia(xml, iso));
        await run.sandbox.virsh("define", file);
        await run.sandbox.virsh("destroy", masterName);
        await run.sandbox.virsh("start", masterName);
        expect(await run.sandbox.virsh("dumpxml", masterName)).toContain(iso);
        await planAfter("after cdrom and power cycle");
      }, 120_000);

      test("a plan after the media is ejected", async () => {
        await run.sandbox.virsh("change-media", masterName, "hdc", "--eject", "--live", "--config");
        expect(await run.sandbox.virsh("dumpxml", masterName)).not.toContain("gen-infra-virtual-media.iso");
        await planAfter("after eject");
      }, 120_000);
    }

    test("terraform destroy leaves no domain, volume or network of the cluster", async () => {
      const start = Date.now();
      await terraform(run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]);
      times["destroy"] = seconds(start);
      destroyed = true;
      const after = await snapshot(run);
      expect(after).toEqual(before);
      expect(before.domains).not.toContain(masterName);
    }, 300_000);
  });
}
