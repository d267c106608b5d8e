// A lab on two hypervisors, applied with the real dmacvicar/libvirt 0.8.3 provider on one machine: two sandboxes
// (sandbox.ts), A the gateway host and B the other, joined by a veth underlay of the test's own (underlay.ts). Each
// runs its generated host-preparation-<name>.sh unchanged; Terraform runs in A and reaches A's libvirtd over
// qemu:///system and B's over qemu+ssh to B's sshd on the underlay. Then: every domain is on the host the plan
// chose, with its NICs; each host has the bridges, VXLAN devices and flood entries its script says; a real dhcpd on
// A's chucky bridge answers probes booted on B, across the overlay, with the planned addresses and the overlay's
// MTU; a second plan is empty; on B, day 2 as the installer does it (the nodes powered on, virtual media inserted
// into a master and power-cycled, then ejected) leaves each following plan empty too, so that libvirt on the host
// Terraform reaches over qemu+ssh is read back as faithfully as the local one; the destroy leaves neither host
// anything of the lab. The VMs stay few, small and (the nodes, but for day 2) shut off: without KVM they run under
// QEMU's software emulation on the machine's two cores.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Inventory } from "../../generator/artefacts/inventory";
import { compileLab } from "../multi-host";
import { dhcpdReservations, dhcpExchange, parseDhcpAcks } from "./dhcp-exchange";
import { expectNoChanges, planChanges } from "./drift";
import { hostOverlay, scriptOverlay, type OverlayState } from "./overlay-state";
import { parseDomain, parseNetwork } from "./libvirt-xml";
import { prerequisitesGateWith } from "./prerequisites";
import { snapshot } from "./libvirt-state";
import type { Sandbox } from "./sandbox";
import { TwoHostLab } from "./two-host-lab";
import { ejectMedia, withVirtualMedia } from "./virtual-media";

const gate = prerequisitesGateWith(["ip", "bridge", "nft", "dhcpd", "dhclient"]);

const UNDERLAY_PREFIX = 24;
const HOSTS = [
  { name: "metal-a", underlay: "198.51.100.1" },
  { name: "metal-b", underlay: "198.51.100.2" },
] as const;
const [GATEWAY, OTHER] = HOSTS;

/** Files the spec names, inside the output folder, so that the copy Terraform runs in needs nothing outside it. */
const CLOUD_INIT_KEY = "cloud-init-key.pub";
const SSH_KEY = "ssh-key";

// vbmc, the default architecture, so that both networks (chucky and provisioning) are stretched. 3 masters on 2
// hosts are 2 and 1; the worker goes where the fewest VMs are: B.
const spec = {
  hypervisors: [
    {
      name: GATEWAY.name,
      connection: { mode: "uri", uri: "qemu:///system", ssh_public_key: CLOUD_INIT_KEY },
      underlay_address: GATEWAY.underlay,
    },
    {
      name: OTHER.name,
      connection: {
        mode: "uri",
        uri: `qemu+ssh://root@${OTHER.underlay}/system`,
        ssh_public_key: CLOUD_INIT_KEY,
        ssh_private_key: SSH_KEY,
        verify_host_key: false,
      },
      underlay_address: OTHER.underlay,
    },
  ],
  number_of_workers: 1,
};
const compiled = compileLab(spec, "two-hosts.json");
const inventory = JSON.parse(compiled.files.get("inventory.json") ?? "{}") as Inventory;
const dhcpdConf = compiled.files.get("dhcpd.conf") ?? "";
const chuckyNetwork = inventory.networks.find((network) => network.name === "chucky");
// VXLAN over IPv4 takes 50 bytes of the underlay's 1500 (docs/several-hypervisors.md).
const OVERLAY_MTU = 1450;

/** The cluster nodes placed on B, each with its chucky MAC and planned address: the DHCP exchange's clients. */
const clientsOnB = inventory.nodes
  .filter((node) => node.hypervisor === OTHER.name && (node.role === "master" || node.role === "worker"))
  .flatMap((node) =>
    node.nics
      .filter((nic) => nic.network === "chucky" && nic.mac !== null && nic.address !== null)
      .map((nic) => ({ name: node.name, mac: nic.mac ?? "", address: nic.address ?? "" })),
  );
const coveredMacs = clientsOnB.map((c) => `${c.name} ${c.mac} ${c.address}`).join(", ");

const libvirtName = (network: string): string =>
  inventory.networks.find((n) => n.name === network)?.libvirt_name ?? network;
const nodesOn = (host: string) => inventory.nodes.filter((node) => node.hypervisor === host);

/** The nodes on B a BMC drives: the cluster's, not the support and provision VMs (which the gateway host holds). */
const clusterNodesOnB = nodesOn(OTHER.name).filter((node) => node.role !== "support" && node.role !== "provision");
const masterOnB = clusterNodesOnB.find((node) => node.role === "master")?.name ?? "";
// In B's /var/cache/libvirt, a tmpfs of its sandbox (scripts/libvirt-sandbox.sh): it goes with the sandbox when a
// test fails before the eject removes it. Named apart from the single-host labs' media.
const VIRTUAL_MEDIA_ISO = `/var/cache/libvirt/gen-infra-virtual-media-two-hosts-${OTHER.name}.iso`;

/** Each node's state in `sandbox`, beside its name so that a failure names the node. */
async function expectStates(sandbox: Sandbox, nodes: ReadonlyArray<{ name: string }>, state: string): Promise<void> {
  for (const node of nodes)
    expect({ node: node.name, state: (await sandbox.virsh("domstate", node.name)).trim() }).toEqual({
      node: node.name,
      state,
    });
}

const summary = (lab: TwoHostLab): string =>
  [
    `CPU -var domain_type=${lab.hypervisor?.domainType ?? "?"} -var cpu_mode=${lab.hypervisor?.cpuMode ?? "?"}`,
    `${inventory.nodes.length} VMs (${HOSTS.map((host) => `${nodesOn(host.name).length} on ${host.name}`).join(", ")})`,
    ...Object.entries(lab.times).map(([step, time]) => `${step} ${time}`),
  ].join("; ");

gate.describe("a lab on two hypervisors: two sandboxes joined by an underlay, the real provider", () => {
  const lab = new TwoHostLab({
    hosts: HOSTS,
    underlayPrefixLength: UNDERLAY_PREFIX,
    files: compiled.files,
    publicKeyFile: CLOUD_INIT_KEY,
    privateKeyFile: SSH_KEY,
  });

  beforeAll(() => lab.start(), 600_000);

  afterAll(async () => {
    await lab.stop();
    process.stdout.write(`real-libvirt two hosts: ${summary(lab)}\n`);
  }, 300_000);

  test("the spec places nodes on both hosts, the support and provision VMs on the gateway host", () => {
    expect(nodesOn(OTHER.name).length).toBeGreaterThan(0);
    expect(
      inventory.nodes.filter((node) => node.role === "support" || node.role === "provision").map((n) => n.hypervisor),
    ).toEqual([GATEWAY.name, GATEWAY.name]);
    expect(inventory.nodes.every((node) => HOSTS.some((host) => host.name === node.hypervisor))).toBe(true);
  });

  for (const host of HOSTS) {
    test(`${host.name} holds exactly the domains the plan put there, each with its NICs, MACs and networks`, async () => {
      lab.requireApplied();
      const sandbox = lab.sandbox(host.name);
      const planned = nodesOn(host.name);
      const listed = (await sandbox.virsh("list", "--all", "--name")).split("\n").filter((line) => line.trim());
      expect(listed.map((name) => name.trim()).sort()).toEqual(planned.map((node) => node.name).sort());
      for (const node of planned) {
        const domain = parseDomain(await sandbox.virsh("dumpxml", "--inactive", node.name));
        expect({ node: node.name, nics: domain.nics.map(({ network, mac }) => ({ network, mac })) }).toEqual({
          node: node.name,
          // libvirt chose the MAC where the plan has none (the support VM's, the provision VM's provisioning NIC).
          nics: node.nics.map((nic) => ({ network: libvirtName(nic.network), mac: nic.mac ?? expect.any(String) })),
        });
      }
      // Each host's libvirt networks are bridge-mode names for the bridges the host preparation made.
      for (const network of inventory.networks) {
        const facts = parseNetwork(await sandbox.virsh("net-dumpxml", network.libvirt_name));
        expect({ network: network.name, forward: facts.forwardMode, bridge: facts.bridge }).toEqual({
          network: network.name,
          forward: "bridge",
          bridge: network.bridge,
        });
      }
    });
  }

  test("each host has the bridges, VXLAN devices and flood entries its host preparation says; A has chucky's gateway", async () => {
    lab.requireApplied();
    const overlays = new Map<string, OverlayState>();
    for (const host of HOSTS) {
      const script = compiled.files.get(`host-preparation-${host.name}.sh`) ?? "";
      const actual = await hostOverlay(lab.sandbox(host.name));
      expect({ host: host.name, ...actual }).toEqual({ host: host.name, ...scriptOverlay(script) });
      overlays.set(host.name, actual);
    }
    // Independently of the scripts: per network a bridge with the overlay's MTU and a VXLAN device on it, local to
    // its host and flooding to the other; the gateway address on A's chucky alone; the same VNIs on both hosts.
    const bridges = inventory.networks.map((network) => network.bridge).sort();
    const gatewayAddress = `${inventory.addresses.chucky_gateway}/${inventory.addresses.chucky_prefix}`;
    const expected = (self: string, peer: string, gateway: boolean) => ({
      bridges: bridges.map((name) => ({
        name,
        mtu: OVERLAY_MTU,
        addresses: gateway && name === chuckyNetwork?.bridge ? [gatewayAddress] : [],
      })),
      vxlans: bridges.map((bridge) => ({ bridge, local: self, flood: [peer], mtu: OVERLAY_MTU })),
    });
    const seen = (host: string) => {
      const overlay = overlays.get(host);
      return {
        bridges: overlay?.bridges.map(({ name, mtu, addresses }) => ({ name, mtu, addresses })),
        vxlans: overlay?.vxlans
          .map(({ bridge, local, flood, mtu }) => ({ bridge, local, flood, mtu }))
          .sort((x, y) => x.bridge.localeCompare(y.bridge)),
      };
    };
    expect(seen(GATEWAY.name)).toEqual(expected(GATEWAY.underlay, OTHER.underlay, true));
    expect(seen(OTHER.name)).toEqual(expected(OTHER.underlay, GATEWAY.underlay, false));
    const vnis = (host: string) =>
      Object.fromEntries((overlays.get(host)?.vxlans ?? []).map((vxlan) => [vxlan.bridge, vxlan.vni]));
    expect(vnis(OTHER.name)).toEqual(vnis(GATEWAY.name));
  });

  test("Terraform reached B's libvirtd over qemu+ssh across the underlay: B's sshd accepted root from A's address", async () => {
    lab.requireApplied();
    const log = await lab.sandbox(OTHER.name).run("sh", ["-c", "cat /var/log/libvirt/sshd.log 2>/dev/null || true"]);
    const accepted = log.stdout.split("\n").filter((line) => line.startsWith("Accepted "));
    expect(accepted.length).toBeGreaterThan(0);
    expect(
      new Set(accepted.map((line) => /^Accepted publickey for (\S+) from (\S+) /.exec(line)?.slice(1).join("@"))),
    ).toEqual(new Set([`root@${GATEWAY.underlay}`]));
  });

  test("each host's firewall table: VXLAN from the other host only; forwarding and NAT on the gateway host alone", async () => {
    lab.requireApplied();
    const chains = async (host: string) =>
      (await lab.sandbox(host).run("nft", ["list", "table", "inet", "gen_infra_lab"])).stdout
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => /^chain |^udp dport 4789 /.test(line));
    expect(await chains(GATEWAY.name)).toEqual([
      "chain input {",
      `udp dport 4789 ip saddr ${OTHER.underlay} accept`,
      "udp dport 4789 drop",
      "chain forward {",
      "chain postrouting {",
    ]);
    expect(await chains(OTHER.name)).toEqual([
      "chain input {",
      `udp dport 4789 ip saddr ${GATEWAY.underlay} accept`,
      "udp dport 4789 drop",
    ]);
  });

  test(`dhcpd.conf offers every node the overlay's MTU: option interface-mtu ${OVERLAY_MTU}`, () => {
    expect(chuckyNetwork?.mtu).toBe(OVERLAY_MTU);
    expect(dhcpdConf).toMatch(new RegExp(`^\\s*option interface-mtu ${OVERLAY_MTU};$`, "m"));
  });

  test(`a real dhcpd on A's chucky bridge ACKs probes booted on B across the overlay: ${coveredMacs}; dhclient gets MTU ${OVERLAY_MTU}`, async () => {
    const { lab: applied } = lab.requireApplied();
    const a = lab.sandbox(GATEWAY.name);
    const b = lab.sandbox(OTHER.name);
    if (!chuckyNetwork) throw new Error("the lab has no chucky network");
    expect(clientsOnB.length).toBeGreaterThan(0);
    // Each reservation on B is in the generated dhcpd.conf, for the node's address.
    const reserved = dhcpdReservations(dhcpdConf).map(({ mac, address }) => `${mac} ${address}`);
    expect(reserved).toEqual(expect.arrayContaining(clientsOnB.map(({ mac, address }) => `${mac} ${address}`)));
    // The nodes stay shut off: each probe has a node's MAC on the node's network.
    await expectStates(b, nodesOn(OTHER.name), "shut off");
    const [dhclientClient] = clientsOnB;
    const result = await lab.timed("DHCP exchange", () =>
      dhcpExchange(a, {
        conf: dhcpdConf,
        network: chuckyNetwork.libvirt_name,
        bridge: chuckyNetwork.bridge,
        domainType: applied.hypervisor.domainType,
        clients: clientsOnB,
        probeSandbox: b,
        dhclient: { mac: dhclientClient!.mac, probeBridge: chuckyNetwork.bridge },
      }),
    );
    process.stdout.write(
      `real-libvirt two hosts, DHCP from ${OTHER.name} to dhcpd on ${GATEWAY.name}'s ${chuckyNetwork.bridge}: ${result.clients
        .map((c) => `${c.name} ${c.mac} ACKed ${c.acked.join(" and ") || "nothing"} (${c.seconds.toFixed(1)} s)`)
        .join(
          "; ",
        )}; dhclient ${dhclientClient!.mac} got ${result.dhclient?.address ?? "nothing"} MTU ${result.dhclient?.mtu ?? "none"}\n`,
    );
    const answered = result.clients.map(({ name, mac, acked }) => ({ name, mac, acked }));
    if (answered.some((client, index) => client.acked.join() !== clientsOnB[index]?.address))
      process.stdout.write(`dhcpd's output:\n${result.log}\n`);
    expect(answered).toEqual(clientsOnB.map(({ name, mac, address }) => ({ name, mac, acked: [address] })));
    // dhcpd answered on its bridge in A: "DHCPACK on <address> to <MAC> via chucky".
    const acks = parseDhcpAcks(result.log).filter((ack) => clientsOnB.some((c) => c.mac === ack.mac));
    expect(new Set(acks.map((ack) => ack.via))).toEqual(new Set([chuckyNetwork.bridge]));
    expect(result.others).toEqual([]);
    // The lease on B came from the dhcpd on A, at chucky's gateway address, with the overlay's MTU.
    expect({
      address: result.dhclient?.address,
      mtu: result.dhclient?.mtu,
      server: result.dhclient?.server,
    }).toEqual({
      address: dhclientClient!.address,
      mtu: OVERLAY_MTU,
      server: inventory.addresses.chucky_gateway,
    });
  }, 300_000);

  test("a second plan is empty", async () => {
    const { lab: applied, context } = lab.requireApplied();
    const changes = await lab.timed("plan", () =>
      planChanges(context, applied, path.join(applied.dir, "second.tfplan")),
    );
    expectNoChanges("the two-host lab after apply", changes);
  }, 300_000);

  /** A plan that must change nothing after a day-2 step on B; `file` names its plan file in the lab's folder. */
  const planIsEmpty = async (step: string, file: string): Promise<void> => {
    const { lab: applied, context } = lab.requireApplied();
    const changes = await lab.timed(`plan ${step}`, () => planChanges(context, applied, path.join(applied.dir, file)));
    expectNoChanges(`the two-host lab ${step}`, changes);
  };

  // Day 2 on B comes after the DHCP exchange, whose probes borrow the MACs of B's nodes while those are shut off.
  test(`the BMC powers ${OTHER.name}'s nodes on (virsh start in its sandbox): ${clusterNodesOnB.map((n) => n.name).join(", ")}; the plan stays empty`, async () => {
    lab.requireApplied();
    const b = lab.sandbox(OTHER.name);
    expect(clusterNodesOnB.length).toBeGreaterThan(0);
    for (const node of clusterNodesOnB) await b.virsh("start", node.name);
    await expectStates(b, clusterNodesOnB, "running");
    await planIsEmpty(`after virsh start on ${OTHER.name}`, "day2-started.tfplan");
  }, 300_000);

  test(`a CD-ROM inserted into ${masterOnB}'s definition on ${OTHER.name}, boot order changed, power-cycled; the plan stays empty`, async () => {
    const { lab: applied } = lab.requireApplied();
    const b = lab.sandbox(OTHER.name);
    expect(masterOnB).not.toBe("");
    await b.run("truncate", ["-s", "1M", VIRTUAL_MEDIA_ISO]);
    const file = path.join(applied.dir, "virtual-media.xml");
    await writeFile(file, withVirtualMedia(await b.virsh("dumpxml", "--inactive", masterOnB), VIRTUAL_MEDIA_ISO));
    await b.virsh("define", file);
    await b.virsh("destroy", masterOnB);
    await b.virsh("start", masterOnB);
    const live = await b.virsh("dumpxml", masterOnB);
    expect(live).toContain(VIRTUAL_MEDIA_ISO);
    expect(live).toMatch(/<boot order='1'\/>/);
    expect(live).not.toMatch(/<boot dev=/);
    await planIsEmpty(`after a CD-ROM and a power cycle on ${OTHER.name}`, "day2-virtual-media.tfplan");
  }, 300_000);

  test(`the media ejected again on ${OTHER.name}; the plan stays empty`, async () => {
    lab.requireApplied();
    const b = lab.sandbox(OTHER.name);
    await ejectMedia(b, masterOnB, "hdc");
    expect(await b.virsh("dumpxml", masterOnB)).not.toContain(VIRTUAL_MEDIA_ISO);
    expect(await b.virsh("dumpxml", "--inactive", masterOnB)).not.toContain(VIRTUAL_MEDIA_ISO);
    await b.run("rm", ["-f", VIRTUAL_MEDIA_ISO]);
    await planIsEmpty(`after the eject on ${OTHER.name}`, "day2-ejected.tfplan");
  }, 300_000);

  // Also after a failed step: under software emulation the running guests would take the cores from the destroy.
  test(`${OTHER.name}'s nodes shut off again (virsh destroy)`, async () => {
    lab.requireApplied();
    const b = lab.sandbox(OTHER.name);
    for (const node of clusterNodesOnB)
      if ((await b.virsh("domstate", node.name)).trim() === "running") await b.virsh("destroy", node.name);
    await expectStates(b, clusterNodesOnB, "shut off");
  }, 120_000);

  test("the destroy leaves neither host any domain, network or volume of the lab", async () => {
    lab.requireApplied();
    await lab.destroy();
    for (const host of HOSTS) {
      const after = await snapshot(lab.sandbox(host.name));
      expect({ host: host.name, ...after }).toEqual({ host: host.name, ...lab.before.get(host.name) });
      // Before the apply each host's libvirtd held nothing of the lab's names either.
      const ours = new Set([
        ...nodesOn(host.name).map((node) => node.name),
        ...inventory.networks.map((network) => network.libvirt_name),
      ]);
      expect([...after.domains, ...after.networks].filter((name) => ours.has(name))).toEqual([]);
    }
  }, 300_000);
});
