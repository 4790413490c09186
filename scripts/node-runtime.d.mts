/** Types of scripts/node-runtime.mjs, for the tests and benchmarks that import it. */
export interface NodeRuntime {
  name: string;
  version: string;
  integrity: string;
  member: string;
  file: string;
  kind: { format: 'pe' | 'elf'; machine: number; magic?: number; label: string };
}
export declare const root: string;
export declare const NODE_RUNTIMES: Record<'win-x64' | 'win-x86' | 'linux-x64' | 'linux-arm64', NodeRuntime>;
export declare function checkExecutable(file: string, kind: NodeRuntime['kind']): void;
export declare function fetchNode(key: keyof typeof NODE_RUNTIMES | string, log?: (line: string) => void): string;
export declare function exampleConfig(platform?: 'windows' | 'linux'): string;
