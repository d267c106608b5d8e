// The pure parts of the real DHCP exchange as tables: which lines of ISC dhcpd's foreground output are answers
// handing out an address, and which host declarations of a dhcpd.conf reserve one for a MAC.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dhcpdReservations, parseDhcpAcks } from "../../real-libvirt/dhcp-exchange";
import { root } from "../../real-libvirt/paths";

type Ack = ReturnType<typeof parseDhcpAcks>[number];
type Reservation = ReturnType<typeof dhcpdReservations>[number];

const acks: Array<[string, string, Ack[]]> = [
  ["no output", "", []],
  [
    "an exchange for a fixed address, as dhcpd 4.4 prints it with -d",
    [
      "DHCPDISCOVER from 52:54:00:a9:6d:70 via chucky",
      "DHCPOFFER on 192.168.30.20 to 52:54:00:a9:6d:70 via chucky",
      "DHCPREQUEST for 192.168.30.20 (192.168.30.1) from 52:54:00:a9:6d:70 via chucky",
      "DHCPACK on 192.168.30.20 to 52:54:00:a9:6d:70 via chucky",
    ].join("\n"),
    [{ address: "192.168.30.20", mac: "52:54:00:a9:6d:70", via: "chucky" }],
  ],
  [
    "the startup lines are no answers",
    [
      "Internet Systems Consortium DHCP Server 4.4.3-P1",
      "Listening on LPF/lab-chucky/52:54:00:f5:8a:5f/10.20.0.128/25",
      "Sending on   LPF/lab-chucky/52:54:00:f5:8a:5f/10.20.0.128/25",
      "Server starting service.",
    ].join("\n"),
    [],
  ],
  [
    "the hostname a client sent, in parentheses after the MAC",
    "DHCPACK on 10.20.0.148 to 52:54:00:a9:6d:70 (master0) via lab-chucky",
    [{ address: "10.20.0.148", mac: "52:54:00:a9:6d:70", via: "lab-chucky" }],
  ],
  [
    "a hostname with a space and parentheses",
    "DHCPACK on 10.0.0.5 to 52:54:00:00:00:01 (a (b) c) via br0",
    [{ address: "10.0.0.5", mac: "52:54:00:00:00:01", via: "br0" }],
  ],
  [
    "a relayed answer names the relay's address",
    "DHCPACK on 10.0.1.9 to 52:54:00:00:00:02 via 10.0.1.1",
    [{ address: "10.0.1.9", mac: "52:54:00:00:00:02", via: "10.0.1.1" }],
  ],
  [
    "an upper-case MAC is read in lower case; carriage returns and blanks around the line do not count",
    "  DHCPACK on 10.0.0.6 to 52:54:00:AB:CD:EF via br0\r",
    [{ address: "10.0.0.6", mac: "52:54:00:ab:cd:ef", via: "br0" }],
  ],
  ["the answer to a DHCPINFORM hands out no address", "DHCPACK to 10.0.0.7 (52:54:00:00:00:03) via br0", []],
  ["an offer is not an ACK", "DHCPOFFER on 10.0.0.8 to 52:54:00:00:00:04 via br0", []],
  ["a BOOTP reply is not a DHCPACK", "BOOTREPLY on 10.0.0.9 to 52:54:00:00:00:05 via br0", []],
  ["a NAK is not an ACK", "DHCPNAK on 10.0.0.10 to 52:54:00:00:00:06 via br0", []],
  [
    "two answers to one MAC, in log order",
    ["DHCPACK on 10.0.0.11 to 52:54:00:00:00:07 via br0", "DHCPACK on 10.0.0.12 to 52:54:00:00:00:07 via br0"].join(
      "\n",
    ),
    [
      { address: "10.0.0.11", mac: "52:54:00:00:00:07", via: "br0" },
      { address: "10.0.0.12", mac: "52:54:00:00:00:07", via: "br0" },
    ],
  ],
];

const conf = (body: string): string => `authoritative;\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n}\n${body}`;

const reservations: Array<[string, string, Reservation[]]> = [
  ["no host declaration", conf(""), []],
  [
    "a host with a MAC and a fixed address",
    conf("host m0 {\n  hardware ethernet 52:54:00:A9:6D:70;\n  fixed-address 10.0.0.20;\n}\n"),
    [{ name: "m0", mac: "52:54:00:a9:6d:70", address: "10.0.0.20" }],
  ],
  [
    "on one line, fixed-address first",
    conf("host m1 { fixed-address 10.0.0.21; hardware ethernet 52:54:00:a9:6d:71; }\n"),
    [{ name: "m1", mac: "52:54:00:a9:6d:71", address: "10.0.0.21" }],
  ],
  ["a host without a fixed address reserves none", conf("host m2 { hardware ethernet 52:54:00:a9:6d:72; }\n"), []],
  ["a host without a MAC reserves none", conf("host m3 { fixed-address 10.0.0.23; }\n"), []],
  [
    "a commented-out host does not count",
    conf("# host m4 { hardware ethernet 52:54:00:a9:6d:74; fixed-address 10.0.0.24; }\n"),
    [],
  ],
];

describe("the DHCP exchange's reading of dhcpd's output", () => {
  test.each(acks)("%s", (_, log, want) => {
    expect(parseDhcpAcks(log)).toEqual(want);
  });
});

describe("the DHCP exchange's reading of a dhcpd.conf's reservations", () => {
  test.each(reservations)("%s", (_, text, want) => {
    expect(dhcpdReservations(text)).toEqual(want);
  });

  test("out/redfish/dhcpd.conf: each master and worker, in order", () => {
    const text = readFileSync(path.join(root, "out", "redfish", "dhcpd.conf"), "utf8");
    expect(dhcpdReservations(text)).toEqual([
      { name: "lab-bmipi-master0", mac: "52:54:00:a9:6d:70", address: "10.20.0.148" },
      { name: "lab-bmipi-master1", mac: "52:54:00:a9:6d:71", address: "10.20.0.149" },
      { name: "lab-bmipi-master2", mac: "52:54:00:a9:6d:72", address: "10.20.0.150" },
      { name: "lab-bmipi-worker0", mac: "52:54:00:a9:6d:00", address: "10.20.0.158" },
      { name: "lab-bmipi-worker1", mac: "52:54:00:a9:6d:01", address: "10.20.0.159" },
    ]);
  });
});
