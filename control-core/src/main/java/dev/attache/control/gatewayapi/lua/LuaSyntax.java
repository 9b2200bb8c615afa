package dev.attache.control.gatewayapi.lua;

import static dev.attache.control.gatewayapi.lua.LuaScanner.*;

import dev.attache.control.gatewayapi.lua.LuaScanner.ScanError;
import dev.attache.control.gatewayapi.lua.LuaScanner.Token;
import java.util.Optional;

/**
 * Checks Lua source the way gopher-lua (the interpreter Envoy Gateway validates Lua with) loads
 * it: its grammar (Lua 5.1 with {@code goto} and labels, its quirks included: {@code (f())} is a
 * call statement, a table may repeat field separators) and its messages. A parse error is found
 * at the same token as gopher-lua's LALR parser finds it (both stop at the first token that no
 * valid program can continue with) and reported at the scanner's position after that token. A
 * statement that is an expression but not a call is gopher-lua's {@code parse error}; a
 * {@code break} outside a loop and a {@code ...} outside a vararg function are its compile errors.
 */
final class LuaSyntax {
  /** How an expression ends: a name or index can be assigned to, a call can be a statement. */
  private enum Shape { VAR, CALL, OTHER }

  private static final class SyntaxError extends RuntimeException {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private final LuaScanner scanner;
  private final String source;
  private Token tok;
  /** The first compile error in source order (reported only when the whole chunk parses). */
  private String compileError;

  private LuaSyntax(String code, String source) {
    this.scanner = new LuaScanner(code, source);
    this.source = source;
  }

  /** gopher-lua's load error for {@code code} named {@code source}, or empty when it loads. */
  static Optional<String> check(String code, String source) {
    LuaSyntax syntax = new LuaSyntax(code, source);
    try {
      syntax.advance();
      syntax.block(new Function(true), 0);
      if (syntax.tok.type() != T_EOF) {
        throw syntax.syntaxError();
      }
    } catch (SyntaxError | ScanError e) {
      return Optional.of(e.getMessage());
    }
    return Optional.ofNullable(syntax.compileError);
  }

  /** What the compile checks need to know about the function being read. */
  private record Function(boolean vararg) {}

  private void advance() {
    tok = scanner.scan();
  }

  private SyntaxError syntaxError() {
    return new SyntaxError(scanner.error(tok.text(), "syntax error"));
  }

  private void compileError(int line, String message) {
    if (compileError == null) {
      compileError = "compile error near line(" + line + ") " + source + ": " + message;
    }
  }

  private void expect(int type) {
    if (tok.type() != type) {
      throw syntaxError();
    }
    advance();
  }

  private Token expectName() {
    Token name = tok;
    expect(T_NAME);
    return name;
  }

  private static boolean blockFollows(int type) {
    return switch (type) {
      case T_EOF, T_END, T_ELSE, T_ELSEIF, T_UNTIL -> true;
      default -> false;
    };
  }

  /** Statements up to the token that ends the block (checked by the caller). */
  private void block(Function fn, int loops) {
    while (true) {
      switch (tok.type()) {
        case ';' -> advance();
        case T_RETURN -> {
          advance();
          if (startsExpression(tok.type())) {
            expressionList(fn);
          }
          lastStatementEnd();
          return;
        }
        case T_BREAK -> {
          if (loops == 0) {
            compileError(tok.line(), "no loop to break");
          }
          advance();
          lastStatementEnd();
          return;
        }
        default -> {
          if (!statement(fn, loops)) {
            return;
          }
        }
      }
    }
  }

  /** A last statement takes one optional {@code ;} and then the block must end. */
  private void lastStatementEnd() {
    if (tok.type() == ';') {
      advance();
    }
    if (!blockFollows(tok.type())) {
      throw syntaxError();
    }
  }

  /** One statement, or false when the current token starts none. */
  private boolean statement(Function fn, int loops) {
    switch (tok.type()) {
      case T_DO -> {
        advance();
        block(fn, loops);
        expect(T_END);
      }
      case T_WHILE -> {
        advance();
        expression(fn);
        expect(T_DO);
        block(fn, loops + 1);
        expect(T_END);
      }
      case T_REPEAT -> {
        advance();
        block(fn, loops + 1);
        expect(T_UNTIL);
        expression(fn);
      }
      case T_IF -> {
        advance();
        expression(fn);
        expect(T_THEN);
        block(fn, loops);
        while (tok.type() == T_ELSEIF) {
          advance();
          expression(fn);
          expect(T_THEN);
          block(fn, loops);
        }
        if (tok.type() == T_ELSE) {
          advance();
          block(fn, loops);
        }
        expect(T_END);
      }
      case T_FOR -> forStatement(fn, loops);
      case T_FUNCTION -> {
        advance();
        expectName();
        while (tok.type() == '.') {
          advance();
          expectName();
        }
        if (tok.type() == ':') {
          advance();
          expectName();
        }
        functionBody();
      }
      case T_LOCAL -> {
        advance();
        if (tok.type() == T_FUNCTION) {
          advance();
          expectName();
          functionBody();
        } else {
          nameList();
          if (tok.type() == '=') {
            advance();
            expressionList(fn);
          }
        }
      }
      case T_DBCOLON -> {
        advance();
        expectName();
        expect(T_DBCOLON);
      }
      case T_GOTO -> {
        advance();
        expectName();
      }
      case T_NAME, '(' -> expressionStatement(fn);
      default -> {
        return false;
      }
    }
    return true;
  }

  private void forStatement(Function fn, int loops) {
    advance();
    expectName();
    if (tok.type() == '=') {
      advance();
      expression(fn);
      expect(',');
      expression(fn);
      if (tok.type() == ',') {
        advance();
        expression(fn);
      }
    } else {
      while (tok.type() == ',') {
        advance();
        expectName();
      }
      expect(T_IN);
      expressionList(fn);
    }
    expect(T_DO);
    block(fn, loops + 1);
    expect(T_END);
  }

  private void nameList() {
    expectName();
    while (tok.type() == ',') {
      advance();
      expectName();
    }
  }

  /**
   * An assignment or a call. gopher-lua reduces a statement that is neither with its "parse
   * error" as soon as the token after it is read.
   */
  private void expressionStatement(Function fn) {
    Shape first = suffixedExpression(fn, null);
    if ((tok.type() == '=' || tok.type() == ',') && first == Shape.VAR) {
      while (tok.type() == ',') {
        advance();
        if (suffixedExpression(fn, null) != Shape.VAR) {
          throw syntaxError();
        }
      }
      expect('=');
      expressionList(fn);
      return;
    }
    if (first != Shape.CALL) {
      throw new SyntaxError(scanner.error(tok.text(), "parse error"));
    }
  }

  private void functionBody() {
    expect('(');
    boolean vararg = false;
    if (tok.type() == T_DOTS) {
      vararg = true;
      advance();
    } else if (tok.type() == T_NAME) {
      advance();
      while (tok.type() == ',') {
        advance();
        if (tok.type() == T_DOTS) {
          vararg = true;
          advance();
          break;
        }
        expectName();
      }
    }
    expect(')');
    block(new Function(vararg), 0);
    expect(T_END);
  }

  private void expressionList(Function fn) {
    expression(fn);
    while (tok.type() == ',') {
      advance();
      expression(fn);
    }
  }

  private static boolean startsExpression(int type) {
    return switch (type) {
      case T_NIL, T_FALSE, T_TRUE, T_NUMBER, T_STRING, T_DOTS, T_FUNCTION, T_NAME, '(', '{', '-',
          T_NOT, '#' -> true;
      default -> false;
    };
  }

  private static boolean isBinaryOperator(int type) {
    return switch (type) {
      case T_OR, T_AND, '<', '>', T_LE, T_GE, T_EQ, T_NE, T_CONCAT, '+', '-', '*', '/', '%', '^' -> true;
      default -> false;
    };
  }

  /** An expression; its shape when it is a bare prefix expression (for {@code (f())}). */
  private Shape expression(Function fn) {
    Shape shape = operand(fn);
    if (!isBinaryOperator(tok.type())) {
      return shape;
    }
    while (isBinaryOperator(tok.type())) {
      advance();
      operand(fn);
    }
    return Shape.OTHER;
  }

  /** A unary expression or a simple one (operators bind later; only the language matters here). */
  private Shape operand(Function fn) {
    switch (tok.type()) {
      case '-', T_NOT, '#' -> {
        advance();
        operand(fn);
        return Shape.OTHER;
      }
      case T_NIL, T_FALSE, T_TRUE, T_NUMBER, T_STRING -> {
        advance();
        return Shape.OTHER;
      }
      case T_DOTS -> {
        if (!fn.vararg()) {
          compileError(tok.line(), "cannot use '...' outside a vararg function");
        }
        advance();
        return Shape.OTHER;
      }
      case T_FUNCTION -> {
        advance();
        functionBody();
        return Shape.OTHER;
      }
      case '{' -> {
        tableConstructor(fn);
        return Shape.OTHER;
      }
      case T_NAME, '(' -> {
        return suffixedExpression(fn, null);
      }
      default -> throw syntaxError();
    }
  }

  /**
   * A prefix expression and its suffixes (fields, indexes, calls). {@code name} is a name the
   * caller has already read as the expression's start (a table field that turned out not to be
   * {@code name = value}).
   */
  private Shape suffixedExpression(Function fn, Token name) {
    Shape shape;
    if (name != null) {
      shape = Shape.VAR;
    } else if (tok.type() == T_NAME) {
      advance();
      shape = Shape.VAR;
    } else if (tok.type() == '(') {
      advance();
      Shape inner = expression(fn);
      expect(')');
      // gopher-lua keeps a parenthesised call a call; anything else in parentheses is a value
      shape = inner == Shape.CALL ? Shape.CALL : Shape.OTHER;
    } else {
      throw syntaxError();
    }
    while (true) {
      switch (tok.type()) {
        case '.' -> {
          advance();
          expectName();
          shape = Shape.VAR;
        }
        case '[' -> {
          advance();
          expression(fn);
          expect(']');
          shape = Shape.VAR;
        }
        case ':' -> {
          advance();
          expectName();
          arguments(fn);
          shape = Shape.CALL;
        }
        case '(', T_STRING, '{' -> {
          arguments(fn);
          shape = Shape.CALL;
        }
        default -> {
          return shape;
        }
      }
    }
  }

  private void arguments(Function fn) {
    switch (tok.type()) {
      case T_STRING -> advance();
      case '{' -> tableConstructor(fn);
      case '(' -> {
        advance();
        if (tok.type() != ')') {
          expressionList(fn);
        }
        expect(')');
      }
      default -> throw syntaxError();
    }
  }

  /** gopher-lua's table grammar: fields after the first may be preceded by several separators. */
  private void tableConstructor(Function fn) {
    expect('{');
    if (tok.type() == '}') {
      advance();
      return;
    }
    field(fn);
    while (tok.type() == ',' || tok.type() == ';') {
      advance();
      if (tok.type() == '}' || tok.type() == ',' || tok.type() == ';') {
        continue;
      }
      field(fn);
    }
    expect('}');
  }

  private void field(Function fn) {
    if (tok.type() == '[') {
      advance();
      expression(fn);
      expect(']');
      expect('=');
      expression(fn);
    } else if (tok.type() == T_NAME) {
      Token name = tok;
      advance();
      if (tok.type() == '=') {
        advance();
        expression(fn);
      } else {
        suffixedExpression(fn, name);
        while (isBinaryOperator(tok.type())) {
          advance();
          operand(fn);
        }
      }
    } else {
      expression(fn);
    }
  }
}
