package dev.attache.control.gatewayapi.lua;

import org.luaj.vm2.LuaError;

/** The run went past its deadline (raised again on every instruction once it has). */
final class LuaTimeout extends LuaError {
  LuaTimeout() {
    super("context deadline exceeded");
  }
}
