// The generated HCL is already in `terraform fmt` layout: formatting it would change nothing.
import { execa } from "execa";
import { fixtures } from "../helpers";
import { whenFound } from "../skip";
import { findTerraform } from "../../terraform-harness/src";

const terraform = await findTerraform();
const { test: testWithTerraform } = whenFound("terraform", terraform !== null);

testWithTerraform.each(fixtures.map((f) => [f.name, f] as const))(
  "terraform fmt -check passes on out/%s",
  async (_n, fixture) => {
    const result = await execa(terraform!, ["fmt", "-check", "-diff", fixture.outDir], {
      reject: false,
      env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    });
    expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(0);
  },
);
