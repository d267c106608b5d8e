// The host preparation script of a lab on several hypervisors, as text: given a host, the lines that make its
// bridges, VXLAN devices, flood list, firewall and gateway, and none of another host's. That the lines do what
// they say, twice over, is test/real-libvirt/host-preparation.test.ts's part.
import { spawnSync } from "node:child_process";
import {
  hostPreparationScript,
  type HostPreparation,
  type OverlayPeer,
  type StretchedNetwork,
} from "../../../generator/artefacts/host-preparation";
import { whenFound } from "../../skip";

const have = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const { test: testWithSh } = whenFound("sh", have("sh"));

const hostA: OverlayPeer = { name: "metal-a", underlayAddress: "198.51.100.1" };
const hostB: OverlayPeer = { name: "metal-b", underlayAddress: "198.51.100.2" };
const hostC: OverlayPeer = { name: "metal-c", underlayAddress: "198.51.100.3" };

const chucky: StretchedNetwork = { name: "chucky", bridge: "chucky", vxlanDevice: "vx-chucky", vni: 100, mtu: 1450 };
const chuckyGateway: StretchedNetwork = {
  ...chucky,
  gateways: [{ address: "192.168.30.1", prefixLength: 24, cidr: "192.168.30.0/24", masquerade: true }],
};
const provision: StretchedNetwork = {
  name: "provision",
  bridge: "provision",
  vxlanDevice: "vx-provision",
  vni: 101,
  mtu: 1450,
};

const on = (self: OverlayPeer, peers: readonly OverlayPeer[], networks: readonly StretchedNetwork[]) => ({
  hypervisor: self.name,
  underlayAddress: self.underlayAddress,
  peers,
  networks,
});

interface Row {
  readonly given: HostPreparation;
  /** Whole lines the script must hold. */
  readonly want: readonly string[];
  /** What it must not hold. */
  readonly absent: readonly RegExp[];
}

const rows: ReadonlyArray<[string, Row]> = [
  [
    "the gateway host, one peer: both networks stretched, chucky's address, forwarding and masquerade",
    {
      given: on(hostA, [hostB], [chuckyGateway, provision]),
      want: [
        "#!/bin/sh",
        "set -eu",
        "bridge_up 'chucky' 1450",
        "vxlan_up 'vx-chucky' 100 '198.51.100.1' 'chucky' 1450",
        "flood_to 'vx-chucky' '198.51.100.2'",
        "ip addr replace '192.168.30.1/24' dev 'chucky'",
        "sysctl -w net.ipv4.ip_forward=1",
        "bridge_up 'provision' 1450",
        "vxlan_up 'vx-provision' 101 '198.51.100.1' 'provision' 1450",
        "flood_to 'vx-provision' '198.51.100.2'",
        "nft -f - <<'NFT'",
        "table inet gen_infra_lab {}",
        "delete table inet gen_infra_lab",
        "\t\tudp dport 4789 ip saddr { 198.51.100.2 } accept",
        "\t\tudp dport 4789 drop",
        "\t\tip saddr 192.168.30.0/24 accept",
        "\t\tip daddr 192.168.30.0/24 ct state established,related accept",
        "\t\tip saddr 192.168.30.0/24 ip daddr != 192.168.30.0/24 masquerade",
        "NFT",
      ],
      absent: [/ip addr replace '.*' dev 'provision'/, /ipv6/, /ip6 /],
    },
  ],
  [
    "another host, two peers: each peer flooded to and let in, no gateway",
    {
      given: on(hostB, [hostA, hostC], [chucky, provision]),
      want: [
        "vxlan_up 'vx-chucky' 100 '198.51.100.2' 'chucky' 1450",
        "flood_to 'vx-chucky' '198.51.100.1' '198.51.100.3'",
        "flood_to 'vx-provision' '198.51.100.1' '198.51.100.3'",
        "\t\tudp dport 4789 ip saddr { 198.51.100.1, 198.51.100.3 } accept",
        "\t\tudp dport 4789 drop",
      ],
      absent: [/ip addr/, /sysctl/, /masquerade/, /chain forward/, /chain postrouting/],
    },
  ],
  [
    "an IPv6 underlay, written in upper case and long form: addresses as iproute2 prints them, ip6 in nft",
    {
      given: {
        hypervisor: "metal-a",
        underlayAddress: "2001:DB8:0:0::1",
        peers: [{ name: "metal-b", underlayAddress: "2001:db8:0000::2" }],
        networks: [chuckyGateway],
      },
      want: [
        "vxlan_up 'vx-chucky' 100 '2001:db8::1' 'chucky' 1450",
        "flood_to 'vx-chucky' '2001:db8::2'",
        "\t\tudp dport 4789 ip6 saddr { 2001:db8::2 } accept",
        // The lab's own network stays IPv4: its gateway is unchanged by the underlay's family.
        "sysctl -w net.ipv4.ip_forward=1",
        "\t\tip saddr 192.168.30.0/24 ip daddr != 192.168.30.0/24 masquerade",
      ],
      absent: [/DB8/, /ip saddr \{/],
    },
  ],
  [
    "no provisioning network: chucky alone",
    {
      given: on(hostB, [hostA], [chucky]),
      want: ["bridge_up 'chucky' 1450", "flood_to 'vx-chucky' '198.51.100.1'"],
      absent: [/provision/],
    },
  ],
  [
    "an IPv6 lab network on its gateway, its address written with host bits: IPv6 forwarding, ip6 masquerade",
    {
      given: on(
        hostA,
        [hostB],
        [
          {
            ...chucky,
            gateways: [{ address: "fd00:30::1", prefixLength: 64, cidr: "fd00:30::1/64", masquerade: true }],
          },
        ],
      ),
      want: [
        "ip addr replace 'fd00:30::1/64' dev 'chucky'",
        "sysctl -w net.ipv6.conf.all.forwarding=1",
        "\t\tip6 saddr fd00:30::/64 accept",
        "\t\tip6 saddr fd00:30::/64 ip6 daddr != fd00:30::/64 masquerade",
      ],
      absent: [/ipv4/],
    },
  ],
  [
    "a lab on one host: no flood entry and no peer let in, VXLAN still dropped",
    {
      given: on(hostA, [], [chucky]),
      want: ["flood_to 'vx-chucky'", "\t\tudp dport 4789 drop"],
      absent: [/saddr/],
    },
  ],
];

describe.each(rows)("%s", (_name, { given, want, absent }) => {
  const script = hostPreparationScript(given);

  test("holds the lines that matter, and none of another host's", () => {
    expect(script.split("\n")).toEqual(expect.arrayContaining([...want]));
    for (const pattern of absent) expect(script).not.toMatch(pattern);
  });

  test("starts with its interpreter and says for which host, and that it may run again", () => {
    expect(script.startsWith("#!/bin/sh\n# ")).toBe(true);
    expect(script).toContain(`hypervisor ${given.hypervisor} `);
    expect(script).toMatch(/Safe to run again/);
    expect(script.endsWith("NFT\n")).toBe(true);
  });

  test("deterministic: the same input, the same bytes", () => {
    expect(hostPreparationScript(structuredClone(given))).toBe(script);
  });

  testWithSh("sh -n accepts it", () => {
    const result = spawnSync("sh", ["-n"], { input: script, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

const refused: ReadonlyArray<[string, HostPreparation, RegExp]> = [
  ["an underlay address that is none", on({ ...hostA, underlayAddress: "198.51.100" }, [hostB], [chucky]), /no IP/],
  [
    "a peer of the other family",
    on(hostA, [{ name: "metal-b", underlayAddress: "2001:db8::2" }], [chucky]),
    /not of metal-a's family/,
  ],
  ["a bridge name longer than Linux takes", on(hostA, [hostB], [{ ...chucky, bridge: "chucky-bridge-01" }]), /15/],
  // The spec refuses these names already; the script would quote them, but they also land in comments.
  ["a quote in a bridge's name", on(hostA, [hostB], [{ ...chucky, bridge: "a'b" }]), /letters, digits/],
  ["a line break in a host's name", on({ ...hostA, name: "metal-a\nreboot" }, [hostB], [chucky]), /letters/],
  ["a VNI past 24 bits", on(hostA, [hostB], [{ ...chucky, vni: 2 ** 24 }]), /VNI/],
  ["an MTU that is no integer", on(hostA, [hostB], [{ ...chucky, mtu: 1450.5 }]), /MTU/],
  [
    "a gateway CIDR that is none",
    on(
      hostA,
      [hostB],
      [
        {
          ...chucky,
          gateways: [{ address: "192.168.30.1", prefixLength: 24, cidr: "192.168.30.0", masquerade: true }],
        },
      ],
    ),
    /no CIDR/,
  ],
];

test.each(refused)("refused: %s", (_name, given, message) => {
  expect(() => hostPreparationScript(given)).toThrow(message);
});
