package dev.attache.control.gatewayapi.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gopher-lua's load errors: the token and the position (the scanner's, just after the offending
 * token) at which its LALR parser stops. Expectations were checked against gopher-lua's own
 * grammar tables driving the same token stream.
 */
class LuaSyntaxTest {
  private static Optional<String> check(String code) {
    return LuaSyntax.check(code, "<string>");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      function f(h)\\n  local value = 10\\n  if value > 5\\n    print("x")\\n  end\\nend | <string> line:4(column:9) near 'print':   syntax error\\n
      x 5                                   | <string> line:1(column:3) near '5':   parse error\\n
      (x) = 1                               | <string> line:1(column:5) near '=':   parse error\\n
      f() = 1                               | <string> line:1(column:5) near '=':   syntax error\\n
      a, f() = 1                            | <string> line:1(column:8) near '=':   syntax error\\n
      x                                     | <string> at EOF:   parse error\\n
      local a =                             | <string> at EOF:   syntax error\\n
      local s = "abc\\nx = 1                 | <string> line:2(column:0) near 'abc':   unterminated string\\n
      local s = "abc                        | <string> at EOF:   unterminated string\\n
      a = b ~ c                             | <string> line:1(column:7) near '~':   Invalid '~' token\\n
      a = b $ c                             | <string> line:1(column:7) near '$':   Invalid token\\n
      a = 0x                                | <string> line:1(column:6) near '0x':   illegal hexadecimal number\\n
      t = {1, 2} 3                          | <string> line:1(column:12) near '3':   syntax error\\n
      return 1 2                            | <string> line:1(column:10) near '2':   syntax error\\n
      a.b = c.                              | <string> at EOF:   syntax error\\n
      a = {x = } y                          | <string> line:1(column:10) near '}':   syntax error\\n
      f(a.)                                 | <string> line:1(column:5) near ')':   syntax error\\n
      """)
  void reportsGopherLuaPositions(String code, String expected) {
    assertThat(check(code.replace("\\n", "\n"))).contains(expected.replace("\\n", "\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(f())",
      "((f()))",
      "t = {1,,2;;}",
      "f()\n(g)()",
      "local function f(...) return ... end",
      "for i = 1, 10 do if i > 5 then break end end",
      "goto done\n::done::",
      "s = [==[ a ]] b ]==]",
      "--[[ long\ncomment ]] x = 1",
      "a.b:c 'str' {1} ()",
  })
  void acceptsWhatGopherLuaAccepts(String code) {
    assertThat(check(code)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      x = 1\\nbreak                         | compile error near line(2) <string>: no loop to break
      function f()\\n  return ...\\nend     | compile error near line(2) <string>: cannot use '...' outside a vararg function
      """)
  void reportsGopherLuaCompileErrors(String code, String expected) {
    assertThat(check(code.replace("\\n", "\n"))).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x = 1 y", "x ="})
  void aParseErrorWinsOverACompileError(String tail) {
    assertThat(check("break\n" + tail).orElseThrow()).doesNotStartWith("compile error");
  }
}
