package dev.attache.control.gatewayapi.lua;

import org.luaj.vm2.LuaError;

/**
 * A Lua error whose text is already gopher-lua's. Without a {@link #report} it still needs the
 * position and frames luaj records when it leaves the innermost Lua function; with one (raised
 * by a library function, whose {@code [G]} frame is gone by then) it is complete.
 */
final class GopherLuaError extends LuaError {
  /** The message with its position, and the traceback lines (no header). */
  record Report(String message, String traceback) {}

  final String text;
  final Report report;

  GopherLuaError(String text) {
    super(text);
    this.text = text;
    this.report = null;
  }

  GopherLuaError(Report report) {
    super(report.message());
    this.text = report.message();
    this.report = report;
  }

  @Override
  public String getMessage() {
    return report != null ? report.message() : super.getMessage();
  }
}
