/**
 * `theta.setup` as a model reads it: one line per family (whether its commands are here, each setting
 * set or missing with the variable to set, the base URL or what is wrong with it), then what to do next.
 * The JSON carries the same facts with every environment alias, several times longer.
 */

export interface SetupSetting {
  readonly setting: string;
  readonly description: string;
  readonly configured: boolean;
  readonly source: string;
  readonly envNames: readonly string[];
}

export interface SetupFamily {
  readonly family: string;
  readonly title: string;
  readonly commands: "available" | "not in this version";
  readonly settingsFrom?: string;
  readonly checklist: readonly SetupSetting[];
  readonly baseUrl?: string;
  readonly error?: string;
}

export interface SetupResult {
  readonly ready: boolean;
  readonly dryRun: boolean;
  readonly maxBudgetUsd: number | null;
  readonly allowInsecureLoopback: boolean;
  readonly families: readonly SetupFamily[];
  readonly next: readonly string[];
}

function settingText(setting: SetupSetting, available: boolean): string {
  if (setting.configured) return `${setting.setting} set (${setting.source})`;
  const variable = setting.envNames[0] ?? setting.setting;
  // For a family without commands here the variable is enough; for one in use, say what the value is.
  return available
    ? `${setting.setting} missing: ${setting.description}; set ${variable}`
    : `${setting.setting} unset (${variable})`;
}

function familyText(family: SetupFamily): string {
  const available = family.commands === "available";
  const parts = [
    available ? "commands available" : "no commands in this version",
    ...(family.settingsFrom === undefined ? [] : [`settings from ${family.settingsFrom}`]),
    ...family.checklist.map((setting) => settingText(setting, available)),
    ...(family.baseUrl === undefined ? [] : [`base URL ${family.baseUrl}`]),
    ...(family.error === undefined ? [] : [family.error]),
  ];
  return `${family.family}: ${parts.join("; ")}`;
}

export function setupText(result: SetupResult): string {
  const budget = result.maxBudgetUsd === null ? "no spend cap" : `spend cap USD ${result.maxBudgetUsd}`;
  const loopback = result.allowInsecureLoopback ? "; http on loopback allowed" : "";
  return [
    `${result.ready ? "Ready" : "Not ready"} (dry-run ${result.dryRun ? "on" : "off"}, ${budget}${loopback}).`,
    ...result.families.map(familyText),
    `Next: ${result.next.join(" ")}`,
  ].join("\n");
}
