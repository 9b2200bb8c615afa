package dev.attache.control.gatewayapi.lua;

import org.luaj.vm2.LuaError;

/**
 * The run was stopped: past its deadline, or over its allocation budget (raised again on every
 * instruction once it is, so that a pcall in the script cannot swallow it).
 */
final class LuaTimeout extends LuaError {
  LuaTimeout() {
    super("context deadline exceeded");
  }
}
