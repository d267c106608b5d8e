// The generated HCL is already in `terraform fmt` layout: formatting it would change nothing.
import { execa } from "execa";
import { fixtures, skipped } from "./helpers";
import { findTerraform } from "../generator/verify/harness";

const terraform = await findTerraform();

test.each(fixtures.map((f) => [f.name, f] as const))("terraform fmt -check passes on out/%s", async (_n, fixture) => {
  if (!terraform) return skipped("terraform", `fmt -check of out/${fixture.name}`);
  const result = await execa(terraform, ["fmt", "-check", "-diff", fixture.outDir], {
    reject: false,
    env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
  });
  expect(result.stdout).toBe("");
  expect(result.exitCode).toBe(0);
});
