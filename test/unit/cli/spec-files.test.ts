// The files a spec names, read beside it: bmc.ca_file resolved against the spec file's folder, and a load error
// naming the key for a file that is missing, not a regular file, too large, not UTF-8, or a CERTIFICATE block that is
// no certificate; what else the text holds is the bmc-ca-file rule's (test/unit/rules/bmc-ca.test.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadSpec } from "../../../generator/cli/load";
import { maxCaFileBytes } from "../../../generator/cli/spec-files";
import { formatPath } from "../../../generator/findings";
import { fixturesDir, scratchFolders } from "../../helpers";

const scratch = scratchFolders("spec-files");
const ca = readFileSync(path.join(fixturesDir, "redfish-ca.pem"), "utf8");

/** A spec in a folder of its own that names `caFile`, with `files` written beside it. */
function specWith(caFile: unknown, files: Record<string, string | Buffer> = {}): string {
  const dir = scratch();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const spec = path.join(dir, "lab.json");
  writeFileSync(spec, JSON.stringify({ architecture: "redfish", bmc: { ca_file: caFile } }));
  return spec;
}

test("the CA file's text, resolved against the spec file's folder, comes beside the raw spec", async () => {
  const loaded = await loadSpec(specWith("certs/ca.pem", { "certs/ca.pem": ca }));
  expect(loaded.ok && loaded.files).toEqual({ bmcCa: ca });
});

test("a spec without ca_file, or with a value the schema will refuse, reads no file", async () => {
  for (const value of [undefined, 7, ""]) {
    const loaded = await loadSpec(specWith(value));
    expect(loaded.ok && loaded.files).toEqual({});
  }
});

test.each([
  ["missing", "none.pem", {}, "none.pem, which does not exist"],
  ["a directory", "certs", { "certs/x": "" }, "which is a directory"],
  ["too large", "big.pem", { "big.pem": "x".repeat(maxCaFileBytes + 1) }, `larger than ${maxCaFileBytes} bytes`],
  ["not UTF-8", "bad.pem", { "bad.pem": Buffer.from([0xff, 0xfe, 0x00]) }, "which is not UTF-8 text"],
  [
    "a broken certificate",
    "broken.pem",
    { "broken.pem": "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n" },
    "holds a CERTIFICATE block that is no X.509 certificate",
  ],
])("a CA file %s is a load error at bmc.ca_file", async (_what, caFile, files, message) => {
  const loaded = await loadSpec(specWith(caFile, files));
  expect(loaded.ok).toBe(false);
  const findings = loaded.ok ? [] : loaded.findings;
  expect(findings.map((f) => [formatPath(f.path), f.value, f.message])).toEqual([
    ["bmc.ca_file", caFile, expect.stringContaining(message)],
  ]);
});
