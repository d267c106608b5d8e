// A lab on three hypervisors through Terraform and the stand-in provider, in one scratch folder with one init:
// `gen-infra verify` plans it; applied, then generated again with one worker moved, the plan replaces that worker
// alone; with a host retired, it destroys what the host held; with that host gone from the list while the state
// still holds resources there, Terraform refuses to plan.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { prepare, type Prepared } from "../../terraform-harness/src/prepare";
import { removeWorkspace } from "../../terraform-harness/src/workspace";
import { runTerraformVariants, terraformAvailable } from "../../terraform-harness/src";
import { writeOutput } from "../../generator/output/write";
import { ownOutputNames } from "../../generator/compile";
import { nodeKey } from "../../generator/model/model";
import type { Inventory } from "../../generator/artefacts/inventory";
import { bin, flat, inScratch } from "../helpers";
import { compileLab, hypervisor } from "../multi-host";
import { whenFound } from "../skip";

const { test: testWithTerraform } = whenFound("terraform", await terraformAvailable());

interface Change {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after?: { readonly name?: string; readonly network_interface?: readonly { readonly mac?: string }[] };
  };
}
interface Plan {
  readonly resource_changes?: readonly Change[];
  readonly planned_values: { readonly outputs: Record<string, { readonly value: unknown }> };
  readonly configuration: {
    readonly root_module: { readonly resources: readonly { address: string; provider_config_key: string }[] };
  };
}

/** The provider configuration of a change's block, such as libvirt.kvm2: the plan's provider_name has no alias. */
const providerOf = (plan: Plan, change: Change): string | undefined =>
  plan.configuration.root_module.resources.find((r) => r.address === `${change.type}.${change.name}`)
    ?.provider_config_key;

/** The addresses of what the state holds on one host, by the provider configuration each resource records. */
function stateOn(stack: string, host: string): string[] {
  const state = JSON.parse(readFileSync(path.join(stack, "terraform.tfstate"), "utf8")) as {
    resources: {
      mode: string;
      type: string;
      name: string;
      provider: string;
      instances: { index_key?: string | number }[];
    }[];
  };
  return state.resources
    .filter((r) => r.mode === "managed" && r.provider.endsWith(`].${host}`))
    .flatMap((r) =>
      r.instances.map(
        (i) => `${r.type}.${r.name}${i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`}`,
      ),
    );
}

const spec = (hosts: readonly Record<string, unknown>[], placement: Record<string, string> = {}) => ({
  hypervisors: hosts,
  number_of_workers: 4,
  placement,
});
const [kvm1, kvm2, kvm3] = ["kvm1", "kvm2", "kvm3"].map((name) => hypervisor(name));

/** Each cluster node's host, by the name the spec's placement gives it. */
const placementOf = (lab: ReturnType<typeof compileLab>) =>
  Object.fromEntries(
    lab.cluster.nodes
      .filter((n) => n.role !== "support" && n.role !== "provision")
      .map((n) => [nodeKey(n), n.hypervisor]),
  );

/** The resources a plan would create or delete, as "action address". */
const changes = (plan: Plan): string[] =>
  (plan.resource_changes ?? [])
    .filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read"))
    .map((c) => `${c.change.actions.join("+")} ${c.address}`)
    .sort();

testWithTerraform("gen-infra verify plans a lab on three hypervisors", async () => {
  const { files } = compileLab(spec([kvm1!, kvm2!, kvm3!]));
  await inScratch("multi-verify", async (dir) => {
    writeOutput(dir, files, { force: false, ownNames: ownOutputNames() });
    const result = await execa(process.execPath, [bin, "verify", dir], { reject: false });
    expect([result.exitCode, result.stdout]).toEqual([0, expect.stringContaining("validates and plans")]);
    const fmt = await execa("terraform", ["fmt", "-check", "-diff", dir], {
      reject: false,
      env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    });
    expect([fmt.exitCode, fmt.stdout]).toEqual([0, ""]);
  });
});

testWithTerraform("hosts reached through the seed's remote state: gen-infra verify plans every VM", async () => {
  const viaState = (name: string, statePath: string) =>
    hypervisor(name, { connection: { mode: "remote_state", state_path: statePath } });
  const { files } = compileLab(
    spec([viaState("kvm1", "../terraform.tfstate"), viaState("kvm2", "../kvm2/terraform.tfstate"), kvm3!]),
  );
  expect(files.get("libvirt.tf")).toContain('data "terraform_remote_state" "ec2_instance_kvm2"');
  await inScratch("multi-state", async (dir) => {
    writeOutput(dir, files, { force: false, ownNames: ownOutputNames() });
    const result = await execa(process.execPath, [bin, "verify", dir], { reject: false });
    expect([result.exitCode, result.stdout]).toEqual([0, expect.stringContaining("validates and plans")]);
    const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
    for (const node of inventory.nodes) expect(result.stdout).toContain(`  ${node.name}  `);
  });
});

testWithTerraform(
  "each host's capacity holds at plan time: a -var that outgrows one host fails, naming it",
  async () => {
    const sized = (name: string, memory_gib: number) =>
      hypervisor(name, { capacity: { memory_gib, vcpus: 64, disk_gib: 2000 } });
    const lab = compileLab({ hypervisors: [sized("kvm1", 256), sized("kvm2", 64)], number_of_workers: 2 });
    const onKvm2 = lab.cluster.nodes.filter((n) => n.hypervisor === "kvm2");
    expect(onKvm2.map((n) => n.role)).toContain("master");
    // Every master 72 GiB: kvm2's share outgrows its 64 GiB, kvm1's still fits its 256.
    const grown = onKvm2.reduce((sum, n) => sum + (n.role === "master" ? 72 : n.memoryMiB / 1024), 0);
    expect(grown).toBeGreaterThan(64);
    await inScratch("multi-capacity", async (dir) => {
      writeOutput(dir, lab.files, { force: false, ownNames: ownOutputNames() });
      const [given, bigger] = await runTerraformVariants(dir, [{}, { master_resources: '{"memory":73728,"vcpu":4}' }]);
      expect(given!.ok ? "planned" : given!.diagnostics).toBe("planned");
      expect(bigger!.ok).toBe(false);
      if (bigger!.ok) return;
      expect(bigger!.step).toBe("plan");
      expect(flat(bigger!.diagnostics)).toContain(
        `The VMs on kvm2 need ${grown} GiB of memory but kvm2 offers 64: ${grown - 64} short.`,
      );
      expect(flat(bigger!.diagnostics)).not.toContain("The VMs on kvm1 need");
    });
  },
);

testWithTerraform(
  "applied, then moved, retired and removed: each plan touches exactly what it must",
  async () => {
    const first = compileLab(spec([kvm1!, kvm2!, kvm3!]));
    const placed = placementOf(first);
    await inScratch("multi-apply", async (dir) => {
      writeOutput(dir, first.files, { force: false, ownNames: ownOutputNames() });
      const prepared: Prepared = await prepare(dir, {});
      const stack = prepared.workspace.stack;
      const tf = (args: string[]) => execa(prepared.binary, args, { cwd: stack, env: prepared.env, reject: false });
      const ok = async (args: string[]) => {
        const result = await tf(args);
        if (result.exitCode !== 0) throw new Error(`terraform ${args[0]}: ${result.stderr}`);
        return result;
      };
      const generated = (files: ReadonlyMap<string, string>) => {
        for (const [name, text] of files) if (/\.(tf|cfg)$/.test(name)) writeFileSync(path.join(stack, name), text);
      };
      const plan = async (): Promise<Plan> => {
        await ok(["plan", "-input=false", "-no-color", "-out=plan.bin"]);
        return JSON.parse((await ok(["show", "-json", "-no-color", "plan.bin"])).stdout) as Plan;
      };
      try {
        await ok(["init", "-input=false", "-no-color", `-plugin-dir=${prepared.mirror}`]);

        // The first plan: every node on the host the model placed it on, with inventory.json's name and MACs.
        const initial = await plan();
        const inventory = JSON.parse(first.files.get("inventory.json")!) as Inventory;
        const domains = (initial.resource_changes ?? []).filter((c) => c.address.startsWith("libvirt_domain."));
        for (const node of inventory.nodes) {
          const domain = domains.find((c) => c.change.after?.name === node.name)!;
          const host = first.cluster.nodes.find((n) => n.name === node.name)!.hypervisor;
          expect([node.name, providerOf(initial, domain)]).toEqual([node.name, `libvirt.${host}`]);
          const macs = node.nics.filter((nic) => nic.mac && nic.network === "chucky").map((nic) => nic.mac);
          const planned = (domain.change.after?.network_interface ?? []).map((nic) => nic.mac);
          expect(planned.filter((mac) => macs.includes(mac ?? null))).toEqual(macs);
        }
        const names = (role: string) =>
          inventory.nodes
            .filter((n) => n.role === role)
            .sort((a, b) => Number(/\d+$/.exec(a.name)![0]) - Number(/\d+$/.exec(b.name)![0]))
            .map((n) => n.name);
        expect(initial.planned_values.outputs.master_names!.value).toEqual(names("master"));
        expect(initial.planned_values.outputs.worker_names!.value).toEqual(names("worker"));
        await ok(["apply", "-input=false", "-no-color", "-auto-approve", "plan.bin"]);

        // (1) One worker to another host, every other node pinned where it was.
        const [moved, from] = Object.entries(placed).find(
          ([key, host]) => key.startsWith("worker") && host !== "kvm1",
        )!;
        const to = from === "kvm2" ? "kvm3" : "kvm2";
        const index = /\d+$/.exec(moved)![0];
        const pins = { ...placed, [moved]: to };
        generated(compileLab(spec([kvm1!, kvm2!, kvm3!], pins)).files);
        expect(changes(await plan())).toEqual(
          [
            `delete libvirt_domain.worker_domains_${from}["${index}"]`,
            `delete libvirt_volume.worker_volumes_${from}["${index}"]`,
            `create libvirt_domain.worker_domains_${to}["${index}"]`,
            `create libvirt_volume.worker_volumes_${to}["${index}"]`,
          ].sort(),
        );
        await ok(["apply", "-input=false", "-no-color", "-auto-approve", "plan.bin"]);
        const onKvm3 = stateOn(stack, "kvm3");
        expect(onKvm3.length).toBeGreaterThan(0);
        const elsewhere = Object.fromEntries(Object.entries(pins).filter(([, host]) => host !== "kvm3"));

        // (3) kvm3 gone from the list while the state holds its resources: no provider can destroy them.
        generated(compileLab(spec([kvm1!, kvm2!], elsewhere)).files);
        const refused = await tf(["plan", "-input=false", "-no-color"]);
        expect(refused.exitCode).toBe(1);
        expect(flat(refused.stderr)).toContain("Provider configuration not present");
        expect(flat(refused.stderr)).toContain('provider["registry.terraform.io/dmacvicar/libvirt"].kvm3');

        // (2) kvm3 retired: the plan destroys exactly what it holds, and builds its nodes again elsewhere.
        generated(compileLab(spec([kvm1!, kvm2!, hypervisor("kvm3", { retired: true })], elsewhere)).files);
        const retired = await plan();
        const deleted = (retired.resource_changes ?? []).filter((c) => c.change.actions.includes("delete"));
        expect(deleted.map((c) => c.address).sort()).toEqual([...onKvm3].sort());
        for (const c of (retired.resource_changes ?? []).filter((c) => c.change.actions.includes("create")))
          expect([c.address, providerOf(retired, c)]).not.toEqual([c.address, "libvirt.kvm3"]);
      } finally {
        removeWorkspace(prepared.workspace);
      }
    });
  },
  300_000,
);
