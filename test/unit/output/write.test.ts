// Writing into a folder that is also the user's Terraform working directory: the folder is a boundary, and a run
// is one generation even when it is interrupted.
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeOutput, differingFiles, type WriteResult } from "../../../generator/output/write";
import {
  contentHash,
  journalName,
  manifestFor,
  manifestName,
  parseJournal,
  parseManifest,
  planWrites,
  serializeJournal,
  serializeManifest,
} from "../../../generator/output/manifest";
import { treeChanges, treeState } from "../../tree";

const ownNames = ["a.tf", "b.tf", "c.cfg"];
const options = { force: false, ownNames };
const generationA = new Map([
  ["a.tf", "a = 1\n"],
  ["b.tf", "b = 2\n"],
  ["c.cfg", "c\n"],
]);
const generationB = new Map([...generationA].map(([name, content]) => [name, `${content}# generation B\n`]));

let scratch = "";
let dir = "";
beforeEach(() => {
  // The folder sits inside a parent holding the user's state, which no run may touch.
  scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-write-"));
  writeFileSync(path.join(scratch, "terraform.tfstate"), '{"version": 4}\n');
  dir = path.join(scratch, "out");
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const succeeded = (result: WriteResult) => {
  if (!result.ok) throw new Error(`write failed: ${JSON.stringify(result)}`);
  return result;
};
const contents = (folder: string) =>
  Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((f) => [f, readFileSync(path.join(folder, f), "utf8")]),
  );
const expectGeneration = (files: Map<string, string>) =>
  expect(contents(dir)).toEqual(
    Object.fromEntries(
      [...files, [manifestName, serializeManifest(manifestFor(files))] as const].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  );

describe("one generation per run", () => {
  test("writes every file and a manifest that vouches for them", () => {
    const result = succeeded(writeOutput(dir, generationA, options));
    expect(result.written.map((f) => path.basename(f)).sort()).toEqual([...ownNames, manifestName].sort());
    expectGeneration(generationA);
  });

  test("files already as generated are not rewritten", () => {
    succeeded(writeOutput(dir, generationA, options));
    const before = Object.fromEntries(ownNames.map((f) => [f, statSync(path.join(dir, f), { bigint: true })]));
    const changed = new Map([...generationA, ["b.tf", "b = 3\n"]]);
    const result = succeeded(writeOutput(dir, changed, options));
    expect(result.written.map((f) => path.basename(f))).toEqual(["b.tf", manifestName]);
    expect(result.unchanged.map((f) => path.basename(f)).sort()).toEqual(["a.tf", "c.cfg"]);
    for (const name of ["a.tf", "c.cfg"]) {
      const after = statSync(path.join(dir, name), { bigint: true });
      expect([after.ino, after.mtimeNs]).toEqual([before[name]!.ino, before[name]!.mtimeNs]);
    }
    const again = succeeded(writeOutput(dir, changed, options));
    expect(again.written).toEqual([]);
  });

  test("a run killed after staging, before its commit point, leaves the old generation; the next run cleans up", () => {
    succeeded(writeOutput(dir, generationA, options));
    // What such a run leaves: staged files under random names, no journal.
    const leftover = path.join(dir, `.gen-infra-${"ab".repeat(16)}.tmp`);
    writeFileSync(leftover, "half of a new libvirt.tf");
    expect(differingFiles(dir, generationA)).toEqual([]);
    const result = succeeded(writeOutput(dir, generationB, options));
    expect(result.recovered).toBe(false);
    expectGeneration(generationB);
  });

  test("a run killed after its commit point is finished by the next plain run, without --force", () => {
    succeeded(writeOutput(dir, generationA, options));
    // What such a run leaves: the journal, a.tf already moved into place, b.tf and c.cfg still staged, the old
    // manifest (which now contradicts a.tf, and would make a run without the journal refuse it as edited).
    const staged = (name: string) => `.gen-infra-${contentHash(name).slice(7, 39)}.tmp`;
    const journal = {
      files: manifestFor(generationB).files,
      moves: ownNames.map((name) => ({ temporary: staged(name), name })),
      remove: [],
    };
    writeFileSync(path.join(dir, "a.tf"), generationB.get("a.tf")!);
    for (const name of ["b.tf", "c.cfg"]) writeFileSync(path.join(dir, staged(name)), generationB.get(name)!);
    writeFileSync(path.join(dir, journalName), serializeJournal(journal));
    const result = succeeded(writeOutput(dir, generationB, options));
    expect(result.recovered).toBe(true);
    expect(result.written).toEqual([]);
    expectGeneration(generationB);
  });

  test("stale files are removed only when gen-infra wrote them and nobody changed them since", () => {
    succeeded(writeOutput(dir, generationA, options));
    writeFileSync(path.join(dir, "b.tf"), "b = 3 # mine now\n");
    const result = succeeded(writeOutput(dir, new Map([["a.tf", "a = 1\n"]]), options));
    expect(result.removed).toEqual([path.join(dir, "c.cfg")]);
    expect(readdirSync(dir).sort()).toEqual([manifestName, "a.tf", "b.tf"].sort());
  });
});

describe("the folder is a boundary", () => {
  test("manifest entries that are not gen-infra's own names are ignored and reported, whatever their hash", () => {
    succeeded(writeOutput(dir, generationA, options));
    const state = readFileSync(path.join(scratch, "terraform.tfstate"));
    writeFileSync(path.join(scratch, "keep.txt"), "mine\n");
    const hostile = {
      generator: "gen-infra",
      files: {
        ...manifestFor(generationA).files,
        "../terraform.tfstate": contentHash(state),
        "../../../etc/hostname": contentHash(readFileSync("/etc/hostname")),
        "/etc/hostname": contentHash(readFileSync("/etc/hostname")),
        "../keep.txt": contentHash("mine\n"),
      },
    };
    writeFileSync(path.join(dir, manifestName), JSON.stringify(hostile));
    const before = treeState(scratch);
    const result = succeeded(writeOutput(dir, new Map([["a.tf", "a = 1\n"]]), options));
    expect(result.findings.map((f) => f.message)).toEqual(
      ["../terraform.tfstate", "../../../etc/hostname", "/etc/hostname", "../keep.txt"].map(
        (name) =>
          `${path.join(dir, manifestName)} lists ${JSON.stringify(name)}, which is not a file gen-infra writes; the entry was ignored`,
      ),
    );
    const changes = treeChanges(before, treeState(scratch));
    expect(Object.keys(changes).sort()).toEqual(["out/.gen-infra-manifest.json", "out/b.tf", "out/c.cfg"]);
  });

  test("a journal naming files outside the folder is not followed", () => {
    succeeded(writeOutput(dir, generationA, options));
    const hostile = {
      generator: "gen-infra",
      files: { "../terraform.tfstate": contentHash("x") },
      moves: [{ temporary: "../terraform.tfstate", name: "a.tf" }],
      remove: ["../terraform.tfstate"],
    };
    expect(parseJournal(JSON.stringify(hostile), new Set(ownNames))).toBeUndefined();
    writeFileSync(path.join(dir, journalName), JSON.stringify(hostile));
    const before = treeState(scratch);
    const result = succeeded(writeOutput(dir, generationA, options));
    expect(result.findings.map((f) => f.message)).toEqual([
      `${path.join(dir, journalName)} is not a journal gen-infra wrote; it was ignored and removed`,
    ]);
    expect(treeChanges(before, treeState(scratch))).toEqual({
      "out/.gen-infra-journal.json": [expect.any(String), undefined],
    });
  });

  test.each([
    [
      "a symbolic link to the parent's state",
      (file: string) => symlinkSync("../terraform.tfstate", file),
      "a symbolic link",
    ],
    ["a directory", (file: string) => mkdirSync(file), "a directory"],
    ["a FIFO", (file: string) => execFileSync("mkfifo", [file]), "a FIFO"],
  ])("%s at an output name is refused before anything is written, even with --force", (_what, plant, kind) => {
    succeeded(writeOutput(dir, generationA, options));
    rmSync(path.join(dir, "c.cfg"));
    plant(path.join(dir, "c.cfg"));
    const before = treeState(scratch);
    for (const force of [false, true]) {
      const result = writeOutput(dir, generationB, { force, ownNames });
      expect(result.ok).toBe(false);
      expect(result.findings.map((f) => f.message)).toEqual([
        `${path.join(dir, "c.cfg")} is ${kind}; gen-infra writes only regular files and will not replace it`,
      ]);
      expect(treeChanges(before, treeState(scratch))).toEqual({});
    }
  });

  test("a family of names by pattern: a removed member goes, a name outside the pattern stays the user's", () => {
    const script = /^host-[a-z0-9]+\.sh$/;
    const withScripts = { force: false, ownNames: [...ownNames, script] };
    const hosts = (...names: string[]) =>
      new Map([...generationA, ...names.map((name) => [`host-${name}.sh`, `# ${name}\n`] as const)]);
    succeeded(writeOutput(dir, hosts("kvm1", "kvm2"), withScripts));
    writeFileSync(path.join(dir, "host-KVM3.sh"), "mine\n");
    const result = succeeded(writeOutput(dir, hosts("kvm1"), withScripts));
    expect(result.removed).toEqual([path.join(dir, "host-kvm2.sh")]);
    expect(
      readdirSync(dir)
        .filter((f) => f.startsWith("host-"))
        .sort(),
    ).toEqual(["host-KVM3.sh", "host-kvm1.sh"]);
    expect(() => writeOutput(dir, new Map([["host-kvm1.sh.bak", "x"]]), withScripts)).toThrow(
      "not a generated file name",
    );
  });

  test("the output folder path through a file is a finding, not an exception", () => {
    const result = writeOutput(path.join(scratch, "terraform.tfstate", "out"), generationA, options);
    expect(result).toMatchObject({
      ok: false,
      findings: [{ message: `${path.join(scratch, "terraform.tfstate")} is a regular file, not a folder` }],
    });
  });
});

describe("planWrites", () => {
  const previous = { files: { "a.tf": contentHash("a = 1\n") } };
  test.each([
    [
      "foreign and edited files are refused",
      false,
      [
        { file: "a.tf", reason: "was edited since gen-infra wrote it" },
        { file: "b.tf", reason: "exists and was not written by gen-infra" },
      ],
    ],
    ["unless forced", true, []],
  ])("%s", (_what, force, refused) => {
    const current = new Map([
      ["a.tf", "a = 1 # edited\n"],
      ["b.tf", "b = 9\n"],
    ]);
    expect(planWrites(generationA, current, previous, force).refused).toEqual(refused);
  });

  test("a file that already holds the generated content is neither written nor refused", () => {
    const plan = planWrites(generationA, new Map([["b.tf", "b = 2\n"]]), { files: {} }, false);
    expect(plan).toMatchObject({ unchanged: ["b.tf"], refused: [] });
    expect([...plan.write.keys()]).toEqual(["a.tf", "c.cfg"]);
  });

  test("parseManifest keeps only own names with well-formed hashes", () => {
    const text = JSON.stringify({ files: { "a.tf": contentHash("x"), "../a.tf": contentHash("x"), "b.tf": "md5:1" } });
    expect(parseManifest(text, new Set(ownNames))).toEqual({
      files: { "a.tf": contentHash("x") },
      ignored: ["../a.tf", "b.tf"],
    });
    expect(parseManifest("{not json", new Set(ownNames))).toEqual({ files: {}, ignored: [] });
  });
});
