package dev.attache.control.gatewayapi.lua;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.attache.control.gatewayapi.lua.LuaValidator.Mode;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Envoy Gateway's Lua validation: modes, the mocked stream handle, the sandbox, gopher-lua's reports. */
class LuaValidatorTest {
  private static Optional<String> strict(String code) {
    return LuaValidator.check(code, Mode.STRICT, ScriptAccess.NONE);
  }

  private static EnvoyProxy proxy(String spec) throws Exception {
    return new YAMLMapper().readValue("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyProxy
        metadata: {name: p, namespace: ns}
        spec:
        """ + spec.indent(2), EnvoyProxy.class);
  }

  @Test
  void aScriptMustDefineAnEntryPoint() {
    assertThat(LuaValidator.check("x = 1", Mode.DISABLED, ScriptAccess.NONE))
        .contains("expected one of envoy_on_request() or envoy_on_response() to be defined");
  }

  @Test
  void callingAnUnknownStreamHandleMethodFailsWithGopherLuasReport() {
    assertThat(strict("function envoy_on_response(response_handle) response_handle:UnknownApi() end")).contains("""
        failed to validate with envoy_on_response: <string>:1: attempt to call a non-function object
        stack traceback:
        \t<string>:1: in function 'envoy_on_response'
        \t<string>:2: in main chunk
        \t[G]: ?""");
  }

  @Test
  void indexingNilNamesTheKey() {
    assertThat(strict("""
        function envoy_on_request(h)
          return envoy.lua.ResponseStatus.Continue
        end""")).contains("""
        failed to validate with envoy_on_request: <string>:2: attempt to index a non-table object(nil) with key 'lua'
        stack traceback:
        \t<string>:2: in function 'envoy_on_request'
        \t<string>:4: in main chunk
        \t[G]: ?""");
  }

  @Test
  void aScriptUsingTheMockedApiPasses() {
    assertThat(strict("""
        function envoy_on_request(request_handle)
          local headers = request_handle:headers()
          headers:add("x-seen", headers:get(":path") .. "!")
          for k, v in pairs(headers) do
            if type(v) == "string" then request_handle:logInfo(k .. "=" .. v) end
          end
          local body = request_handle:body():getBytes(0, request_handle:body():length())
          request_handle:streamInfo():dynamicMetadata():set("f", "k", #body)
        end
        function envoy_on_response(response_handle)
          response_handle:headers():replace("x-n", tostring(unpack({1, 2})))
        end""")).isEmpty();
  }

  @Test
  void bothEntryPointsAreRunRequestFirst() {
    assertThat(strict("""
        function envoy_on_request(h) end
        function envoy_on_response(h) h:missing() end""").orElseThrow())
        .startsWith("failed to validate with envoy_on_response: <string>:2: attempt to call a non-function object");
  }

  @Test
  void errorFromALibraryFunctionShowsItsFrame() {
    assertThat(strict("""
        function envoy_on_request(h)
          error("boom")
        end""")).contains("""
        failed to validate with envoy_on_request: <string>:2: boom
        stack traceback:
        \t[G]: in function 'error'
        \t<string>:2: in function 'envoy_on_request'
        \t<string>:4: in main chunk
        \t[G]: ?""");
  }

  @Test
  void pcallReturnsThePositionedMessageWithoutTraceback() {
    assertThat(strict("""
        function envoy_on_request(h)
          local ok, e = pcall(function() return nil + 1 end)
          error("caught: " .. e, 0)
        end""").orElseThrow())
        .startsWith("failed to validate with envoy_on_request: caught: <string>:2: cannot perform add operation"
            + " between nil and number\nstack traceback:");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      local x = 1 < nil               | attempt to compare number with nil
      local x = nil >= 1              | attempt to compare number with nil
      local x = "a" < 1               | attempt to compare string with number
      local x = "a" .. nil            | cannot perform concat operation between string and nil
      local x = {} + 1                | cannot perform add operation between table and number
      local x = -nil                  | __unm undefined
      local x = #nil                  | __len undefined
      local t = {}; t[nil] = 1        | table index is nil
      local t = {}; t.x.y = 1         | attempt to index a non-table object(nil) with key 'y'
      for i = nil, 2 do end           | for statement init must be a number
      string.rep()                    | bad argument #1 to rep (string expected, got nil)
      string.find("a", nil)           | bad argument #2 to find (string expected, got nil)
      local x = tostring()            | bad argument #1 to tostring (value expected)
      assert(false)                   | assertion failed!
      """)
  void runtimeErrorsUseGopherLuasTexts(String statement, String text) {
    assertThat(strict("function envoy_on_request(h)\n  " + statement + "\nend").orElseThrow())
        .startsWith("failed to validate with envoy_on_request: <string>:2: " + text + "\nstack traceback:\n");
  }

  @Test
  void pcallOfSomethingNotCallableIsAResultNotAnError() {
    assertThat(strict("""
        function envoy_on_request(h)
          local ok, e = pcall(nil)
          error(e, 0)
        end""").orElseThrow()).startsWith("failed to validate with envoy_on_request: attempt to call a nil value\n");
  }

  @Test
  void runawayScriptsStopAtTheDeadline() {
    assertThat(LuaSandbox.run("while true do end", ScriptAccess.NONE, Duration.ofMillis(200)))
        .contains("lua execution timeout: code took longer than 200ms");
    assertThat(LuaSandbox.run("while true do pcall(function() end) end", ScriptAccess.NONE, Duration.ofMillis(200)))
        .contains("lua execution timeout: code took longer than 200ms");
  }

  @Test
  void aRunMayNotExhaustTheControlPlane() {
    assertThat(LuaSandbox.run("local s = '' for i = 1, 1e7 do s = s .. 'xxxxxxxxxx' end", ScriptAccess.NONE,
        Duration.ofSeconds(30))).contains(LuaSandbox.OVER_BUDGET);
    assertThat(strict("""
        function envoy_on_request(h)
          for i = 1, 100 do coroutine.resume(coroutine.create(function() coroutine.yield() end)) end
        end""").orElseThrow()).contains("too many coroutines");
  }

  @Test
  void deepRecursionIsGopherLuasStackOverflow() {
    String report = strict("""
        local function f(n) return f(n + 1) + 1 end
        function envoy_on_request(h) f(1) end""").orElseThrow();
    assertThat(report).startsWith("failed to validate with envoy_on_request: <string>:1: stack overflow\n");
    assertThat(report.lines()).hasSize(17).contains("\t...");
  }

  @Test
  void loadingCodeAndMetatablesAreBlocked() {
    assertThat(strict("local json = require('json')\nfunction envoy_on_request(h) end").orElseThrow())
        .startsWith("failed to validate with envoy_on_request: <string>:1: attempt to call a non-function object");
    for (String blocked : List.of("loadstring('x=1')", "setmetatable({}, {})", "os.execute('true')", "_G.x = 1")) {
      assertThat(strict("function envoy_on_request(h) " + blocked + " end")).isPresent();
    }
  }

  @Test
  void filesAndVariablesNeedTheAllowlist(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("config.txt"), "hello");
    String read = "function envoy_on_request(h) local f = io.open('" + file + "'); assert(f:read('*a') == 'hello') end";
    assertThat(strict(read).orElseThrow()).contains("io.open restricted for param " + file);
    assertThat(LuaValidator.check(read, Mode.STRICT, new ScriptAccess(List.of(dir.toString()), Set.of()))).isEmpty();
    assertThat(LuaValidator.check("function envoy_on_request(h) io.open('/etc/passwd') end", Mode.STRICT,
        new ScriptAccess(List.of("/etc"), Set.of())).orElseThrow())
        .contains("<string>:1: io.open restricted for param /etc/passwd (protected system path)");
    assertThat(LuaValidator.check("function envoy_on_request(h) io.open('" + dir + "/../x') end", Mode.STRICT,
        new ScriptAccess(List.of(dir.toString()), Set.of())).orElseThrow())
        .contains("path traversals are restricted for security");
    String env = "function envoy_on_request(h) os.getenv('HOME') end";
    assertThat(strict(env).orElseThrow()).contains("os.getenv restricted for param HOME");
    assertThat(LuaValidator.check(env, Mode.STRICT, new ScriptAccess(List.of(), Set.of("HOME")))).isEmpty();
  }

  @Test
  void validationNeverWritesRemovesOrRenamesFiles(@TempDir Path dir) throws Exception {
    Path kept = Files.writeString(dir.resolve("kept.txt"), "original");
    String script = "function envoy_on_request(h)\n"
        + "  local f = io.open('" + kept + "', 'w'); f:write('overwritten'); f:close()\n"
        + "  local g = io.open('" + dir.resolve("created.txt") + "', 'a'); g:write('x'); g:close()\n"
        + "  io.output('" + dir.resolve("output.txt") + "'); io.write('x')\n"
        + "  assert(os.rename('" + kept + "', '" + dir.resolve("moved.txt") + "'))\n"
        + "  assert(os.remove('" + kept + "'))\n"
        + "end";
    assertThat(LuaValidator.check(script, Mode.STRICT, new ScriptAccess(List.of(dir.toString()), Set.of()))).isEmpty();
    assertThat(Files.readString(kept)).isEqualTo("original");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("kept.txt");
    }
  }

  @Test
  void insecureSyntaxOnlyLoadsTheScript() {
    String runtimeError = "function envoy_on_request(h) h:unknown() end";
    assertThat(LuaValidator.check(runtimeError, Mode.INSECURE_SYNTAX, ScriptAccess.NONE)).isEmpty();
    assertThat(LuaValidator.check("function envoy_on_request(h)\n  if x\n    y()\n  end\nend", Mode.INSECURE_SYNTAX,
        ScriptAccess.NONE)).contains(
        "failed to validate with envoy_on_request: <string> line:3(column:5) near 'y':   syntax error\n");
  }

  @Test
  void theEnvoyProxyChoosesTheMode() throws Exception {
    assertThat(LuaValidator.mode(null)).isEqualTo(Mode.STRICT);
    assertThat(LuaValidator.mode(proxy("luaValidation: InsecureSyntax"))).isEqualTo(Mode.INSECURE_SYNTAX);
    assertThat(LuaValidator.mode(proxy("luaValidation: InsecureSyntax\nlua: {validationType: Disabled}")))
        .isEqualTo(Mode.DISABLED);
    EnvoyProxy allow = proxy("lua: {strictValidation: {allowedPaths: [/tmp], allowedEnvVars: [HOME]}}");
    assertThat(LuaValidator.access(allow)).isEqualTo(new ScriptAccess(List.of("/tmp"), Set.of("HOME")));
    assertThat(LuaValidator.create().validate("function envoy_on_request(h) h:nope() end", proxy("lua: {validationType: Disabled}")))
        .isEmpty();
  }
}
