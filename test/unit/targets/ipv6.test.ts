// What each address family writes into the HCL, over every fixture: chucky keeps IPv4 and gains its IPv6 prefix in a
// stack with IPv6, the provisioning network (which the agent-based installer's lab has none of) has the primary
// family alone, libvirt's DNS (and with it its dnsmasq, the router advertisements it would send) is off exactly on
// the networks with IPv6, the IPv6 prefixes are variables with validations only in such stacks, and every address
// local, evaluated as Terraform would, is the address inventory.json lists in its family.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixtures, inScratch, parseHcl, readOut, type Fixture, type HclJson } from "../../helpers";
import { whenFound } from "../../skip";
import { compileLab, hypervisor } from "../../multi-host";
import type { Inventory } from "../../../generator/artefacts/inventory";
import { cidrhost, parseCidr } from "../../../generator/model/ip";
import { planLocals } from "../../../generator/targets/libvirt-0.8/plans";

interface Parsed {
  inventory: Inventory;
  libvirt: HclJson;
  vars: HclJson;
  text: string;
  /** The stack's families, the primary first, as inventory.json says them. */
  families: readonly ("ipv4" | "ipv6")[];
}

async function parsed(fixture: Fixture): Promise<Parsed> {
  const inventory = JSON.parse(readOut(fixture, "inventory.json")) as Inventory;
  const text = readOut(fixture, "libvirt.tf");
  const stack = inventory.cluster.ip_stack ?? "v4";
  return {
    inventory,
    libvirt: await parseHcl("libvirt.tf", text),
    vars: await parseHcl("input-vars.tf", readOut(fixture, "input-vars.tf")),
    text,
    families: (stack.match(/v[46]/g) ?? []).map((v) => (v === "v6" ? "ipv6" : "ipv4")),
  };
}

// ---- the locals, evaluated as Terraform evaluates the few functions they use

type Value = number | string | null;

type Node =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: "sum"; readonly left: Node; readonly sign: 1 | -1; readonly right: Node };

/** Tokens of an HCL expression: numbers, names (with dots), punctuation. */
const tokens = (text: string): string[] => text.match(/\d+|[A-Za-z_][\w.]*|[-+(),]/g) ?? [];

/** The expressions the address plan prints: sums of numbers, references and function calls. */
function parseExpression(rest: string[]): Node {
  let node = parseTerm(rest);
  while (rest[0] === "+" || rest[0] === "-") {
    const sign = rest.shift() === "+" ? 1 : -1;
    node = { kind: "sum", left: node, sign, right: parseTerm(rest) };
  }
  return node;
}

function parseTerm(rest: string[]): Node {
  const token = rest.shift()!;
  if (/^\d+$/.test(token)) return { kind: "number", value: Number(token) };
  if (rest[0] !== "(") return { kind: "ref", name: token };
  rest.shift();
  const args: Node[] = [];
  for (;;) {
    args.push(parseExpression(rest));
    const next = rest.shift();
    if (next === ")") return { kind: "call", name: token, args };
    if (next !== ",") throw new Error(`unexpected ${next} in the arguments of ${token}()`);
  }
}

/** Evaluates the locals block's values over the variables' defaults. */
class Evaluator {
  private readonly cache = new Map<string, Value>();
  constructor(
    private readonly locals: Readonly<Record<string, string>>,
    private readonly variables: Readonly<Record<string, Value>>,
  ) {}

  /** A local's value: a literal string, or one expression. */
  local(name: string): Value {
    if (this.cache.has(name)) return this.cache.get(name)!;
    const text = this.locals[name]!;
    const expression = /^\$\{([\s\S]*)\}$/.exec(text)?.[1];
    let value: Value = text;
    if (expression !== undefined) {
      const rest = tokens(expression);
      const node = parseExpression(rest);
      if (rest.length) throw new Error(`unread tokens in ${text}: ${rest.join(" ")}`);
      value = this.evaluate(node);
    }
    this.cache.set(name, value);
    return value;
  }

  private evaluate(node: Node): Value {
    switch (node.kind) {
      case "number":
        return node.value;
      case "sum":
        return Number(this.evaluate(node.left)) + node.sign * Number(this.evaluate(node.right));
      case "ref":
        if (node.name === "null") return null;
        if (node.name.startsWith("var.")) return this.variables[node.name.slice("var.".length)]!;
        return this.local(node.name.slice("local.".length));
      case "call": {
        if (node.name === "try") {
          try {
            return this.evaluate(node.args[0]!);
          } catch {
            return this.evaluate(node.args[1]!);
          }
        }
        const args = node.args.map((arg) => this.evaluate(arg));
        if (node.name === "max") return Math.max(...args.map(Number));
        if (node.name === "cidrhost") return cidrhost(parseCidr(String(args[0]))!, Number(args[1]));
        throw new Error(`no evaluation for ${node.name}()`);
      }
    }
  }
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s", (_name, fixture) => {
  let p: Parsed;
  beforeAll(async () => {
    p = await parsed(fixture);
  });
  const ipv6 = () => p.families.includes("ipv6");
  /** The agent-based installer's lab: no provisioning network, no provision VM. */
  const agent = () => p.inventory.cluster.installer === "agent";
  /** The provisioning network, where there is one, has the primary family. */
  const provisioningV6 = () => !agent() && p.families[0] === "ipv6";
  const network = (name: string): HclJson | undefined => p.libvirt.resource.libvirt_network?.[name]?.[0];

  test("chucky has IPv4 in every stack and IPv6 beside it; the provisioning network, where there is one, its primary family alone", () => {
    expect(network("chucky")!.addresses).toEqual([
      "${var.chucky_net_addr}",
      ...(ipv6() ? ["${var.chucky_net_addr_v6}"] : []),
    ]);
    if (agent()) expect(network("provision")).toBeUndefined();
    else
      expect(network("provision")!.addresses).toEqual([
        provisioningV6() ? "${var.provision_net_addr_v6}" : "${var.provision_net_addr}",
      ]);
  });

  test("libvirt's DNS is off, by the provider's dns block and the XSLT that writes it, exactly where a network has IPv6", () => {
    const off = { dns: [{ enabled: false }], xml: [{ xslt: "${local.dns_off_xslt}" }] };
    const dnsOf = (name: string) => ({ dns: network(name)!.dns, xml: network(name)!.xml });
    const none = { dns: undefined, xml: undefined };
    expect(dnsOf("chucky")).toEqual(ipv6() ? off : none);
    if (!agent()) expect(dnsOf("provision")).toEqual(provisioningV6() ? off : none);
    const xslt = Object.assign({}, ...p.libvirt.locals).dns_off_xslt as string | undefined;
    if (ipv6()) expect(xslt).toContain('<dns enable="no"/>');
    else expect(xslt).toBeUndefined();
  });

  // libvirt refuses a MAC in an IPv6 DHCP host entry, which a NIC's addresses would write.
  test("no NIC carries addresses", () =>
    expect(JSON.stringify(p.libvirt.resource.libvirt_domain)).not.toContain('"addresses"'));

  test("the IPv6 prefixes are variables only where the stack addresses them, each validated as gen-infra checks it", () => {
    const declared = (name: string): HclJson | undefined => p.vars.variable[name]?.[0];
    const chucky = p.inventory.networks.find((n) => n.name === "chucky")!;
    const provision = p.inventory.networks.find((n) => n.name === "provision");
    for (const [name, wanted, cidr, host] of [
      ["chucky_net_addr_v6", ipv6(), chucky.cidr_v6, 111],
      ["provision_net_addr_v6", provisioningV6(), provision?.cidr_v6 ?? "fd00:14::/64", 101],
    ] as const) {
      if (!wanted) {
        expect(declared(name)).toBeUndefined();
        continue;
      }
      expect(declared(name)!.default).toBe(cidr);
      const conditions = (declared(name)!.validation as HclJson[]).map((v) => v.condition as string);
      expect(conditions).toEqual([
        expect.stringContaining(`can(regex("^[0-9a-f:]*:[0-9a-f:]*/`),
        `\${try(cidrsubnet(var.${name}, 0, 0) == var.${name}, false)}`,
        `\${can(cidrhost(var.${name}, ${host}))}`,
      ]);
    }
    // The pod and service networks are install-config.yaml's alone.
    expect([declared("cluster_network_v6"), declared("service_network_v6")]).toEqual([undefined, undefined]);
  });

  test("every address local, evaluated over the variables' defaults, is inventory.json's address in its family", () => {
    const locals: Record<string, string> = Object.assign({}, ...p.libvirt.locals);
    const defaults = Object.fromEntries(
      Object.entries(p.vars.variable as Record<string, HclJson[]>).map(([name, [v]]) => [name, v!.default as Value]),
    );
    const evaluator = new Evaluator(locals, defaults);
    for (const [family, suffix, addresses] of [
      ["ipv4", "", p.inventory.addresses],
      ["ipv6", "_v6", p.inventory.addresses_v6],
    ] as const) {
      const printed = Object.entries(planLocals)
        .filter(([name]) => locals[`${name}${suffix}`] !== undefined)
        .flatMap(([name, entry]) => ("address" in entry ? [[`${name}${suffix}`, entry.address] as const] : []));
      if (family === "ipv6" && !ipv6()) {
        expect(printed).toEqual([]);
        continue;
      }
      // IPv6 prints the provisioning addresses only where the provisioning network is IPv6; the agent lab prints
      // neither them nor the provision VM's, which it has none of: chucky's gateway, DHCP range and VIPs and the
      // support VM's address alone.
      expect(printed.length).toBe(agent() ? 7 : family === "ipv6" && !provisioningV6() ? 8 : 11);
      const listed = new Map(Object.entries(addresses ?? {}));
      expect(Object.fromEntries(printed.map(([local]) => [local, evaluator.local(local)]))).toEqual(
        Object.fromEntries(printed.map(([local, address]) => [local, listed.get(snake(address))])),
      );
    }
  });

  test("the support VM forwards IPv6 where the stack has it, as the nodes' router; the provision VM, where there is one, never", () => {
    const forwarding = /^ {6}net\.ipv6\.conf\.all\.forwarding = 1$/m;
    expect(forwarding.test(readOut(fixture, "support_cloud_init.cfg"))).toBe(ipv6());
    // The agent lab has no provision VM, and so no cloud-init for one.
    if (agent()) expect(existsSync(path.join(fixture.outDir, "provision_cloud_init.cfg"))).toBe(false);
    else expect(forwarding.test(readOut(fixture, "provision_cloud_init.cfg"))).toBe(false);
  });
});

const xsltproc = spawnSync("sh", ["-c", "command -v xsltproc"]).status === 0;

whenFound("xsltproc", xsltproc).test(
  "the XSLT adds <dns enable='no'/> to the network XML the provider writes and keeps the rest, replacing a <dns>",
  async () => {
    const fixture = fixtures.find((f) => f.name === "ipv6")!;
    const xslt = Object.assign({}, ...(await parseHcl("libvirt.tf", readOut(fixture, "libvirt.tf"))).locals)
      .dns_off_xslt as string;
    // What the provider defines for chucky (its newNetworkDef, then the addresses), with a <dns> it never writes.
    const network = [
      "<network>",
      "  <name>chucky</name>",
      "  <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>",
      "  <bridge name='chucky'/>",
      "  <dns enable='yes'/>",
      "  <ip address='192.168.30.1' family='ipv4' prefix='24'></ip>",
      "  <ip address='fd00:30::1' family='ipv6' prefix='64'></ip>",
      "</network>",
    ].join("\n");
    const out = await inScratch("xslt", (dir) => {
      writeFileSync(path.join(dir, "network.xml"), network);
      writeFileSync(path.join(dir, "dns-off.xsl"), xslt.trim());
      return execFileSync("xsltproc", ["--nonet", "dns-off.xsl", "network.xml"], { cwd: dir, encoding: "utf8" });
    });
    expect(out.match(/<dns\b[^>]*>/g)).toEqual(['<dns enable="no"/>']);
    expect(out).not.toMatch(/^<\?xml/);
    for (const kept of [
      "<name>chucky</name>",
      '<bridge name="chucky"/>',
      'address="fd00:30::1"',
      '<port start="1024" end="65535"/>',
    ])
      expect(out).toContain(kept);
  },
);

test("on several hypervisors the IPv6 networks are bridges libvirt only names: no addresses, no DNS setting, no XSLT", async () => {
  const { files } = compileLab({
    hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")],
    ocp_version: "4.16.3",
    ip_stack: "v6v4",
  });
  const text = files.get("libvirt.tf")!;
  const parsed = await parseHcl("libvirt.tf", text);
  const networks = Object.values(parsed.resource.libvirt_network as Record<string, HclJson[]>).map(([n]) => n!);
  expect(networks.length).toBeGreaterThan(0);
  for (const network of networks)
    expect({ mode: network.mode, addresses: network.addresses, dns: network.dns, xml: network.xml }).toEqual({
      mode: "bridge",
      addresses: undefined,
      dns: undefined,
      xml: undefined,
    });
  expect(text).not.toContain("dns_off_xslt");
  // The IPv6 plan is the same: the host preparation gives chucky's bridge the IPv6 gateway.
  expect(Object.assign({}, ...parsed.locals).support_host_ip_v6).toBe("${cidrhost(var.chucky_net_addr_v6, 3)}");
});
