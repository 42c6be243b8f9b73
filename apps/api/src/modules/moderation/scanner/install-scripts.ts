/**
 * Install-time scripts: npm runs `preinstall`, `install` and `postinstall` of every package it
 * installs (https://docs.npmjs.com/cli/using-npm/scripts#npm-install), and runs
 * `node-gyp rebuild` when a binding.gyp has no install script. These are the usual way malware
 * runs on a developer's machine, so each is a finding, graded by what the command does.
 */
import { manifestScripts } from './manifest.ts';
import { SCANNER_RULES } from './rules.ts';
import { SourceLines } from './source-lines.ts';
import type { PackageFile, PackageManifest, QualityFinding, Severity } from './types.ts';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;
const NATIVE_BUILD = /^(node-gyp(-build)?(\s+rebuild)?|prebuild-install(\s+[-\w=. ]*)?|node-pre-gyp\s+install(\s+[-\w=. ]*)?|cmake-js\s+\w+)$/;
const RISKY = /\b(curl|wget|iwr|Invoke-WebRequest|certutil|powershell|base64)\b|https?:\/\/|\|\s*(ba|z|da)?sh\b|\bnode\s+(-e|--eval|-p|--print)\b|\beval\b/i;

export function findInstallScripts(manifest: PackageManifest, manifestText: string, files: PackageFile[]): QualityFinding[] {
  const scripts = manifestScripts(manifest);
  const lines = new SourceLines(manifestText);
  const findings: QualityFinding[] = [];
  for (const name of INSTALL_SCRIPTS) {
    const command = scripts[name];
    if (command === undefined) continue;
    const [severity, why] = gradeInstallCommand(command);
    const offset = manifestText.search(new RegExp(`"${name}"\\s*:`));
    const { line, column } = offset === -1 ? { line: null, column: null } : lines.position(offset);
    findings.push({
      ruleId: 'security/install-script',
      severity,
      file: 'package.json',
      line,
      column,
      message: `npm runs the "${name}" script on every install: ${why}.`,
      snippet: line === null ? command.slice(0, 200) : lines.snippet(line, column ?? 1),
    });
  }
  const hasBindingGyp = files.some((file) => file.path === 'binding.gyp');
  if (hasBindingGyp && scripts.install === undefined && scripts.preinstall === undefined) {
    findings.push({ ruleId: 'security/native-build', severity: SCANNER_RULES['security/native-build'].severity, file: 'binding.gyp', line: null, column: null, message: 'npm compiles this native addon with `node-gyp rebuild` on install.', snippet: null });
  }
  return findings;
}

/** The severity of an install command and a few words on why. */
export function gradeInstallCommand(command: string): [Severity, string] {
  if (RISKY.test(command)) return ['HIGH', 'it downloads, pipes into a shell or runs inline code'];
  const steps = command.split(/&&|\|\||;/).map((step) => step.trim()).filter(Boolean);
  if (steps.length > 0 && steps.every((step) => NATIVE_BUILD.test(step))) return ['LOW', 'it builds a native addon'];
  return [SCANNER_RULES['security/install-script'].severity, 'it runs code on the installing machine'];
}
