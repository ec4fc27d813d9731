/**
 * The compiler bundle builds sucrase's keyword trie at load time from the keywords the build
 * reads out of sucrase's own table (web/build/lazy_compiler.ts): both must be the same table.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildReadWordTree, wordsOfTree } from "../../web/src/compiler/read_word_tree.ts";

const require = createRequire(import.meta.url);
const { READ_WORD_TREE } = require("sucrase/dist/parser/tokenizer/readWordTree.js") as {
  READ_WORD_TREE: Int32Array;
};
const { TokenType } = require("sucrase/dist/parser/tokenizer/types.js") as {
  TokenType: Record<string, number>;
};
const { ContextualKeyword } = require("sucrase/dist/parser/tokenizer/keywords.js") as {
  ContextualKeyword: Record<string, number>;
};

describe("sucrase's keyword trie, rebuilt", () => {
  const { words, kinds } = wordsOfTree(READ_WORD_TREE);

  it("finds the keywords of both kinds", () => {
    expect(words.length).toBe(kinds.length);
    const kindOf = (w: string) => kinds[words.indexOf(w)];
    for (const [w, k] of [
      ["while", "k"],
      ["instanceof", "k"],
      ["of", "c"],
      ["async", "c"],
      ["interface", "c"],
    ])
      expect(kindOf(w), w).toBe(k);
  });

  it("equals sucrase's table slot for slot", () => {
    const built = buildReadWordTree(words, kinds, TokenType, ContextualKeyword);
    expect(built.length).toBe(READ_WORD_TREE.length);
    expect(Array.from(built)).toEqual(Array.from(READ_WORD_TREE));
  });

  it("differs when a keyword is missing (the comparison can fail)", () => {
    const built = buildReadWordTree(words.slice(1), kinds.slice(1), TokenType, ContextualKeyword);
    expect(Array.from(built)).not.toEqual(Array.from(READ_WORD_TREE));
  });
});
