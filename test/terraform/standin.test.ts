// Real Terraform, offline, against the stand-in libvirt provider: the harness
// behind `gen-infra verify` on a small hand-written configuration, plus the
// stand-in's own start-up and shutdown contract. Needs `npm run build` first.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import {
  plannedResources,
  runTerraform,
  summarisePlan,
  terraformAvailable,
  type HarnessFailure,
  type HarnessResult,
} from "../../terraform-harness/src";
import { flat, scratchPrefix, succeeded } from "../helpers";
import { whenFound } from "../skip";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtureDir = path.join(root, "test", "standin-fixture");
const standinDir = path.join(root, "libvirt-provider-standin");
const bundle = path.join(root, "dist", "libvirt-provider-standin.cjs");
const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

const haveTerraform = await terraformAvailable();
let scratch = "";
// Started together in beforeAll: the runs are independent, and each is mostly provider start-up time.
let runs: { full: Promise<HarnessResult>; badVar: Promise<HarnessResult>; broken: Promise<HarnessResult> } | undefined;

/** The runs beforeAll started; a clear failure, not a TypeError, when it could not start them. */
function terraformRuns(): NonNullable<typeof runs> {
  if (!runs) throw new Error("beforeAll did not start the Terraform runs: see its error");
  return runs;
}

function failed(result: HarnessResult): HarnessFailure {
  if (result.ok) throw new Error("expected terraform to fail, but every step passed");
  return result;
}

async function brokenCopy(): Promise<string> {
  const dir = path.join(scratch, "broken");
  await cp(fixtureDir, dir, { recursive: true });
  const main = path.join(dir, "main.tf");
  const text = await readFile(main, "utf8");
  if (!text.includes("  running   = false\n")) throw new Error("fixture changed: no `running = false` line to break");
  await writeFile(main, text.replace("  running   = false\n", "  running   = false\n  bogus_attr = 1\n"));
  return dir;
}

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before these tests`);
  if (!haveTerraform) return;
  scratch = await mkdtemp(path.join(tmpdir(), `${scratchPrefix}standin-test-`));
  runs = {
    full: runTerraform(fixtureDir, { apply: true }),
    badVar: runTerraform(fixtureDir, { vars: { cluster_name: "Not_A_Label" } }),
    broken: brokenCopy().then((dir) => runTerraform(dir)),
  };
});

afterAll(async () => {
  if (runs) await Promise.allSettled(Object.values(runs));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

whenFound("terraform", haveTerraform).describe("terraform with the stand-in provider", () => {
  test("init, validate and plan pass on the fixture", async () => {
    const result = succeeded(await terraformRuns().full);
    expect(result.steps.slice(0, 4).map((s) => s.step)).toEqual(["init", "validate", "plan", "show"]);
    expect(result.terraformVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.plan.terraform_version).toBe(result.terraformVersion);
    expect(result.validateWarnings).toBe("");
  });

  test("the lock file pins dmacvicar/libvirt 0.8.3", async () => {
    const { lockFile } = succeeded(await terraformRuns().full);
    expect(lockFile).toMatch(
      /provider "registry\.terraform\.io\/dmacvicar\/libvirt" \{\s+version\s+=\s+"0\.8\.3"\s+constraints\s+=\s+"0\.8\.3"/,
    );
    expect(lockFile).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
  });

  test("planned domains have the fixed MACs, one NIC from the block and one from the dynamic block", async () => {
    const { plan } = succeeded(await terraformRuns().full);
    const domains = plannedResources(plan)
      .filter((r) => r.type === "libvirt_domain")
      .sort((a, b) => Number(a.index) - Number(b.index));
    expect(domains.map((d) => d.values?.["name"])).toEqual(["lab-node-0", "lab-node-1"]);
    const nics = domains.map((d) => d.values?.["network_interface"] as Record<string, unknown>[]);
    expect(nics.map((list) => list.length)).toEqual([2, 2]);
    expect(nics.map((list) => list.map((nic) => nic["mac"]))).toEqual([
      ["52:54:00:00:00:00", "52:54:00:00:01:00"],
      ["52:54:00:00:00:01", "52:54:00:00:01:01"],
    ]);
    expect(nics[0]?.[1]?.["bridge"]).toBe("br-ext");
    // Schema defaults are planned, as the real SDK does, and running = false is kept.
    expect(domains[0]?.values).toMatchObject({
      running: false,
      memory: 4096,
      type: "kvm",
      boot_device: [{ dev: ["hd", "network"] }],
    });
    expect(domains[0]?.values?.["graphics"]).toEqual([
      { autoport: true, listen_address: "127.0.0.1", listen_type: "address", type: "vnc", websocket: null },
    ]);

    const summary = summarisePlan(plan);
    expect(summary.toAdd).toEqual({
      libvirt_cloudinit_disk: 1,
      libvirt_domain: 2,
      libvirt_network: 1,
      libvirt_volume: 2,
    });
    expect(summary.domains.map((d) => d.macs)).toEqual([
      ["52:54:00:00:00:00", "52:54:00:00:01:00"],
      ["52:54:00:00:00:01", "52:54:00:00:01:01"],
    ]);
  });

  test("the fake parent state feeds the provider URI and the cloud-init key", async () => {
    const result = succeeded(await terraformRuns().full);
    expect(result.remoteState).toEqual([{ name: "ec2_instance", path: "../terraform.tfstate" }]);
    const seed = plannedResources(result.plan).find((r) => r.type === "libvirt_cloudinit_disk");
    expect(String(seed?.values?.["user_data"])).toMatch(
      /hostname: lab-node\n.*\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ gen-infra-verify\n/,
    );
    const network = plannedResources(result.plan).find((r) => r.type === "libvirt_network");
    expect(network?.values?.["dhcp"]).toEqual([{ enabled: false }]);
  });

  test("apply, then a second plan with no changes, then destroy", async () => {
    const { applyFlow } = succeeded(await terraformRuns().full);
    expect(applyFlow?.apply.stdout).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
    expect(applyFlow?.apply.stdout).toMatch(
      /libvirt_cloudinit_disk\.seed: Creation complete after \S+ \[id=\/var\/lib\/libvirt\/images\/lab-seed\.iso;[0-9a-f-]{36}\]/,
    );
    expect(applyFlow?.replan.exitCode).toBe(0);
    expect(applyFlow?.replan.stdout).toContain("No changes.");
    expect(applyFlow?.destroy.stdout).toContain("Destroy complete! Resources: 6 destroyed.");
  });

  test("a -var that breaks the variable's validation fails the plan with its message", async () => {
    const result = failed(await terraformRuns().badVar);
    expect(result.step).toBe("plan");
    expect(flat(result.diagnostics)).toContain("cluster_name must be a short lowercase DNS label.");
    expect(result.steps.map((s) => s.step)).toEqual(["init", "validate", "plan"]);
  });

  test("an argument the provider does not have fails at validate", async () => {
    const result = failed(await terraformRuns().broken);
    expect(result.step).toBe("validate");
    expect(result.diagnostics).toContain("Error: Unsupported argument");
    expect(result.diagnostics).toContain('An argument named "bogus_attr" is not expected here.');
    expect(result.diagnostics).toMatch(/on main\.tf line \d+, in resource "libvirt_domain" "node":/);
  });
});

interface Started {
  child: ReturnType<typeof spawn>;
  exit: Promise<{ code: number | null; stderr: string }>;
  firstLine: Promise<string>;
}

function startStandin(env: Record<string, string>): Started {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith("TF_") && !k.startsWith("PLUGIN_")),
  ) as Record<string, string>;
  const child = spawn(process.execPath, [bundle], { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.slice(0, stdout.indexOf("\n")));
    });
    child.on("exit", () => reject(new Error(`exited before the handshake; stderr: ${stderr}`)));
  });
  firstLine.catch(() => undefined);
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr })),
  );
  return { child, exit, firstLine };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Unary = (
  request: object,
  callback: (err: grpc.ServiceError | null, response?: Record<string, unknown>) => void,
) => void;

function call(client: grpc.Client, method: string, request: object): Promise<Record<string, unknown>> {
  const fn = (client as unknown as Record<string, Unary>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    fn.call(client, request, (err, response) => (err ? reject(err) : resolve(response ?? {}))),
  );
}

describe("the stand-in provider process", () => {
  test("refuses to start without the magic cookie", async () => {
    const { exit } = startStandin({ PLUGIN_PROTOCOL_VERSIONS: "5", TF_DISABLE_PLUGIN_TLS: "1" });
    const { code, stderr } = await withTimeout(exit, 10_000, "the stand-in exiting");
    expect(code).toBe(1);
    expect(stderr).toContain("TF_PLUGIN_MAGIC_COOKIE is missing or wrong");
  });

  test("refuses to start when the client does not offer protocol 5", async () => {
    const { exit } = startStandin({
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_PROTOCOL_VERSIONS: "6",
      TF_DISABLE_PLUGIN_TLS: "1",
    });
    const { code, stderr } = await withTimeout(exit, 10_000, "the stand-in exiting");
    expect(code).toBe(1);
    expect(stderr).toContain("speaks only 5");
  });

  test("prints the handshake, serves the schema, and exits on Shutdown", async () => {
    const started = startStandin({
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_PROTOCOL_VERSIONS: "6,5",
      TF_DISABLE_PLUGIN_TLS: "1",
    });
    try {
      const line = await withTimeout(started.firstLine, 10_000, "the handshake");
      const match = /^1\|5\|tcp\|(127\.0\.0\.1:\d+)\|grpc$/.exec(line);
      expect(match).not.toBeNull();
      const address = match?.[1] ?? "";

      const definition = loadSync(
        [path.join(standinDir, "tfplugin5.proto"), path.join(standinDir, "grpc_controller.proto")],
        { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
      );
      const Provider = grpc.makeGenericClientConstructor(
        definition["tfplugin5.Provider"] as grpc.ServiceDefinition,
        "Provider",
      );
      const Controller = grpc.makeGenericClientConstructor(
        definition["plugin.GRPCController"] as grpc.ServiceDefinition,
        "GRPCController",
      );
      const provider = new Provider(address, grpc.credentials.createInsecure());
      const controller = new Controller(address, grpc.credentials.createInsecure());

      const schema = await call(provider, "GetSchema", {});
      const resources = schema["resource_schemas"] as Record<
        string,
        { block: { block_types: { type_name: string; nesting: string }[] } }
      >;
      expect(Object.keys(resources).sort()).toEqual([
        "libvirt_cloudinit_disk",
        "libvirt_combustion",
        "libvirt_domain",
        "libvirt_ignition",
        "libvirt_network",
        "libvirt_pool",
        "libvirt_volume",
      ]);
      expect(
        resources["libvirt_domain"]?.block.block_types.find((b) => b.type_name === "network_interface")?.nesting,
      ).toBe("LIST");

      await call(controller, "Shutdown", {});
      const { code } = await withTimeout(started.exit, 5_000, "exit after Shutdown");
      expect(code).toBe(0);
      provider.close();
      controller.close();
    } finally {
      if (started.child.exitCode === null) started.child.kill();
    }
  });
});
