package dev.attache.control.gatewayapi.policy;

import java.util.List;

/** Lists printed as Go's {@code %v} prints them: {@code [a b c]}. */
final class RouteTranslationLists {
  private RouteTranslationLists() {}

  static String goList(List<?> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(values.get(i));
    }
    return b.append(']').toString();
  }
}
