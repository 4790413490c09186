/** One "did you mean" for every misspelt name: options, OneTrans.json keys, profile keys, portal config. */

/** Edit distance, case-insensitive (readTimeoutMS and readTimeoutMs are one edit apart at most). */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The closest known name, or undefined when none is close enough to be what was meant. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  // A name far longer than any known one is no typo; bound the work it can cause.
  if (name.length > 200) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** `unknown key "x"; did you mean "y"?` in both languages, for one unknown name. */
export function unknownName(what: readonly [zh: string, en: string], name: string, known: readonly string[]): [string, string] {
  const hint = suggest(name, known);
  const shownName = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return [
    `未知的${what[0]} ${shownName}${hint ? `，是否应为 "${hint}"？` : ''}`,
    `unknown ${what[1]} ${shownName}${hint ? `; did you mean "${hint}"?` : ''}`,
  ];
}
