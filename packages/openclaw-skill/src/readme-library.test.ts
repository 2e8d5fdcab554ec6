/** The README's library example is the code `readme-library.test-d.ts` typechecks, line for line. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const packageFile = (name: string): string => readFileSync(new URL(`../${name}`, import.meta.url), "utf8");

/** The lines of `text` between two marker lines, without their common indentation. */
function dedented(lines: readonly string[]): string {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = Math.min(...indents);
  return lines
    .map((line) => line.slice(common))
    .join("\n")
    .trim();
}

describe("the README's library example", () => {
  it("is the typechecked example", () => {
    const readme = packageFile("README.md");
    const section = readme.slice(readme.indexOf("## Library"));
    const block = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const shown = block
      .split("\n")
      .filter((line) => !line.startsWith("import "))
      .join("\n")
      .trim();
    const fixture = packageFile("src/readme-library.test-d.ts").split("\n");
    const start = fixture.findIndex((line) => line.includes("// README example start"));
    const end = fixture.findIndex((line) => line.includes("// README example end"));
    expect(start).toBeGreaterThan(0);
    expect(dedented(fixture.slice(start + 1, end))).toBe(shown);
  });
});
