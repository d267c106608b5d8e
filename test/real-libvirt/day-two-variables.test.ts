// Day 2 with -var overrides, with the real dmacvicar/libvirt 0.8.3 provider against a real libvirtd: the labs of
// generator/targets/libvirt-0.8/variable-effects.ts applied, then each variable changed in turn with -var and the
// plan asserted to be exactly the one the table (and so docs/day-two.md) says; none may delete a VM or a volume it
// does not name. Then an installed node resized by hand, as docs/day-two.md says, after which the plan is empty.
// Needs what apply.test.ts needs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { dayTwoLabs, variableEffects, type DayTwoLab } from "../../generator/targets/libvirt-0.8/variable-effects";
import { expectNoChanges, planChanges } from "./drift";
import { generateWithUri, terraform } from "./lab";
import { LabSession } from "./lab-session";
import { prerequisitesGate } from "./prerequisites";
import { runForSuite } from "./run-context";

const prerequisites = prerequisitesGate();

/** Every variable a lab's input-vars.tf declares. */
async function declaredVariables(session: LabSession): Promise<string[]> {
  const text = await readFile(path.join(session.requireLab().dir, "input-vars.tf"), "utf8");
  return [...text.matchAll(/^variable "(\w+)"/gm)].map((m) => m[1] ?? "").sort();
}

const MiB = 1024;
/** What the resize by hand gives the first master: more than the lab's -var, as a user's resize would. */
const RESIZED = { memoryMiB: 2048, vcpu: 2, osDiskGiB: 110, dataDiskGiB: 20 } as const;

/** `virsh dominfo`'s field, e.g. "Max memory" → "2097152 KiB". */
const infoField = (info: string, field: string): string =>
  new RegExp(`^${field}:\\s+(.+)$`, "m").exec(info)?.[1]?.trim() ?? "";

prerequisites.describe("day 2: each variable changed with -var on an applied lab, and a resize by hand", () => {
  const getRun = runForSuite();

  for (const labName of Object.keys(dayTwoLabs) as DayTwoLab[]) {
    describe(`the ${labName} lab`, () => {
      let session: LabSession | undefined;
      const getSession = (): LabSession => {
        if (!session) throw new Error(`the ${labName} lab did not start: see the error of its beforeAll`);
        return session;
      };
      const name = `day-two-${labName}`;
      beforeAll(async () => {
        session = new LabSession(
          {
            name,
            title: `the day-2 ${labName} lab`,
            fixture: name,
            folder: (context) => generateWithUri(context, name, dayTwoLabs[labName], "qemu:///system"),
          },
          getRun(),
        );
        await session.apply();
        // One refresh for all the plans below, which then skip theirs: nothing changes libvirt between them.
        const lab = session.requireLab();
        await session.timed("refresh", () =>
          terraform(getRun(), lab, [
            "apply",
            "-refresh-only",
            "-auto-approve",
            "-no-color",
            "-input=false",
            ...lab.vars,
          ]),
        );
      }, 1_200_000);
      afterAll(() => session?.cleanUp(), 1_200_000);

      const rows = variableEffects.filter((row) => row.lab === labName);

      test("the table has a row for every variable this lab's configuration declares, and no other", async () => {
        const declared = await declaredVariables(getSession());
        const others = variableEffects.filter((row) => row.lab !== labName).map((row) => row.variable);
        expect(declared.filter((variable) => !others.includes(variable))).toEqual(
          rows.map((row) => row.variable).sort(),
        );
      });

      let planIndex = 0;
      for (const row of rows) {
        for (const override of row.overrides) {
          test(`-var ${row.variable}=${override.value}: ${row.effect}, planned as the table says`, async () => {
            const lab = getSession().requireLab();
            const changes = await planChanges(getRun(), lab, path.join(lab.dir, `override-${planIndex++}.tfplan`), {
              vars: ["-var", `${row.variable}=${override.value}`],
              noRefresh: true,
              expectedLoss: override.plan,
              okExitCodes: override.refusal === undefined ? [] : [1],
            });
            if (override.refusal !== undefined) {
              expect({ exitCode: changes.exitCode, refused: changes.text.replace(/[\s│]+/g, " ") }).toEqual({
                exitCode: 1,
                refused: expect.stringContaining(override.refusal),
              });
              return;
            }
            expect([...changes.resources, ...changes.outputs.map((output) => `output.${output}`)]).toEqual(
              override.plan,
            );
          }, 300_000);
        }
      }

      if (labName === "node-options") {
        test("the first master resized by hand (memory, vCPUs, OS and data disk), power-cycled; then every plan is empty", async () => {
          const session = getSession();
          const { sandbox } = session.run;
          const master = session.masterName;
          const memory = `${RESIZED.memoryMiB}M`;
          await sandbox.virsh("setmaxmem", master, memory, "--config");
          await sandbox.virsh("setmem", master, memory, "--config");
          await sandbox.virsh("setvcpus", master, String(RESIZED.vcpu), "--config", "--maximum");
          await sandbox.virsh("setvcpus", master, String(RESIZED.vcpu), "--config");
          const disks = (await sandbox.virsh("domblklist", master))
            .split("\n")
            .map((line) => line.trim().split(/\s+/))
            .filter((fields) => /^vd[a-z]$/.test(fields[0] ?? ""));
          const [osDisk, dataDisk] = disks.map((fields) => fields[1] ?? "");
          await sandbox.virsh("vol-resize", "--pool", "default", osDisk ?? "", `${RESIZED.osDiskGiB}G`);
          await sandbox.virsh("vol-resize", "--pool", "default", dataDisk ?? "", `${RESIZED.dataDiskGiB}G`);
          // The power cycle that makes a running node take its new size: here it was off, so a start and a stop.
          await sandbox.virsh("start", master);
          const live = await sandbox.virsh("dominfo", master);
          await sandbox.virsh("destroy", master);
          const capacity = async (volume: string) =>
            /<capacity unit='bytes'>(\d+)<\/capacity>/.exec(
              await sandbox.virsh("vol-dumpxml", "--pool", "default", volume),
            )?.[1];
          expect({
            maxMemory: infoField(live, "Max memory"),
            usedMemory: infoField(live, "Used memory"),
            vcpus: infoField(live, "CPU\\(s\\)"),
            osDisk: await capacity(osDisk ?? ""),
            dataDisk: await capacity(dataDisk ?? ""),
          }).toEqual({
            maxMemory: `${RESIZED.memoryMiB * MiB} KiB`,
            usedMemory: `${RESIZED.memoryMiB * MiB} KiB`,
            vcpus: String(RESIZED.vcpu),
            osDisk: String(RESIZED.osDiskGiB * 2 ** 30),
            dataDisk: String(RESIZED.dataDiskGiB * 2 ** 30),
          });
          const lab = session.requireLab();
          // Read back from libvirt (refreshed), with the lab's -var and with the resize written as -var too.
          expectNoChanges(
            "after the resize",
            await planChanges(session.run, lab, path.join(lab.dir, "resized.tfplan")),
          );
          const resizedVars = [
            "-var",
            `master_resources={memory=${RESIZED.memoryMiB},vcpu=${RESIZED.vcpu}}`,
            "-var",
            `master_disks={os_gib=${RESIZED.osDiskGiB},extra_gib=[${RESIZED.dataDiskGiB}]}`,
          ];
          expectNoChanges(
            "after the resize, with it as -var",
            await planChanges(session.run, lab, path.join(lab.dir, "resized-vars.tfplan"), { vars: resizedVars }),
          );
        }, 600_000);
      }
    });
  }
});
