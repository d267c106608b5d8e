// The generated sections of the pages in docs/: the spec reference, the list of checks, the day-2 table and the
// example report, each between `<!-- name:start ... -->` and `<!-- name:end -->` in its page. Pure: a page's text
// in, its text out; scripts/docs.ts reads and writes the files, and the docs test checks them.
import { specReference } from "./spec-reference";
import { checksReference } from "./checks-reference";
import { dayTwoReference } from "./day-two-reference";

/** The pages with generated sections, as paths from the repository's root, and the name of each section. */
const pageSections = {
  "docs/spec.md": ["spec-reference"],
  "docs/checks.md": ["checks"],
  "docs/day-two.md": ["day-two"],
  "docs/report.md": ["example-report"],
} as const;
export type GeneratedPage = keyof typeof pageSections;
export type SectionName = (typeof pageSections)[GeneratedPage][number];
export const generatedPages = Object.keys(pageSections) as GeneratedPage[];

/** `exampleReport` is out/monaco/README.md, whose headings go one level below its page's title. */
function sectionContent(name: SectionName, exampleReport: string): string {
  switch (name) {
    case "spec-reference":
      return specReference();
    case "checks":
      return checksReference();
    case "day-two":
      return dayTwoReference();
    case "example-report":
      return exampleReport.trimEnd().replace(/^(#+) /gm, "#$1 ");
  }
}

/** Where the section's content lies: from the line after its start marker up to its end marker. */
function bounds(page: string, text: string, name: string): { start: number; end: number } {
  const marker = new RegExp(`<!-- ${name}:start[^>]*-->\n`).exec(text);
  if (!marker) throw new Error(`${page} has no ${name} section (<!-- ${name}:start ... -->)`);
  const start = marker.index + marker[0].length;
  const end = text.indexOf(`<!-- ${name}:end -->`, start);
  if (end < 0) throw new Error(`${page}'s ${name} section has no end marker (<!-- ${name}:end -->)`);
  return { start, end };
}

/** The names of the generated sections a page holds. */
export const generatedSectionNames = (page: GeneratedPage): readonly SectionName[] => pageSections[page];

/** The page with each of its generated sections rewritten from the code. */
export function withGeneratedSections(page: GeneratedPage, text: string, exampleReport: string): string {
  return generatedSectionNames(page).reduce((result, name) => {
    const { start, end } = bounds(page, result, name);
    return `${result.slice(0, start)}${sectionContent(name, exampleReport)}\n${result.slice(end)}`;
  }, text);
}

/** The names of the page's generated sections whose text is not what the code generates. */
export function staleSections(page: GeneratedPage, text: string, exampleReport: string): SectionName[] {
  return generatedSectionNames(page).filter((name) => {
    const { start, end } = bounds(page, text, name);
    return text.slice(start, end) !== `${sectionContent(name, exampleReport)}\n`;
  });
}

/** The name of every `<!-- name:start ... -->` marker in a Markdown text, in order. */
export function sectionMarkers(text: string): string[] {
  return [...text.matchAll(/<!-- ([\w-]+):start\b/g)].map((match) => match[1]!);
}
