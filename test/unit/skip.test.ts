// The gate every tier's tool-dependent tests go through: a missing tool is a counted, announced skip, or, where the
// run requires the tool, a failure.
import { whenFound, type ToolGate } from "../skip";

/** What `body` wrote to stdout, where the skip line goes; the write is held back from the test's own output. */
function printed(body: () => void): string {
  const write = process.stdout.write;
  let text = "";
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    body();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

test("a tool that is there: jest's own test and describe, and nothing printed", () => {
  const gates: ToolGate[] = [];
  const text = printed(() => {
    gates.push(whenFound("present-tool", true));
    gates.push(whenFound("present-tool", true, { requiredBy: "CI_REQUIRES=1" }));
  });
  expect(text).toBe("");
  for (const gate of gates) {
    expect(gate.found).toBe(true);
    expect(gate.test).toBe(test);
    expect(gate.describe).toBe(describe);
  }
});

test("a missing tool: the skip forms, so jest counts skips, and one line per tool however many gates name it", () => {
  const gates: ToolGate[] = [];
  const text = printed(() => {
    gates.push(whenFound("missing-tool", false));
    gates.push(whenFound("missing-tool", false));
    gates.push(whenFound("other-missing-tool", false));
  });
  expect(text).toBe("SKIPPED: missing-tool not found\nSKIPPED: other-missing-tool not found\n");
  for (const gate of gates) {
    expect(gate.found).toBe(false);
    expect(gate.test).toBe(test.skip);
    expect(gate.describe).toBe(describe.skip);
  }
});

test("a missing tool the run requires: an error naming the tool and what requires it, and no skip line", () => {
  let thrown: unknown;
  const text = printed(() => {
    try {
      whenFound("required-tool", false, { requiredBy: "GEN_INFRA_REAL_LIBVIRT=required" });
    } catch (error) {
      thrown = error;
    }
  });
  expect(text).toBe("");
  expect(thrown).toEqual(
    new Error("required-tool not found, but GEN_INFRA_REAL_LIBVIRT=required: the tests that need it must run here"),
  );
});
