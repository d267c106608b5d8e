// Compares two jest --json results by test, not by totals: every test's file and full name, and what became of
// it (passed, failed, skipped). Prints the tests only one side has and the tests whose status changed, then the
// totals of each side. A test that went away must be named, with the test that now covers its behaviour.
// Usage: node scripts/test-name-diff.js before.json after.json
import { readFileSync } from "node:fs";
import path from "node:path";

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error("usage: node scripts/test-name-diff.js before.json after.json");
  process.exit(2);
}

/** "file › full name" → status, with the file relative to the clone it ran in. */
function tests(file) {
  const results = JSON.parse(readFileSync(file, "utf8"));
  const found = new Map();
  for (const suite of results.testResults) {
    const rel = suite.name.slice(suite.name.lastIndexOf(`${path.sep}test${path.sep}`) + 1);
    for (const test of suite.assertionResults) found.set(`${rel} › ${test.fullName}`, test.status);
  }
  return found;
}

const before = tests(beforeFile);
const after = tests(afterFile);
const only = (a, b) => [...a.keys()].filter((name) => !b.has(name)).sort();
const changed = [...before.keys()].filter((name) => after.has(name) && after.get(name) !== before.get(name)).sort();
const count = (map) => {
  const by = {};
  for (const status of map.values()) by[status] = (by[status] ?? 0) + 1;
  return JSON.stringify(by);
};

console.log(`before: ${before.size} tests ${count(before)}`);
console.log(`after:  ${after.size} tests ${count(after)}`);
console.log(`\nonly before (${only(before, after).length}):`);
for (const name of only(before, after)) console.log(`  - ${name} [${before.get(name)}]`);
console.log(`\nonly after (${only(after, before).length}):`);
for (const name of only(after, before)) console.log(`  + ${name} [${after.get(name)}]`);
console.log(`\nstatus changed (${changed.length}):`);
for (const name of changed) console.log(`  ~ ${name}: ${before.get(name)} → ${after.get(name)}`);
