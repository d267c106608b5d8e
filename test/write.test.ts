// Writing into a folder that is also the user's Terraform working directory.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeOutput } from "../generator/write";
import { contentHash, manifestName, planWrites } from "../generator/manifest";

const files = new Map([
  ["a.tf", "a = 1\n"],
  ["b.tf", "b = 2\n"],
  ["c.cfg", "c\n"],
]);

test("a failure while staging leaves every file as it was, and no temporary file behind", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-write-"));
  writeOutput(dir, files, false);
  const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
  // A directory where the third temporary file must go makes its write fail after two were staged.
  mkdirSync(path.join(dir, `.c.cfg.${process.pid}.tmp`));
  const changed = new Map([...files].map(([name, content]) => [name, `${content}# changed\n`]));
  expect(() => writeOutput(dir, changed, false)).toThrow();
  const after = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.endsWith(".tmp"))
      .map((f) => [f, readFileSync(path.join(dir, f), "utf8")]),
  );
  expect(after).toEqual(before);
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([`.c.cfg.${process.pid}.tmp`]);
});

test("files it no longer generates are removed only when unchanged since it wrote them", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-write-"));
  writeOutput(dir, files, false);
  writeFileSync(path.join(dir, "b.tf"), "b = 3 # mine now\n");
  const result = writeOutput(dir, new Map([["a.tf", "a = 1\n"]]), false);
  expect(result).toMatchObject({ ok: true, removed: [path.join(dir, "c.cfg")] });
  expect(readdirSync(dir).sort()).toEqual([manifestName, "a.tf", "b.tf"].sort());
});

test("planWrites: refuses foreign and edited files, unless forced", () => {
  const previous = { files: { "a.tf": contentHash("a = 1\n") } };
  const current = new Map([
    ["a.tf", "a = 1 # edited\n"],
    ["b.tf", "b = 9\n"],
  ]);
  expect(planWrites(files, current, previous, false).refused).toEqual([
    { file: "a.tf", reason: "was edited since gen-infra wrote it" },
    { file: "b.tf", reason: "exists and was not written by gen-infra" },
  ]);
  expect(planWrites(files, current, previous, true).refused).toEqual([]);
});
