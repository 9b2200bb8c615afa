package dev.attache.control.gatewayapi.context;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RE2 regular expressions (what Envoy and Go accept), checked with the JDK's engine plus a
 * rejection of the constructs RE2 lacks (look-around and back-references), so an expression
 * accepted here never makes Envoy reject the configuration.
 */
public final class Re2 {
  private static final Pattern UNSUPPORTED = Pattern.compile("\\(\\?<?[=!]|\\\\[1-9]|\\\\k<");

  private Re2() {}

  /** Null when {@code regex} is valid RE2, else why not (Go's wording where it matters). */
  public static String error(String regex) {
    if (regex == null) {
      return "regex is missing";
    }
    if (UNSUPPORTED.matcher(regex).find()) {
      return "regex \"" + regex + "\" is invalid: error parsing regexp: invalid or unsupported Perl syntax";
    }
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return "regex \"" + regex + "\" is invalid: error parsing regexp: " + goMessage(regex, e);
    }
  }

  /** Go's {@code regexp/syntax} wording for the most common mistakes. */
  private static String goMessage(String regex, PatternSyntaxException e) {
    String d = e.getDescription();
    int index = Math.max(0, Math.min(e.getIndex(), regex.length() - 1));
    if (d.startsWith("Dangling meta character")) {
      return "missing argument to repetition operator: `" + regex.charAt(index) + "`";
    }
    if (d.startsWith("Unclosed group")) {
      return "missing closing ): `" + regex + "`";
    }
    if (d.startsWith("Unmatched closing ')'")) {
      return "unexpected ): `" + regex + "`";
    }
    if (d.startsWith("Unclosed character class")) {
      int open = regex.lastIndexOf('[');
      return "missing closing ]: `" + (open < 0 ? regex : regex.substring(open)) + "`";
    }
    if (d.startsWith("Illegal/unsupported escape") || d.startsWith("Unexpected internal error")) {
      return "invalid escape sequence: `" + regex.substring(index) + "`";
    }
    if (d.startsWith("Illegal character range")) {
      return "invalid character class range: `" + regex + "`";
    }
    return d;
  }

  /** {@code s} with every regex metacharacter escaped (Go's {@code regexp.QuoteMeta}). */
  public static String quoteMeta(String s) {
    StringBuilder out = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
