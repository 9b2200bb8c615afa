package dev.attache.control.xds.translate;

import com.google.protobuf.UInt32Value;

/** IR numbers as protobuf wrapper values. */
final class ProtoValues {
  private ProtoValues() {}

  /** A uint32 from the IR's 64-bit reading of it (values up to 4294967295 keep their bits). */
  static UInt32Value uint32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("value " + value + " is out of the uint32 range");
    }
    return UInt32Value.of((int) value);
  }
}
