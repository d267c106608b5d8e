// YAML specs, `init`, `show`, and the output options, run as a user runs them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCommand } from "../../run-command";
import { root, scratchFolders } from "../../helpers";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";

// In process, except where the working directory matters (then the built bin, which is also the smoke test).
const run = runCommand;
const scratch = scratchFolders("commands");

test.each([
  [
    "a key given twice",
    "cluster_name: a\nnumber_of_workers: 2\ncluster_name: b\n",
    "line 3, column 1: Map keys must be unique",
  ],
  [
    "a flow sequence left open",
    "cluster_name: lab\nexisting_networks: [\n",
    "line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ],
  ["a tab for indentation", "master_resources:\n\tmemory: 4096\n", "line 2, column 1:"],
])("a YAML spec with %s is rejected with its line and column", async (_what, text, message) => {
  const dir = scratch();
  writeFileSync(path.join(dir, "bad.yaml"), text);
  const result = await run([path.join(dir, "bad.yaml"), "-o", path.join(dir, "out")]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`bad.yaml: error: is not valid YAML at ${message}`);
  expect(existsSync(path.join(dir, "out"))).toBe(false);
});

test("finding paths are the same whether the spec is JSON, YAML or HCL", async () => {
  const dir = scratch();
  writeFileSync(path.join(dir, "s.json"), '{"master_resources": {"memory": "lots"}, "numer_of_workers": 2}');
  writeFileSync(path.join(dir, "s.yaml"), "master_resources:\n  memory: lots\nnumer_of_workers: 2\n");
  writeFileSync(path.join(dir, "s.vars"), 'master_resources = { memory = "lots" }\nnumer_of_workers = 2\n');
  const findings = await Promise.all(
    ["s.json", "s.yaml", "s.vars"].map(async (file) => {
      const loaded = await loadSpec(path.join(dir, file));
      if (!loaded.ok) throw new Error(file);
      return compile(loaded.raw, file).findings.map((f) => [f.path, f.message]);
    }),
  );
  expect(findings[0]).toEqual([
    [
      ["master_resources", "memory"],
      "must be a whole number of MiB from 1024 to 4194304, as a number or a numeric string",
    ],
    [["numer_of_workers"], "is not a known key"],
  ]);
  expect(findings[1]).toEqual(findings[0]);
  expect(findings[2]).toEqual(findings[0]);
});

test("init writes a starter spec for a current release with $schema and every default, refuses to overwrite it, and the spec compiles", async () => {
  const dir = scratch();
  const first = await run(["init"], dir);
  expect(first.exitCode).toBe(0);
  const spec = JSON.parse(readFileSync(path.join(dir, "cluster.json"), "utf8"));
  expect(existsSync(path.resolve(dir, spec.$schema))).toBe(true);
  expect(spec).toMatchObject({
    cluster_name: "ocp4",
    number_of_workers: 3,
    master_resources: { memory: 16384, vcpu: 4 },
    // A supported release on a RHEL 9 provision VM, with UEFI nodes; `{}` keeps the seed's 4.9 lab.
    ocp_version: "4.20.0",
    rhel8_image_location: "rhel9.qcow2",
    firmware: "uefi",
    uefi_loader: "/usr/share/edk2/ovmf/OVMF_CODE.fd",
  });
  writeFileSync(path.join(dir, "cluster.json"), "{}\n");
  const again = await run(["init"], dir);
  expect(again.exitCode).toBe(1);
  expect(again.stderr).toContain("cluster.json already exists; it was left as it is");
  expect(readFileSync(path.join(dir, "cluster.json"), "utf8")).toBe("{}\n");
  expect((await run(["init", "monaco"], dir)).exitCode).toBe(0);
  expect(JSON.parse(readFileSync(path.join(dir, "monaco.json"), "utf8")).cluster_name).toBe("monaco");
  const generated = await run(["monaco.json"], dir);
  expect(generated.exitCode).toBe(0);
  expect(generated.stdout).toBe("wrote 14 files to out/monaco (3 masters, 3 workers, 2 networks, 144 GiB RAM)");
  const installConfig = readFileSync(path.join(dir, "out", "monaco", "install-config.yaml"), "utf8");
  expect(installConfig).toContain('bootMode: "UEFI"');
});

test("show prints every node's NICs and the totals, without colour when piped; --json is inventory.json", async () => {
  const spec = path.join(root, "fixtures", "monaco.json");
  const table = await run(["show", spec]);
  expect(table.exitCode).toBe(0);
  expect(table.stdout).not.toContain("\u001b[");
  for (const name of ["provision", "support", "bmipi-master2", "bmipi-worker5", "52:54:00:a9:6d:05"])
    expect(table.stdout).toContain(name);
  expect(table.stdout).toContain("totals: 192 GiB memory, 56 vCPUs, 1250 GiB virtual disk");
  const json = await run(["show", spec, "--json"]);
  expect(json.stdout + "\n").toBe(readFileSync(path.join(root, "out", "monaco", "inventory.json"), "utf8"));
});

test("--quiet prints nothing on success; --json prints findings and written files", async () => {
  const dir = scratch();
  const spec = path.join(root, "fixtures", "monaco.json");
  const quiet = await run([spec, "-o", path.join(dir, "a"), "--quiet"]);
  expect([quiet.exitCode, quiet.stdout, quiet.stderr]).toEqual([0, "", ""]);
  const json = await run([spec, "-o", path.join(dir, "b"), "--json"]);
  expect(json.stderr).toBe("");
  const report = JSON.parse(json.stdout);
  expect(report).toMatchObject({ ok: true, dir: path.join(dir, "b") });
  expect(report.written).toHaveLength(15);
  expect(report.findings.map((f: { severity: string }) => f.severity)).toEqual(["warning", "note"]);
  const bad = await run([path.join(root, "fixtures", "invalid", "schema-architecture.json"), "--json"]);
  expect(bad.exitCode).toBe(1);
  expect(JSON.parse(bad.stdout)).toMatchObject({
    ok: false,
    findings: [{ severity: "error", path: ["architecture"] }],
  });
});
