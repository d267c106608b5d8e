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
import { addressLocals, macLocals, planLocals, stepDefinition } from "../../generator/targets/libvirt-0.8/plans";
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
    "locals {",
    addressLocals("var.number_of_workers"),
    ...roles.map((r) => macLocals(r, cluster.masterCount)),
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
  test.each(cases)("chucky $chucky, provisioning $provision, $workers workers", async (c) => {
    const cluster = clusterOf(c);
    const want = expected(cluster);
    const got = await inScratch("plans", async (dir) => {
      writeFileSync(path.join(dir, "main.tf"), planConfiguration(cluster));
      const vars = [
        `chucky_net_addr=${c.chucky}`,
        `provision_net_addr=${c.provision}`,
        `number_of_workers=${c.workers}`,
        ...macBases.map((name) => `${name}=${cluster.spec[name as keyof typeof cluster.spec] as string}`),
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
