// What docs/ipv6.md says a hypervisor needs for an IPv6 lab, shown on a real libvirtd: libvirt refuses to start a
// network that forwards IPv6 while a host interface has routes learned from router advertisements and its accept_ra
// is not 2 (turning forwarding on would make the kernel flush them), and starts it once accept_ra is 2. The host is a
// sandbox of the test's own (sandbox.ts) whose one uplink is a veth to a namespace host (namespace-host.ts) where
// radvd advertises a prefix and a default router; the network is chucky as the dual-stack lab defines it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Inventory } from "../../generator/artefacts/inventory";
import { cidrhost, parseCidr } from "../../generator/model/ip";
import { scratchPrefix } from "../global-state";
import { words } from "./ipv6-link";
import { committedOutput } from "./lab";
import { NamespaceHost, type Daemon } from "./namespace-host";
import { prerequisitesGateWith } from "./prerequisites";
import { Sandbox, type RunResult } from "./sandbox";

const gate = prerequisitesGateWith(["ip", "sysctl", "radvd"]);

// Names inside namespaces of the test's own cannot meet anyone else's; a suffix still tells runs apart in logs.
const suffix = randomBytes(3).toString("hex");
const UPLINK = `ra${suffix}`;
const NETWORK = `chucky-${suffix}`;
const BRIDGE = `ck${suffix}`;
// Documentation space, apart from chucky's own prefix.
const ADVERTISED_PREFIX = "2001:db8:7a::/64";
const ROUTER_LIFETIME_S = 1800;

/** chucky of the committed dual-stack lab: NAT, an IPv4 and an IPv6 gateway, no DHCP and libvirt's DNS off. */
function chuckyXml(): string {
  const inventory = JSON.parse(
    readFileSync(path.join(committedOutput("dual-stack"), "inventory.json"), "utf8"),
  ) as Inventory;
  const chucky = inventory.networks.find((network) => network.name === "chucky");
  const v4 = chucky?.cidr === undefined ? undefined : parseCidr(chucky.cidr);
  const v6 = chucky?.cidr_v6 ? parseCidr(chucky.cidr_v6) : undefined;
  if (!v4 || !v6) throw new Error("out/dual-stack's inventory.json has no dual-stack chucky");
  return [
    "<network>",
    `  <name>${NETWORK}</name>`,
    "  <forward mode='nat'/>",
    `  <bridge name='${BRIDGE}' stp='on' delay='0'/>`,
    "  <dns enable='no'/>",
    `  <ip family='ipv4' address='${cidrhost(v4, 1)}' prefix='${v4.prefix}'/>`,
    `  <ip family='ipv6' address='${cidrhost(v6, 1)}' prefix='${v6.prefix}'/>`,
    "</network>",
    "",
  ].join("\n");
}

gate.describe("libvirt and a host interface with routes from router advertisements", () => {
  let dir = "";
  let sandbox: Sandbox | undefined;
  let router: NamespaceHost | undefined;
  let radvd: Daemon | undefined;
  const host = (): Sandbox => {
    if (!sandbox) throw new Error("the sandbox did not start: see the error of beforeAll");
    return sandbox;
  };
  const sysctl = (setting: string) => host().run("sysctl", ["-q", "-w", setting]);
  const raRoutes = async () => (await host().run("ip", words(`-6 route show dev ${UPLINK} proto ra`))).stdout.trim();
  const netStart = (): Promise<RunResult> =>
    host().run("virsh", ["-q", "-c", "qemu:///system", "net-start", NETWORK], { okExitCodes: [1] });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}accept-ra-`));
    sandbox = await Sandbox.start();
    router = await NamespaceHost.start("router");
    await router.run(...words(`ip link add eth0 type veth peer name ${UPLINK} netns /proc/${sandbox.initPid}/ns/net`));

    // No duplicate address detection on either side: link-local addresses are usable at once, so the
    // advertisements and the solicitation that asks for one go out without a wait.
    await sysctl("net.ipv6.conf.all.accept_dad=0");
    await sysctl(`net.ipv6.conf.${UPLINK}.accept_dad=0`);
    // Forwarding off until libvirt turns it on, as on a host: the kernel accepts advertisements only then with
    // accept_ra 1.
    await sysctl("net.ipv6.conf.all.forwarding=0");
    await sysctl(`net.ipv6.conf.${UPLINK}.forwarding=0`);
    await sysctl(`net.ipv6.conf.${UPLINK}.accept_ra=1`);

    await router.run(...words("sysctl -q -w net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0"));
    // radvd warns when the interface it advertises on does not forward, as a router's would.
    await router.run(...words("sysctl -q -w net.ipv6.conf.all.forwarding=1"));
    await router.run(...words("ip link set dev eth0 up"));
    const conf = path.join(dir, "radvd.conf");
    writeFileSync(
      conf,
      [
        "interface eth0 {",
        "  AdvSendAdvert on;",
        "  MinRtrAdvInterval 3;",
        "  MaxRtrAdvInterval 4;",
        `  AdvDefaultLifetime ${ROUTER_LIFETIME_S};`,
        `  prefix ${ADVERTISED_PREFIX} { AdvOnLink on; AdvAutonomous on; };`,
        "};",
        "",
      ].join("\n"),
    );
    radvd = router.daemon(...words(`radvd -n -m stderr -C ${conf} -p ${path.join(dir, "radvd.pid")}`));

    await host().run("ip", words(`link set dev ${UPLINK} up`));
    const deadline = Date.now() + 20_000;
    while ((await raRoutes()) === "") {
      if (Date.now() > deadline)
        throw new Error(`${UPLINK} learned no route from radvd within 20 s; radvd said:\n${radvd.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const xml = path.join(dir, "chucky.xml");
    writeFileSync(xml, chuckyXml());
    // The sandbox's mount namespace sees the host's /tmp, where the definition is.
    await host().virsh("net-define", xml);
  }, 90_000);

  afterAll(async () => {
    // The sandbox's shutdown destroys the network, and its tmpfs takes the definition with it.
    await sandbox?.stop();
    await router?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test("with accept_ra 1, net-start fails naming the interface, and its learned routes stay", async () => {
    expect(await raRoutes()).toMatch(/^default via fe80::\S+ /m);
    const result = await netStart();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `error: internal error: Check the host setup: interface ${UPLINK} has kernel autoconfigured IPv6 routes and ` +
          "enabling forwarding\\s+without accept_ra set to 2 will cause the kernel to flush them, breaking networking\\.",
      ),
    );
    expect(await host().virsh("net-list", "--name")).not.toMatch(new RegExp(`^${NETWORK}$`, "m"));
    expect((await host().run("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).stdout.trim()).toBe("0");
    expect(await raRoutes()).not.toBe("");
  });

  test("with accept_ra 2, net-start succeeds, forwarding goes on and the learned routes stay", async () => {
    await sysctl(`net.ipv6.conf.${UPLINK}.accept_ra=2`);
    const result = await netStart();
    expect(result).toMatchObject({ exitCode: 0 });
    expect(await host().virsh("net-list", "--name")).toMatch(new RegExp(`^${NETWORK}$`, "m"));
    expect((await host().run("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).stdout.trim()).toBe("1");
    expect(await raRoutes()).toMatch(/^default via fe80::\S+ /m);

    await host().virsh("net-destroy", NETWORK);
    await host().virsh("net-undefine", NETWORK);
    expect(await host().virsh("net-list", "--all", "--name")).not.toMatch(new RegExp(`^${NETWORK}$`, "m"));
  });
});
