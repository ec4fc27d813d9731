/**
 * sucrase's keyword trie (its parser/tokenizer/readWordTree.js, 43 KB of generated numbers),
 * built at load time from the keywords instead: the compiler bundle carries the words, not
 * the table. Layout, as sucrase's readWord() reads it: one node of 27 slots per prefix of a
 * keyword, nodes in sorted prefix order; slot 0 is the keyword ending there (a token type
 * `(tt << 1) + 1` or a contextual keyword `ck << 1`, else -1), slots 1-26 the node after
 * each of a-z (else -1). test/web/read_word_tree.test.ts checks it equals sucrase's table.
 */

/** A keyword: its text and whether it is a token type ("k") or a contextual keyword ("c"). */
export type WordKind = "k" | "c";

export function buildReadWordTree(
  words: readonly string[],
  kinds: string,
  tokenTypes: Readonly<Record<string, number>>,
  contextual: Readonly<Record<string, number>>,
): Int32Array {
  const prefixes = new Set<string>();
  for (const w of words) for (let i = 0; i <= w.length; i++) prefixes.add(w.slice(0, i));
  const start = new Map([...prefixes].sort().map((p, i) => [p, i * 27]));
  const at = (p: string) => start.get(p) as number;
  const tree = new Int32Array(start.size * 27).fill(-1);
  words.forEach((w, i) => {
    tree[at(w)] = kinds[i] === "k" ? (tokenTypes[`_${w}`] << 1) + 1 : contextual[`_${w}`] << 1;
    for (let j = 0; j < w.length; j++)
      tree[at(w.slice(0, j)) + w.charCodeAt(j) - 96] = at(w.slice(0, j + 1));
  });
  return tree;
}

/** The keywords of a built table and their kinds (the build reads sucrase's own table). */
export function wordsOfTree(tree: Int32Array): { words: string[]; kinds: string } {
  const words: string[] = [];
  let kinds = "";
  const walk = (pos: number, prefix: string) => {
    if (tree[pos] !== -1) {
      words.push(prefix);
      kinds += tree[pos] & 1 ? "k" : "c";
    }
    for (let c = 0; c < 26; c++) {
      const next = tree[pos + 1 + c];
      if (next !== -1) walk(next, prefix + String.fromCharCode(97 + c));
    }
  };
  walk(0, "");
  return { words, kinds };
}
