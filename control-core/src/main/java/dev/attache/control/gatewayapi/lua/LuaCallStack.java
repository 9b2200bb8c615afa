package dev.attache.control.gatewayapi.lua;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The Lua call stack of one validation run, kept through luaj's debug hooks so that errors can
 * be reported as gopher-lua reports them: the position of the innermost Lua frame and a
 * traceback naming each function as its caller's call expression names it. Library functions
 * appear as {@code [G]} frames once {@link GoFunction} wraps them. The hooks also enforce the
 * run's deadline and gopher-lua's call depth limit.
 */
final class LuaCallStack extends DebugLib {
  /** gopher-lua's call stack size in Envoy Gateway's validator. */
  static final int MAX_DEPTH = 256;
  private static final String TRACEBACK_MARK = "\u0001";

  /** One active call: a Lua closure (with its current instruction) or a library function. */
  static final class Frame {
    final LuaFunction function;
    final Prototype proto;
    final LuaValue[] registers;
    int pc;

    Frame(LuaFunction function, LuaValue[] registers) {
      this.function = function;
      this.proto = function instanceof LuaClosure c ? c.p : null;
      this.registers = registers;
    }

    boolean isLua() {
      return proto != null;
    }

    int line() {
      return proto.lineinfo != null && pc >= 0 && pc < proto.lineinfo.length ? proto.lineinfo[pc] : 0;
    }
  }

  /**
   * Frames and their names, innermost first, as they were when an error was raised, and
   * gopher-lua's text for the failing instruction where luaj's own text lacks what it needs
   * (which operands a comparison had, a nil table key), else null.
   */
  record Snapshot(List<String> wheres, List<String> rawNames, List<String> names, List<Boolean> lua,
      String instructionError) {}

  /** What one run may allocate in total (garbage included): far above any validation's needs. */
  static final long ALLOCATION_BUDGET = 256L << 20;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean() instanceof ThreadMXBean t
      && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled() ? t : null;

  private final Globals globals;
  private final long deadlineNanos;
  private final Map<Thread, Long> allocationBaselines = new IdentityHashMap<>();
  private final Map<Thread, Long> allocationSoFar = new IdentityHashMap<>();
  private boolean overBudget;
  private final Map<LuaThread, List<Frame>> stacks = new IdentityHashMap<>();
  private boolean expired;
  private int ticks;
  private Snapshot lastSnapshot;

  LuaCallStack(Globals globals, long deadlineNanos) {
    this.globals = globals;
    this.deadlineNanos = deadlineNanos;
  }

  private List<Frame> stack() {
    return stacks.computeIfAbsent(globals.running, t -> new ArrayList<>());
  }

  @Override
  public void onCall(LuaFunction f) {
    push(new Frame(f, null));
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    push(new Frame(c, stack));
  }

  private void push(Frame frame) {
    List<Frame> stack = stack();
    if (stack.size() >= MAX_DEPTH) {
      // thrown before the callee is entered: the caller's position and frames report it
      throw new GopherLuaError("stack overflow");
    }
    stack.add(frame);
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    List<Frame> stack = stack();
    if (!stack.isEmpty()) {
      stack.getLast().pc = pc;
    }
    if (expired || overBudget) {
      throw new LuaTimeout();
    }
    if ((++ticks & 0x3ff) == 0) {
      if (System.nanoTime() - deadlineNanos > 0) {
        expired = true;
        throw new LuaTimeout();
      }
      if (allocated() > ALLOCATION_BUDGET) {
        overBudget = true;
        throw new LuaTimeout();
      }
    }
  }

  /** Bytes allocated by the threads of this run (coroutines run on threads of their own). */
  private long allocated() {
    if (THREADS == null) {
      return 0;
    }
    Thread current = Thread.currentThread();
    long now = THREADS.getCurrentThreadAllocatedBytes();
    allocationBaselines.putIfAbsent(current, now);
    allocationSoFar.merge(current, now - allocationBaselines.get(current), (a, b) -> b);
    long total = 0;
    for (long v : allocationSoFar.values()) {
      total += v;
    }
    return total;
  }

  boolean overBudget() {
    return overBudget;
  }

  @Override
  public void onReturn() {
    List<Frame> stack = stack();
    if (!stack.isEmpty()) {
      stack.removeLast();
    }
  }

  /**
   * Called by luaj when an error leaves the innermost Lua function, while the frames are still
   * there: remembers them for the error report. luaj appends the returned text to its message.
   */
  @Override
  public String traceback(int level) {
    lastSnapshot = snapshot();
    return TRACEBACK_MARK;
  }

  boolean expired() {
    return expired;
  }

  /** The frames at the last error that left a Lua function. */
  Snapshot lastSnapshot() {
    return lastSnapshot == null ? snapshot() : lastSnapshot;
  }

  /** luaj's message for {@code e} without the traceback mark this class made it append. */
  static String luajMessage(String message) {
    if (message != null && message.endsWith("\n" + TRACEBACK_MARK)) {
      return message.substring(0, message.length() - TRACEBACK_MARK.length() - 1);
    }
    return message;
  }

  Snapshot snapshot() {
    List<Frame> stack = stack();
    int n = stack.size();
    List<String> wheres = new ArrayList<>(n);
    List<String> rawNames = new ArrayList<>(n);
    List<String> names = new ArrayList<>(n);
    List<Boolean> lua = new ArrayList<>(n);
    for (int i = n - 1; i >= 0; i--) {
      Frame frame = stack.get(i);
      wheres.add(frame.isLua() ? source(frame.proto) + ":" + frame.line() + ":" : "[G]:");
      if (i == 0) {
        String chunk = globals.running.isMainThread() ? "main chunk" : "corountine";
        rawNames.add(chunk);
        names.add(chunk);
      } else {
        String name = rawName(stack.get(i - 1), frame);
        rawNames.add(name);
        names.add(name.startsWith("(") || name.startsWith("<") ? "function " + name : "function '" + name + "'");
      }
      lua.add(frame.isLua());
    }
    return new Snapshot(List.copyOf(wheres), List.copyOf(rawNames), List.copyOf(names), List.copyOf(lua),
        n > 0 && stack.getLast().isLua() ? instructionError(stack.getLast()) : null);
  }

  /** gopher-lua's error for the comparison or table store a Lua frame is executing, if it is one. */
  private static String instructionError(Frame frame) {
    Prototype p = frame.proto;
    if (frame.registers == null || frame.pc < 0 || frame.pc >= p.code.length) {
      return null;
    }
    int ins = p.code[frame.pc];
    return switch (Lua.GET_OPCODE(ins)) {
      // gopher-lua compiles a > b and a >= b with swapped operands, as Lua 5.2 does
      case Lua.OP_LT, Lua.OP_LE -> "attempt to compare " + operand(frame, Lua.GETARG_B(ins)).typename() + " with "
          + operand(frame, Lua.GETARG_C(ins)).typename();
      case Lua.OP_SETTABLE -> {
        LuaValue key = operand(frame, Lua.GETARG_B(ins));
        yield key.isnil() ? "table index is nil" : key.isnumber() && Double.isNaN(key.todouble()) ? "table index is NaN" : null;
      }
      default -> null;
    };
  }

  private static LuaValue operand(Frame frame, int rk) {
    if (Lua.ISK(rk)) {
      return frame.proto.k[Lua.INDEXK(rk)];
    }
    return rk < frame.registers.length && frame.registers[rk] != null ? frame.registers[rk] : LuaValue.NIL;
  }

  /**
   * gopher-lua's name for a frame (the outermost one is the chunk): the caller's call expression,
   * else, for a Lua function, where it was defined.
   */
  private static String rawName(Frame caller, Frame frame) {
    String name = caller.isLua() ? callName(caller.proto, caller.pc) : null;
    if (name != null) {
      return name;
    }
    if (frame.isLua()) {
      return "<" + source(frame.proto) + ":" + frame.proto.linedefined + ">";
    }
    return caller.isLua() ? "?" : "(anonymous)";
  }

  static String source(Prototype p) {
    return p.source == null ? "?" : p.source.tojstring();
  }

  /**
   * The name gopher-lua records for the call at {@code pc}: the called variable's name, the field
   * or method name when it is a constant string, else none.
   */
  static String callName(Prototype p, int pc) {
    if (pc < 0 || pc >= p.code.length) {
      return null;
    }
    int call = p.code[pc];
    int op = Lua.GET_OPCODE(call);
    if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
      return null;
    }
    return registerName(p, pc, Lua.GETARG_A(call));
  }

  private static String registerName(Prototype p, int pc, int reg) {
    LuaString local = p.getlocalname(reg + 1, pc);
    if (local != null) {
      return local.tojstring();
    }
    for (int i = pc - 1; i >= 0; i--) {
      int ins = p.code[i];
      int op = Lua.GET_OPCODE(ins);
      if (Lua.GETARG_A(ins) != reg || !setsRegisterA(op)) {
        continue;
      }
      return switch (op) {
        case Lua.OP_MOVE -> {
          LuaString from = p.getlocalname(Lua.GETARG_B(ins) + 1, i);
          yield from == null ? null : from.tojstring();
        }
        case Lua.OP_GETUPVAL -> upvalueName(p, Lua.GETARG_B(ins));
        case Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_SELF -> constantString(p, Lua.GETARG_C(ins));
        default -> null;
      };
    }
    return null;
  }

  private static boolean setsRegisterA(int op) {
    return switch (op) {
      case Lua.OP_MOVE, Lua.OP_LOADK, Lua.OP_LOADKX, Lua.OP_LOADBOOL, Lua.OP_LOADNIL, Lua.OP_GETUPVAL,
          Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_NEWTABLE, Lua.OP_SELF, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL,
          Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_CONCAT, Lua.OP_CALL,
          Lua.OP_CLOSURE, Lua.OP_VARARG -> true;
      default -> false;
    };
  }

  private static String upvalueName(Prototype p, int index) {
    if (p.upvalues == null || index >= p.upvalues.length || p.upvalues[index].name == null) {
      return null;
    }
    return p.upvalues[index].name.tojstring();
  }

  private static String constantString(Prototype p, int rk) {
    if (!Lua.ISK(rk)) {
      return null;
    }
    LuaValue k = p.k[Lua.INDEXK(rk)];
    return k.type() == LuaValue.TSTRING ? k.tojstring() : null;
  }
}
