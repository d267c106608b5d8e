// The installed command, run as a user runs it: exit codes, messages, what is written and what is not.
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { runBin, runCommand } from "../../run-command";
import { execa } from "execa";
import { bin, root, scratchFolders } from "../../helpers";

// In process, except where the working directory matters (then the built bin, which is also the smoke test).
const run = runCommand;
const scratch = scratchFolders("cli");

test("writes out/<cluster_name> by default, with a one-line summary, and the same bytes every time", async () => {
  const cwd = scratch();
  const spec = path.join(root, "fixtures", "monaco.json");
  const first = await run([spec], cwd);
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toBe("wrote 14 files to out/monaco (3 masters, 6 workers, 2 networks, 192 GiB RAM)");
  const files = readdirSync(path.join(cwd, "out", "monaco")).sort();
  expect(files).toEqual([
    ".gen-infra-manifest.json",
    "README.md",
    "dhcpd.conf",
    "forward.zone",
    "input-vars.tf",
    "install-config.yaml",
    "inventory.json",
    "libvirt.tf",
    "outputs.tf",
    "provision_cloud_init.cfg",
    "provision_network_config.cfg",
    "reverse.zone",
    "support_cloud_init.cfg",
    "support_network_config.cfg",
    "versions.tf",
  ]);
  const before = files.map((f) => readFileSync(path.join(cwd, "out", "monaco", f)));
  expect((await run([spec], cwd)).exitCode).toBe(0);
  expect(files.map((f) => readFileSync(path.join(cwd, "out", "monaco", f)))).toEqual(before);
});

test("the seed's monaco.vars and monaco.json generate the same configuration", async () => {
  const strip = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".tf") || f.endsWith(".cfg"))
      .sort()
      .map((f) => readFileSync(path.join(dir, f), "utf8").replace(/monaco\.(json|vars)/g, "SPEC"));
  expect(strip(path.join(root, "out", "monaco-vars"))).toEqual(strip(path.join(root, "out", "monaco")));
});

test("--check passes on output as written; then names the stale file and exits 1 without writing", async () => {
  const out = scratch();
  const spec = path.join(root, "fixtures", "default.json");
  await run([spec, "-o", out]);
  const fresh = await run([spec, "-o", out, "--check"]);
  expect(fresh.stderr).not.toMatch(/: error: |differs/);
  expect(fresh.stdout).toBe(`${out} is up to date with default.json`);
  expect(fresh.exitCode).toBe(0);
  writeFileSync(path.join(out, "libvirt.tf"), "# edited\n");
  const result = await run([spec, "-o", out, "--check"]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`${path.join(out, "libvirt.tf")} differs from what default.json generates`);
  expect(readFileSync(path.join(out, "libvirt.tf"), "utf8")).toBe("# edited\n");
});

test("leaves files it does not generate alone", async () => {
  const out = scratch();
  writeFileSync(path.join(out, "terraform.tfstate"), "{}");
  mkdirSync(path.join(out, ".terraform"));
  await run([path.join(root, "fixtures", "default.json"), "-o", out]);
  expect(readFileSync(path.join(out, "terraform.tfstate"), "utf8")).toBe("{}");
  expect(existsSync(path.join(out, ".terraform"))).toBe(true);
  expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});

test("a spec over 1 MiB is rejected before it is parsed", async () => {
  const dir = scratch();
  const spec = path.join(dir, "huge.json");
  writeFileSync(spec, `{"cluster_name": "x", "padding": "${"x".repeat(1024 * 1024)}"}`);
  const result = await run([spec, "-o", path.join(dir, "out")]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toBe(`huge.json: error: ${spec} is larger than 1048576 bytes, the most a spec may be`);
  expect(existsSync(path.join(dir, "out"))).toBe(false);
});

test("never overwrites a file it did not write, or one edited since, unless forced", async () => {
  const out = scratch();
  const spec = path.join(root, "fixtures", "default.json");
  writeFileSync(path.join(out, "outputs.tf"), "# mine\n");
  const foreign = await run([spec, "-o", out]);
  expect(foreign.exitCode).toBe(1);
  expect(foreign.stderr).toContain(
    `${path.join(out, "outputs.tf")} exists and was not written by gen-infra; nothing was written (use --force to overwrite it)`,
  );
  expect(readdirSync(out)).toEqual(["outputs.tf"]);

  expect((await run([spec, "-o", out, "--force"])).exitCode).toBe(0);
  const manifest = JSON.parse(readFileSync(path.join(out, ".gen-infra-manifest.json"), "utf8"));
  expect(Object.keys(manifest.files).sort()).toEqual(
    readdirSync(out)
      .filter((f) => !f.startsWith("."))
      .sort(),
  );
  expect((await run([spec, "-o", out])).exitCode).toBe(0); // its own files, unchanged: fine

  writeFileSync(path.join(out, "input-vars.tf"), "# edited\n");
  const edited = await run([spec, "-o", out]);
  expect(edited.exitCode).toBe(1);
  expect(edited.stderr).toContain(`${path.join(out, "input-vars.tf")} was edited since gen-infra wrote it`);
  expect(readFileSync(path.join(out, "input-vars.tf"), "utf8")).toBe("# edited\n");
});

test("--help lists the options with examples; --version prints the package version", async () => {
  const help = await runBin(["--help"]);
  expect(help.exitCode).toBe(0);
  for (const word of ["--out", "--check", "--version", "Examples:"]) expect(help.stdout).toContain(word);
  const version = await runBin(["--version"]);
  expect(version.stdout).toBe(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version);
});

test("a malformed command line is a usage error, not a crash", async () => {
  const result = await runBin([]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("Run gen-infra --help for usage.");
});

test("a JSON spec's run loads neither the YAML library nor the HCL parser: each costs every cold start", async () => {
  const cwd = scratch();
  const result = await execa("node", [bin, path.join(root, "fixtures", "agent-compact.json"), "-o", "out"], {
    cwd,
    env: { NODE_DEBUG: "module" },
    reject: false,
  });
  expect(result.exitCode).toBe(0);
  const loaded = [...result.stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((match) => match[1]!);
  expect(loaded.filter((file) => file.includes("node_modules"))).toEqual([]);
});
