// The tests for one generated output applied for real: what libvirt holds after `terraform apply` (read back with
// virsh, compared with the fixture's inventory.json and with what Terraform rendered), the day-2 plans, and a
// destroy that leaves nothing of the cluster. Each function registers tests over a LabSession that a beforeAll
// of the caller applies, so that several labs can share one describe (two clusters side by side).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expectNoChanges, planChanges } from "./drift";
import { SMALL_RESOURCES } from "./lab";
import { LabSession, type LabSource } from "./lab-session";
import { snapshot } from "./libvirt-state";
import type { CpuMode } from "./cpu-probe";
import type { RunContext } from "./run-context";

/** What `dumpxml --inactive` says for each cpu_mode: libvirt fills a definition without <cpu> with its default. */
const DEFINED_CPU_MODE: Record<CpuMode, string> = {
  "host-passthrough": "host-passthrough",
  "host-model": "host-model",
  none: "custom",
};

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

/** The first disk's source volume or file in a domain definition. */
function rootDiskSource(xml: string): string | undefined {
  const source = /<disk type='(?:volume|file)' device='disk'>[\s\S]*?<source ([^>]*)\/>/.exec(xml)?.[1] ?? "";
  return /volume='([^']+)'/.exec(source)?.[1] ?? /file='([^']+)'/.exec(source)?.[1];
}

const hclName = (session: LabSession, type: string, name: string): string =>
  String(session.requireLab().hcl["resource"]?.[type]?.[name]?.[0]?.["name"] ?? "");

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
    expect(calls).toHaveLength(cloudinitDisks.length);
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

  test("memory and vCPUs equal the -var overrides; CPU as cpu_mode says; boot disk, then network; VNC on 127.0.0.1", () => {
    const session = getSession();
    const { domains, domainXml } = session.requireFacts();
    const mode = session.run.cpu.mode;
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
        boot: ["hd", "network"],
        perDevice: [],
      });
      expect({ node: node.name, vnc: facts?.vncListen, type: facts?.vncListenType }).toEqual({
        node: node.name,
        vnc: "127.0.0.1",
        type: "address",
      });
      expect(domainXml.get(node.name)).toMatch(/<domain type='kvm'/);
    }
  });

  test("each root disk is the node's own volume of its capacity; support and provision sit on the base image", () => {
    const session = getSession();
    const { domainXml, volumeXml } = session.requireFacts();
    const base = hclName(session, "libvirt_volume", "rhel_volume");
    expect(base).toMatch(/rhel8_base\.qcow2$/);
    for (const node of session.inventory.nodes) {
      const volume = path.basename(String(rootDiskSource(domainXml.get(node.name) ?? "")));
      expect({ node: node.name, own: session.own.volumes.includes(volume) }).toEqual({ node: node.name, own: true });
      const volXml = volumeXml.get(volume) ?? "";
      const capacity = Number(/<capacity unit='bytes'>(\d+)<\/capacity>/.exec(volXml)?.[1]);
      const format = /<target>[\s\S]*?<format type='(\w+)'\/>/.exec(volXml)?.[1];
      const backing = /<backingStore>[\s\S]*?<path>([^<]+)<\/path>/.exec(volXml)?.[1] ?? null;
      const onBase = node.role === "support" || node.role === "provision";
      expect({ node: node.name, gib: capacity / 2 ** 30, format, backing }).toEqual({
        node: node.name,
        gib: node.disk_gib,
        format: "qcow2",
        backing: onBase ? `/var/lib/libvirt/images/${base}` : null,
      });
    }
  });

  test("networks: forward mode, bridge and address as generated, libvirt's DHCP off, active and autostart", () => {
    const session = getSession();
    const { networks } = session.requireFacts();
    expect(session.inventory.networks.length).toBeGreaterThan(0);
    for (const network of session.inventory.networks) {
      const facts = networks.get(network.name);
      const [address, prefix] = network.cidr.split("/");
      const gateway = address?.replace(/\d+$/, (last) => String(Number(last) + 1));
      expect({
        network: network.name,
        forward: facts?.forwardMode ?? "none",
        bridge: facts?.bridge,
        ip: facts?.addresses.map((ip) => `${ip.address}/${ip.prefix ?? ip.netmask}`),
        dhcp: facts?.dhcp,
        active: facts?.active,
        // Without autostart the network stays down after the hypervisor reboots, and no VM can start.
        autostart: facts?.autostart,
      }).toEqual({
        network: network.name,
        forward: network.mode,
        bridge: network.bridge,
        ip: [`${gateway}/${prefix}`],
        dhcp: false,
        active: "yes",
        autostart: "yes",
      });
    }
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

async function planIsEmpty(session: LabSession, step: string): Promise<void> {
  const lab = session.requireLab();
  const index = Object.keys(session.times).filter((name) => name.startsWith("plan ")).length;
  const changes = await session.timed(`plan ${step}`, () =>
    planChanges(session.run, lab, path.join(lab.dir, `plan-${index}.tfplan`)),
  );
  expectNoChanges(`${session.source.title}, ${step}`, changes);
}

/** Day 2 as the installer does it, on a small lab: after each step the plan must still be empty. */
export function day2Tests(getSession: () => LabSession): void {
  const nodes = (session: LabSession) =>
    session.inventory.nodes.filter((node) => node.role === "master" || node.role === "worker").map((n) => n.name);

  test("the BMC powers the masters and workers on (virsh start); the plan stays empty", async () => {
    const session = getSession();
    for (const name of nodes(session)) await session.run.sandbox.virsh("start", name);
    for (const name of nodes(session))
      expect({ name, state: (await session.run.sandbox.virsh("domstate", name)).trim() }).toEqual({
        name,
        state: "running",
      });
    await planIsEmpty(session, "after virsh start");
  }, 300_000);

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
    await sandbox.virsh("change-media", master, "hdc", "--eject", "--live", "--config");
    expect(await sandbox.virsh("dumpxml", master)).not.toContain("gen-infra-virtual-media");
    expect(await sandbox.virsh("dumpxml", "--inactive", master)).not.toContain("gen-infra-virtual-media");
    await sandbox.run("rm", ["-f", `/var/cache/libvirt/gen-infra-virtual-media-${session.source.name}.iso`]);
    await planIsEmpty(session, "after eject");
  }, 300_000);
}

/** `terraform destroy`, then libvirt holds exactly what it held before the apply. */
export function destroyTest(getSession: () => LabSession): void {
  test("terraform destroy leaves no domain, volume or network of the cluster", async () => {
    const session = getSession();
    await session.destroy();
    expect(session.own.domains).toContain(session.masterName);
    expect(await snapshot(session.run.sandbox)).toEqual(session.before);
  }, 1_200_000);
}

export interface LabSuiteOptions {
  /** Power the nodes on, insert and eject media, and plan after each step (small labs only: 2 cores). */
  day2: boolean;
  /** Called once the lab's apply succeeded. */
  onApplied?: (session: LabSession) => void;
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
    if (options.day2) day2Tests(getSession);
    destroyTest(getSession);
  });
}
