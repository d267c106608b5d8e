// `gen-infra verify` on hostile and unusual folders: it refuses what could
// reach the network, run commands or touch files outside its scratch copy,
// and passes on valid output however odd its paths. Every test checks the
// exit status, the message, and the disk: every file in the folder, its
// parent and the test's scratch tree, before and after; and that no scratch
// folder and no process is left. Needs `npm run build` first (runs dist/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  leftoverProcesses,
  netnsWorks,
  runVerify,
  snapshot,
  startListener,
  startNamespace,
  terraformFound,
  withTree,
  bin,
  type Listener,
  type Tree,
  type VerifyRun,
} from "../sealed-helpers";
import { whenFound } from "../skip";

const { test: withTerraform } = whenFound("terraform", terraformFound);
const { test: withNetns } = whenFound(
  terraformFound ? "ip netns (or root)" : "terraform",
  terraformFound && netnsWorks,
);

/** Fake credentials: if any reached a listener, the test would see them. */
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAGENINFRATEST0000",
  AWS_SECRET_ACCESS_KEY: "not-a-secret",
  GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/creds.json",
  ARM_CLIENT_SECRET: "not-a-secret",
};

function add(tree: Tree, name: string, text: string): void {
  writeFileSync(path.join(tree.folder, name), text);
}

/** Runs verify and checks what every test checks: nothing on disk changed, no scratch folder, no process. */
async function verifyUnchanged(tree: Tree, run: () => Promise<VerifyRun>): Promise<VerifyRun> {
  const before = snapshot(tree.root, [tree.tmp]);
  const result = await run();
  expect(readdirSync(tree.tmp)).toEqual([]);
  expect(await leftoverProcesses(tree.tmp)).toEqual([]);
  expect(await leftoverProcesses(tree.parent)).toEqual([]);
  expect(snapshot(tree.root, [tree.tmp])).toEqual(before);
  return result;
}

function expectRefused(result: VerifyRun, ...reasons: string[]): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("verify refused the folder, and ran nothing");
  for (const reason of reasons) expect(result.stderr).toContain(reason);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
  expect(result.stdout).not.toContain("verified:");
}

async function expectUntouched(listener: Listener): Promise<void> {
  expect(await listener.requests()).toEqual([]);
}

describe("verify refuses configurations that could reach out", () => {
  withTerraform('a backend "s3" pointing at a local listener: refused, never contacted, no credential sent', () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(
          tree,
          "backend.tf",
          `terraform {\n  backend "s3" {\n    bucket                      = "state"\n    key                         = "x"\n    region                      = "us-east-1"\n    endpoint                    = "${listener.url}"\n    skip_credentials_validation = true\n  }\n}\n`,
        );
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { env: CREDENTIALS }));
        expectRefused(result, 'backend.tf: terraform { backend "s3" }', "declares no backend");
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform('a backend "http" pointing at a local listener: refused, never contacted', () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(tree, "backend.tf", `terraform {\n  backend "http" {\n    address = "${listener.url}/state"\n  }\n}\n`);
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, 'terraform { backend "http" }');
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("an http terraform_remote_state: refused, never contacted", () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(
          tree,
          "remote.tf",
          `data "terraform_remote_state" "elsewhere" {\n  backend = "http"\n  config = {\n    address = "${listener.url}/state"\n  }\n}\n`,
        );
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, 'data "terraform_remote_state" "elsewhere": backend "http" is not the generated "local"');
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("a remote state hidden in a check block: refused", () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(
          tree,
          "check.tf",
          `check "sneaky" {\n  data "terraform_remote_state" "peek" {\n    backend = "http"\n    config = {\n      address = "${listener.url}/state"\n    }\n  }\n\n  assert {\n    condition     = true\n    error_message = "x"\n  }\n}\n`,
        );
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, 'data "terraform_remote_state" "peek"');
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("an http module source: refused, never fetched", () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(tree, "module.tf", `module "remote" {\n  source = "${listener.url}/module.zip"\n}\n`);
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, `module "remote": source "${listener.url}/module.zip" is not a local path`);
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("a git module source: refused, never fetched", () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        add(tree, "module.tf", `module "remote" {\n  source = "git::${listener.url}/repo.git?ref=v1"\n}\n`);
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, 'module "remote": source "git::', "verify never fetches modules");
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("a registry module source and a local one leading out of the folder: both refused", () =>
    withTree(async (tree) => {
      mkdirSync(path.join(tree.parent, "outside-module"));
      writeFileSync(path.join(tree.parent, "outside-module", "main.tf"), "");
      add(
        tree,
        "module.tf",
        `module "registry" {\n  source  = "hashicorp/consul/aws"\n  version = "0.1.0"\n}\n\nmodule "up" {\n  source = "../outside-module"\n}\n`,
      );
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(
        result,
        'source "hashicorp/consul/aws" is not a local path',
        'source "../outside-module" leads out',
      );
    }),
  );

  withTerraform("a local-exec provisioner: refused, the command never runs", () =>
    withTree(async (tree) => {
      const marker = path.join(tree.root, "provisioner-ran");
      add(
        tree,
        "provisioner.tf",
        `resource "terraform_data" "run" {\n  provisioner "local-exec" {\n    command = "touch ${marker}"\n  }\n}\n`,
      );
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(result, 'resource "terraform_data" "run": provisioner "local-exec"');
      expect(existsSync(marker)).toBe(false);
    }),
  );

  withTerraform(
    'backend "local" { path = "/abs..." }: refused; the outside state and its directory are untouched',
    () =>
      withTree(async (tree) => {
        const outside = path.join(tree.parent, "elsewhere");
        mkdirSync(outside);
        const state = path.join(outside, "terraform.tfstate");
        writeFileSync(state, '{"version": 4, "serial": 7, "lineage": "keep-me", "outputs": {}, "resources": []}\n', {
          mode: 0o640,
        });
        add(tree, "backend.tf", `terraform {\n  backend "local" {\n    path = "${state}"\n  }\n}\n`);
        // snapshot() covers the state's hash and mode, and its directory's mtime: a lock file made and removed shows.
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
        expectRefused(result, 'terraform { backend "local" }');
        expect(readdirSync(outside)).toEqual(["terraform.tfstate"]);
      }),
  );

  withTerraform("override files and JSON configuration: refused", () =>
    withTree(async (tree) => {
      add(tree, "override.tf", `locals {\n  x = 1\n}\n`);
      add(tree, "extra.tf.json", `{"locals": {"y": 2}}\n`);
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(result, "override.tf: is an override file", "extra.tf.json: is JSON configuration");
    }),
  );
});

describe("verify copies only regular files from inside the folder", () => {
  withTerraform("a .tf symlink pointing out of the folder: refused, never followed", () =>
    withTree(async (tree) => {
      const outside = path.join(tree.parent, "outside.tf");
      writeFileSync(outside, `terraform {\n  backend "http" {\n    address = "http://127.0.0.1:9/"\n  }\n}\n`);
      symlinkSync(outside, path.join(tree.folder, "linked.tf"));
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(result, "linked.tf: is a symbolic link; verify copies only regular files");
    }),
  );

  withTerraform("a template replaced by a symlink to a file outside: refused", () =>
    withTree(async (tree) => {
      const template = path.join(tree.folder, "support_cloud_init.cfg");
      const outside = path.join(tree.parent, "secret.cfg");
      writeFileSync(outside, "secret\n");
      spawnSync("rm", [template]);
      symlinkSync(outside, template);
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(result, "support_cloud_init.cfg: (read by the configuration) is a symbolic link");
    }),
  );

  withTerraform("a FIFO named like a .tf file: refused at once, no hang", () =>
    withTree(async (tree) => {
      expect(spawnSync("mkfifo", [path.join(tree.folder, "pipe.tf")]).status).toBe(0);
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { timeoutMs: 30_000 }));
      expectRefused(result, "pipe.tf: is a FIFO");
    }),
  );
});

describe("verify's scratch folder", () => {
  withTerraform("a TMPDIR inside the folder is refused before anything is copied", () =>
    withTree(async (tree) => {
      const inside = path.join(tree.folder, "tmp");
      mkdirSync(inside);
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { env: { TMPDIR: inside } }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`the scratch location ${inside} (TMPDIR) is inside ${tree.folder}`);
      expect(readdirSync(inside)).toEqual([]);
    }),
  );

  withTerraform("a TMPDIR that is the folder itself is refused", () =>
    withTree(async (tree) => {
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { env: { TMPDIR: tree.folder } }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("(TMPDIR) is inside");
    }),
  );

  withTerraform("a TMPDIR that does not exist is an environment error, exit 1", () =>
    withTree(async (tree) => {
      const missing = path.join(tree.root, "no-such-dir");
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { env: { TMPDIR: missing } }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`the scratch location ${missing} (TMPDIR) cannot be used`);
    }),
  );
});

describe("verify passes on valid output however unusual", () => {
  withTerraform('paths holding ", ${ and %{, generated by the CLI, verify', () =>
    withTree(async (tree) => {
      const spec = path.join(tree.root, "spec.json");
      const odd = path.join(tree.parent, 'odd "dir" ${x} %{y}');
      writeFileSync(
        spec,
        JSON.stringify({
          rhel8_image_location: 'img/"odd" ${x} %{y}.qcow2',
          connection: { mode: "remote_state", state_path: '../state "q" ${a} %{b}/terraform.tfstate' },
        }),
      );
      const generate = spawnSync(process.execPath, [bin, spec, "-o", odd, "--quiet"], { encoding: "utf8" });
      expect(generate.stderr).toBe("");
      expect(generate.status).toBe(0);
      const result = await verifyUnchanged(tree, () => runVerify(tree, odd));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`verified: ${odd} validates and plans`);
    }),
  );

  withTerraform("an absolute remote state path: verify reads its own copy, never the real state", () =>
    withTree(async (tree) => {
      const spec = path.join(tree.root, "spec.json");
      const state = path.join(tree.parent, "metal", "terraform.tfstate");
      mkdirSync(path.dirname(state));
      // Not a state at all: had Terraform read it, the plan would fail.
      writeFileSync(state, "this is the user's real state; do not read me\n", { mode: 0o600 });
      const out = path.join(tree.parent, "abs");
      writeFileSync(spec, JSON.stringify({ connection: { mode: "remote_state", state_path: state } }));
      expect(spawnSync(process.execPath, [bin, spec, "-o", out, "--quiet"]).status).toBe(0);
      const result = await verifyUnchanged(tree, () => runVerify(tree, out));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(readdirSync(path.dirname(state))).toEqual(["terraform.tfstate"]);
    }),
  );

  withTerraform("a 20 GiB sparse image where the README puts it is never copied", () =>
    withTree(async (tree) => {
      const image = path.join(tree.folder, "rhel8.qcow2");
      writeFileSync(image, "");
      truncateSync(image, 20 * 1024 ** 3);
      // Stale leftovers of a real run, which must not be copied either.
      mkdirSync(path.join(tree.folder, ".terraform"));
      writeFileSync(path.join(tree.folder, ".terraform.lock.hcl"), "garbage that would break init\n");
      writeFileSync(path.join(tree.folder, "terraform.tfstate"), "garbage that would break plan\n");
      const started = Date.now();
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(60_000);
    }),
  );

  withTerraform("a local module inside the folder is copied and verifies; a provisioner inside one is refused", () =>
    withTree(async (tree) => {
      const module = path.join(tree.folder, "modules", "extra");
      mkdirSync(module, { recursive: true });
      writeFileSync(
        path.join(module, "main.tf"),
        'output "greeting" {\n  value = file("${path.module}/greeting.txt")\n}\n',
      );
      writeFileSync(path.join(module, "greeting.txt"), "hello\n");
      add(tree, "modules.tf", 'module "extra" {\n  source = "./modules/extra"\n}\n');
      const passed = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expect(passed.stderr).toBe("");
      expect(passed.code).toBe(0);

      writeFileSync(
        path.join(module, "run.tf"),
        'resource "terraform_data" "inner" {\n  provisioner "local-exec" {\n    command = "true"\n  }\n}\n',
      );
      const refused = await verifyUnchanged(tree, () => runVerify(tree, tree.folder));
      expectRefused(refused, 'modules/extra/run.tf: resource "terraform_data" "inner": provisioner "local-exec"');
    }),
  );

  withTerraform("the caller's TF_*, proxy and credential variables do not reach Terraform", () =>
    withTree(async (tree) => {
      const listener = await startListener();
      try {
        const log = path.join(tree.root, "terraform.log");
        const data = path.join(tree.root, "tf-data");
        const result = await verifyUnchanged(tree, () =>
          runVerify(tree, tree.folder, {
            env: {
              ...CREDENTIALS,
              // Each would change the run or write outside the scratch folder if it got through.
              TF_CLI_ARGS_plan: "-var=cluster_name=NOT_A_LABEL",
              TF_VAR_number_of_workers: "9999",
              TF_LOG: "TRACE",
              TF_LOG_PATH: log,
              TF_DATA_DIR: data,
              TF_CLI_CONFIG_FILE: path.join(tree.root, "missing.tfrc"),
              HTTP_PROXY: listener.url,
              HTTPS_PROXY: listener.url,
            },
          }),
        );
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("bmipi-worker2");
        expect(result.stdout).not.toContain("bmipi-worker3");
        expect(existsSync(log)).toBe(false);
        expect(existsSync(data)).toBe(false);
        await expectUntouched(listener);
      } finally {
        await listener.close();
      }
    }),
  );

  withTerraform("a Terraform that is missing is an environment error, exit 1, with the reason", () =>
    withTree(async (tree) => {
      const missing = path.join(tree.root, "no-terraform");
      const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { env: { TERRAFORM: missing } }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`verify could not run: terraform not found (${missing})`);
    }),
  );
});

describe("inside a network namespace with no route out", () => {
  withNetns("valid output verifies with no network at all", () =>
    withTree(async (tree) => {
      const ns = await startNamespace(tree);
      try {
        const result = await verifyUnchanged(tree, () => runVerify(tree, tree.folder, { netns: ns.name }));
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        await expectUntouched(ns.listener);
      } finally {
        await ns.remove();
      }
    }),
  );

  withNetns(
    "s3 and http backends and an http module aimed at a listener in the namespace: refused, never contacted",
    () =>
      withTree(async (tree) => {
        const ns = await startNamespace(tree);
        try {
          const { url } = ns.listener;
          const cases = [
            `terraform {\n  backend "s3" {\n    bucket   = "b"\n    key      = "k"\n    region   = "us-east-1"\n    endpoint = "${url}"\n  }\n}\n`,
            `terraform {\n  backend "http" {\n    address = "${url}/state"\n  }\n}\n`,
            `module "remote" {\n  source = "${url}/module.zip"\n}\n`,
          ];
          for (const text of cases) {
            add(tree, "hostile.tf", text);
            const result = await verifyUnchanged(tree, () =>
              runVerify(tree, tree.folder, { netns: ns.name, env: CREDENTIALS }),
            );
            expectRefused(result, "hostile.tf:");
          }
          await expectUntouched(ns.listener);
          // The listener was there to be reached all along.
          expect(await ns.probe()).toBe(true);
          expect(await ns.listener.requests()).toEqual(["connection", "GET /probe"]);
        } finally {
          await ns.remove();
        }
      }),
  );
});
