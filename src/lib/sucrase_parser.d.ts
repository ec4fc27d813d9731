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
