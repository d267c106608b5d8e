// Before any test file loads: give the run a private $TMPDIR and a mark on its processes, so that
// test/global-teardown.ts can tell what the run left behind from what the rest of the machine made meanwhile.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { scratchPrefix, suiteEnv } from "./global-state";

export default function globalSetup(): void {
  const own = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}suite-`));
  // Workers are started after this, and every child inherits the environment: all of them write temporary files
  // into `own`, whatever names they choose, and carry the token that identifies them in /proc.
  process.env[suiteEnv.originalTmpdir] = process.env["TMPDIR"] ?? "";
  process.env[suiteEnv.own] = own;
  process.env[suiteEnv.token] = randomBytes(16).toString("hex");
  process.env["TMPDIR"] = own;
}
