import ts from "typescript";
import { workspaceFile } from "./paths.js";

/**
 * Type-checks `files` with the workspace's strict settings and returns the diagnostics as text
 * (empty when the code compiles). `@theta/core` resolves to core's `operations.ts`: the generated
 * modules import only the table types from it, and mapping there keeps the compile to the files
 * under test (no build of core needed, no DOM or Node typings).
 */
export function typecheck(files: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    paths: { "@theta/core": [workspaceFile("packages/core/src/operations.ts")] },
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}: ${message}`;
  });
}
