// The seed's playbooks load the libvirt stack's outputs as `terraform output | tr '=' ':'` into a .var file, then
// `include_vars: {dir: group_vars/all, extensions: [data, var]}`. This runs exactly that through the real
// ansible-core, and returns the variables it loaded, so a test can compare them with Terraform's own values.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { inScratch } from "./helpers";

export async function ansibleAvailable(): Promise<boolean> {
  return execa("ansible-playbook", ["--version"], { reject: false }).then(
    (r) => r.exitCode === 0,
    () => false,
  );
}

/** What `include_vars` loads from the seed's conversion of `terraformOutput`, for the variables named. */
export function loadLikeTheSeed(
  terraformOutput: string,
  names: readonly string[],
): Promise<{ exitCode: number; log: string; loaded?: Record<string, unknown> }> {
  return inScratch("ansible", async (dir) => {
    const varsDir = path.join(dir, "group_vars", "all");
    mkdirSync(varsDir, { recursive: true });
    // tr '=' ':' — every "=", wherever it is.
    writeFileSync(path.join(varsDir, "support_terraform_outputs.var"), terraformOutput.replace(/=/g, ":"));
    const result = path.join(dir, "loaded.json");
    const dump = `{ ${names.map((n) => `'${n}': ${n}`).join(", ")} }`;
    writeFileSync(
      path.join(dir, "playbook.yaml"),
      [
        "- hosts: localhost",
        "  connection: local",
        "  gather_facts: false",
        "  tasks:",
        "    - include_vars:",
        "        dir: group_vars/all",
        "        extensions: ['data', 'var']",
        "        ignore_unknown_extensions: yes",
        "    - copy:",
        `        content: "{{ ${dump} | to_json }}"`,
        `        dest: ${JSON.stringify(result)}`,
        "",
      ].join("\n"),
    );
    const home = path.join(dir, "home");
    mkdirSync(home);
    const run = await execa("ansible-playbook", ["-i", "localhost,", "playbook.yaml"], {
      cwd: dir,
      reject: false,
      all: true,
      env: {
        HOME: home,
        ANSIBLE_HOME: path.join(home, ".ansible"),
        ANSIBLE_LOCAL_TEMP: path.join(home, "tmp"),
        ANSIBLE_NOCOLOR: "1",
      },
    });
    const exitCode = run.exitCode ?? 1;
    return exitCode === 0
      ? { exitCode, log: run.all ?? "", loaded: JSON.parse(readFileSync(result, "utf8")) as Record<string, unknown> }
      : { exitCode, log: run.all ?? "" };
  });
}
