// The agent-based installer's labs on real libvirt (agent.test.ts): which committed outputs are applied, and each
// one's folder with the agent ISO's stand-in (agent-iso.ts) where its `agent_iso` variable points, since Terraform
// uploads that file into the pool at apply and fails without it. apply.test.ts counts these fixtures as covered.
import { readFileSync } from "node:fs";
import { cp, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { buildAgentIso } from "./agent-iso";
import { committedOutput } from "./lab";
import type { LabSource } from "./lab-session";
import type { RunContext } from "./run-context";

export interface AgentLab {
  fixture: string;
  /**
   * Whether its rendezvous host is powered on to boot the ISO, have it ejected and be power-cycled. The others are
   * applied, checked and destroyed with every node off: under software emulation each booted node costs a core.
   */
  boots: boolean;
}

// The compact cluster (the ISO beside the configuration) and the one with workers, a data disk and the ISO in a
// folder of its own, booted from their rendezvous hosts (master0 and master1); single-node on platform none, dual
// stack with bonding, and the arbiter's control plane, applied only.
export const agentLabs: readonly AgentLab[] = [
  { fixture: "agent-compact", boots: true },
  { fixture: "agent-workers", boots: true },
  { fixture: "agent-sno", boots: false },
  { fixture: "agent-dual-stack", boots: false },
  { fixture: "agent-arbiter", boots: false },
];

/** The default of `agent_iso` in a generated folder's input-vars.tf: the ISO's path relative to that folder. */
export function agentIsoVariable(folder: string): string {
  const inputVars = readFileSync(path.join(folder, "input-vars.tf"), "utf8");
  const block = /^variable "agent_iso" \{[\s\S]*?^\}/m.exec(inputVars)?.[0] ?? "";
  const value = /^\s*default\s*=\s*"([^"]+)"\s*$/m.exec(block)?.[1];
  if (value === undefined) throw new Error(`${folder}/input-vars.tf declares no agent_iso variable with a default`);
  return value;
}

/**
 * A copy of the committed output in the run's scratch folder, with the ISO's stand-in built where `agent_iso`
 * points (a sub-folder too, such as agent-workers' iso/), under the name it gives.
 */
async function outputWithAgentIso(run: RunContext, fixture: string): Promise<string> {
  const copy = path.join(run.scratch, `${fixture}-with-agent-iso`);
  await cp(committedOutput(fixture), copy, { recursive: true });
  const iso = path.join(copy, agentIsoVariable(copy));
  await mkdir(path.dirname(iso), { recursive: true });
  const built = await buildAgentIso(path.dirname(iso));
  if (built !== iso) await rename(built, iso);
  return copy;
}

export const agentLabSource = ({ fixture }: AgentLab): LabSource => ({
  name: fixture,
  title: `out/${fixture}`,
  fixture,
  folder: (run) => outputWithAgentIso(run, fixture),
});
