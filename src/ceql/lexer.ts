/**
 * Splits CEQL text into tokens on demand, so the parser reports whichever problem comes first in
 * the text. Every token keeps its 0-based offset for error positions.
 */
import { CeqlSyntaxError } from '../errors.js';
import type { CompareOp } from './ast.js';
import { type Keyword, keywordOf } from './keywords.js';

export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly pos: number } // plain (dotted) field
  | { readonly kind: 'quoted'; readonly text: string; readonly pos: number } // `backticked`: field or string
  | { readonly kind: 'string'; readonly text: string; readonly pos: number } // 'single-quoted', unescaped
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'keyword'; readonly text: Keyword; readonly pos: number }
  | { readonly kind: 'op'; readonly text: CompareOp; readonly pos: number }
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ','; readonly pos: number }
  | { readonly kind: 'end'; readonly pos: number };

const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A run of these is read whole, so `==`, `<>` or `=>` is reported as one unknown operator.
const OPERATOR_RUN = /[=!<>~^&|*+/?:;@#$%\\]+/y;
const WHITESPACE = /\s*/y;
const OPS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);

export class Lexer {
  private pos = 0;

  constructor(readonly input: string) {}

  /** The next token; an `end` token (at `input.length`) once the text is used up. */
  next(): Token {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.input);
    const start = WHITESPACE.lastIndex;
    this.pos = start;
    const ch = this.input[start];
    if (ch === undefined) return { kind: 'end', pos: start };
    if (ch === '(' || ch === ')' || ch === ',') {
      this.pos++;
      return { kind: 'punct', text: ch, pos: start };
    }
    if (ch === "'") return { kind: 'string', text: this.quoted("'", 'string'), pos: start };
    if (ch === '`')
      return { kind: 'quoted', text: this.quoted('`', 'backtick-quoted name or value'), pos: start };
    const name = this.match(NAME);
    if (name !== undefined) {
      const keyword = keywordOf(name);
      return keyword
        ? { kind: 'keyword', text: keyword, pos: start }
        : { kind: 'name', text: name, pos: start };
    }
    const number = this.match(NUMBER);
    if (number !== undefined) {
      const value = Number(number);
      if (!Number.isFinite(value)) throw this.error(`Number ${number} is out of range`, start);
      return { kind: 'number', value: value === 0 ? 0 : value, pos: start };
    }
    const op = this.match(OPERATOR_RUN);
    if (op !== undefined) {
      if (OPS.has(op)) return { kind: 'op', text: op as CompareOp, pos: start };
      throw this.error(
        `Unknown operator '${op}': expected one of =, !=, <, <=, >, >=, LIKE, IN, IS NULL`,
        start,
      );
    }
    const hint = ch === '"' ? " (strings use single quotes: 'text')" : '';
    throw this.error(`Unexpected character '${ch}'${hint}`, start);
  }

  /** Reads a `quote`-delimited text starting at `this.pos`; a doubled quote stands for one. */
  private quoted(quote: string, what: string): string {
    const start = this.pos;
    let text = '';
    let from = start + 1;
    for (;;) {
      const close = this.input.indexOf(quote, from);
      if (close === -1) throw this.error(`Unterminated ${what}: expected a closing ${quote}`, start);
      text += this.input.slice(from, close);
      if (this.input[close + 1] === quote) {
        text += quote;
        from = close + 2;
      } else {
        this.pos = close + 1;
        return text;
      }
    }
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.input);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m[0];
  }

  private error(message: string, pos: number): CeqlSyntaxError {
    return new CeqlSyntaxError(message, pos, this.input);
  }
}
