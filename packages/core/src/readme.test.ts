/**
 * Every TypeScript snippet of the README compiles as written (each as its own module, against this
 * package's source): a snippet that uses a name it never defines, or an API that changed, fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const dir = mkdtempSync(join(tmpdir(), "theta-core-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's snippets", () => {
  it("are there", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(7);
  });

  it("compile as written, each on its own", () => {
    const files = snippets.map((snippet, index) => {
      const file = join(dir, `snippet-${index + 1}.ts`);
      // A module of its own (top-level await and names do not leak between snippets).
      writeFileSync(file, `${snippet}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ["node"],
      typeRoots: [fileURLToPath(new URL("../../../node_modules/@types", import.meta.url))],
      skipLibCheck: true,
      baseUrl: dir,
      paths: { "@theta/core": [fileURLToPath(new URL("./index.ts", import.meta.url))] },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file === undefined || files.includes(diagnostic.file.fileName))
      .map((diagnostic) => {
        const where = diagnostic.file
          ? `${diagnostic.file.fileName.split("/").pop()}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
          : "";
        return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  });
});
