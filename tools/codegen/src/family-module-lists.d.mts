// Types of the family module list generator (plain JavaScript so that `pnpm gen:specs` runs with node).

export interface ModuleFolder {
  readonly folder: string;
  /** `<camel-cased folder>Module`: the name the folder's `index.ts` exports. */
  readonly exportName: string;
}

export const MODULE_PACKAGES: readonly string[];
export function familyModuleFolders(packageDir: string): ModuleFolder[];
export function familyModuleListModule(packagePath: string, folders: readonly ModuleFolder[]): string;
export function familyExportsModule(packagePath: string, folders: readonly ModuleFolder[]): string;
export function generateFamilyModuleLists(options: { readonly root: string }): void;
