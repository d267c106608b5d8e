// Addresses and networks of both families, pinned to what Go's net package, go-cidr and Terraform give for the same
// input: the compiler's addresses must equal Terraform's at plan time, and the installer's checks the installer's.
import fc from "fast-check";
import {
  cidrhost,
  compareIp,
  contains,
  firstAddress,
  formatIp,
  formatNetwork,
  hasHostBits,
  hostOf,
  ip6ArpaName,
  ip6ArpaZone,
  isUsableHost,
  lastAddress,
  netmask,
  networkSize,
  offsetAddress,
  overlaps,
  parseCidr,
  parseIp,
  prefixMask,
  sameIp,
  withoutHostBits,
  type IpAddress,
} from "../../../generator/model/ip";

const cidr = (text: string) => {
  const network = parseCidr(text);
  if (network === undefined) throw new Error(`test CIDR ${text} does not parse`);
  return network;
};
const ip = (text: string) => {
  const address = parseIp(text);
  if (address === undefined) throw new Error(`test address ${text} does not parse`);
  return address;
};
const format = (address: IpAddress | undefined) => (address === undefined ? undefined : formatIp(address));

describe("parsing addresses as Go's net.ParseIP", () => {
  test.each([
    ["192.168.30.1", 4, 0xc0a81e01n],
    ["0.0.0.0", 4, 0n],
    ["255.255.255.255", 4, 0xffffffffn],
    ["::", 6, 0n],
    ["::1", 6, 1n],
    ["fd00::1", 6, (0xfd00n << 112n) | 1n],
    ["FD00:0:0:0:0:0:0:1", 6, (0xfd00n << 112n) | 1n],
    ["1:2:3:4:5:6:7:8", 6, 0x00010002000300040005000600070008n],
    ["64:ff9b::192.0.2.33", 6, (0x64ff9bn << 96n) | 0xc0000221n],
    // IPv4-mapped IPv6 is IPv4 to Go.
    ["::ffff:10.1.2.3", 4, 0x0a010203n],
    ["::ffff:a01:203", 4, 0x0a010203n],
  ])("%s", (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });

  test.each([
    "",
    "192.168.30",
    "192.168.30.1.5",
    "192.168.30.1.",
    "192..30.1",
    ".192.168.30",
    "1921.68.30.1",
    "192.168.030.1",
    "192.168.30.256",
    "1.2.3.-4",
    " 1.2.3.4",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4::5:6:7:8",
    "1::2::3",
    ":::",
    "12345::",
    "1.2.3.4::",
    "::1.2.3.4:5",
    "fe80::1%eth0",
    "g::1",
  ])("%j is no address", (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe("parsing networks as Go's net.ParseCIDR", () => {
  test("the address is kept as written, and the network address is the first", () => {
    const written = cidr("192.168.30.77/24");
    expect(formatNetwork(written)).toBe("192.168.30.77/24");
    expect(hasHostBits(written)).toBe(true);
    expect(formatIp(firstAddress(written))).toBe("192.168.30.0");
    expect(formatIp(lastAddress(written))).toBe("192.168.30.255");
    expect(formatNetwork(withoutHostBits(written))).toBe("192.168.30.0/24");
    expect(hasHostBits(cidr("192.168.30.0/24"))).toBe(false);
  });

  test("IPv6", () => {
    const network = cidr("fd00:1:2:3::17/64");
    expect(network.family).toBe(6);
    expect(formatNetwork(network)).toBe("fd00:1:2:3::17/64");
    expect(hasHostBits(network)).toBe(true);
    expect(formatIp(firstAddress(network))).toBe("fd00:1:2:3::");
    expect(formatIp(lastAddress(network))).toBe("fd00:1:2:3:ffff:ffff:ffff:ffff");
    expect(formatNetwork(withoutHostBits(network))).toBe("fd00:1:2:3::/64");
    expect(networkSize(network)).toBe(2 ** 64);
    expect(networkSize(cidr("::/0"))).toBe(2 ** 128);
  });

  test.each(["10.0.0.0/0", "10.0.0.0/32", "::/0", "::/128", "fd00::/064"])("%s parses", (text) => {
    expect(parseCidr(text)).toBeDefined();
  });

  test.each([
    "10.0.0.0",
    "10.0.0.0/",
    "10.0.0.0/33",
    "10.0.0.0/024",
    "10.0.0.0/24/1",
    "10.0.0.0/-1",
    "10.0.0/24",
    "::/129",
    "::/0128",
    "fd00::/a",
    "/24",
  ])("%j is no CIDR", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("formatting as Go's IP.String", () => {
  test.each([
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["FD00:ABCD::", "fd00:abcd::"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["::ffff:192.0.2.33", "192.0.2.33"],
    // Dotted only where the first 80 bits are zero.
    ["2001:db8::ffff:0:0", "2001:db8::ffff:0:0"],
  ])("%s prints as %s", (text, printed) => {
    expect(formatIp(ip(text))).toBe(printed);
  });

  test("a single zero group is not compressed, the longest run is, the first of equal runs", () => {
    expect(formatIp(ip("1:0:2:3:4:5:6:7"))).toBe("1:0:2:3:4:5:6:7");
    expect(formatIp(ip("1:0:0:2:3:0:0:0"))).toBe("1:0:0:2:3::");
    expect(formatIp(ip("1:0:0:2:3:0:0:4"))).toBe("1::2:3:0:0:4");
  });

  test("netmasks", () => {
    expect(netmask(24)).toBe("255.255.255.0");
    expect(netmask(25)).toBe("255.255.255.128");
    expect(netmask(0)).toBe("0.0.0.0");
    expect(netmask(32)).toBe("255.255.255.255");
    expect(netmask(64, 6)).toBe("ffff:ffff:ffff:ffff::");
    expect(prefixMask(6, 0)).toBe(0n);
  });

  test("parsing what is printed gives the address back, in both families", () => {
    const v4 = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }).map((value): IpAddress => ({ family: 4, value }));
    // Below the IPv4-mapped range, which Go reads back as IPv4.
    const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((value): IpAddress => ({ family: 6, value }));
    fc.assert(
      fc.property(fc.oneof(v4, v6), (address) => {
        fc.pre(address.family === 4 || address.value >> 32n !== 0xffffn);
        expect(parseIp(formatIp(address))).toEqual(address);
      }),
    );
  });
});

describe("host numbers", () => {
  test("cidrhost agrees with Terraform's, host bits cleared", () => {
    expect(cidrhost(cidr("192.168.30.77/24"), 3)).toBe("192.168.30.3");
    expect(cidrhost(cidr("10.0.0.0/8"), 65536 + 1)).toBe("10.1.0.1");
    expect(() => cidrhost(cidr("10.0.0.0/26"), 110)).toThrow(RangeError);
    expect(() => cidrhost(cidr("10.0.0.0/26"), 64)).toThrow(RangeError);
    expect(cidrhost(cidr("10.0.0.0/26"), 63)).toBe("10.0.0.63");
  });

  test("negative host numbers count back from the last address, as in Terraform", () => {
    expect(cidrhost(cidr("192.168.30.0/24"), -1)).toBe("192.168.30.255");
    expect(cidrhost(cidr("192.168.30.0/24"), -2)).toBe("192.168.30.254");
    expect(cidrhost(cidr("192.168.30.0/24"), -256)).toBe("192.168.30.0");
    expect(() => cidrhost(cidr("192.168.30.0/24"), -257)).toThrow(RangeError);
    expect(cidrhost(cidr("fd00::/64"), -1)).toBe("fd00::ffff:ffff:ffff:ffff");
  });

  // Each as Terraform 1.11's cidrhost() gives it.
  test("in an IPv6 /64", () => {
    const network = cidr("fd00:1:2:3::/64");
    expect(cidrhost(network, 0)).toBe("fd00:1:2:3::");
    expect(cidrhost(network, 1)).toBe("fd00:1:2:3::1");
    expect(cidrhost(network, 110)).toBe("fd00:1:2:3::6e");
    expect(cidrhost(network, 65536)).toBe("fd00:1:2:3::1:0");
    expect(cidrhost(network, 2 ** 32 + 5)).toBe("fd00:1:2:3:0:1:0:5");
    expect(cidrhost(cidr("fd00:1:2:3::77/64"), 2)).toBe("fd00:1:2:3::2");
    expect(cidrhost(cidr("2001:db8::/32"), 0xffff_0000_0000)).toBe("2001:db8::ffff:0:0");
    expect(cidrhost(cidr("::/0"), 1)).toBe("::1");
    expect(() => cidrhost(cidr("fd00::/120"), 256)).toThrow(RangeError);
  });

  test("go-cidr's Host ORs the number into the network as written, as the installer's defaults use it", () => {
    expect(format(hostOf(cidr("172.22.0.0/24"), 2))).toBe("172.22.0.2");
    expect(format(hostOf(cidr("172.22.0.1/24"), 2))).toBe("172.22.0.3");
    expect(format(hostOf(cidr("fd2e:6f44:5dd8:b856::1/64"), 2))).toBe("fd2e:6f44:5dd8:b856::3");
    expect(hostOf(cidr("172.22.0.0/29"), 10)).toBeUndefined();
    expect(hostOf(cidr("172.22.0.0/29"), 1.5)).toBeUndefined();
  });

  test("past the network's end, offsetAddress names the address the host number would have had", () => {
    expect(formatIp(offsetAddress(cidr("10.0.0.0/26"), 110))).toBe("10.0.0.110");
    expect(formatIp(offsetAddress(cidr("255.255.255.0/24"), 300))).toBe("0.0.0.44");
    expect(formatIp(offsetAddress(cidr("fd00::ff00/120"), 300))).toBe("fd00::1:2c");
  });
});

describe("containment, overlap and order", () => {
  test("contains and isUsableHost", () => {
    const network = cidr("192.168.30.0/24");
    expect(contains(network, ip("192.168.30.200"))).toBe(true);
    expect(contains(network, ip("192.168.31.0"))).toBe(false);
    expect(contains(network, ip("::ffff:192.168.30.1"))).toBe(true);
    expect(isUsableHost(network, "192.168.30.1")).toBe(true);
    expect(isUsableHost(network, "192.168.30.0")).toBe(false);
    expect(isUsableHost(network, "192.168.30.255")).toBe(false);
    expect(isUsableHost(network, "192.168.31.1")).toBe(false);
    expect(isUsableHost(network, "not an address")).toBe(false);
    const v6 = cidr("fd00::/64");
    expect(contains(v6, ip("fd00::abcd"))).toBe(true);
    expect(contains(v6, ip("fd00:0:0:1::"))).toBe(false);
    expect(isUsableHost(v6, "fd00::1")).toBe(true);
    expect(isUsableHost(v6, "fd00::")).toBe(false);
    // No family holds the other's addresses, even where the bits would match.
    expect(contains(cidr("::/0"), ip("10.0.0.1"))).toBe(false);
    expect(contains(cidr("0.0.0.0/0"), ip("::1"))).toBe(false);
  });

  test("overlaps", () => {
    expect(overlaps(cidr("10.0.0.0/8"), cidr("10.20.0.0/16"))).toBe(true);
    expect(overlaps(cidr("10.20.0.0/16"), cidr("10.0.0.0/8"))).toBe(true);
    expect(overlaps(cidr("192.168.30.0/25"), cidr("192.168.30.128/25"))).toBe(false);
    expect(overlaps(cidr("0.0.0.0/0"), cidr("224.0.0.0/3"))).toBe(true);
    expect(overlaps(cidr("fd00::/48"), cidr("fd00:0:0:ff::/64"))).toBe(true);
    expect(overlaps(cidr("fd00::/64"), cidr("fd00:0:0:1::/64"))).toBe(false);
    expect(overlaps(cidr("::/0"), cidr("0.0.0.0/0"))).toBe(false);
  });

  test("Go's byte order: IPv4 sorts as IPv4-mapped IPv6; equality is by family and value", () => {
    expect(compareIp(ip("10.0.0.1"), ip("10.0.0.2"))).toBe(-1);
    expect(compareIp(ip("10.0.0.2"), ip("10.0.0.2"))).toBe(0);
    expect(compareIp(ip("::1"), ip("0.0.0.0"))).toBe(-1);
    expect(compareIp(ip("255.255.255.255"), ip("fd00::"))).toBe(-1);
    expect(sameIp(ip("10.0.0.1"), ip("::ffff:10.0.0.1"))).toBe(true);
    expect(sameIp(ip("::1"), ip("0.0.0.1"))).toBe(false);
  });
});

describe("reverse names under ip6.arpa", () => {
  // A zone is cut between nibbles: the prefix rounded down to a multiple of 4 bits.
  test.each([
    ["fd00:30::/64", "0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa"],
    ["fd00:30::/120", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa"],
    ["fd00:30::/121", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa"],
    ["2001:db8:0:4::/62", "0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"],
    ["2001:db8::/32", "8.b.d.0.1.0.0.2.ip6.arpa"],
    // Host bits are the network's, not the zone's.
    ["fd00:30::5/64", "0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa"],
    ["::/0", "ip6.arpa"],
  ])("%s → %s", (network, zone) => {
    expect(ip6ArpaZone(cidr(network))).toBe(zone);
  });

  test.each([
    ["fd00:30::14", "4.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa"],
    ["2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"],
  ])("%s → %s", (address, name) => {
    expect(ip6ArpaName(ip(address))).toBe(name);
  });
});
