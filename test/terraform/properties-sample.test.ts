// A random sample of accepted specs (test/spec-arbitraries.ts) validates and plans under real Terraform.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { compile, ownOutputNames } from "../../generator/compile";
import type { Connection } from "../../generator/input/spec";
import { inScratch } from "../helpers";
import { whenFound } from "../skip";
import { runTerraform, terraformAvailable } from "../../terraform-harness/src";
import { writeOutput } from "../../generator/output/write";
import { input } from "../spec-arbitraries";

const { test: testWithTerraform } = whenFound("terraform", await terraformAvailable());

/**
 * The file a spec makes Terraform read at plan time that the sample must provide: the uri connection's public key,
 * which a user keeps beside the output. Null when the sample cannot provide it: outside the output folder, where a
 * test must not write, or not a possible file name. Undefined when nothing needs writing: "~/" keys are made by the
 * harness, and so is the remote state.
 */
function fileToProvide(connection: Connection): string | null | undefined {
  // verify gives every remote state a copy of its own, wherever the configuration says it is.
  if (connection.mode === "remote_state") return undefined;
  const key = connection.ssh_public_key;
  if (key === "~" || key.startsWith("~/")) return undefined;
  const normal = path.posix.normalize(key);
  if (path.posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../")) return null;
  if (key.includes("\0") || normal.split("/").some((part) => Buffer.byteLength(part) > 255)) return null;
  return normal;
}

testWithTerraform("a random sample of accepted specs validates and plans under real Terraform", async () => {
  const accepted = fc
    .sample(input, { numRuns: 300, seed: 7 })
    .map(({ raw, source }) => ({ raw, compiled: compile(raw, source) }))
    .filter(({ compiled }) => compiled.files && fileToProvide(compiled.cluster!.spec.connection) !== null);
  // One with a hypervisor section and one with a URI connection, where they exist, then whatever came first.
  const picks = [
    accepted.find(({ compiled }) => compiled.cluster!.spec.hypervisor),
    accepted.find(({ compiled }) => compiled.cluster!.spec.connection.mode === "uri"),
  ].filter((pick) => pick !== undefined);
  for (const candidate of accepted) if (picks.length < 3 && !picks.includes(candidate)) picks.push(candidate);
  expect(picks).toHaveLength(3);
  // Settled, not Promise.all: a failed run must not leave the others running past the end of the test.
  const results = await Promise.allSettled(
    picks.map(({ raw, compiled }) =>
      inScratch("random", async (dir) => {
        writeOutput(dir, compiled.files!, { force: false, ownNames: ownOutputNames() });
        const key = fileToProvide(compiled.cluster!.spec.connection);
        if (key) {
          mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
          writeFileSync(
            path.join(dir, key),
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVuLWluZnJhLXByb3BlcnR5LXRlc3Qta2V5 sample\n",
          );
        }
        const result = await runTerraform(dir);
        if (!result.ok) throw new Error(`${JSON.stringify(raw)}\n${result.step}: ${result.diagnostics}`);
      }),
    ),
  );
  for (const result of results) if (result.status === "rejected") throw result.reason;
});
