// The command's entry point: runs main() on the process's arguments and streams, and turns what escapes it into
// exit status 2. Everything a user can get wrong is a finding with exit 1 inside main; reaching the handler
// below is a defect in gen-infra.
import { main } from "./main";
import { processIo } from "./io";

// The arguments after node's path and the script's, as yargs/helpers' hideBin gives them outside Electron: importing
// it would load yargs' parser on every run.
main(process.argv.slice(2), processIo()).then(
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
