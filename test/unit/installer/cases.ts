// The installer's own test cases, as fixtures/installer holds them: each case an install-config (its header names
// the case), and expected.json with what the installer reports for it. `findings` is installerErrors' share;
// `hostCounts`, where a case has it, is hostCountErrors' (the installer reports both; the other cases' replicas were
// never meant to match their hosts).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parse } from "yaml";
import type { BaremetalInstallConfig } from "../../../generator/installer/install-config-types";
import { formatFieldError, type FieldError } from "../../../generator/installer/errors";

const folder = fileURLToPath(new URL("../../../fixtures/installer/", import.meta.url));

interface Expectation {
  /** The release line whose installer reports this, "4.14". */
  readonly release: `${number}.${number}`;
  readonly source: string;
  readonly note?: string;
  readonly findings: readonly FieldError[];
  readonly hostCounts?: readonly FieldError[];
}

export const expected = JSON.parse(readFileSync(path.join(folder, "expected.json"), "utf8")) as Record<
  string,
  Expectation
>;
// The agent-based installer's cases have a folder of their own (agent.test.ts).
export const caseFiles = readdirSync(folder, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== "expected.json")
  .map((entry) => entry.name)
  .sort();

// Fixtures hold what a user could write, including values outside the types: the rules must read them anyway. Each
// is of the baremetal platform.
export const load = (file: string) => parse(readFileSync(path.join(folder, file), "utf8")) as BaremetalInstallConfig;
export const lines = (errors: readonly FieldError[]) => errors.map(formatFieldError).sort();

/** Each case with an expectation: its file, its release and what the installer reports. */
export const table = caseFiles
  .filter((file) => file in expected)
  .map((file) => [file, expected[file]!.release, expected[file]!] as const);
