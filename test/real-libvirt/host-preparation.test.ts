// The host preparation script, run for real: two hypervisors as namespace hosts of the test's own, joined by a veth
// pair as their underlay (over IPv4, then IPv6). Each runs its script twice; the bridges, VXLAN devices, flood lists
// and nftables rules are read back from ip, bridge and nft, and the second run must leave them as the first did.
// A run also undoes what an older spec left: a flood entry for a removed host, a VXLAN device with another VNI.
// Then a DHCP exchange crosses the tunnel: ISC dhcpd on the gateway host's chucky bridge hands a VM on the other
// host its fixed address and the MTU. Needs no libvirtd: only root, iproute2, nftables and ISC's DHCP server and
// client. Nothing leaves the namespaces, which have no route out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  hostPreparationScript,
  type HostPreparation,
  type StretchedNetwork,
} from "../../generator/artefacts/host-preparation";
import { scratchPrefix } from "../global-state";
import { whenFound } from "../skip";
import { NamespaceHost, waitFor } from "./namespace-host";
import { executable, onPath } from "./prerequisites";

const DHCPD = "/usr/sbin/dhcpd";
const DHCLIENT = "/usr/sbin/dhclient";

/** The first missing prerequisite, named as the skip line names it, or null. */
function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return "root";
  for (const command of ["ip", "bridge", "nft", "sysctl", "unshare", "nsenter"]) if (!onPath(command)) return command;
  for (const file of [DHCPD, DHCLIENT]) if (!executable(file)) return path.basename(file);
  return null;
}

const missing = missingPrerequisite();
const { describe: describeWithTools } = whenFound(missing ?? "", missing === null, {
  requiredBy: process.env["GEN_INFRA_REAL_LIBVIRT"] === "required" ? "GEN_INFRA_REAL_LIBVIRT=required" : undefined,
});

const MTU = 1450;
const chucky: StretchedNetwork = { name: "chucky", bridge: "chucky", vxlanDevice: "vx-chucky", vni: 100, mtu: MTU };
const provision: StretchedNetwork = {
  name: "provision",
  bridge: "provision",
  vxlanDevice: "vx-provision",
  vni: 101,
  mtu: MTU,
};
const gatewayAddress = "192.168.30.1";
const chuckyCidr = "192.168.30.0/24";

/** The VM's planned NIC and what dhcpd hands it. */
const vm = { mac: "52:54:00:30:00:14", address: "192.168.30.20", hostname: "master-0" } as const;

interface Underlay {
  readonly name: string;
  /** Host A's and host B's addresses, and the prefix length of both. */
  readonly a: string;
  readonly b: string;
  readonly prefixLength: number;
  /** An address that was a host of an older spec, for the flood entry a run must remove. */
  readonly former: string;
}

const underlays: readonly Underlay[] = [
  { name: "IPv4", a: "198.51.100.1", b: "198.51.100.2", prefixLength: 24, former: "198.51.100.9" },
  { name: "IPv6", a: "2001:db8:100::1", b: "2001:db8:100::2", prefixLength: 64, former: "2001:db8:100::9" },
];

function preparations(underlay: Underlay): { a: HostPreparation; b: HostPreparation } {
  return {
    a: {
      hypervisor: "metal-a",
      underlayAddress: underlay.a,
      peers: [{ name: "metal-b", underlayAddress: underlay.b }],
      networks: [
        { ...chucky, gateways: [{ address: gatewayAddress, prefixLength: 24, cidr: chuckyCidr, masquerade: true }] },
        provision,
      ],
    },
    b: {
      hypervisor: "metal-b",
      underlayAddress: underlay.b,
      peers: [{ name: "metal-a", underlayAddress: underlay.a }],
      networks: [chucky, provision],
    },
  };
}

/** A command line whose arguments hold no space, as its words. */
const words = (line: string): string[] => line.split(" ");

// ---- reading a host's state back

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const object = (value: Json | undefined): { [key: string]: Json } =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

interface LinkState {
  readonly name: string;
  readonly index: number;
  readonly kind: string;
  readonly master: string | null;
  readonly mtu: number;
  readonly up: boolean;
  readonly vxlan: { id: Json; local: Json; port: Json; learning: Json } | null;
}

/** What the script sets of a link, and its index: a device made again would have another. */
function linkState(link: { [key: string]: Json }): LinkState {
  const info = object(link["linkinfo"]);
  const data = object(info["info_data"]);
  return {
    name: String(link["ifname"]),
    index: Number(link["ifindex"]),
    kind: String(info["info_kind"]),
    master: typeof link["master"] === "string" ? link["master"] : null,
    mtu: Number(link["mtu"]),
    up: list(link["flags"]).includes("UP"),
    vxlan:
      info["info_kind"] === "vxlan"
        ? {
            id: data["id"] ?? null,
            local: data["local"] ?? data["local6"] ?? null,
            port: data["port"] ?? null,
            learning: data["learning"] ?? null,
          }
        : null,
  };
}

/** An nft expression as text close to nft's own: `ip saddr == 192.168.30.0/24`, `masquerade`. */
function operand(value: Json | undefined): string {
  const o = object(value);
  if (o["payload"] !== undefined) return `${object(o["payload"])["protocol"]} ${object(o["payload"])["field"]}`;
  if (o["ct"] !== undefined) return `ct ${object(o["ct"])["key"]}`;
  if (o["prefix"] !== undefined) return `${object(o["prefix"])["addr"]}/${object(o["prefix"])["len"]}`;
  if (o["set"] !== undefined) return `{ ${list(o["set"]).map(operand).join(", ")} }`;
  if (Array.isArray(value)) return value.map(operand).join(",");
  return String(value);
}
function expressionText(expression: Json): string {
  const [[key, value]] = Object.entries(object(expression));
  if (key !== "match") return key!;
  const match = object(value);
  return `${operand(match["left"])} ${match["op"]} ${operand(match["right"])}`;
}

interface HostState {
  readonly links: readonly LinkState[];
  /** Global addresses on the lab's bridges. */
  readonly addresses: readonly string[];
  /** The all-zero FDB entries' destinations, per VXLAN device. */
  readonly flood: Readonly<Record<string, readonly string[]>>;
  /** Every table, chain and rule, without nft's handles, which count up with every load. */
  readonly ruleset: readonly string[];
  readonly forwarding: string;
}

async function stateOf(host: NamespaceHost): Promise<HostState> {
  const devices = [chucky, provision].flatMap((n) => [n.bridge, n.vxlanDevice]);
  const links = (JSON.parse(await host.run("ip", "-d", "-j", "link", "show")) as Json[])
    .map((link) => linkState(object(link)))
    .filter((link) => devices.includes(link.name))
    .sort((x, y) => x.name.localeCompare(y.name));
  const addresses = (JSON.parse(await host.run("ip", "-j", "address", "show")) as Json[])
    .map(object)
    .filter((link) => [chucky.bridge, provision.bridge].includes(String(link["ifname"])))
    .flatMap((link) =>
      list(link["addr_info"])
        .map(object)
        .filter((a) => a["scope"] === "global")
        .map((a) => `${link["ifname"]} ${a["local"]}/${a["prefixlen"]}`),
    );
  const flood: Record<string, string[]> = {};
  for (const device of [chucky.vxlanDevice, provision.vxlanDevice])
    flood[device] = (JSON.parse(await host.run("bridge", "-j", "fdb", "show", "dev", device)) as Json[])
      .map(object)
      .filter((entry) => entry["mac"] === "00:00:00:00:00:00")
      .map((entry) => String(entry["dst"]));
  const ruleset = list(object(JSON.parse(await host.run("nft", "-j", "list", "ruleset")) as Json)["nftables"])
    .map(object)
    .flatMap((item): string[] => {
      const table = object(item["table"]);
      const chain = object(item["chain"]);
      const rule = object(item["rule"]);
      if (item["table"]) return [`table ${table["family"]} ${table["name"]}`];
      if (item["chain"])
        return [`chain ${chain["name"]}: ${chain["type"]} ${chain["hook"]} ${chain["prio"]} ${chain["policy"]}`];
      if (item["rule"]) return [`${rule["chain"]}: ${list(rule["expr"]).map(expressionText).join(" ")}`];
      return [];
    });
  const forwarding = await host.run("sysctl", "-n", "net.ipv4.ip_forward");
  return { links, addresses, flood, ruleset, forwarding };
}

/** What the script should leave on a host: the gateway's (host A's) or the other's. */
function expectedState(self: string, peer: string, family: 4 | 6, gateway: boolean): Record<keyof HostState, unknown> {
  const link = (network: StretchedNetwork) => [
    { name: network.bridge, index: expect.any(Number), kind: "bridge", master: null, mtu: MTU, up: true, vxlan: null },
    {
      name: network.vxlanDevice,
      index: expect.any(Number),
      kind: "vxlan",
      master: network.bridge,
      mtu: MTU,
      up: true,
      vxlan: { id: network.vni, local: self, port: 4789, learning: false },
    },
  ];
  const ip = family === 4 ? "ip" : "ip6";
  return {
    links: [...link(chucky), ...link(provision)].sort((x, y) => x.name.localeCompare(y.name)),
    addresses: gateway ? [`chucky ${gatewayAddress}/24`] : [],
    flood: { [chucky.vxlanDevice]: [peer], [provision.vxlanDevice]: [peer] },
    ruleset: [
      "table inet gen_infra_lab",
      "chain input: filter input 0 accept",
      ...(gateway ? ["chain forward: filter forward 0 accept", "chain postrouting: nat postrouting 100 accept"] : []),
      `input: udp dport == 4789 ${ip} saddr == ${peer} accept`,
      "input: udp dport == 4789 drop",
      ...(gateway
        ? [
            `forward: ip saddr == ${chuckyCidr} accept`,
            `forward: ip daddr == ${chuckyCidr} ct state in established,related accept`,
            `postrouting: ip saddr == ${chuckyCidr} ip daddr != ${chuckyCidr} masquerade`,
          ]
        : []),
    ],
    forwarding: gateway ? "1" : "0",
  };
}

// ---- the lab

const hostForwarding = () => readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8");

describeWithTools.each(underlays)("host preparation over an $name underlay, in namespaces", (underlay) => {
  const family = underlay.name === "IPv4" ? 4 : 6;
  const prep = preparations(underlay);
  const hosts: NamespaceHost[] = [];
  let dir = "";
  let a: NamespaceHost;
  let b: NamespaceHost;
  const first: HostState[] = [];
  const second: HostState[] = [];
  const forwardingBefore = hostForwarding();

  /** Writes the host's script and runs it inside the host. */
  const prepare = async (host: NamespaceHost, preparation: HostPreparation) => {
    const file = path.join(dir, `${preparation.hypervisor}.sh`);
    writeFileSync(file, hostPreparationScript(preparation));
    await host.run("sh", file);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}host-preparation-`));
    a = await NamespaceHost.start("metal-a");
    hosts.push(a);
    b = await NamespaceHost.start("metal-b");
    hosts.push(b);
    // The underlay: one veth pair, made inside host A with its other end moved straight into host B, so that it
    // never exists in the machine's own namespace. nodad: IPv6 addresses are usable at once.
    await a.run(...words(`ip link add underlay type veth peer name underlay netns ${b.netns}`));
    for (const [host, address] of [
      [a, underlay.a],
      [b, underlay.b],
    ] as const) {
      await host.run(
        ...words(`ip address add ${address}/${underlay.prefixLength} dev underlay${family === 6 ? " nodad" : ""}`),
      );
      await host.run(...words("ip link set dev underlay up"));
    }
    for (const run of [first, second]) {
      await prepare(a, prep.a);
      await prepare(b, prep.b);
      run.push(await stateOf(a), await stateOf(b));
    }
  });

  afterAll(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the first run makes each host's bridges, VXLAN devices, flood list and firewall; the gateway's NAT", () => {
    expect(first[0]).toEqual(expectedState(underlay.a, underlay.b, family, true));
    expect(first[1]).toEqual(expectedState(underlay.b, underlay.a, family, false));
  });

  test("a second run leaves the same state: no device made again, one flood entry per peer", () => {
    expect(second).toEqual(first);
  });

  test("a host removed from the spec: a run removes its flood entry and keeps the rest", async () => {
    await b.run(...words(`bridge fdb append 00:00:00:00:00:00 dev ${chucky.vxlanDevice} dst ${underlay.former}`));
    expect((await stateOf(b)).flood[chucky.vxlanDevice]).toEqual([underlay.a, underlay.former]);
    await prepare(b, prep.b);
    expect(await stateOf(b)).toEqual(first[1]);
  });

  test("a VXLAN device an older spec left with another VNI: a run makes it again, as this spec has it", async () => {
    await b.run(...words(`ip link del dev ${chucky.vxlanDevice}`));
    await b.run(...words(`ip link add ${chucky.vxlanDevice} type vxlan id 999 local ${underlay.b} dstport 4789`));
    await prepare(b, prep.b);
    // A new device has a new index: all else is as the first run left it.
    const anyIndex = (state: HostState) => ({ ...state, links: state.links.map((link) => ({ ...link, index: 0 })) });
    expect(anyIndex(await stateOf(b))).toEqual(anyIndex(first[1]!));
  });

  test("the machine's own forwarding is untouched: the sysctls were the namespaces'", () => {
    expect(hostForwarding()).toBe(forwardingBefore);
  });

  test("DHCP across the tunnel: dhcpd on host A's chucky bridge gives the VM on host B its address and MTU", async () => {
    const guest = await NamespaceHost.start("vm");
    hosts.push(guest);
    // The VM's NIC, as libvirt's tap would be: a port of host B's chucky bridge, with the planned MAC.
    await b.run(...words(`ip link add vnet0 mtu ${MTU} type veth peer name eth0 netns ${guest.netns}`));
    await b.run(...words(`ip link set dev vnet0 master ${chucky.bridge} up`));
    await guest.run(...words(`ip link set dev eth0 address ${vm.mac} mtu ${MTU} up`));

    // dhcpd and dhclient both take -cf, -lf and -pf: each its own files, in the test's folder.
    const files = (program: string) => [
      ...["-cf", path.join(dir, `${program}.conf`)],
      ...["-lf", path.join(dir, `${program}.leases`)],
      ...["-pf", path.join(dir, `${program}.pid`)],
    ];
    writeFileSync(
      path.join(dir, "dhcpd.conf"),
      [
        "authoritative;",
        "default-lease-time 600;",
        "max-lease-time 600;",
        "subnet 192.168.30.0 netmask 255.255.255.0 {",
        `  option routers ${gatewayAddress};`,
        "}",
        "host master-0 {",
        `  hardware ethernet ${vm.mac};`,
        `  fixed-address ${vm.address};`,
        `  option host-name "${vm.hostname}";`,
        `  option interface-mtu ${MTU};`,
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(path.join(dir, "dhcpd.leases"), "");
    writeFileSync(path.join(dir, "dhclient.conf"), "request subnet-mask, routers, host-name, interface-mtu;\n");
    const dhcpd = a.daemon(DHCPD, ...words("-4 -d -f"), ...files("dhcpd"), chucky.bridge);
    await waitFor("dhcpd", dhcpd.output, /^Server starting service\.$/m);
    // -sf /bin/true: dhclient configures nothing, not even inside its namespace; the lease file says what it got.
    const dhclient = guest.daemon(DHCLIENT, ...words("-4 -v -1 -d -sf /bin/true"), ...files("dhclient"), "eth0");
    await waitFor("dhclient", dhclient.output, new RegExp(`^bound to ${vm.address.replaceAll(".", "\\.")} `, "m"));
    expect(dhcpd.output()).toContain(`DHCPACK on ${vm.address} to ${vm.mac} via ${chucky.bridge}`);
    const lease = readFileSync(path.join(dir, "dhclient.leases"), "utf8");
    expect(lease).toContain(`fixed-address ${vm.address};`);
    expect(lease).toContain(`option interface-mtu ${MTU};`);
    expect(lease).toContain(`option host-name "${vm.hostname}";`);
    expect(lease).toContain(`option dhcp-server-identifier ${gatewayAddress};`);
  });
});
