// The pure parts of verify's seal: what it refuses, which files it copies,
// the environment Terraform gets, where scratch folders may go. No Terraform needed.
import { parse } from "@cdktf/hcl2json";
import { nativeString, templateLiteral } from "../../../terraform-harness/src/hcl-strings";
import type { Json } from "../../../terraform-harness/src/hcl-json";
import type { ModuleDir } from "../../../terraform-harness/src/module-tree";
import { isOverrideFile, refusalsIn, remoteStateBlocks, type ParsedFile } from "../../../terraform-harness/src/policy";
import { fileReferences, imagePath } from "../../../terraform-harness/src/references";
import { climbTo, overrideText } from "../../../terraform-harness/src/remote-state";
import { terraformEnvironment } from "../../../terraform-harness/src/sealed-env";
import { scratchParentProblem } from "../../../terraform-harness/src/workspace";
import { generated } from "../../sealed-helpers";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

async function parsed(name: string, text: string): Promise<ParsedFile> {
  return { name, body: (await parse(name, text)) as Json };
}

const messages = async (text: string, dir = "") => refusalsIn(await parsed("x.tf", text), dir).map((r) => r.message);

async function generatedModule(): Promise<ModuleDir> {
  const names = readdirSync(generated).filter((n) => n.endsWith(".tf"));
  return {
    dir: "",
    files: await Promise.all(names.map((n) => parsed(n, readFileSync(path.join(generated, n), "utf8")))),
  };
}

describe("HCL string literals as hcl2json keeps them", () => {
  test("a JSON-syntax template is literal only without interpolations or directives", () => {
    expect(templateLiteral('img/"odd" $${x} %%{y}.qcow2')).toBe('img/"odd" ${x} %{y}.qcow2');
    expect(templateLiteral("${var.x}/y")).toBeNull();
    expect(templateLiteral("%{ if true }y%{ endif }")).toBeNull();
  });

  test("a native literal splits into text and interpolations, escapes decoded", () => {
    const source = 'f("${path.module}/a \\"q\\" $${x} %%{y}\\u00e9.cfg", 1)';
    expect(nativeString(source, 2)).toEqual({
      parts: [{ interpolation: "path.module" }, { text: '/a "q" ${x} %{y}é.cfg' }],
      end: source.indexOf(", 1"),
    });
    expect(nativeString('"${lookup({a = "}"}, "a")}/x"', 0)?.parts).toEqual([
      { interpolation: 'lookup({a = "}"}, "a")' },
      { text: "/x" },
    ]);
    expect(nativeString('"%{ if x }y%{ endif }"', 0)).toBeNull();
  });
});

describe("the policy", () => {
  test("gen-infra's own output has nothing to refuse, and one remote state of the generated form", async () => {
    const module = await generatedModule();
    expect(module.files.flatMap((f) => refusalsIn(f, ""))).toEqual([]);
    expect(module.files.flatMap((f) => remoteStateBlocks(f, ""))).toEqual([
      { module: "", name: "ec2_instance", configuredPath: "../terraform.tfstate" },
    ]);
  });

  test.each([
    ['terraform {\n  backend "local" {}\n}\n', 'terraform { backend "local" }'],
    ['terraform {\n  backend "s3" {\n    bucket = "b"\n  }\n}\n', 'terraform { backend "s3" }'],
    ['terraform {\n  cloud {\n    organization = "o"\n  }\n}\n', "terraform { cloud }"],
    ['module "m" {\n  source = "git::https://example.invalid/x.git"\n}\n', "is not a local path"],
    ['module "m" {\n  source = "registry.terraform.io/a/b/c"\n}\n', "is not a local path"],
    ['module "m" {\n  source = "s3::https://example.invalid/b/x.zip"\n}\n', "is not a local path"],
    ['module "m" {\n  source = "/abs/module"\n}\n', "is not a local path"],
    ['module "m" {\n  source = "./a/../../b"\n}\n', "leads out of the folder"],
    [
      'resource "null_resource" "r" {\n  provisioner "remote-exec" {\n    inline = ["x"]\n  }\n}\n',
      'provisioner "remote-exec"',
    ],
    [
      'removed {\n  from = terraform_data.x\n  provisioner "local-exec" {\n    when    = destroy\n    command = "x"\n  }\n}\n',
      "removed block",
    ],
    ['data "terraform_remote_state" "r" {\n  backend = "s3"\n  config = {}\n}\n', 'backend "s3"'],
    ['data "terraform_remote_state" "r" {\n  backend = var.b\n  config = {}\n}\n', 'backend "${var.b}" is not'],
    [
      'data "terraform_remote_state" "r" {\n  backend   = "local"\n  workspace = "w"\n  config = {\n    path = "x"\n  }\n}\n',
      "also sets workspace",
    ],
    [
      'data "terraform_remote_state" "r" {\n  backend = "local"\n  config = {\n    path          = "x"\n    workspace_dir = "/y"\n  }\n}\n',
      "not just { path = ... }",
    ],
  ])("refuses %j", async (text, reason) => {
    const found = await messages(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(reason);
  });

  test("a local module inside the folder is accepted", async () => {
    expect(await messages('module "m" {\n  source = "./modules/m"\n}\n')).toEqual([]);
    expect(await messages('module "m" {\n  source = "../sibling"\n}\n', "modules/m")).toEqual([]);
  });

  test("override files are named as Terraform names them", () => {
    expect(["override.tf", "x_override.tf", "override.tf.json"].map(isOverrideFile)).toEqual([true, true, true]);
    expect(["overrides.tf", "x-override.tf", "libvirt.tf"].map(isOverrideFile)).toEqual([false, false, false]);
  });
});

describe("what is copied", () => {
  test("gen-infra's output: its templates; the key named by the state is not a folder file", async () => {
    const module = await generatedModule();
    expect(fileReferences([module])).toEqual({
      folder: [
        "provision_cloud_init.cfg",
        "provision_network_config.cfg",
        "support_cloud_init.cfg",
        "support_network_config.cfg",
      ],
      home: [],
    });
    expect(imagePath([module], {})).toBe("rhel8.qcow2");
    expect(imagePath([module], { rhel8_image_location: "/var/lib/libvirt/images/x.qcow2" })).toBeNull();
    expect(imagePath([module], { rhel8_image_location: "https://example.invalid/x.qcow2" })).toBeNull();
    expect(imagePath([module], { rhel8_image_location: "../x.qcow2" })).toBeNull();
  });

  test("paths in the folder, in HOME, computed, absolute and climbing out", async () => {
    const module: ModuleDir = {
      dir: "mods/a",
      files: [
        await parsed(
          "mods/a/main.tf",
          [
            "locals {",
            '  a = file("${path.module}/keys/id \\"1\\".pub")',
            '  b = templatefile("${path.root}/t.cfg", {})',
            '  c = file(pathexpand("~/.ssh/id_ed25519.pub"))',
            '  d = file("../${local.x}")',
            '  e = file("/etc/hostname")',
            '  f = file("../../../outside")',
            '  g = filebase64("plain.bin")',
            '  h = "qemu+ssh://h/system?keyfile=${pathexpand("~/.ssh/id_rsa")}"',
            "}",
          ].join("\n"),
        ),
      ],
    };
    expect(fileReferences([module])).toEqual({
      folder: ['mods/a/keys/id "1".pub', "plain.bin", "t.cfg"],
      home: [".ssh/id_ed25519.pub", ".ssh/id_rsa"],
    });
  });
});

describe("the remote state override", () => {
  test("climbTo lands on the absolute path from any directory once cleaned", () => {
    const target = "/tmp/gen-infra-verify-x/.harness/state/0/ssh.pub";
    for (const base of ["/", "/home/user/parent", "/work/a/b/c/d/e/f"]) {
      expect(path.posix.normalize(`${base}/${climbTo(target)}`)).toBe(target);
    }
  });

  test("the override names each block and escapes the path as an HCL literal", () => {
    expect(overrideText([{ name: "ec2_instance", statePath: '/t/${x} "q"/terraform.tfstate' }])).toContain(
      'data "terraform_remote_state" "ec2_instance" {\n  config = {\n    path = "/t/$${x} \\"q\\"/terraform.tfstate"\n  }\n}\n',
    );
    expect(() => overrideText([{ name: 'x" {', statePath: "/t" }])).toThrow();
  });
});

describe("the sealed environment and scratch location", () => {
  test("only PATH, a scratch HOME and TMPDIR and verify's own settings; the node directory joins PATH", () => {
    const env = terraformEnvironment(
      { home: "/s/home", tmp: "/s/tmp", cliConfig: "/s/cli.tfrc" },
      "/usr/bin:/bin",
      "/opt/node/bin/node",
    );
    expect(env).toEqual({
      PATH: "/usr/bin:/bin:/opt/node/bin",
      HOME: "/s/home",
      TMPDIR: "/s/tmp",
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: "/s/cli.tfrc",
      TF_DISABLE_PLUGIN_TLS: "1",
      TF_IN_AUTOMATION: "1",
    });
  });

  test("a scratch location is refused inside the folder or equal to it, accepted beside or above it", () => {
    expect(scratchParentProblem("/a/out", "/a/out")).toContain("is inside /a/out");
    expect(scratchParentProblem("/a/out", "/a/out/tmp")).toContain("is inside /a/out");
    expect(scratchParentProblem("/a/out", "/a/outside")).toBeNull();
    expect(scratchParentProblem("/a/out", "/a")).toBeNull();
    expect(scratchParentProblem("/", "/tmp")).toContain("is inside /");
  });
});
