// A run killed at a random instant of its write phase leaves every file whole and nothing outside the folder
// changed, and the next plain run brings the folder to the new generation. `npm run kill-loop` runs 500 of these
// and prints the figures; this is a short loop of the same checks, with the seed printed for replay.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bin, fixturesDir } from "../helpers";
import { killOnce, makeLab, measureWritePhase, random } from "../interrupted-runs";

const seed = Number(process.env.GEN_INFRA_KILL_SEED ?? Date.now() % 2 ** 31);

test("kills at random points of the write phase break no promise", async () => {
  process.stdout.write(`kill points from seed ${seed} (GEN_INFRA_KILL_SEED=${seed} replays them)\n`);
  const scratch = mkdtempSync(path.join(tmpdir(), "gen-infra-kill-"));
  try {
    const lab = makeLab(scratch, bin, path.join(fixturesDir, "workers-128.json"));
    const phaseMs = await measureWritePhase(lab, 5);
    const next = random(seed);
    let from: 0 | 1 = 0;
    for (let i = 0; i < 12; i++) {
      const outcome = await killOnce(lab, from, next() * phaseMs);
      expect({ run: i, delayMs: outcome.delayMs, problems: outcome.problems }).toEqual({
        run: i,
        delayMs: outcome.delayMs,
        problems: [],
      });
      from = (1 - from) as 0 | 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
