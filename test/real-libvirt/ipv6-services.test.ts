// The support VM's IPv6 services, run for real on a chucky of the test's own: for the committed out/dual-stack and
// out/ipv6-120 (IPv6 only on a /120), the generated radvd.conf, dhcpd6.conf and zones are served by a real radvd,
// ISC dhcpd -6 and named in a namespace host playing the support VM, whose NIC is eth0 as its cloud-init names it, so
// radvd.conf runs unchanged (ipv6-link.ts). Another namespace host plays the hypervisor: chucky's bridge, without
// IPv6 of its own, one port per client. Clients are namespace hosts too: rdisc6 reads the advertisements, and one
// host per node MAC runs dhclient -6 with a DUID-LL (once a DUID-LLT), as RHCOS and the Ironic ramdisk ask. Then dig
// asks named what the zones answer, and the real checkers are shown blind to planted containment faults that the
// test's own assertions catch. Needs no libvirtd: only root, iproute2, radvd, ndisc6, ISC's DHCP server and client,
// and BIND with its tools. Nothing leaves the namespaces, which have no route out. The same services on an applied
// lab's own libvirt bridge: lab-suite.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Inventory } from "../../generator/artefacts/inventory";
import { reverseZoneName } from "../../generator/artefacts/support-services";
import { scratchPrefix } from "../global-state";
import { whenFound } from "../skip";
import { containmentProblems, ipv6ServiceFiles, parseRadvd, ptrName } from "../ipv6-services";
import {
  ChuckyLink,
  chuckyClients,
  linkLocalOf,
  macOfDuid,
  missingIpv6Tool,
  repliesOf,
  words,
  type SupportServices,
} from "./ipv6-link";
import { committedOutput } from "./lab";
import { NamespaceHost, waitFor, type Daemon } from "./namespace-host";

const missing = missingIpv6Tool(["named", "named-checkzone", "dig"]);
const { describe: describeWithTools } = whenFound(missing ?? "", missing === null, {
  requiredBy: process.env["GEN_INFRA_REAL_LIBVIRT"] === "required" ? "GEN_INFRA_REAL_LIBVIRT=required" : undefined,
});

// The committed output, so that what is proven is what the repository holds.
const labs = [
  { name: "out/dual-stack", fixture: "dual-stack" },
  { name: "out/ipv6-120", fixture: "ipv6-120" },
] as const;

/** A committed output folder's files by name. */
function committedFiles(fixture: string): Map<string, string> {
  const folder = committedOutput(fixture);
  return new Map(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name), "utf8")]));
}

describeWithTools.each(labs)("the IPv6 services of $name, served by real daemons", ({ fixture }) => {
  const files = committedFiles(fixture);
  const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
  const a6 = inventory.addresses_v6!;
  const chuckyPrefix = inventory.networks.find((n) => n.name === "chucky")!.cidr_v6!;
  const prefixLength = chuckyPrefix.split("/")[1]!;
  const clients = chuckyClients(inventory.nodes);
  let dir = "";
  let hypervisor: NamespaceHost | undefined;
  let link: ChuckyLink | undefined;
  let services: SupportServices;
  let named: Daemon;
  const getLink = (): ChuckyLink => {
    if (!link) throw new Error("the link did not start: see the error of beforeAll");
    return link;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}ipv6-services-`));
    const bridgeHost = await NamespaceHost.start("hypervisor");
    hypervisor = bridgeHost;
    // chucky's bridge forwards frames and has no IPv6 of its own: nothing but the support VM may advertise.
    await bridgeHost.run(...words("sysctl -q -w net.ipv6.conf.default.disable_ipv6=1"));
    await bridgeHost.run(...words("ip link add chucky type bridge mcast_snooping 0"));
    await bridgeHost.run(...words("ip link set dev chucky up"));
    link = new ChuckyLink(
      {
        attach: async (host, port) => {
          await bridgeHost.run(...words(`ip link add ${port} type veth peer name eth0 netns ${host.netns}`));
          await bridgeHost.run(...words(`ip link set dev ${port} master chucky up`));
        },
      },
      dir,
    );

    services = await link.support(a6.support_host, prefixLength, {
      radvd: files.get("radvd.conf")!,
      dhcpd6: files.get("dhcpd6.conf")!,
    });

    // named as the support VM declares it: the forward zone, the IPv4 reverse zone, and the IPv6 one by the name
    // inventory.json gives it.
    const zones: [string, string][] = [
      [inventory.cluster.base_domain, "forward.zone"],
      [reverseZoneName(inventory), "reverse.zone"],
      [inventory.cluster.reverse_zone_v6!, "reverse6.zone"],
    ];
    for (const [, name] of zones) link.file(name, files.get(name)!);
    const conf = link.file(
      "named.conf",
      [
        "options {",
        `  directory "${dir}";`,
        `  pid-file "${path.join(dir, "named.pid")}";`,
        `  session-keyfile "${path.join(dir, "session.key")}";`,
        `  managed-keys-directory "${dir}";`,
        "  listen-on { none; };",
        `  listen-on-v6 { ${a6.support_host}; };`,
        "  recursion no;",
        "  dnssec-validation no;",
        "  notify no;",
        "};",
        "controls { };",
        ...zones.map(([zone, name]) => `zone "${zone}" { type primary; file "${name}"; };`),
        "",
      ].join("\n"),
    );
    named = services.host.daemon(...words(`named -g -n 1 -c ${conf}`));
    await waitFor("named", named.output, /\brunning$/m);
  });

  afterAll(async () => {
    await link?.stopAll();
    await hypervisor?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("rdisc6 captures one advertiser, the support VM: M and O set, chucky's prefix on-link without SLAAC, a default router", async () => {
    const supportLinkLocal = await linkLocalOf(services.host);
    const advertisements = await getLink().advertisements();
    expect(advertisements.length).toBeGreaterThan(0);
    expect([...new Set(advertisements.map((a) => a.from))]).toEqual([supportLinkLocal]);
    const configured = parseRadvd(files.get("radvd.conf")!);
    for (const advertisement of advertisements) {
      expect(advertisement.fields).toMatchObject({
        "Stateful address conf.": "Yes",
        "Stateful other conf.": "Yes",
        "Router lifetime": String(configured.routerLifetime),
      });
      expect(Number(advertisement.fields["Router lifetime"])).toBeGreaterThan(0);
      expect(advertisement.prefixes).toEqual([{ prefix: chuckyPrefix, onLink: "Yes", autonomous: "No" }]);
    }
    process.stdout.write(
      `real-libvirt ipv6-services ${inventory.cluster.ip_stack}: RA from ${supportLinkLocal}: M=${advertisements[0]!.fields["Stateful address conf."]} O=${advertisements[0]!.fields["Stateful other conf."]} router lifetime ${advertisements[0]!.fields["Router lifetime"]} s, prefix ${advertisements[0]!.prefixes[0]!.prefix} autonomous ${advertisements[0]!.prefixes[0]!.autonomous}\n`,
    );
    expect(services.radvd.output()).not.toMatch(/error|warning/i);
  });

  test("dhclient -6 with a DUID-LL from each node's chucky MAC gets exactly the node's planned address", async () => {
    const leases = await Promise.all(
      clients.map((client) => getLink().askFrom(client, "LL", `ll-${client.node.name}`)),
    );
    const replies = repliesOf(services.dhcpd.output());
    for (const [i, client] of clients.entries()) {
      const lease = leases[i]!;
      expect({ mac: client.mac, addresses: lease.addresses, duid: lease.duid }).toEqual({
        mac: client.mac,
        addresses: [client.planned],
        duid: `00:03:00:01:${client.mac}`,
      });
      // dhcpd's own account: every reply to this MAC's DUID was the planned address.
      const toClient = replies.filter((r) => macOfDuid(r.duid) === client.mac);
      expect(toClient.length).toBeGreaterThan(0);
      expect([...new Set(toClient.map((r) => r.address))]).toEqual([client.planned]);
    }
    process.stdout.write(
      `real-libvirt ipv6-services ${inventory.cluster.ip_stack}, DUID-LL: ${clients.map((c, i) => `${c.node.name} ${c.mac} → ${leases[i]!.addresses.join(",")}`).join("; ")}\n`,
    );
  });

  test("dhclient -6 with a DUID-LLT from master0's MAC gets master0's address too", async () => {
    const master0 = clients[0]!;
    const lease = await getLink().askFrom(master0, "LLT", "llt-master0");
    expect(lease.addresses).toEqual([master0.planned]);
    expect(lease.duid).toMatch(/^00:01:00:01(:[0-9a-f]{2}){4}:/);
    expect(macOfDuid(lease.duid)).toBe(master0.mac);
    const replies = repliesOf(services.dhcpd.output()).filter((r) => r.duid === lease.duid);
    expect(replies.map((r) => r.address)).toContain(master0.planned);
    expect([...new Set(replies.map((r) => r.address))]).toEqual([master0.planned]);
    process.stdout.write(
      `real-libvirt ipv6-services ${inventory.cluster.ip_stack}, DUID-LLT ${lease.duid}: ${master0.node.name} → ${lease.addresses}\n`,
    );
  });

  test("named serves the zones: AAAA of the API and master0, the PTR of master0's IPv6 address", async () => {
    const dig = (...query: string[]) =>
      services.host.run("dig", "+short", "+norecurse", "+time=2", "+tries=1", `@${a6.support_host}`, ...query);
    const cluster = `${inventory.cluster.name}.${inventory.cluster.base_domain}`;
    const master0 = clients[0]!;
    expect(await dig("AAAA", `api.${cluster}`)).toBe(a6.api_vip);
    expect(await dig("AAAA", `api-int.${cluster}`)).toBe(a6.api_int_vip);
    expect(await dig("AAAA", `console.apps.${cluster}`)).toBe(a6.ingress_vip);
    expect(await dig("AAAA", master0.node.hostname)).toBe(master0.planned);
    expect(await dig("-x", master0.planned)).toBe(`${master0.node.hostname}.`);
    expect(await dig("PTR", `${ptrName(a6.support_host)}.`)).toBe(`support.${inventory.cluster.base_domain}.`);
    // An A record only where the nodes have IPv4.
    const ipv4 = master0.node.nics.find((n) => n.purpose === "chucky")!.address;
    expect(await dig("A", master0.node.hostname)).toBe(ipv4 ?? "");
    expect(named.output()).not.toMatch(/out of zone|ignoring/i);
  });

  test("planted faults: the real checkers pass them, the containment assertions do not", async () => {
    const generated = ipv6ServiceFiles(files);
    const zone = inventory.cluster.reverse_zone_v6!;
    const outside = "fd00:99::14";
    const planted = {
      // An AAAA whose PTR name lies outside the reverse zone, and a PTR record outside it.
      forward: `${generated.forward}planted.${inventory.cluster.name} IN AAAA ${outside}\n`,
      reverse6: `${generated.reverse6}${ptrName(outside)}. IN PTR planted.${inventory.cluster.name}.${inventory.cluster.base_domain}.\n`,
      // A fixed-address6 outside the subnet6.
      dhcpd6: `${generated.dhcpd6}\nhost planted {\n  hardware ethernet 52:54:00:a9:6d:7e;\n  fixed-address6 ${outside};\n}\n`,
      // SLAAC on a prefix that is not a /64.
      radvd: generated.radvd
        .replace(chuckyPrefix, chuckyPrefix.replace(/\/\d+$/, "/120"))
        .replace("AdvAutonomous off", "AdvAutonomous on"),
    };
    const checkzone = (name: string, zoneName: string, text: string) =>
      services.host.run("named-checkzone", zoneName, getLink().file(`planted-${name}`, text));
    // Each resolves: exit status 0, or run() throws with the output.
    const forwardCheck = await checkzone("forward.zone", inventory.cluster.base_domain, planted.forward);
    const reverseCheck = await checkzone("reverse6.zone", zone, planted.reverse6);
    expect(reverseCheck).toMatch(/ignoring out-of-zone data/);
    expect(forwardCheck).toMatch(/OK$/);
    expect(reverseCheck).toMatch(/OK$/);
    await services.host.run("dhcpd", "-6", "-t", "-cf", getLink().file("planted-dhcpd6.conf", planted.dhcpd6));
    await services.host.run("radvd", "--configtest", "--config", getLink().file("planted-radvd.conf", planted.radvd));

    expect(containmentProblems({ ...generated, forward: planted.forward })).toEqual([
      `forward.zone: AAAA ${outside} of planted.${inventory.cluster.name}.${inventory.cluster.base_domain} has its PTR name outside ${zone}`,
    ]);
    expect(containmentProblems({ ...generated, reverse6: planted.reverse6 })).toEqual([
      `reverse6.zone: PTR ${ptrName(outside)} lies outside the zone ${zone}`,
    ]);
    expect(containmentProblems({ ...generated, dhcpd6: planted.dhcpd6 })).toEqual([
      `dhcpd6.conf: fixed-address6 of host planted ${outside} lies outside subnet6 ${chuckyPrefix}`,
    ]);
    expect(containmentProblems({ ...generated, radvd: planted.radvd })).toEqual([
      `radvd.conf: SLAAC (AdvAutonomous) on ${chuckyPrefix.replace(/\/\d+$/, "/120")}, which is not a /64`,
    ]);
    // And the files as generated hold.
    expect(containmentProblems(generated)).toEqual([]);
  });
});
