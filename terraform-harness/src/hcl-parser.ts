// The HCL parser verify reads configurations with: @cdktf/hcl2json, Go compiled to a large WebAssembly module.
// By default V8 compiles WebAssembly twice: at once with its baseline compiler (Liftoff), then again with its
// optimising one (TurboFan) on background threads. For the few small files verify parses, the second compile is
// pure cost: about a second of CPU in every process that loads the parser, most of what a refused `verify` costs,
// and Liftoff's code parses these files no slower in total. So the parser is compiled with Liftoff only.
import { setFlagsFromString } from "node:v8";

export type Parse = (name: string, text: string) => Promise<unknown>;

/**
 * Asks V8 to compile WebAssembly with its baseline compiler only, from now on in this process. Call it before the
 * parser's first use: the module is compiled then. Only gen-infra's own parser is WebAssembly in its processes.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString("--liftoff-only");
}

export async function hclParser(): Promise<Parse> {
  baselineWasmOnly();
  const { parse } = (await import("@cdktf/hcl2json")) as { parse: Parse };
  return parse;
}
