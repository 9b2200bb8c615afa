package dev.attache.control.gatewayapi.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Lua tokens as gopher-lua's scanner reads them, byte by byte, with its positions: lines from 1,
 * columns counting bytes from 1, a position that always points at the last byte read, and line
 * {@link #EOF} once the input is exhausted. Envoy Gateway reports syntax errors with these
 * positions, so they are reproduced exactly, quirks included (a {@code '.'} token has empty
 * text, a string token's text is its unescaped content).
 */
final class LuaScanner {
  static final int EOF = -1;

  /** Token kinds: single characters are their own code; the rest follow. */
  static final int T_EOF = -1;
  static final int T_NAME = 256;
  static final int T_NUMBER = 257;
  static final int T_STRING = 258;
  static final int T_EQ = 259; // ==
  static final int T_NE = 260; // ~=
  static final int T_LE = 261; // <=
  static final int T_GE = 262; // >=
  static final int T_CONCAT = 263; // ..
  static final int T_DOTS = 264; // ...
  static final int T_DBCOLON = 265; // ::
  static final int T_AND = 300;
  static final int T_BREAK = 301;
  static final int T_DO = 302;
  static final int T_ELSE = 303;
  static final int T_ELSEIF = 304;
  static final int T_END = 305;
  static final int T_FALSE = 306;
  static final int T_FOR = 307;
  static final int T_FUNCTION = 308;
  static final int T_IF = 309;
  static final int T_IN = 310;
  static final int T_LOCAL = 311;
  static final int T_NIL = 312;
  static final int T_NOT = 313;
  static final int T_OR = 314;
  static final int T_RETURN = 315;
  static final int T_REPEAT = 316;
  static final int T_THEN = 317;
  static final int T_TRUE = 318;
  static final int T_UNTIL = 319;
  static final int T_WHILE = 320;
  static final int T_GOTO = 321;

  private static final Map<String, Integer> RESERVED = Map.ofEntries(
      Map.entry("and", T_AND), Map.entry("break", T_BREAK), Map.entry("do", T_DO),
      Map.entry("else", T_ELSE), Map.entry("elseif", T_ELSEIF), Map.entry("end", T_END),
      Map.entry("false", T_FALSE), Map.entry("for", T_FOR), Map.entry("function", T_FUNCTION),
      Map.entry("if", T_IF), Map.entry("in", T_IN), Map.entry("local", T_LOCAL), Map.entry("nil", T_NIL),
      Map.entry("not", T_NOT), Map.entry("or", T_OR), Map.entry("return", T_RETURN),
      Map.entry("repeat", T_REPEAT), Map.entry("then", T_THEN), Map.entry("true", T_TRUE),
      Map.entry("until", T_UNTIL), Map.entry("while", T_WHILE), Map.entry("goto", T_GOTO));

  /** One token: its kind, its text and where its first byte is. */
  record Token(int type, String text, int line, int column) {}

  /** A scan failure, reported at the scanner's position when it happened. */
  static final class ScanError extends RuntimeException {
    ScanError(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] in;
  private final String source;
  private int offset;
  private int line = 1;
  private int column;

  LuaScanner(String code, String source) {
    this.in = code.getBytes(StandardCharsets.UTF_8);
    this.source = source;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  /** gopher-lua's message for an error at the current position near {@code token}. */
  String error(String token, String message) {
    if (line == EOF) {
      return source + " at EOF:   " + message + "\n";
    }
    return source + " line:" + line + "(column:" + column + ") near '" + token + "':   " + message + "\n";
  }

  private int readNext() {
    return offset < in.length ? in[offset++] & 0xff : EOF;
  }

  private int peek() {
    return offset < in.length ? in[offset] & 0xff : EOF;
  }

  private void newline(int ch) {
    line++;
    column = 0;
    int next = peek();
    if (ch == '\n' && next == '\r' || ch == '\r' && next == '\n') {
      offset++;
    }
  }

  private int next() {
    int ch = readNext();
    switch (ch) {
      case '\n', '\r' -> {
        newline(ch);
        ch = '\n';
      }
      case EOF -> {
        line = EOF;
        column = 0;
      }
      default -> column++;
    }
    return ch;
  }

  private static boolean isDecimal(int ch) {
    return '0' <= ch && ch <= '9';
  }

  private static boolean isIdent(int ch, boolean first) {
    return ch == '_' || 'A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || !first && isDecimal(ch);
  }

  private static boolean isHexDigit(int ch) {
    return isDecimal(ch) || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F';
  }

  private int skipWhitespace(boolean newlines) {
    int ch = next();
    while (ch == ' ' || ch == '\t' || newlines && ch == '\n') {
      ch = next();
    }
    return ch;
  }

  /** The next token; a {@link ScanError} carries gopher-lua's message for a lexical error. */
  Token scan() {
    while (true) {
      int ch = skipWhitespace(false);
      if (ch == '\n') {
        ch = skipWhitespace(true);
      }
      int tokLine = line;
      int tokColumn = column;
      Bytes buf = new Bytes();
      if (isIdent(ch, true)) {
        buf.add(ch);
        while (isIdent(peek(), false)) {
          buf.add(next());
        }
        String text = buf.text();
        return new Token(RESERVED.getOrDefault(text, T_NAME), text, tokLine, tokColumn);
      }
      if (isDecimal(ch)) {
        scanNumber(ch, buf);
        return new Token(T_NUMBER, buf.text(), tokLine, tokColumn);
      }
      switch (ch) {
        case EOF:
          return new Token(T_EOF, "", tokLine, tokColumn);
        case '-':
          if (peek() == '-') {
            skipComment(next());
            continue;
          }
          return new Token('-', "-", tokLine, tokColumn);
        case '"', '\'':
          scanString(ch, buf);
          return new Token(T_STRING, buf.text(), tokLine, tokColumn);
        case '[': {
          int c = peek();
          if (c == '[' || c == '=') {
            String failure = scanLongString(next(), buf);
            if (failure != null) {
              throw new ScanError(failure);
            }
            return new Token(T_STRING, buf.text(), tokLine, tokColumn);
          }
          return new Token('[', "[", tokLine, tokColumn);
        }
        case '=':
          return twoChar('=', T_EQ, "==", '=', tokLine, tokColumn);
        case '<':
          return twoChar('=', T_LE, "<=", '<', tokLine, tokColumn);
        case '>':
          return twoChar('=', T_GE, ">=", '>', tokLine, tokColumn);
        case ':':
          return twoChar(':', T_DBCOLON, "::", ':', tokLine, tokColumn);
        case '~':
          if (peek() == '=') {
            next();
            return new Token(T_NE, "~=", tokLine, tokColumn);
          }
          throw new ScanError(error("~", "Invalid '~' token"));
        case '.': {
          int c = peek();
          if (isDecimal(c)) {
            scanNumber(ch, buf);
            return new Token(T_NUMBER, buf.text(), tokLine, tokColumn);
          }
          if (c == '.') {
            buf.add(ch);
            buf.add(next());
            if (peek() == '.') {
              buf.add(next());
              return new Token(T_DOTS, buf.text(), tokLine, tokColumn);
            }
            return new Token(T_CONCAT, buf.text(), tokLine, tokColumn);
          }
          // gopher-lua leaves a lone dot's text empty
          return new Token('.', "", tokLine, tokColumn);
        }
        case '+', '*', '/', '%', '^', '#', '(', ')', '{', '}', ']', ';', ',':
          return new Token(ch, String.valueOf((char) ch), tokLine, tokColumn);
        default:
          buf.add(ch);
          throw new ScanError(error(buf.text(), "Invalid token"));
      }
    }
  }

  private Token twoChar(int second, int type, String text, int single, int tokLine, int tokColumn) {
    if (peek() == second) {
      next();
      return new Token(type, text, tokLine, tokColumn);
    }
    return new Token(single, String.valueOf((char) single), tokLine, tokColumn);
  }

  private void skipComment(int ch) {
    if (peek() == '[') {
      ch = next();
      if (peek() == '[' || peek() == '=') {
        Bytes buf = new Bytes();
        if (scanLongString(next(), buf) != null) {
          throw new ScanError(error(buf.text(), "invalid multiline comment"));
        }
        return;
      }
    }
    while (ch != '\n' && ch != '\r' && ch >= 0) {
      ch = next();
    }
  }

  private void scanDecimal(int ch, Bytes buf) {
    buf.add(ch);
    while (isDecimal(peek())) {
      buf.add(next());
    }
  }

  private void scanNumber(int ch, Bytes buf) {
    if (ch == '0') {
      if (peek() == 'x' || peek() == 'X') {
        buf.add(ch);
        buf.add(next());
        boolean digits = false;
        while (isHexDigit(peek())) {
          buf.add(next());
          digits = true;
        }
        if (!digits) {
          throw new ScanError(error(buf.text(), "illegal hexadecimal number"));
        }
        return;
      } else if (peek() != '.' && isDecimal(peek())) {
        ch = next();
      }
    }
    scanDecimal(ch, buf);
    if (peek() == '.') {
      scanDecimal(next(), buf);
    }
    int c = peek();
    if (c == 'e' || c == 'E') {
      buf.add(next());
      c = peek();
      if (c == '-' || c == '+') {
        buf.add(next());
      }
      // as gopher-lua: the byte after the exponent mark is taken whatever it is
      scanDecimal(next(), buf);
    }
  }

  private void scanString(int quote, Bytes buf) {
    int ch = next();
    while (ch != quote) {
      if (ch == '\n' || ch == '\r' || ch < 0) {
        throw new ScanError(error(buf.text(), "unterminated string"));
      }
      if (ch == '\\') {
        scanEscape(buf);
      } else {
        buf.add(ch);
      }
      ch = next();
    }
  }

  private void scanEscape(Bytes buf) {
    int ch = next();
    switch (ch) {
      case 'a' -> buf.add(7);
      case 'b' -> buf.add('\b');
      case 'f' -> buf.add('\f');
      case 'n' -> buf.add('\n');
      case 'r' -> buf.add('\r');
      case 't' -> buf.add('\t');
      case 'v' -> buf.add(11);
      case '\\', '"', '\'', '\n' -> buf.add(ch);
      default -> {
        if (isDecimal(ch)) {
          int value = ch - '0';
          for (int i = 0; i < 2 && isDecimal(peek()); i++) {
            value = value * 10 + next() - '0';
          }
          buf.add(value);
        } else {
          buf.add(ch);
        }
      }
    }
  }

  private int countSep(int[] ch) {
    int count = 0;
    while (ch[0] == '=') {
      ch[0] = next();
      count++;
    }
    return count;
  }

  /** Reads a long bracket body after its first {@code [}; null when it ends well, else the error. */
  private String scanLongString(int first, Bytes buf) {
    int[] ch = {first};
    int open = countSep(ch);
    if (ch[0] != '[') {
      return error(ch[0] < 0 ? "\uFFFD" : String.valueOf((char) ch[0]), "invalid multiline string");
    }
    ch[0] = next();
    if (ch[0] == '\n' || ch[0] == '\r') {
      ch[0] = next();
    }
    while (true) {
      if (ch[0] < 0) {
        return error(buf.text(), "unterminated multiline string");
      } else if (ch[0] == ']') {
        ch[0] = next();
        int close = countSep(ch);
        if (open == close && ch[0] == ']') {
          return null;
        }
        buf.add(']');
        for (int i = 0; i < close; i++) {
          buf.add('=');
        }
        continue;
      }
      buf.add(ch[0]);
      ch[0] = next();
    }
  }

  /** Bytes collected for one token (Lua strings are bytes, not characters). */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void add(int b) {
      out.write(b);
    }

    String text() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
