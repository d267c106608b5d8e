// One table holds every release gate: each gate's window reads as the table says, and no module of the generator
// or template compares an OpenShift minor with a number of its own.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../helpers";
import { releaseHas, releases, type ReleaseGate } from "../../generator/releases";

test("every gate starts at a minor release, and one that ends ends after it starts", () => {
  for (const gate of Object.values(releases) as ReleaseGate[]) {
    expect(Number.isInteger(gate.since)).toBe(true);
    if (gate.until !== undefined) expect(gate.until).toBeGreaterThan(gate.since);
  }
});

test.each([
  [{ since: 12 }, 11, false],
  [{ since: 12 }, 12, true],
  [{ since: 12 }, 30, true],
  [{ since: 12, until: 13 }, 11, false],
  [{ since: 12, until: 13 }, 12, true],
  [{ since: 12, until: 13 }, 13, false],
])("%j at 4.%i: %s", (gate, minor, has) => {
  expect(releaseHas(minor, gate)).toBe(has);
});

/** A minor release compared with, or named as, a number written in place: a gate that belongs in the table. */
const numberedGate = /\w*minor\w*\s*(?:[<>]=?|[!=]==?|[:=])\s*\d|\d\s*(?:[<>]=?|[!=]==?)\s*\w*minor/i;

const sources = (folder: string, extension: string): string[] =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(extension))
    .map((file) => path.join(folder, file));

test("no module or template gates on a minor release of its own", () => {
  const found = [...sources("generator", ".ts"), ...sources("templates", ".eta")].flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .flatMap((line, i) => (numberedGate.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});

test.each([
  ["const bonding = ocpMinor >= 10;", true],
  ["if (minor < 12) return;", true],
  ["return 19 <= ocpMinor;", true],
  ["const strictUnknownFieldsMinor = 10;", true],
  ["export const bondingMinMinor = 10;", true],
  ["bonding = local.ocp_minor_version >= 10", true],
  ["const bonding = releaseHas(ocpMinor, releases.bonding);", false],
  ["bonding = local.ocp_minor_version >= <%= it.bondingSince %>", false],
])("the check itself: `%s` gates on a number: %s", (line, gates) => {
  expect(numberedGate.test(line)).toBe(gates);
});
