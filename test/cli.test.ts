// The installed command, run as a user runs it: exit codes, messages, what is written and what is not.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { bin, fixtures, root } from "./helpers";

const run = (args: string[], cwd = root) => execa("node", [bin, ...args], { cwd, reject: false });
const scratch = () => mkdtempSync(path.join(tmpdir(), "gen-infra-cli-"));

test.each(fixtures.map((f) => [f.name, f] as const))("committed out/%s is what the spec generates (--check)", async (_n, fixture) => {
  const result = await run([fixture.file, "-o", fixture.outDir, "--check"]);
  expect(result.stderr).not.toMatch(/: error: |differs/);
  expect(result.stdout).toBe(`${fixture.outDir} is up to date with ${path.basename(fixture.file)}`);
  expect(result.exitCode).toBe(0);
});

test("writes out/<cluster_name> by default, with a one-line summary, and the same bytes every time", async () => {
  const cwd = scratch();
  const spec = path.join(root, "fixtures", "monaco.json");
  const first = await run([spec], cwd);
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toBe("wrote 8 files to out/monaco (3 masters, 6 workers, 2 networks, 192 GiB RAM)");
  const files = readdirSync(path.join(cwd, "out", "monaco")).sort();
  expect(files).toEqual([
    "input-vars.tf", "libvirt.tf", "outputs.tf", "provision_cloud_init.cfg", "provision_network_config.cfg",
    "support_cloud_init.cfg", "support_network_config.cfg", "versions.tf",
  ]);
  const before = files.map((f) => readFileSync(path.join(cwd, "out", "monaco", f)));
  expect((await run([spec], cwd)).exitCode).toBe(0);
  expect(files.map((f) => readFileSync(path.join(cwd, "out", "monaco", f)))).toEqual(before);
});

test("the seed's monaco.vars and monaco.json generate the same configuration", async () => {
  const strip = (dir: string) => readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f), "utf8").replace(/monaco\.(json|vars)/g, "SPEC"));
  expect(strip(path.join(root, "out", "monaco-vars"))).toEqual(strip(path.join(root, "out", "monaco")));
});

test("--check names the stale file and exits 1 without writing", async () => {
  const out = scratch();
  const spec = path.join(root, "fixtures", "default.json");
  await run([spec, "-o", out]);
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

const badSpecs: [string, string, RegExp][] = [
  ['{"numer_of_workers": 4}', "numer_of_workers", /is not a known key\n\s+fix: did you mean "number_of_workers"\?/],
  ['{"number_of_workers": 200}', "number_of_workers (given 200)", /must be a whole number from 0 to 128/],
  ['{"architecture": "ipmi"}', 'architecture (given "ipmi")', /must be "vbmc" or "redfish"/],
  ['{"master_chucky_mac_base": "52:54:00:A9:6D:7"}', "master_chucky_mac_base", /lower-case hex digits/],
  ['{"worker_resources": {"memory": "16 GiB"}}', "worker_resources.memory", /whole number of MiB/],
  ['{"chucky_net_addr": "192.168.30.0/26"}', "chucky_net_addr", /too small: the ingress VIP is host 110, which needs a \/25 or larger network/],
  ['{"chucky_net_addr": "192.168.30.5/24"}', "chucky_net_addr", /host bits set/],
  ['{"provision_net_addr": "192.168.30.0/25"}', "provision_net_addr", /overlaps chucky_net_addr/],
  ['{"connection": {"mode": "ssh"}}', "connection.mode", /must be "remote_state" or "uri"/],
  ['{"connection": {"mode": "uri"}}', "connection.uri", /is required: must be a libvirt qemu URI/],
  ['{"number_of_workers": 3,}', "", /is not valid JSON at line 1, column 25/],
  ["[1, 2]", "", /the spec must be an object/],
];

test.each(badSpecs)("rejects %s naming %s, exit 1, nothing written", async (text, key, message) => {
  const dir = scratch();
  const spec = path.join(dir, "bad.json");
  writeFileSync(spec, text);
  const result = await run([spec, "-o", path.join(dir, "out")]);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr.startsWith(`bad.json: error: ${key}`)).toBe(true);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user's mistake
  expect(existsSync(path.join(dir, "out"))).toBe(false);
});

test("--help lists the options with examples; --version prints the package version", async () => {
  const help = await run(["--help"]);
  expect(help.exitCode).toBe(0);
  for (const word of ["--out", "--check", "--version", "Examples:"]) expect(help.stdout).toContain(word);
  const version = await run(["--version"]);
  expect(version.stdout).toBe(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version);
});

test("a malformed command line is a usage error, not a crash", async () => {
  const result = await run([]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("Run gen-infra --help for usage.");
});
