package dev.attache.control.gatewayapi.lua;

import dev.attache.control.gatewayapi.lua.LuaCallStack.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Turns luaj's runtime errors into gopher-lua's: its message texts, the {@code <source>:<line>:}
 * position of the frame that raised the error, and its traceback layout (innermost frame first,
 * {@code [G]} for library functions, a final {@code [G]: ?}, cut to 7 + 7 lines past 20).
 */
final class LuaErrorText {
  private static final Pattern FILELINE = Pattern.compile("(?s)(\\S+):(\\d+|\\?) (.*)");
  private static final Pattern ARITHMETIC = Pattern.compile("attempt to perform arithmetic __(\\w+) on (\\w+) and (\\w+)");
  private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
  private static final Pattern COMPARE_TAG = Pattern.compile("attempt to compare __\\w+ on (\\w+) and (\\w+)");
  private static final Pattern CALL = Pattern.compile("attempt to call \\w+");
  private static final Pattern UNARY = Pattern.compile("attempt to perform arithmetic on \\w+");
  private static final Pattern LENGTH = Pattern.compile("attempt to get length of \\w+");
  private static final Pattern INDEX = Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)");
  private static final Pattern ARGUMENT = Pattern.compile("(?s)bad argument #(\\d+): (.*)");
  private static final Pattern UNNUMBERED_ARGUMENT = Pattern.compile("bad argument: (\\w+) expected, got (\\w+)");

  private LuaErrorText() {}

  /**
   * gopher-lua's wording for one of luaj's runtime error messages (others pass unchanged), given
   * the frames {@code at} the error.
   */
  static String translate(String luaj, Snapshot at) {
    if (at != null && at.instructionError() != null
        && (luaj.startsWith("attempt to compare") || luaj.startsWith("table index expected"))) {
      return at.instructionError();
    }
    Matcher m;
    if ((m = ARITHMETIC.matcher(luaj)).matches()) {
      return "cannot perform " + m.group(1) + " operation between " + m.group(2) + " and " + m.group(3);
    }
    if ((m = CONCAT.matcher(luaj)).matches()) {
      return "cannot perform concat operation between " + m.group(1) + " and " + m.group(2);
    }
    if ((m = COMPARE_TAG.matcher(luaj)).matches()) {
      return "attempt to compare " + m.group(1) + " with " + m.group(2);
    }
    if (CALL.matcher(luaj).matches()) {
      return "attempt to call a non-function object";
    }
    if (UNARY.matcher(luaj).matches()) {
      return "__unm undefined";
    }
    if (LENGTH.matcher(luaj).matches()) {
      return "__len undefined";
    }
    return switch (luaj) {
      case "'for' initial value must be a number" -> "for statement init must be a number";
      case "'for' limit must be a number" -> "for statement limit must be a number";
      case "'for' step must be a number" -> "for statement step must be a number";
      case "loop in gettable" -> "too many recursions in gettable";
      case "loop in settable" -> "too many recursions in settable";
      default -> luaj;
    };
  }

  /**
   * A library function's error text in gopher-lua's form, naming the function as called. luaj
   * often leaves out which argument was wrong; it is the first one of the type it reports that
   * could not stand for the expected type, since arguments are checked in order.
   */
  static String translateLibrary(String luaj, String calledAs, Varargs args) {
    Matcher m = ARGUMENT.matcher(luaj);
    if (m.matches()) {
      String detail = m.group(2).equals("value") ? "value expected" : m.group(2);
      return "bad argument #" + m.group(1) + " to " + calledAs + " (" + detail + ")";
    }
    m = UNNUMBERED_ARGUMENT.matcher(luaj);
    if (m.matches()) {
      for (int i = 1; i <= Math.max(args.narg(), 1); i++) {
        LuaValue arg = args.arg(i);
        if (arg.typename().equals(m.group(2)) && !standsFor(arg, m.group(1))) {
          return "bad argument #" + i + " to " + calledAs + " (" + m.group(1) + " expected, got " + m.group(2) + ")";
        }
      }
    }
    return translate(luaj, null);
  }

  private static boolean standsFor(LuaValue arg, String expected) {
    return switch (expected) {
      case "string" -> arg.isstring();
      case "number" -> arg.isnumber();
      default -> arg.typename().equals(expected);
    };
  }

  /** The key of an index error, as gopher-lua prints it. */
  static String indexError(LuaValue object, LuaValue key) {
    return "attempt to index a non-table object(" + LuaSandbox.typeName(object) + ") with key '"
        + LuaSandbox.display(key) + "'";
  }

  /** Whether luaj already recorded the error's position and frames (it left a Lua function). */
  static boolean positioned(LuaError e) {
    if (e instanceof GopherLuaError g && g.report != null) {
      return true;
    }
    String message = e.getMessage();
    return message != null && !message.equals(LuaCallStack.luajMessage(message));
  }

  /** An error value that is not text ({@code error({...})}) travels as it is. */
  static LuaValue carriedValue(LuaError e) {
    if (e instanceof GopherLuaError) {
      return null;
    }
    LuaValue object = e.getMessageObject();
    return object != null && object.type() != LuaValue.TSTRING && object.type() != LuaValue.TNUMBER ? object : null;
  }

  /**
   * The error value a script sees when it catches {@code e} (pcall) in a library function whose
   * frames are {@code current}: gopher-lua's text with the position of the Lua code that raised it.
   */
  static LuaValue value(LuaError e, Snapshot current, Snapshot at) {
    LuaValue carried = carriedValue(e);
    if (carried != null) {
      return carried;
    }
    if (!positioned(e)) {
      String text = e instanceof GopherLuaError g ? g.text : translate(String.valueOf(e.getMessage()), null);
      return LuaValue.valueOf(where(current, 0) + " " + text);
    }
    return LuaValue.valueOf(message(e, at));
  }

  /** The first line of the report: gopher-lua's text prefixed with where it was raised. */
  static String message(LuaError e, Snapshot at) {
    if (e instanceof GopherLuaError g && g.report != null) {
      return g.report.message();
    }
    LuaValue carried = carriedValue(e);
    if (carried != null) {
      return LuaSandbox.display(carried);
    }
    String raw = LuaCallStack.luajMessage(e.getMessage());
    if (raw == null) {
      return "nil";
    }
    Matcher m = FILELINE.matcher(raw);
    if (!m.matches()) {
      return e instanceof GopherLuaError g ? g.text : translate(raw, at);
    }
    String text = e instanceof GopherLuaError g ? g.text : translate(m.group(3), at);
    return m.group(1) + ":" + m.group(2) + ": " + text;
  }

  /**
   * gopher-lua's {@code where}: the position of the frame {@code level} levels up, skipping
   * library frames; empty when there is no such frame.
   */
  static String where(Snapshot frames, int level) {
    for (int i = Math.max(level, 0); i < frames.wheres().size(); i++) {
      if (frames.lua().get(i)) {
        return frames.wheres().get(i);
      }
    }
    return "";
  }

  /** The traceback lines of {@code frames}, gopher-lua's layout, without the header. */
  static String traceback(Snapshot frames) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < frames.wheres().size(); i++) {
      lines.add("\t" + frames.wheres().get(i) + " in " + frames.names().get(i));
    }
    lines.add("\t[G]: ?");
    if (lines.size() > 20) {
      List<String> cut = new ArrayList<>(lines.subList(0, 7));
      cut.add("\t...");
      cut.addAll(lines.subList(lines.size() - 7, lines.size()));
      lines = cut;
    }
    return String.join("\n", lines);
  }

  /** The whole report: message, then {@code stack traceback:} and the frames. */
  static String report(LuaError e, Snapshot lastSnapshot) {
    if (e instanceof GopherLuaError g && g.report != null) {
      return g.report.message() + "\nstack traceback:\n" + g.report.traceback();
    }
    return message(e, lastSnapshot) + "\nstack traceback:\n" + traceback(lastSnapshot);
  }
}
