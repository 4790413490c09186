/**
 * Chinese + English for what commander itself prints: help headings, its own error messages
 * (unknown option, missing argument …) and the built-in --help / --version / help entries.
 * Applied to the root program before sub-commands are added, so they inherit it.
 *
 * Messages never quote input text: commander's English for a bad value repeats the value
 * ("option '--port <port>' argument '110101…' is invalid"), and the value may be an ID number
 * or a key pasted into the wrong option. configureOutput's outputError is the one place every
 * such message passes (commander builds the text itself; the parsers only supply the reason
 * after it), so both lines are rebuilt here from the option's flags and the reason alone.
 */
import type { Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': '用法 / Usage:',
  'Arguments:': '参数 / Arguments:',
  'Options:': '选项 / Options:',
  'Commands:': '命令 / Commands:',
  'Global Options:': '全局选项 / Global Options:',
};

/**
 * A token the user typed where an option or command name was expected, fit to be named back:
 * a plain name only. `--cert=110101…` names `--cert`; anything that is not name-shaped (a value
 * pasted in the wrong place) is not repeated at all.
 */
function nameShown(token: string, shape: RegExp): string | undefined {
  const name = token.split('=')[0]!;
  return name.length <= 40 && shape.test(name) ? name : undefined;
}
const OPTION_SHAPE = /^-{1,2}[A-Za-z][A-Za-z0-9-]*$/;
const COMMAND_SHAPE = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * The reason a parser gave after commander's "… is invalid." — ours are written "中文 / English"
 * and never quote the value; commander's own is its list of choices.
 */
function reasonOf(text: string | undefined): { zh: string; en: string } | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  const choices = /^Allowed choices are (.+)\.$/.exec(t);
  if (choices) return { zh: `，可选：${choices[1]}`, en: `; allowed choices are ${choices[1]}` };
  const at = t.indexOf(' / ');
  return at > 0 ? { zh: `：${t.slice(0, at)}`, en: `: ${t.slice(at + 3)}` } : { zh: `：${t}`, en: `: ${t}` };
}

type Rule = [RegExp, (m: RegExpExecArray) => { zh: string; en: string }];

// `[\s\S]*` for the value: it may hold quotes and line breaks; the text after it is commander's own.
const RULES: Rule[] = [
  [/^error: unknown option '([\s\S]*?)'(?:\n\(Did you mean (\S+)\?\))?$/, (m) => {
    const flag = nameShown(m[1]!, OPTION_SHAPE);
    const hint = m[2] && OPTION_SHAPE.test(m[2]) ? m[2] : undefined;
    return {
      zh: `错误：未知选项${flag ? ` ${flag}` : ''}${hint ? `，是否应为 ${hint}？` : ''}`,
      en: `error: unknown option${flag ? ` '${flag}'` : ''}${hint ? ` (did you mean ${hint}?)` : ''}`,
    };
  }],
  [/^error: unknown command '([\s\S]*?)'(?:\n\(Did you mean (\S+)\?\))?$/, (m) => {
    const name = nameShown(m[1]!, COMMAND_SHAPE);
    const hint = m[2] && COMMAND_SHAPE.test(m[2]) ? m[2] : undefined;
    return {
      zh: `错误：未知命令${name ? ` ${name}` : ''}${hint ? `，是否应为 ${hint}？` : ''}（onetrans --help 列出全部命令）`,
      en: `error: unknown command${name ? ` '${name}'` : ''}${hint ? ` (did you mean ${hint}?)` : ''}; onetrans --help lists them`,
    };
  }],
  [/^error: missing required argument '([^']+)'$/, (m) => ({ zh: `错误：缺少参数 <${m[1]}>`, en: m[0] })],
  [/^error: option '([^']+)' argument missing$/, (m) => ({ zh: `错误：选项 ${m[1]} 缺少取值`, en: m[0] })],
  [/^error: too many arguments([\s\S]*)$/, (m) => ({ zh: '错误：参数过多', en: m[0] })],
  [/^error: required option '([^']+)' not specified$/, (m) => ({ zh: `错误：缺少必需的选项 ${m[1]}`, en: m[0] })],
  [/^error: option '([^']+)' argument '[\s\S]*' is invalid\.(?: ([\s\S]*))?$/, (m) => {
    const r = reasonOf(m[2]);
    return { zh: `错误：选项 ${m[1]} 的取值无效${r?.zh ?? ''}`, en: `error: option '${m[1]}' has an invalid value${r?.en ?? ''}` };
  }],
  [/^error: option '([^']+)' value '[\s\S]*' from env '([^']+)' is invalid\.(?: ([\s\S]*))?$/, (m) => {
    const r = reasonOf(m[3]);
    return { zh: `错误：环境变量 ${m[2]}（选项 ${m[1]}）的取值无效${r?.zh ?? ''}`, en: `error: environment variable ${m[2]} (option '${m[1]}') has an invalid value${r?.en ?? ''}` };
  }],
  [/^error: command-argument value '[\s\S]*' is invalid for argument '([^']+)'\.(?: ([\s\S]*))?$/, (m) => {
    const r = reasonOf(m[2]);
    return { zh: `错误：参数 <${m[1]}> 的取值无效${r?.zh ?? ''}`, en: `error: argument '${m[1]}' has an invalid value${r?.en ?? ''}` };
  }],
];

/**
 * commander's English error → "中文\nEnglish", neither quoting a value the user typed. Messages
 * of ours (cmd.error) pass through unchanged: they are written bilingual and value-free already.
 */
export function bilingualCommanderError(text: string): string {
  const line = text.replace(/\n+$/, '');
  for (const [re, lines] of RULES) {
    const m = re.exec(line);
    if (m) {
      const { zh, en } = lines(m);
      return `${zh}\n${en}\n`;
    }
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
