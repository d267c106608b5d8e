// The day-2 table of docs/day-two.md: what a change of each Terraform variable plans on an applied lab, written
// from the table the real-libvirt test asserts (generator/targets/libvirt-0.8/variable-effects.ts).
import { dayTwoLabs, variableEffects, type Override } from "../targets/libvirt-0.8/variable-effects";
import { markdownTable } from "../syntax/markdown";

const code = (text: string) => `\`${text}\``;

/** One override and its plan, e.g. "`-var cpu_mode=none`: nothing". */
function planned(variable: string, override: Override): string {
  const given = code(`-var ${variable}=${override.value}`);
  if (override.refusal !== undefined) return `${given}: refused ("${override.refusal}: …")`;
  const changes = override.plan.map((change) => {
    const [address = "", actions = ""] = change.split(": ");
    return address.startsWith("output.")
      ? `output ${code(address.slice("output.".length))}`
      : `${code(address)} ${actions}`;
  });
  return `${given}: ${changes.length ? changes.join(", ") : "nothing"}`;
}

/** The spec of each lab the table is measured on, as docs/day-two.md shows it. */
const dayTwoLabSpecs = (): string =>
  Object.entries(dayTwoLabs)
    .map(([name, spec]) => `- ${code(name)}: ${code(JSON.stringify(spec))}`)
    .join("\n");

export function dayTwoReference(): string {
  const rows = [...variableEffects]
    .sort((a, b) => a.variable.localeCompare(b.variable))
    .map((row) => [
      code(row.variable),
      row.effect,
      code(row.lab),
      row.overrides.map((override) => planned(row.variable, override)).join("; "),
      `${row.why}.`,
    ]);
  return [
    markdownTable(["variable", "on an applied lab", "lab", "the plan", "why"], rows),
    "",
    "The labs the plans were made on, each applied first with the real provider:",
    "",
    dayTwoLabSpecs(),
  ].join("\n");
}
