// Spec strings that land in HCL come out as the literal text, never as an interpolation or directive: proven by
// real Terraform evaluating what gen-infra wrote.
import { writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { hclString, hclStringBody } from "../../generator/syntax/hcl";
import { compile, ownOutputNames } from "../../generator/compile";
import { inScratch } from "../helpers";
import { whenFound } from "../skip";
import { findTerraform, plannedResources, runTerraform } from "../../terraform-harness/src";
import { writeOutput } from "../../generator/output/write";

const hostile = [
  'quote " here',
  "back\\slash",
  "${var.nope}",
  "%{ if true }x%{ endif }",
  "$${already}",
  "new\nline\ttab",
  "%%{ and $$$",
  "ends with $",
  "ends with %",
];
const terraform = await findTerraform();
const { test: testWithTerraform } = whenFound("terraform", terraform !== null);
const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function evaluate(outputs: Record<string, string>): Promise<Record<string, unknown>> {
  return inScratch("escape", async (dir) => {
    const body = Object.entries(outputs)
      .map(([name, expression]) => `output "${name}" {\n  value = ${expression}\n}\n`)
      .join("\n");
    writeFileSync(path.join(dir, "main.tf"), `locals {\n  marker = "M"\n}\n\n${body}`);
    await execa(terraform!, ["init", "-input=false"], { cwd: dir, env });
    await execa(terraform!, ["apply", "-input=false", "-auto-approve"], { cwd: dir, env });
    const { stdout } = await execa(terraform!, ["output", "-json"], { cwd: dir, env });
    return Object.fromEntries(
      Object.entries(JSON.parse(stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]),
    );
  });
}

testWithTerraform("hclString and hclStringBody round-trip hostile text through Terraform", async () => {
  const outputs: Record<string, string> = {};
  hostile.forEach((text, i) => {
    outputs[`plain_${i}`] = hclString(text);
    outputs[`beside_interpolation_${i}`] = `"\${local.marker}/${hclStringBody(text)}"`;
  });
  const values = await evaluate(outputs);
  hostile.forEach((text, i) => {
    expect(values[`plain_${i}`]).toBe(text);
    expect(values[`beside_interpolation_${i}`]).toBe(`M/${text}`);
  });
});

testWithTerraform(
  "a spec full of hostile strings generates a configuration that plans, with the strings intact",
  async () => {
    const image = 'images/rhel "8" \\ ${var.x} %{ y }.qcow2';
    const spec = {
      rhel8_image_location: image,
      connection: {
        mode: "uri",
        uri: "qemu+ssh://root@kvm.example.com/system?socket=/run/${x}%{y}",
        ssh_private_key: 'keys/${id}"rsa',
      },
    };
    const { files, findings } = compile(spec, "odd ${name} %{ if }.json");
    if (!files) throw new Error(JSON.stringify(findings));
    const result = await inScratch("hostile", async (dir) => {
      writeOutput(dir, files, { force: false, ownNames: ownOutputNames() });
      expect(readFileSync(path.join(dir, "libvirt.tf"), "utf8")).toContain(
        'keyfile=${pathexpand("keys/$${id}\\"rsa")}',
      );
      return runTerraform(dir);
    });
    if (!result.ok) throw new Error(`${result.step}: ${result.diagnostics}`);
    const volume = plannedResources(result.plan).find((r) => r.address === "libvirt_volume.rhel_volume")!;
    expect(volume.values!.source).toBe(image);
    expect(result.plan.variables!.rhel8_image_location!.value).toBe(image);
  },
);
