// The target refers to its locals through typed names: missing-local.ts holds a reference to a local that does not
// exist under @ts-expect-error. The compiler must accept the file as it is (the directive found its error) and,
// with the directive taken out, report that very reference.
import path from "node:path";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { root } from "../../helpers";
import { programWithText } from "../../typescript-program";

const file = path.join(root, "test/unit/targets/missing-local.ts");
const directive = /^\/\/ @ts-expect-error.*\n/m;

function diagnostics(text: string): string[] {
  const program = programWithText(file, text);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const source = readFileSync(file, "utf8");

test("a reference to a missing local does not compile, and the file says so with @ts-expect-error", () => {
  expect(source).toMatch(directive);
  expect(diagnostics(source)).toEqual([]);
  const errors = diagnostics(source.replace(directive, ""));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('"chucky_range_start"');
});
