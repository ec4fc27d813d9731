/**
 * Types for the two internal modules of sucrase that vkern uses besides transform(): its
 * parser (a full JavaScript parse, so regular expressions, template literals and
 * keyword-named properties are told apart correctly) and its token type table. The
 * package ships no declarations at these paths.
 */
declare module "sucrase/dist/parser/index.js" {
  export interface Token {
    type: number;
    start: number;
    end: number;
    /** What a name token is: an access, a declaration, an object key (IdentifierRole). */
    identifierRole: number | null;
    /** Ties an object's or class's braces and keys (and a call's parentheses) together. */
    contextId: number | null;
    /** On `.`, `?.`, `[` and `(` of a member or call chain: the chain's first token. */
    subscriptStartIndex: number | null;
  }
  export function parse(
    input: string,
    isJSXEnabled: boolean,
    isTypeScriptEnabled: boolean,
    isFlowEnabled: boolean,
  ): { tokens: Token[] };
}

declare module "sucrase/dist/parser/tokenizer/types.js" {
  export const TokenType: { readonly [name: string]: number };
}
