// The command's entry point: runs main() on the process's arguments and streams, and turns what escapes it into
// exit status 2. Everything a user can get wrong is a finding with exit 1 inside main; reaching the handler
// below is a defect in gen-infra.
import { hideBin } from "yargs/helpers";
import { main } from "./main";
import { processIo } from "./io";

main(hideBin(process.argv), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `gen-infra: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
