// The address and MAC plans are written once (model/address-plan.ts, model/mac.ts): the model evaluates them, and
// the libvirt-0.8 target prints them as the locals of libvirt.tf. Here Terraform evaluates those printed locals for
// several networks and worker counts, and gets every number, address and MAC the model computed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { compile } from "../../generator/compile";
import { evaluate } from "../../generator/model/plan-term";
import { rolesHcl } from "../../generator/targets/libvirt-0.8/roles";
import type { Cluster, ClusterRole, Nic } from "../../generator/model/model";
import {
  addressLocals,
  addressLocalsV6,
  macLocals,
  planLocals,
  stepDefinition,
} from "../../generator/targets/libvirt-0.8/plans";
import { addressPlan } from "../../generator/model/address-plan";
import { findTerraform } from "../../terraform-harness/src";
import { inScratch } from "../helpers";
import { whenFound } from "../skip";

const terraform = await findTerraform();

interface Case {
  readonly chucky: string;
  readonly provision: string;
  readonly workers: number;
  readonly arbiter?: boolean;
  /** Spec keys beside these: the 128-worker case needs worker MAC bases apart from the masters'. */
  readonly spec?: Record<string, unknown>;
  /** An IPv6 stack: its prefixes (the provisioning one where IPv6 is primary), in the plan the same host numbers. */
  readonly v6?: { readonly stack: "v6" | "v4v6" | "v6v4"; readonly chucky: string; readonly provision: string };
}

const cases: readonly Case[] = [
  { chucky: "192.168.30.0/24", provision: "192.168.14.0/24", workers: 2 },
  { chucky: "192.168.7.0/25", provision: "10.9.0.0/25", workers: 0, arbiter: true },
  { chucky: "10.20.0.0/16", provision: "172.22.0.0/23", workers: 60 },
  {
    chucky: "10.1.0.0/20",
    provision: "10.9.0.0/22",
    workers: 128,
    spec: { worker_chucky_mac_base: "52:54:00:a9:6e:", worker_provision_mac_base: "52:54:00:74:dd:" },
  },
  {
    chucky: "192.168.30.0/24",
    provision: "192.168.14.0/24",
    workers: 2,
    v6: { stack: "v4v6", chucky: "fd00:30::/64", provision: "fd00:14::/64" },
  },
  {
    chucky: "10.20.0.0/16",
    provision: "172.22.0.0/23",
    workers: 60,
    v6: { stack: "v6v4", chucky: "fd00:1:2:3::/120", provision: "fd00:14:0:1::100/120" },
  },
  {
    chucky: "10.1.0.0/20",
    provision: "10.9.0.0/22",
    workers: 128,
    spec: { worker_chucky_mac_base: "52:54:00:a9:6e:", worker_provision_mac_base: "52:54:00:74:dd:" },
    v6: { stack: "v6", chucky: "2001:db8:0:30::/120", provision: "fd00:14::/64" },
  },
];

const macBases = [
  "master_provision_mac_base",
  "master_chucky_mac_base",
  "worker_provision_mac_base",
  "worker_chucky_mac_base",
];

function clusterOf(c: Case): Cluster {
  const compiled = compile(
    {
      ocp_version: c.arbiter ? "4.20.0" : "4.14.0",
      chucky_net_addr: c.chucky,
      provision_net_addr: c.provision,
      number_of_workers: c.workers,
      bonding_nic: true,
      ...(c.arbiter ? { arbiter: { memory: 8192, vcpu: 2 } } : {}),
      ...(c.v6 ? { ip_stack: c.v6.stack, chucky_net_addr_v6: c.v6.chucky, provision_net_addr_v6: c.v6.provision } : {}),
      ...c.spec,
    },
    "plans.json",
  );
  if (!compiled.cluster || !compiled.files)
    throw new Error(`case ${JSON.stringify(c)}: ${JSON.stringify(compiled.findings)}`);
  return compiled.cluster;
}

/** A configuration of just the variables the plans read and the locals the target prints. */
function planConfiguration(cluster: Cluster): string {
  const variable = (name: string, type: string) => `variable "${name}" {\n  type = ${type}\n}\n`;
  const roles = rolesHcl(cluster);
  return [
    variable("chucky_net_addr", "string"),
    variable("provision_net_addr", "string"),
    variable("number_of_workers", "number"),
    ...macBases.map((name) => variable(name, "string")),
    ...(cluster.addressesV6
      ? [variable("chucky_net_addr_v6", "string"), variable("provision_net_addr_v6", "string")]
      : []),
    "locals {",
    addressLocals("var.number_of_workers", true),
    ...(cluster.addressesV6
      ? [
          addressLocalsV6("var.number_of_workers", {
            provisioning: cluster.provisioningFamily === 6,
            provisionVm: true,
            fixed: {},
          }),
        ]
      : []),
    ...roles.map((r) => macLocals(r, cluster.masterCount, true)),
    "}",
    "",
  ].join("\n");
}

/** What the model computed for each printed local. */
function expected(cluster: Cluster): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [local, entry] of Object.entries(planLocals))
    values[local] =
      "address" in entry
        ? cluster.addresses[entry.address]
        : evaluate(stepDefinition(entry.step), { workerVms: cluster.workerVms });
  // The IPv6 twins of the address locals, the provisioning ones where that network is IPv6.
  for (const [local, entry] of Object.entries(planLocals)) {
    if (!cluster.addressesV6 || !("address" in entry)) continue;
    if (addressPlan[entry.address].network === "provision" && cluster.provisioningFamily !== 6) continue;
    values[`${local}_v6`] = cluster.addressesV6[entry.address];
  }
  const macsOf = (role: ClusterRole, purpose: Nic["purpose"]) =>
    cluster.nodes
      .filter((n) => n.role === role)
      .flatMap((n) => n.nics.filter((nic) => nic.purpose === purpose).map((nic) => nic.mac));
  for (const r of rolesHcl(cluster)) {
    values[`${r.role}_provision_macs`] = macsOf(r.role, "provisioning");
    values[`${r.role}_chucky_macs`] = macsOf(r.role, "chucky");
    values[`${r.role}_bond_macs`] = macsOf(r.role, "bond port");
  }
  return values;
}

whenFound("terraform", terraform !== null).describe("the plans, evaluated by Terraform", () => {
  const title = (c: Case) =>
    `chucky ${c.chucky}${c.v6 ? ` ${c.v6.chucky}` : ""}, provisioning ${c.provision}` +
    `${c.v6 ? ` ${c.v6.provision}` : ""}, ${c.workers} workers${c.v6 ? `, ip_stack ${c.v6.stack}` : ""}`;
  test.each(cases.map((c) => [title(c), c] as const))("%s", async (_title, c) => {
    const cluster = clusterOf(c);
    const want = expected(cluster);
    const got = await inScratch("plans", async (dir) => {
      writeFileSync(path.join(dir, "main.tf"), planConfiguration(cluster));
      const vars = [
        `chucky_net_addr=${c.chucky}`,
        `provision_net_addr=${c.provision}`,
        `number_of_workers=${c.workers}`,
        ...macBases.map((name) => `${name}=${cluster.spec[name as keyof typeof cluster.spec] as string}`),
        ...(c.v6 ? [`chucky_net_addr_v6=${c.v6.chucky}`, `provision_net_addr_v6=${c.v6.provision}`] : []),
      ].flatMap((v) => ["-var", v]);
      const expression = `jsonencode({ ${Object.keys(want)
        .map((name) => `${name} = local.${name}`)
        .join(", ")} })`;
      const result = await execa(terraform!, ["console", ...vars], {
        cwd: dir,
        input: expression,
        env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
      });
      return JSON.parse(JSON.parse(result.stdout.trim()) as string) as Record<string, unknown>;
    });
    expect(got).toEqual(want);
    // The cases reach past the seed's plan: the range and VIPs moved, and the arbiter's slot is taken.
    expect(Object.keys(got).length).toBeGreaterThan(14);
  });
});
