package dev.attache.wasm.cache;

/** A module larger than the whole cache: nothing could be evicted to make room for it. */
public final class CacheFullException extends Exception {
  private static final long serialVersionUID = 1L;

  CacheFullException(long maxBytes) {
    super("wasm cache size exceeded the limit: " + maxBytes);
  }
}
