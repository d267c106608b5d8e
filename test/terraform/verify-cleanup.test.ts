// `gen-infra verify` leaves nothing behind however it ends: a pass, a failed
// plan, a step timeout, or SIGINT, SIGTERM or SIGHUP at a random moment. No
// scratch folder stays in TMPDIR and no Terraform or stand-in provider keeps
// running. The signal loop prints its seed; GEN_INFRA_SIGNAL_SEED replays it.
import { readdirSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { runTerraform } from "../../terraform-harness/src";
import { random } from "../random";
import { leftoverProcesses, runVerify, snapshot, terraformFound, withTree, type Tree } from "../sealed-helpers";
import { whenFound } from "../skip";

const { test: withTerraform } = whenFound("terraform", terraformFound);

async function expectNothingLeft(tree: Tree): Promise<void> {
  expect(readdirSync(tree.tmp)).toEqual([]);
  expect(await leftoverProcesses(tree.tmp)).toEqual([]);
  expect(await leftoverProcesses(tree.parent)).toEqual([]);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const RUNS = Number(process.env["GEN_INFRA_SIGNAL_RUNS"] ?? 12);

withTerraform("a failed validate exits 1 with Terraform's diagnostics and leaves nothing", () =>
  withTree(async (tree) => {
    writeFileSync(
      path.join(tree.folder, "broken.tf"),
      'resource "libvirt_network" "extra" {\n  name       = "x"\n  bogus_attr = 1\n}\n',
    );
    const before = snapshot(tree.root, [tree.tmp]);
    const result = await runVerify(tree, tree.folder);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("terraform validate failed");
    expect(result.stderr).toContain('An argument named "bogus_attr" is not expected here.');
    await expectNothingLeft(tree);
    expect(snapshot(tree.root, [tree.tmp])).toEqual(before);
  }),
);

// A stand-in for Terraform that hangs with a child of its own, as Terraform hangs with its provider: the timeout
// must kill both, whatever the machine's speed.
const HANGING_TERRAFORM = `#!/bin/sh
if [ "$1" = version ]; then echo '{"terraform_version":"1.11.0"}'; exit 0; fi
sleep 600 &
exec sleep 600
`;

test("a step that times out is killed with the process it started, and the scratch folder goes", () =>
  withTree(async (tree) => {
    const fake = path.join(tree.root, "hanging-terraform");
    writeFileSync(fake, HANGING_TERRAFORM, { mode: 0o755 });
    const before = snapshot(tree.root, [tree.tmp]);
    const result = await runTerraform(tree.folder, { terraform: fake, stepTimeoutMs: 500, scratchParent: tree.tmp });
    if (result.ok) throw new Error("expected the timeout to fail a step");
    expect(result.kind).toBe("terraform");
    expect(result.step).toBe("init");
    expect(result.diagnostics).toContain("(init timed out after 500 ms and was killed)");
    await expectNothingLeft(tree);
    expect(snapshot(tree.root, [tree.tmp])).toEqual(before);
  }));

withTerraform(
  `SIGINT, SIGTERM and SIGHUP at random moments (${RUNS} runs) leave no scratch folder and no process`,
  () =>
    withTree(async (tree) => {
      const seed = Number(process.env["GEN_INFRA_SIGNAL_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
      process.stdout.write(`signal loop seed ${seed} (replay with GEN_INFRA_SIGNAL_SEED=${seed})\n`);
      const next = random(seed);
      const before = snapshot(tree.root, [tree.tmp]);
      // Delays spread over one whole run as this machine runs it now, so that most signals land inside it.
      const started = Date.now();
      expect((await runVerify(tree, tree.folder)).code).toBe(0);
      const longestDelay = Math.ceil((Date.now() - started) * 1.1);
      const outcomes: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        const signal = SIGNALS[Math.floor(next() * SIGNALS.length)]!;
        const delay = Math.floor(next() * longestDelay);
        let timer: NodeJS.Timeout | undefined;
        let sent = false;
        const result = await runVerify(tree, tree.folder, {
          started: (pid) => {
            timer = setTimeout(() => {
              sent = true;
              process.kill(pid, signal);
            }, delay);
          },
        });
        clearTimeout(timer);
        const what = `run ${run} (seed ${seed}): ${signal} after ${delay} ms`;
        if (!sent) {
          expect({ what, code: result.code, stderr: result.stderr }).toEqual({ what, code: 0, stderr: "" });
          outcomes.push("finished first");
        } else if (result.signal === signal) {
          // Before verify had installed its handlers, so before it had made anything.
          outcomes.push("killed at start-up");
        } else if (result.code === 0 && !result.stderr.includes("stopped by")) {
          outcomes.push("finished as the signal came");
        } else {
          expect({ what, code: result.code }).toEqual({ what, code: 128 + constants.signals[signal] });
          expect(result.stderr).toContain(`gen-infra verify: stopped by ${signal}`);
          outcomes.push("interrupted");
        }
        expect({ what, tmp: readdirSync(tree.tmp) }).toEqual({ what, tmp: [] });
        expect({ what, processes: await leftoverProcesses(tree.tmp) }).toEqual({ what, processes: [] });
      }
      process.stdout.write(`signal loop outcomes: ${outcomes.join(", ")}\n`);
      expect(outcomes.filter((o) => o === "interrupted").length).toBeGreaterThan(0);
      expect(snapshot(tree.root, [tree.tmp])).toEqual(before);
    }),
);
