// A TypeScript program over one of the project's files with its text replaced, compiled with the project's own
// options: for tests that ask the compiler what it makes of code written for the test.
import path from "node:path";
import ts from "typescript";
import { root } from "./helpers";

export function programWithText(file: string, text: string): ts.Program {
  const { config } = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? text : readFile(name));
  // No ambient types (node, jest): the file is read as the generator's own modules are.
  return ts.createProgram([file], { ...options, types: [] }, host);
}
