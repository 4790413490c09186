/**
 * Chinese + English for what commander itself prints: help headings, its own error messages
 * (unknown option, missing argument …) and the built-in --help / --version / help entries.
 * Applied to the root program before sub-commands are added, so they inherit it.
 */
import type { Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': '用法 / Usage:',
  'Arguments:': '参数 / Arguments:',
  'Options:': '选项 / Options:',
  'Commands:': '命令 / Commands:',
  'Global Options:': '全局选项 / Global Options:',
};

/** commander's English error → `中文 / English` (unknown patterns pass through unchanged). */
export function bilingualCommanderError(text: string): string {
  const line = text.replace(/\n+$/, '');
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^error: unknown option '([^']+)'(?:\n\(Did you mean (\S+)\?\))?/, (m) => `错误：未知选项 ${m[1]}${m[2] ? `，是否应为 ${m[2]}？` : ''}`],
    [/^error: unknown command '([^']+)'(?:\n\(Did you mean (\S+)\?\))?/, (m) => `错误：未知命令 ${m[1]}${m[2] ? `，是否应为 ${m[2]}？` : ''}（onetrans --help 列出全部命令）`],
    [/^error: missing required argument '([^']+)'/, (m) => `错误：缺少参数 <${m[1]}>`],
    [/^error: option '([^']+)' argument missing/, (m) => `错误：选项 ${m[1]} 缺少取值`],
    [/^error: too many arguments/, () => '错误：参数过多'],
    [/^error: required option '([^']+)' not specified/, (m) => `错误：缺少必需的选项 ${m[1]}`],
    [/^error: option '([^']+)' argument '[^']*' is invalid\. Allowed choices are (.+)\.$/, (m) => `错误：选项 ${m[1]} 的取值无效，可选：${m[2]}`],
    [/^error: option '([^']+)' argument '[^']*' is invalid\./, (m) => `错误：选项 ${m[1]} 的取值无效`],
  ];
  for (const [re, zh] of rules) {
    const m = re.exec(line);
    if (m) return `${zh(m)}\n${line}\n`;
  }
  return `${line}\n`;
}

export function bilingualHelp(program: Command): Command {
  return program
    .configureHelp({ styleTitle: (t: string) => TITLES[t] ?? t })
    .configureOutput({ outputError: (str, write) => write(bilingualCommanderError(str)) })
    .helpOption('-h, --help', '显示帮助 / display help')
    .helpCommand('help [command]', '显示某个命令的帮助 / display help for a command');
}
