// Preloaded into a measured process: reports its peak resident set size on exit, to stderr as a last line.
process.on("exit", () => process.stderr.write(`\nmaxRSS=${process.resourceUsage().maxRSS}\n`));
