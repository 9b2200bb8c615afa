package dev.attache.control.ir;

/** An IR document that does not fit the IR schema; the message names the field path. */
public final class IrFormatException extends Exception {
  public IrFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
