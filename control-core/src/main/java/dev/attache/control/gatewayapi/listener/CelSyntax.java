package dev.attache.control.gatewayapi.listener;

/**
 * A syntax check for CEL access-log match expressions: balanced brackets and quotes, and no
 * operator at either end. Envoy Gateway parses them with cel-go; this catches the same typos
 * (an unclosed call, a dangling operator) without a CEL implementation.
 */
public final class CelSyntax {
  private CelSyntax() {}

  public static boolean parses(String expr) {
    String e = expr.strip();
    if (e.isEmpty()) {
      return false;
    }
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '\'', '"' -> quote = c;
        case '(', '[', '{' -> depth++;
        case ')', ']', '}' -> {
          if (--depth < 0) {
            return false;
          }
        }
        default -> { }
      }
    }
    if (quote != 0 || depth != 0) {
      return false;
    }
    String operators = "=!<>&|+-*/%.?:,";
    return operators.indexOf(e.charAt(e.length() - 1)) < 0
        && "=<>&|*/%?:,.".indexOf(e.charAt(0)) < 0;
  }
}
