package dev.attache.control.gatewayapi.lua;

import dev.attache.control.gatewayapi.lua.GopherLuaError.Report;
import dev.attache.control.gatewayapi.lua.LuaCallStack.Snapshot;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A library function as gopher-lua runs one: it is a {@code [G]} frame on the call stack, and an
 * error it raises is positioned at the Lua code that called it and names it as that code did.
 */
final class GoFunction extends VarArgFunction {
  /** What the function does; it may use the run's call stack (e.g. {@code error}'s levels). */
  @FunctionalInterface
  interface Body {
    Varargs invoke(Varargs args);
  }

  private final Body body;
  private final LuaCallStack stack;

  GoFunction(String name, Body body, LuaCallStack stack) {
    this.name = name;
    this.body = body;
    this.stack = stack;
  }

  static GoFunction wrap(String name, LuaValue function, LuaCallStack stack) {
    return new GoFunction(name, function::invoke, stack);
  }

  @Override
  public Varargs invoke(Varargs args) {
    stack.onCall(this);
    try {
      return body.invoke(args);
    } catch (LuaTimeout timeout) {
      throw timeout;
    } catch (LuaError e) {
      if (LuaErrorText.positioned(e) || LuaErrorText.carriedValue(e) != null) {
        throw e;
      }
      throw report(e, args);
    } finally {
      stack.onReturn();
    }
  }

  private GopherLuaError report(LuaError e, Varargs args) {
    Snapshot frames = stack.snapshot();
    String text = e instanceof GopherLuaError g ? g.text
        : LuaErrorText.translateLibrary(String.valueOf(e.getMessage()), frames.rawNames().getFirst(), args);
    return new GopherLuaError(new Report(LuaErrorText.where(frames, 0) + " " + text, LuaErrorText.traceback(frames)));
  }
}
