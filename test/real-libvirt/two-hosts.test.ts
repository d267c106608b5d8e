// A lab on two hypervisors, applied with the real dmacvicar/libvirt 0.8.3 provider on one machine: two sandboxes
// (sandbox.ts), A the gateway host and B the other, joined by a veth underlay of the test's own (underlay.ts). Each
// runs its generated host-preparation-<name>.sh unchanged; Terraform runs in A and reaches A's libvirtd over
// qemu:///system and B's over qemu+ssh to B's sshd on the underlay. Then: every domain is on the host the plan
// chose, with its NICs; each host has the bridges, VXLAN devices and flood entries its script says; a real dhcpd on
// A's chucky bridge answers probes booted on B, across the overlay, with the planned addresses and the overlay's
// MTU; a second plan is empty; the destroy leaves neither host anything of the lab. The VMs stay few, small and
// (the nodes) shut off: without KVM they run under QEMU's software emulation on the machine's two cores.
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sshKeyPair, type SshKeyPair } from "../../terraform-harness/src";
import type { Inventory } from "../../generator/artefacts/inventory";
import { ownOutputNames } from "../../generator/compile";
import { writeOutput } from "../../generator/output/write";
import { compileLab } from "../multi-host";
import { probeCpuModes } from "./cpu-probe";
import { dhcpdReservations, dhcpExchange, parseDhcpAcks } from "./dhcp-exchange";
import { expectNoChanges, planChanges } from "./drift";
import { CPU_MODES, type LabHypervisor } from "./hypervisor";
import { prepareLab, terraform, type Lab, type LabContext } from "./lab";
import { snapshot, type Snapshot } from "./libvirt-state";
import { parseDomain, parseNetwork } from "./libvirt-xml";
import { hostOverlay, scriptOverlay } from "./overlay-state";
import { prerequisitesGateWith } from "./prerequisites";
import { buildRealProvider, writeRealMirror } from "./provider";
import { Sandbox } from "./sandbox";
import { Underlay } from "./underlay";

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

interface TwoHosts {
  scratch: string;
  sandboxes: Map<string, Sandbox>;
  underlay: Underlay | undefined;
  context: LabContext | undefined;
  lab: Lab | undefined;
  hypervisor: LabHypervisor | undefined;
  /** What each host's libvirtd held before the apply. */
  before: Map<string, Snapshot>;
  applied: boolean;
  destroyed: boolean;
  times: Record<string, string>;
}

const seconds = (start: number): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;

async function timed<T>(state: TwoHosts, step: string, action: () => Promise<T>): Promise<T> {
  const start = Date.now();
  const result = await action();
  state.times[step] = seconds(start);
  return result;
}

/**
 * KVM where a kvm domain starts in the sandbox, else software emulation; the first CPU mode, in the seed's order of
 * preference, that starts a domain of that type. (run-context.ts also probes UEFI, which this lab does not use.)
 */
async function hypervisorHere(sandbox: Sandbox): Promise<LabHypervisor> {
  const device = await sandbox.run("test", ["-c", "/dev/kvm", "-a", "-r", "/dev/kvm", "-a", "-w", "/dev/kvm"], {
    okExitCodes: [1],
  });
  const cpu = await probeCpuModes(sandbox);
  const domainType = device.exitCode === 0 && cpu.kvm.starting.length > 0 ? "kvm" : "qemu";
  const cpuMode = CPU_MODES.find((mode) => cpu[domainType].starting.includes(mode));
  if (cpuMode === undefined) throw new Error(`no CPU mode starts a ${domainType} domain here`);
  return { domainType, cpuMode };
}

/** The sandboxes, both or none: one that started is stopped when the other failed. */
async function startSandboxes(state: TwoHosts, keys: SshKeyPair): Promise<void> {
  const authorizedKeys = path.join(state.scratch, "authorized_keys");
  await writeFile(authorizedKeys, keys.publicLine, { mode: 0o600 });
  const started = await Promise.allSettled([
    Sandbox.start(),
    // B's libvirtd is reached over ssh, on its underlay address, from A.
    Sandbox.start({ authorizedKeys, sshListenAlso: [OTHER.underlay] }),
  ]);
  started.forEach((result, index) => {
    if (result.status === "fulfilled") state.sandboxes.set(HOSTS[index]?.name ?? "", result.value);
  });
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

const sandboxOf = (state: TwoHosts, host: string): Sandbox => {
  const sandbox = state.sandboxes.get(host);
  if (!sandbox) throw new Error(`the sandbox of ${host} did not start: see the error of beforeAll`);
  return sandbox;
};

async function setUp(state: TwoHosts): Promise<void> {
  const provider = await buildRealProvider();
  const { env } = await writeRealMirror(state.scratch, provider.binary);
  const keys = sshKeyPair("gen-infra-two-hosts");
  await startSandboxes(state, keys);
  const a = sandboxOf(state, GATEWAY.name);
  const b = sandboxOf(state, OTHER.name);
  state.underlay = await Underlay.join(
    { sandbox: a, address: `${GATEWAY.underlay}/${UNDERLAY_PREFIX}` },
    { sandbox: b, address: `${OTHER.underlay}/${UNDERLAY_PREFIX}` },
  );

  const out = path.join(state.scratch, "out");
  await mkdir(out, { recursive: true });
  const written = writeOutput(out, compiled.files, { force: false, ownNames: ownOutputNames() });
  if (!written.ok) throw new Error(`writing the output failed: ${JSON.stringify(written.findings)}`);
  await writeFile(path.join(out, CLOUD_INIT_KEY), keys.publicLine);
  await writeFile(path.join(out, SSH_KEY), keys.privatePem, { mode: 0o600 });

  // Each host's script as generated, run as root inside that host.
  await timed(state, "host preparation", async () => {
    for (const host of HOSTS)
      await sandboxOf(state, host.name).run("sh", [path.join(out, `host-preparation-${host.name}.sh`)]);
  });

  state.context = { sandbox: a, scratch: state.scratch, terraformEnv: env, keys };
  state.hypervisor = await hypervisorHere(a);
  const lab = await prepareLab(state.context, "two-hosts", out, state.hypervisor);
  state.lab = lab;
  for (const host of HOSTS) state.before.set(host.name, await snapshot(sandboxOf(state, host.name)));
  await timed(state, "init", () => terraform(state.context!, lab, ["init", "-no-color", "-input=false"]));
  state.applied = true;
  try {
    await timed(state, "apply", () =>
      terraform(state.context!, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
  } catch (error) {
    const logs = await Promise.all(
      HOSTS.map(async (host) => `${host.name}'s libvirtd:\n${await sandboxOf(state, host.name).daemonLog()}`),
    );
    throw new Error(`${String(error)}\n${logs.join("\n")}`);
  }
}

async function destroy(state: TwoHosts): Promise<void> {
  const lab = state.lab;
  if (!state.context || !lab) throw new Error("the lab was not prepared: see the error of beforeAll");
  await timed(state, "destroy", () =>
    terraform(state.context!, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
  );
  state.destroyed = true;
}

async function tearDown(state: TwoHosts): Promise<void> {
  if (state.applied && !state.destroyed)
    await destroy(state).catch((error: unknown) =>
      process.stdout.write(`destroy of the two-host lab after a failure also failed: ${String(error)}\n`),
    );
  await Promise.allSettled([...state.sandboxes.values()].map((sandbox) => sandbox.stop()));
  state.sandboxes.clear();
  await state.underlay?.remove();
  await rm(state.scratch, { recursive: true, force: true });
}

const summary = (state: TwoHosts): string =>
  [
    `CPU -var domain_type=${state.hypervisor?.domainType ?? "?"} -var cpu_mode=${state.hypervisor?.cpuMode ?? "?"}`,
    `${inventory.nodes.length} VMs (${HOSTS.map((host) => `${nodesOn(host.name).length} on ${host.name}`).join(", ")})`,
    ...Object.entries(state.times).map(([step, time]) => `${step} ${time}`),
  ].join("; ");

gate.describe("a lab on two hypervisors: two sandboxes joined by an underlay, the real provider", () => {
  const state: TwoHosts = {
    scratch: "",
    sandboxes: new Map(),
    underlay: undefined,
    context: undefined,
    lab: undefined,
    hypervisor: undefined,
    before: new Map(),
    applied: false,
    destroyed: false,
    times: {},
  };

  beforeAll(async () => {
    state.scratch = await mkdtemp(path.join(tmpdir(), "gen-infra-two-hosts-"));
    // The sandboxes' own exit handlers stop libvirt; this removes the state and keys when afterAll never runs.
    const scratch = state.scratch;
    process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
    await setUp(state);
  }, 600_000);

  afterAll(async () => {
    await tearDown(state);
    process.stdout.write(`real-libvirt two hosts: ${summary(state)}\n`);
  }, 300_000);

  const requireLab = (): { lab: Lab; context: LabContext } => {
    if (!state.lab || !state.context || !state.applied) throw new Error("the lab was not applied: see beforeAll");
    return { lab: state.lab, context: state.context };
  };

  test("the spec places nodes on both hosts, the support and provision VMs on the gateway host", () => {
    expect(nodesOn(OTHER.name).length).toBeGreaterThan(0);
    expect(
      inventory.nodes.filter((node) => node.role === "support" || node.role === "provision").map((n) => n.hypervisor),
    ).toEqual([GATEWAY.name, GATEWAY.name]);
    expect(inventory.nodes.every((node) => HOSTS.some((host) => host.name === node.hypervisor))).toBe(true);
  });

  for (const host of HOSTS) {
    test(`${host.name} holds exactly the domains the plan put there, each with its NICs, MACs and networks`, async () => {
      requireLab();
      const sandbox = sandboxOf(state, host.name);
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
    requireLab();
    const states = new Map<string, Awaited<ReturnType<typeof hostOverlay>>>();
    for (const host of HOSTS) {
      const script = compiled.files.get(`host-preparation-${host.name}.sh`) ?? "";
      const actual = await hostOverlay(sandboxOf(state, host.name));
      expect({ host: host.name, ...actual }).toEqual({ host: host.name, ...scriptOverlay(script) });
      states.set(host.name, actual);
    }
    const [a, b] = HOSTS.map((host) => states.get(host.name)!);
    // Independently of the scripts: one bridge and one VXLAN device per network, the same VNI on both hosts, each
    // device local to its host and flooding to the other, the overlay's MTU, the gateway address on A only.
    const view = (overlay: typeof a, self: string, peer: string) => ({
      bridges: overlay!.bridges.map(({ name, mtu, addresses }) => ({ name, mtu, addresses })),
      vxlans: overlay!.vxlans.map(({ bridge, vni, local, flood, mtu }) => ({ bridge, vni, local, flood, mtu })),
      self,
      peer,
    });
    const bridges = inventory.networks.map((network) => network.bridge).sort();
    const gatewayAddress = `${inventory.addresses.chucky_gateway}/${inventory.addresses.chucky_prefix}`;
    expect(view(a, GATEWAY.underlay, OTHER.underlay)).toEqual({
      bridges: bridges.map((name) => ({
        name,
        mtu: OVERLAY_MTU,
        addresses: name === chuckyNetwork?.bridge ? [gatewayAddress] : [],
      })),
      vxlans: expect.arrayContaining(
        bridges.map((bridge) => ({
          bridge,
          vni: expect.any(Number),
          local: GATEWAY.underlay,
          flood: [OTHER.underlay],
          mtu: OVERLAY_MTU,
        })),
      ),
      self: GATEWAY.underlay,
      peer: OTHER.underlay,
    });
    expect(view(b, OTHER.underlay, GATEWAY.underlay)).toEqual({
      bridges: bridges.map((name) => ({ name, mtu: OVERLAY_MTU, addresses: [] })),
      vxlans: expect.arrayContaining(
        bridges.map((bridge) => ({
          bridge,
          vni: expect.any(Number),
          local: OTHER.underlay,
          flood: [GATEWAY.underlay],
          mtu: OVERLAY_MTU,
        })),
      ),
      self: OTHER.underlay,
      peer: GATEWAY.underlay,
    });
    const vniOf = (overlay: typeof a) => Object.fromEntries(overlay!.vxlans.map((v) => [v.bridge, v.vni]));
    expect(vniOf(b)).toEqual(vniOf(a));
    expect(a!.vxlans.length).toBe(bridges.length);
    expect(b!.vxlans.length).toBe(bridges.length);
  });

  test("Terraform reached B's libvirtd over qemu+ssh across the underlay: B's sshd accepted root from A's address", async () => {
    requireLab();
    const log = await sandboxOf(state, OTHER.name).run("sh", [
      "-c",
      "cat /var/log/libvirt/sshd.log 2>/dev/null || true",
    ]);
    const accepted = log.stdout.split("\n").filter((line) => line.startsWith("Accepted "));
    expect(accepted.length).toBeGreaterThan(0);
    expect(
      new Set(accepted.map((line) => /^Accepted publickey for (\S+) from (\S+) /.exec(line)?.slice(1).join("@"))),
    ).toEqual(new Set([`root@${GATEWAY.underlay}`]));
  });

  test("each host's firewall table: VXLAN from the other host only; forwarding and NAT on the gateway host alone", async () => {
    requireLab();
    const chains = async (host: string) =>
      (await sandboxOf(state, host).run("nft", ["list", "table", "inet", "gen_infra_lab"])).stdout
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
    const { lab } = requireLab();
    const a = sandboxOf(state, GATEWAY.name);
    const b = sandboxOf(state, OTHER.name);
    if (!chuckyNetwork) throw new Error("the lab has no chucky network");
    expect(clientsOnB.length).toBeGreaterThan(0);
    // Each reservation on B is in the generated dhcpd.conf, for the node's address.
    const reserved = dhcpdReservations(dhcpdConf).map(({ mac, address }) => `${mac} ${address}`);
    expect(reserved).toEqual(expect.arrayContaining(clientsOnB.map(({ mac, address }) => `${mac} ${address}`)));
    // The nodes stay shut off: each probe has a node's MAC on the node's network.
    for (const node of nodesOn(OTHER.name))
      expect({ node: node.name, state: (await b.virsh("domstate", node.name)).trim() }).toEqual({
        node: node.name,
        state: "shut off",
      });
    const [dhclientClient] = clientsOnB;
    const result = await timed(state, "DHCP exchange", () =>
      dhcpExchange(a, {
        conf: dhcpdConf,
        network: chuckyNetwork.libvirt_name,
        bridge: chuckyNetwork.bridge,
        domainType: lab.hypervisor.domainType,
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
    const { lab, context } = requireLab();
    const changes = await timed(state, "plan", () => planChanges(context, lab, path.join(lab.dir, "second.tfplan")));
    expectNoChanges("the two-host lab after apply", changes);
  }, 300_000);

  test("the destroy leaves neither host any domain, network or volume of the lab", async () => {
    requireLab();
    await destroy(state);
    for (const host of HOSTS) {
      const after = await snapshot(sandboxOf(state, host.name));
      expect({ host: host.name, ...after }).toEqual({ host: host.name, ...state.before.get(host.name) });
      const lab = new Set([
        ...nodesOn(host.name).map((node) => node.name),
        ...inventory.networks.map((network) => network.libvirt_name),
      ]);
      expect([...after.domains, ...after.networks].filter((name) => lab.has(name))).toEqual([]);
    }
  }, 300_000);
});
