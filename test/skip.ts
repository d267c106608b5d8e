// Tests that need a tool the machine may lack. A missing tool makes jest count them as skipped, not passed, and the
// file says so once per tool: a skip nobody sees is as bad as a silent pass. Where the run requires the tool (CI
// says so through the environment), a missing one fails the file instead: there a skip would hide that the tests
// never ran. Decided when the test file loads, since jest collects its tests then.

/** The `test` and `describe` to write tests that need one tool with: jest's own, or their `.skip` forms. */
export interface ToolGate {
  readonly found: boolean;
  readonly test: jest.It;
  /** Skipped whole where the tool is missing: its hooks, which would run the tool, do not run either. */
  readonly describe: jest.Describe;
}

export interface GateOptions {
  /**
   * What makes the tool required in this run (e.g. `GEN_INFRA_REAL_LIBVIRT=required`), or undefined where its
   * tests may be skipped.
   */
  readonly requiredBy?: string | undefined;
}

// One line per tool per file (each test file loads this module afresh), however many gates name the tool.
const announced = new Set<string>();

/**
 * The gate for tests that need `tool`, named as the skip line names it. Missing and required, it throws, which fails
 * the file; missing otherwise, it prints `SKIPPED: <tool> not found` and hands out the `.skip` forms.
 */
export function whenFound(tool: string, found: boolean, options: GateOptions = {}): ToolGate {
  if (found) return { found, test, describe };
  if (options.requiredBy !== undefined) {
    throw new Error(`${tool} not found, but ${options.requiredBy}: the tests that need it must run here`);
  }
  if (!announced.has(tool)) {
    announced.add(tool);
    process.stdout.write(`SKIPPED: ${tool} not found\n`);
  }
  return { found, test: test.skip, describe: describe.skip };
}
