// Which host preparation scripts a lab gets: one per hypervisor in use when its networks are stretched over
// several, each naming the others as peers, the gateway's with chucky's gateway; none on one host.
import { hostPreparationFilePattern } from "../../../generator/artefacts/host-preparations";
import { compileLab, hypervisor } from "../../multi-host";

const scriptsOf = (spec: Record<string, unknown>) =>
  new Map([...compileLab(spec).files].filter(([name]) => name.startsWith("host-preparation-")));

/** The flood entries' destinations a script keeps, in order. */
const peersIn = (script: string) => [...script.matchAll(/^flood_to '[^']+' '([^']+)'/gm)].map((m) => m[1]);
const vxlanLines = (script: string) => script.split("\n").filter((line) => line.startsWith("vxlan_up "));

test("a lab on one host has none", () => {
  expect([...scriptsOf({ hypervisors: [hypervisor("kvm1")] }).keys()]).toEqual([]);
});

test("two hosts: one script each, peers each other, the same VXLAN per network, the gateway's routes chucky", () => {
  const scripts = scriptsOf({ hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")] });
  expect([...scripts.keys()]).toEqual(["host-preparation-kvm1.sh", "host-preparation-kvm2.sh"]);
  for (const name of scripts.keys()) expect(name).toMatch(hostPreparationFilePattern);
  const [gateway, other] = [scripts.get("host-preparation-kvm1.sh")!, scripts.get("host-preparation-kvm2.sh")!];
  expect(peersIn(gateway)).toEqual(["198.51.100.2", "198.51.100.2"]);
  expect(peersIn(other)).toEqual(["198.51.100.1", "198.51.100.1"]);
  // chucky and provision each have their own VNI, the same on both hosts; the MTU is 1500 less VXLAN's 50.
  const devices = (script: string) => vxlanLines(script).map((line) => line.split(" ").slice(1, 3).join(" "));
  expect(devices(gateway)).toEqual(devices(other));
  expect(new Set(devices(gateway)).size).toBe(2);
  for (const line of [...vxlanLines(gateway), ...vxlanLines(other)]) expect(line).toMatch(/ 1450$/);
  expect(gateway).toContain("'192.168.30.1/24'");
  expect(gateway).toMatch(/masquerade/);
  expect(other).not.toContain("192.168.30.1");
  expect(other).not.toMatch(/masquerade/);
});

test("a retired host gets no script and is no one's peer", () => {
  const scripts = scriptsOf({
    hypervisors: [hypervisor("kvm1"), hypervisor("kvm2"), hypervisor("kvm3", { retired: true })],
  });
  expect([...scripts.keys()]).toEqual(["host-preparation-kvm1.sh", "host-preparation-kvm2.sh"]);
  for (const script of scripts.values()) expect(script).not.toContain("198.51.100.3");
});

test("two labs on the same hosts (name_prefix) stretch their networks with different VNIs", () => {
  const vnis = (spec: Record<string, unknown>) =>
    vxlanLines(scriptsOf(spec).get("host-preparation-kvm1.sh")!).map((line) => line.split(" ")[2]);
  const hosts = [hypervisor("kvm1"), hypervisor("kvm2")];
  const [a, b] = [vnis({ hypervisors: hosts }), vnis({ hypervisors: hosts, name_prefix: "lab2-" })];
  expect(a.filter((vni) => b.includes(vni))).toEqual([]);
});

test("dual stack: the gateway host routes chucky's IPv6 too, without NAT, as libvirt routes it on one host", () => {
  const scripts = scriptsOf({ hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")], ip_stack: "v4v6" });
  const gateway = scripts.get("host-preparation-kvm1.sh")!;
  expect(gateway).toContain("ip addr replace '192.168.30.1/24' dev 'chucky'");
  expect(gateway).toContain("ip addr replace 'fd00:30::1/64' dev 'chucky'");
  expect(gateway).toContain("sysctl -w net.ipv6.conf.all.forwarding=1");
  expect(gateway).toContain("\t\tip6 saddr fd00:30::/64 accept");
  const masquerades = gateway.split("\n").filter((line) => line.includes("masquerade") && !line.startsWith("#"));
  expect(masquerades).toEqual(["\t\tip saddr 192.168.30.0/24 ip daddr != 192.168.30.0/24 masquerade"]);
  expect(scripts.get("host-preparation-kvm2.sh")).not.toContain("fd00:30::1");
});
