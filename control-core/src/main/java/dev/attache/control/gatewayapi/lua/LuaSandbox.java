package dev.attache.control.gatewayapi.lua;

import dev.attache.control.resource.meta.GoDuration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaNil;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * Runs a Lua script the way Envoy Gateway's strict validation does, on luaj instead of
 * gopher-lua: Envoy's stream handle mocked, the library cut down to what gopher-lua's Lua 5.1
 * offers minus what the sandbox blocks (loading code, raw and metatable access, processes, exit,
 * {@code _G}), files and environment variables only as {@link ScriptAccess} allows, output
 * discarded, a deadline, gopher-lua's call depth, and its error texts and tracebacks.
 *
 * <p>luaj keeps the metatables of nil, booleans, numbers, functions, threads and strings in
 * static fields; this class installs its own (which raise gopher-lua's index and call errors)
 * and runs one script at a time.
 */
final class LuaSandbox {
  static final String CHUNK = "<string>";
  private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
  /** Attaché's own limits, which gopher-lua lacks: a run may not exhaust the control plane. */
  static final int MAX_COROUTINES = 64;
  static final String OVER_BUDGET = "lua execution stopped: the script allocated more than "
      + (LuaCallStack.ALLOCATION_BUDGET >> 20) + " MiB";
  private static final String MOCKS = readMocks();
  private static final List<String> BLOCKED_GLOBALS = List.of("require", "loadfile", "dofile", "package", "debug",
      "load", "loadstring", "rawget", "rawset", "rawlen", "getmetatable", "setmetatable", "_G", "bit32", "module");

  static {
    LuaTable values = typeMetatable();
    LuaNil.s_metatable = values;
    LuaBoolean.s_metatable = values;
    LuaNumber.s_metatable = values;
    LuaFunction.s_metatable = values;
    LuaThread.s_metatable = values;
  }

  private LuaSandbox() {}

  /**
   * Runs {@code code} (after it loads) within {@code timeout}; empty when it finishes, else
   * gopher-lua's error report.
   */
  static Optional<String> run(String code, ScriptAccess access, Duration timeout) {
    Optional<String> syntax = LuaSyntax.check(code, CHUNK);
    if (syntax.isPresent()) {
      return syntax;
    }
    ONE_AT_A_TIME.lock();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      Globals globals = new Globals();
      LuaCallStack stack = new LuaCallStack(globals, deadline);
      prepare(globals, stack, access);
      LuaValue chunk;
      try {
        chunk = globals.load(code, CHUNK);
      } catch (LuaError e) {
        // gopher-lua loaded it (checked above) but luaj's Lua 5.2 compiler does not
        return Optional.of(String.valueOf(e.getMessage()));
      }
      try {
        chunk.call();
        return Optional.empty();
      } catch (LuaError e) {
        if (stack.overBudget()) {
          return Optional.of(OVER_BUDGET);
        }
        if (e instanceof LuaTimeout || stack.expired()) {
          return Optional.of(timeoutMessage(timeout));
        }
        return Optional.of(LuaErrorText.report(e, stack.lastSnapshot()));
      } catch (StackOverflowError e) {
        return Optional.of("lua execution panic: stack overflow");
      }
    } finally {
      ONE_AT_A_TIME.unlock();
    }
  }

  static String timeoutMessage(Duration timeout) {
    return "lua execution timeout: code took longer than " + GoDuration.of(timeout);
  }

  private static void prepare(Globals globals, LuaCallStack stack, ScriptAccess access) {
    globals.STDIN = InputStream.nullInputStream();
    globals.STDOUT = new PrintStream(OutputStream.nullOutputStream());
    globals.STDERR = globals.STDOUT;
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new CoroutineLib());
    globals.load(new JseMathLib());
    globals.load(new JseIoLib());
    globals.load(new JseOsLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.load(stack);
    LuaTable string = (LuaTable) globals.get("string");
    // luaj sets the string metatable once per JVM; point it at this run's string library
    LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, string});
    asGopherLua(globals);
    globals.set("print", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return NONE;
      }
    });
    globals.load(MOCKS, CHUNK).call();
    sandbox(globals, access);
    globals.set("error", new GoFunction("error", args -> raise(args, stack), stack));
    globals.set("pcall", new GoFunction("pcall", args -> pcall(args, stack), stack));
    globals.set("xpcall", new GoFunction("xpcall", args -> xpcall(args, stack), stack));
    LuaTable coroutine = (LuaTable) globals.get("coroutine");
    limitCoroutines(coroutine);
    LuaValue resume = coroutine.get("resume");
    coroutine.set("resume", new GoFunction("resume", args -> resumed(resume.invoke(args), stack), stack));
    wrapLibraries(globals, stack);
  }

  /** luaj runs each coroutine on a thread of its own, so a run may create only a few. */
  private static void limitCoroutines(LuaTable coroutine) {
    int[] created = {0};
    for (String name : List.of("create", "wrap")) {
      LuaValue original = coroutine.get(name);
      coroutine.set(name, new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
          if (++created[0] > MAX_COROUTINES) {
            throw new LuaError("too many coroutines (Attaché validates with at most " + MAX_COROUTINES + ")");
          }
          return original.invoke(args);
        }
      });
    }
  }

  /** Aligns luaj's Lua 5.2 library with gopher-lua's Lua 5.1 one where scripts would notice. */
  private static void asGopherLua(Globals globals) {
    LuaTable table = (LuaTable) globals.get("table");
    globals.set("unpack", table.get("unpack"));
    table.set("unpack", LuaValue.NIL);
    table.set("pack", LuaValue.NIL);
    table.set("getn", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.valueOf(args.checktable(1).length());
      }
    });
    table.set("maxn", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        LuaTable t = args.checktable(1);
        double max = 0;
        for (LuaValue k = LuaValue.NIL; ; ) {
          Varargs next = t.next(k);
          if ((k = next.arg1()).isnil()) {
            return LuaValue.valueOf(max);
          }
          if (k.isnumber()) {
            max = Math.max(max, k.todouble());
          }
        }
      }
    });
    LuaTable math = (LuaTable) globals.get("math");
    math.set("mod", math.get("fmod"));
    math.set("huge", LuaValue.valueOf(Double.MAX_VALUE));
    math.set("log10", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.valueOf(Math.log10(args.checkdouble(1)));
      }
    });
    LuaTable string = (LuaTable) globals.get("string");
    string.set("gfind", string.get("gmatch"));
    LuaValue rep = string.get("rep");
    string.set("rep", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        // a validation run must not be able to exhaust the control plane's memory in one call
        long size = (long) args.checkjstring(1).length() * Math.max(0, args.checkint(2));
        if (size > 16 << 20) {
          throw new LuaError("string.rep: result of " + size + " bytes is larger than the validation limit");
        }
        return rep.invoke(args);
      }
    });
    globals.set("collectgarbage", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.ZERO;
      }
    });
    globals.set("_VERSION", LuaValue.valueOf("Lua 5.1"));
  }

  /**
   * Where a validation run's writes go: one scratch file of this process (runs are one at a time),
   * since luaj opens files for writing as random-access files, which a device like /dev/null is not.
   */
  private static final String DISCARD = scratchFile();

  private static String scratchFile() {
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("attache-lua-validation-", ".discarded");
      f.toFile().deleteOnExit();
      return f.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Lua validation: cannot create its scratch file: " + e.getMessage(), e);
    }
  }

  /** Envoy Gateway's strict sandbox: blocked functions gone, files and variables checked. */
  private static void sandbox(Globals globals, ScriptAccess access) {
    LuaTable io = (LuaTable) globals.get("io");
    LuaTable os = (LuaTable) globals.get("os");
    io.set("popen", LuaValue.NIL);
    io.set("tmpfile", LuaValue.NIL);
    os.set("execute", LuaValue.NIL);
    os.set("exit", LuaValue.NIL);
    os.set("tmpname", LuaValue.NIL);
    for (String name : BLOCKED_GLOBALS) {
      globals.set(name, LuaValue.NIL);
    }
    // Validation runs on the control plane's host, not in Envoy: a script may read the paths the
    // allowlist permits, but what it writes goes to a scratch file and nothing is removed or renamed.
    LuaValue open = io.get("open");
    io.set("open", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkPathArgument("io.open", args.arg(1), access);
        String mode = args.arg(2).isstring() ? args.arg(2).tojstring() : "r";
        if (mode.contains("w") || mode.contains("a") || mode.contains("+")) {
          return open.invoke(LuaValue.varargsOf(LuaValue.valueOf(DISCARD), args.subargs(2)));
        }
        return open.invoke(args);
      }
    });
    guardPath(io, "input", "io.input", access);
    LuaValue output = io.get("output");
    io.set("output", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.arg(1).type() == LuaValue.TSTRING) {
          checkPathArgument("io.output", args.arg(1), access);
          return output.invoke(LuaValue.valueOf(DISCARD));
        }
        return output.invoke(args);
      }
    });
    guardPath(io, "lines", "io.lines", access);
    os.set("remove", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkPathArgument("os.remove", args.arg(1), access);
        return LuaValue.TRUE;
      }
    });
    os.set("rename", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkPathArgument("os.rename", args.arg(1), access);
        checkPathArgument("os.rename", args.arg(2), access);
        return LuaValue.TRUE;
      }
    });
    LuaValue getenv = os.get("getenv");
    os.set("getenv", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkEnvArgument("os.getenv", args.arg(1), access);
        return getenv.invoke(args);
      }
    });
    os.set("setenv", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkEnvArgument("os.setenv", args.arg(1), access);
        // the control plane's own environment is never changed by a script
        return LuaValue.TRUE;
      }
    });
  }

  private static void guardPath(LuaTable lib, String name, String shown, ScriptAccess access) {
    LuaValue original = lib.get(name);
    lib.set(name, new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        checkPathArgument(shown, args.arg(1), access);
        return original.invoke(args);
      }
    });
  }

  private static void checkPathArgument(String function, LuaValue path, ScriptAccess access) {
    if (path.type() == LuaValue.TSTRING) {
      access.checkPath(function, path.tojstring());
    }
  }

  private static void checkEnvArgument(String function, LuaValue name, ScriptAccess access) {
    access.checkEnvVar(function, name.type() == LuaValue.TSTRING ? name.tojstring() : null, display(name));
  }

  /** Every library function becomes a {@code [G]} frame reporting errors as gopher-lua does. */
  private static void wrapLibraries(Globals globals, LuaCallStack stack) {
    wrapFunctions(globals, stack);
    for (String lib : List.of("string", "table", "math", "os", "io", "coroutine")) {
      if (globals.get(lib) instanceof LuaTable t) {
        wrapFunctions(t, stack);
      }
    }
  }

  private static void wrapFunctions(LuaTable table, LuaCallStack stack) {
    for (LuaValue k = LuaValue.NIL; ; ) {
      Varargs next = table.next(k);
      if ((k = next.arg1()).isnil()) {
        return;
      }
      LuaValue v = next.arg(2);
      if (v.isfunction() && !(v instanceof LuaClosure) && !(v instanceof GoFunction)) {
        table.rawset(k, GoFunction.wrap(k.tojstring(), v, stack));
      }
    }
  }

  /** gopher-lua's {@code error}: the message positioned {@code level} frames up (1 by default). */
  private static Varargs raise(Varargs args, LuaCallStack stack) {
    LuaValue value = args.arg1();
    int level = args.optint(2, 1);
    if (value.type() != LuaValue.TSTRING) {
      throw new LuaError(value);
    }
    var frames = stack.snapshot();
    String message = level > 0 ? LuaErrorText.where(frames, level - 1) + " " + value.tojstring() : value.tojstring();
    throw new GopherLuaError(new GopherLuaError.Report(message, LuaErrorText.traceback(frames)));
  }

  /** gopher-lua's pcall: a value that cannot be called is an error result, not an error. */
  private static Varargs pcall(Varargs args, LuaCallStack stack) {
    LuaValue function = args.checkvalue(1);
    if (!callable(function)) {
      return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("attempt to call a " + typeName(function) + " value"));
    }
    try {
      return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(args.subargs(2)).eval());
    } catch (LuaTimeout e) {
      throw e;
    } catch (LuaError e) {
      return LuaValue.varargsOf(LuaValue.FALSE, LuaErrorText.value(e, stack.snapshot(), stack.lastSnapshot()));
    }
  }

  /** gopher-lua's xpcall: the function is called without arguments, the handler sees the error. */
  private static Varargs xpcall(Varargs args, LuaCallStack stack) {
    LuaValue function = args.checkfunction(1);
    LuaValue handler = args.checkfunction(2);
    try {
      return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(LuaValue.NONE).eval());
    } catch (LuaTimeout e) {
      throw e;
    } catch (LuaError e) {
      return LuaValue.varargsOf(LuaValue.FALSE, handler.call(LuaErrorText.value(e, stack.snapshot(), stack.lastSnapshot())));
    }
  }

  /** A function, or a table whose metatable has {@code __call} (the type metatables do not count). */
  private static boolean callable(LuaValue value) {
    if (value.isfunction()) {
      return true;
    }
    LuaValue meta = value.istable() ? value.getmetatable() : null;
    return meta != null && meta.get(LuaValue.CALL).isfunction();
  }

  /** coroutine.resume's error value, in gopher-lua's text. */
  private static Varargs resumed(Varargs result, LuaCallStack stack) {
    if (result.arg1().toboolean() || result.arg(2).type() != LuaValue.TSTRING) {
      return result;
    }
    String message = LuaCallStack.luajMessage(result.arg(2).tojstring());
    return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(LuaErrorText.message(new LuaError(message), stack.lastSnapshot())));
  }

  /** The metatable of the non-table types: indexing or calling them is gopher-lua's error. */
  private static LuaTable typeMetatable() {
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        throw new GopherLuaError(LuaErrorText.indexError(args.arg(1), args.arg(2)));
      }
    });
    meta.set(LuaValue.NEWINDEX, new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        throw new GopherLuaError(LuaErrorText.indexError(args.arg(1), args.arg(2)));
      }
    });
    meta.set(LuaValue.CALL, new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        throw new GopherLuaError("attempt to call a non-function object");
      }
    });
    return meta;
  }

  /** gopher-lua's type names (the same as luaj's). */
  static String typeName(LuaValue value) {
    return value.typename();
  }

  /** A value as gopher-lua prints it in messages. */
  static String display(LuaValue value) {
    return value.tojstring();
  }

  private static String readMocks() {
    try (InputStream in = LuaSandbox.class.getResourceAsStream("envoy-stream-handle.lua")) {
      if (in == null) {
        throw new IllegalStateException("envoy-stream-handle.lua is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
