// The README's generated sections: the spec reference, the list of checks, the day-2 table and the example report,
// each between `<!-- name:start ... -->` and `<!-- name:end -->`. Pure: the text in, the text out; scripts/docs.ts writes it.
import { specReference } from "./spec-reference";
import { checksReference } from "./checks-reference";
import { dayTwoReference } from "./day-two-reference";

/** The README with the section between `<!-- name:start ... -->` and `<!-- name:end -->` replaced. */
function withSection(readme: string, name: string, content: string): string {
  const start = new RegExp(`<!-- ${name}:start[^>]*-->\n`);
  const end = `<!-- ${name}:end -->`;
  const marker = readme.match(start);
  if (!marker) throw new Error(`README.md has no ${name} section`);
  const before = readme.slice(0, marker.index! + marker[0].length);
  return `${before}${content}\n${readme.slice(readme.indexOf(end, before.length))}`;
}

/** `exampleReport` is out/monaco/README.md; its headings move under the README's own section. */
export function generatedReadme(readme: string, exampleReport: string): string {
  const sections: [string, string][] = [
    ["spec-reference", specReference()],
    ["checks", checksReference()],
    ["day-two", dayTwoReference()],
    ["example-report", exampleReport.trimEnd().replace(/^(#+) /gm, "$1## ")],
  ];
  return sections.reduce((text, [name, content]) => withSection(text, name, content), readme);
}
