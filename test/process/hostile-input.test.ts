// The command run by a careless or a hostile user: every mistake in the spec, the paths or the environment is a
// finding with exit 1 that says what was wrong, nothing hangs, and nothing outside the output folder changes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { bin, root } from "../helpers";
import { treeChanges, treeState } from "../tree";

let scratch = "";
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-hostile-"));
  writeFileSync(path.join(scratch, "terraform.tfstate"), '{"version": 4}\n');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const spec = (name: string, text: string | Buffer) => {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
};
const monaco = path.join(root, "fixtures", "monaco.json");

/** Runs the command with a time limit: a hang is a failure too. */
async function run(args: string[]) {
  const before = treeState(scratch);
  const result = await execa("node", [bin, ...args], { cwd: scratch, reject: false, timeout: 20_000 });
  return { ...result, changes: treeChanges(before, treeState(scratch)) };
}

/** Exit 1, the message on stderr, no stack trace, nothing changed on disk. */
function expectFinding(result: Awaited<ReturnType<typeof run>>, message: string | RegExp) {
  expect(result.timedOut).toBe(false);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  if (typeof message === "string") expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.exitCode).toBe(1);
  expect(result.changes).toEqual({});
}

describe("the spec file", () => {
  test("a directory", async () => {
    mkdirSync(path.join(scratch, "dir.json"));
    expectFinding(await run(["dir.json"]), "dir.json: error: dir.json is a directory; a spec must be a regular file");
  });

  test("a FIFO does not hang", async () => {
    execFileSync("mkfifo", [path.join(scratch, "fifo.json")]);
    expectFinding(await run(["fifo.json"]), "fifo.json: error: fifo.json is a FIFO; a spec must be a regular file");
  });

  test("a symlink to /dev/zero is not read at all", async () => {
    symlinkSync("/dev/zero", path.join(scratch, "zero.json"));
    expectFinding(await run(["zero.json"]), "zero.json is a character device; a spec must be a regular file");
  });

  test("an unreadable file (EIO from /proc/self/mem)", async () => {
    symlinkSync("/proc/self/mem", path.join(scratch, "mem.json"));
    expectFinding(await run(["mem.json"]), "mem.json cannot be read or written: an I/O error on the device (EIO)");
  });

  test("a path that does not exist", async () => {
    expectFinding(await run(["missing.json"]), "missing.json: error: missing.json does not exist");
  });

  test("JSON nested 5,000 deep", async () => {
    spec("deep.json", `{"a": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expectFinding(
      await run(["deep.json"]),
      "is nested more than 32 levels deep; a spec is an object of a few levels (at line 1, column",
    );
  });

  test("YAML with more than 100 aliases", async () => {
    spec("aliases.yaml", `x: &x 1\ny: [${Array(101).fill("*x").join(", ")}]\n`);
    expectFinding(await run(["aliases.yaml"]), "uses its aliases more than 100 times; write the values out instead");
  });

  test("a recursive YAML alias", async () => {
    spec("loop.yaml", "existing_networks: &loop [*loop]\n");
    expectFinding(
      await run(["loop.yaml"]),
      "contains itself (a recursive alias); a spec must be a finite tree of values",
    );
  });

  test("YAML nested 5,000 deep", async () => {
    spec("deep.yaml", `a: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    const result = await run(["deep.yaml"]);
    expectFinding(result, /deep.yaml: error: (is nested more than 32 levels deep|is not valid YAML)/);
  });

  test("a key given twice in JSON is an error, not a silent last-one-wins", async () => {
    spec("twice.json", '{\n  "number_of_workers": 3,\n  "number_of_workers": 128\n}\n');
    expectFinding(
      await run(["twice.json"]),
      'gives the key "number_of_workers" twice in one object, at line 3, column 3',
    );
  });

  test("invalid UTF-8 is refused, not replaced with U+FFFD", async () => {
    spec(
      "latin1.json",
      Buffer.concat([Buffer.from('{"rhel8_image_location": "caf'), Buffer.from([0xe9]), Buffer.from('.qcow2"}')]),
    );
    expectFinding(await run(["latin1.json"]), "latin1.json: error: latin1.json is not valid UTF-8 text");
  });

  test("the value of an unknown key is cut, in text and in --json", async () => {
    const secret = "s3cr3t".repeat(1000);
    spec("secrets.json", JSON.stringify({ api_token: secret }));
    const text = await run(["secrets.json"]);
    expectFinding(text, 'secrets.json: error: api_token (given "s3cr3ts3cr3t');
    expect(text.stderr).not.toContain(secret.slice(0, 200));
    const json = await run(["secrets.json", "--json"]);
    expect(json.exitCode).toBe(1);
    expect(json.stdout).not.toContain(secret.slice(0, 200));
    expect(JSON.parse(json.stdout).findings[0].value).toMatch(/\.\.\. \(6000 characters\)$/);
  });

  test("terminal escape codes in keys are printed escaped", async () => {
    spec("escape.json", JSON.stringify({ "\u001b[2J\u001b]0;owned\u0007x": 1 }));
    const result = await run(["escape.json"]);
    expectFinding(result, "\\u001b[2J\\u001b]0;owned\\u0007x");
    expect(result.stderr).not.toContain("\u001b");
  });
});

describe("the output folder", () => {
  test("-o naming a file", async () => {
    expectFinding(
      await run([monaco, "-o", "terraform.tfstate"]),
      "error: terraform.tfstate is a regular file, not a folder",
    );
  });

  test("-o under a file", async () => {
    expectFinding(
      await run([monaco, "-o", "terraform.tfstate/out"]),
      "error: terraform.tfstate is a regular file, not a folder",
    );
  });

  test("-o ''", async () => {
    expectFinding(await run([monaco, "-o", ""]), 'error: --out "" is empty; name the output folder');
  });

  test("-o /proc/self/x does not spin", async () => {
    expectFinding(await run([monaco, "-o", "/proc/self/x"]), "error: cannot create the folder /proc/self/x");
  });

  test("a name too long for the file system", async () => {
    const long = "x".repeat(300);
    expectFinding(
      await run([monaco, "-o", long]),
      `${long} has a name that is too long for the file system (ENAMETOOLONG)`,
    );
  });

  test("a directory where an output file should be is found before anything is written", async () => {
    mkdirSync(path.join(scratch, "out", "support_network_config.cfg"), { recursive: true });
    expectFinding(
      await run([monaco, "-o", "out"]),
      "out/support_network_config.cfg is a directory; gen-infra writes only regular files and will not replace it",
    );
  });

  test("a FIFO at an output name does not hang", async () => {
    mkdirSync(path.join(scratch, "out"));
    execFileSync("mkfifo", [path.join(scratch, "out", "libvirt.tf")]);
    expectFinding(await run([monaco, "-o", "out", "--force"]), "out/libvirt.tf is a FIFO");
  });

  test("a symlink at an output name pointing at the parent's state is refused, and the state kept", async () => {
    mkdirSync(path.join(scratch, "out"));
    symlinkSync("../terraform.tfstate", path.join(scratch, "out", "libvirt.tf"));
    expectFinding(await run([monaco, "-o", "out", "--force"]), "out/libvirt.tf is a symbolic link");
  });

  test("--json reports an environment error as a finding", async () => {
    const result = await run([monaco, "-o", "terraform.tfstate", "--json"]);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      findings: expect.arrayContaining([
        expect.objectContaining({ severity: "error", message: "terraform.tfstate is a regular file, not a folder" }),
      ]),
    });
  });
});
