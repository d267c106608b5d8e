// The pure parts of the real DHCP exchange as tables: which lines of ISC dhcpd's foreground output are answers
// handing out an address, which host declarations of a dhcpd.conf reserve one for a MAC, and what the test-only
// client log says of each request (read back, and accepted by the real dhcpd).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dhcpdReservations, parseClientLog, parseDhcpAcks, withClientLog } from "../../real-libvirt/dhcp-exchange";
import { root } from "../../real-libvirt/paths";
import { whenFound } from "../../skip";

type Ack = ReturnType<typeof parseDhcpAcks>[number];
type Reservation = ReturnType<typeof dhcpdReservations>[number];
type Request = ReturnType<typeof parseClientLog>[number];

const { test: testWithDhcpd } = whenFound("dhcpd", spawnSync("sh", ["-c", "command -v dhcpd"]).status === 0);

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

const requests: Array<[string, string, Request[]]> = [
  ["no output", "", []],
  [
    "iPXE's discover and request, as dhcpd 4.4 prints them with -d, among its own lines",
    [
      "gen-infra-client 52:54:0:a:0:0 user-class=iPXE vendor-class=PXEClient:Arch:00007:UNDI:003010",
      "DHCPDISCOVER from 52:54:00:0a:00:00 via agentlab",
      "DHCPOFFER on 192.168.140.20 to 52:54:00:0a:00:00 via agentlab",
      "gen-infra-client 52:54:0:a:0:0 user-class=iPXE vendor-class=PXEClient:Arch:00007:UNDI:003010",
      "DHCPREQUEST for 192.168.140.20 (192.168.140.1) from 52:54:00:0a:00:00 via agentlab",
      "DHCPACK on 192.168.140.20 to 52:54:00:0a:00:00 via agentlab",
    ].join("\n"),
    [
      { mac: "52:54:00:0a:00:00", userClass: "iPXE", vendorClass: "PXEClient:Arch:00007:UNDI:003010" },
      { mac: "52:54:00:0a:00:00", userClass: "iPXE", vendorClass: "PXEClient:Arch:00007:UNDI:003010" },
    ],
  ],
  [
    "a client without classes (dhclient), with upper-case digits",
    "gen-infra-client 52:54:0:A:0:7 user-class= vendor-class=",
    [{ mac: "52:54:00:0a:00:07", userClass: null, vendorClass: null }],
  ],
  [
    "a class with spaces; carriage returns and blanks around the line do not count",
    "  gen-infra-client 52:54:0:a9:6d:70 user-class=a b vendor-class=PXEClient:Arch:00007:UNDI:003001\r",
    [{ mac: "52:54:00:a9:6d:70", userClass: "a b", vendorClass: "PXEClient:Arch:00007:UNDI:003001" }],
  ],
  ["dhcpd's own lines are no client log", "DHCPDISCOVER from 52:54:00:0a:00:00 via agentlab", []],
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

describe("the test-only client log", () => {
  test.each(requests)("%s", (_, log, want) => {
    expect(parseClientLog(log)).toEqual(want);
  });

  test("keeps the configuration as it was and adds one statement at its end", () => {
    const conf = "authoritative;\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n}\n";
    const logged = withClientLog(conf);
    expect(logged.startsWith(conf)).toBe(true);
    expect(logged.slice(conf.length).match(/^log\(/gm)).toHaveLength(1);
  });

  testWithDhcpd("the real dhcpd accepts it after out/uefi/dhcpd.conf", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-client-log-"));
    try {
      const file = path.join(dir, "dhcpd.conf");
      writeFileSync(file, withClientLog(readFileSync(path.join(root, "out", "uefi", "dhcpd.conf"), "utf8")));
      const checked = spawnSync("dhcpd", ["-t", "-4", "-cf", file], { encoding: "utf8" });
      expect({ status: checked.status, stderr: checked.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
