package dev.attache.control.xds.translate;

import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.StringMatch;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/** IR string matches and header additions as Envoy matchers and header options. */
final class Matchers {
  private Matchers() {}

  static StringMatcher string(StringMatch match) {
    StringMatcher.Builder out = StringMatcher.newBuilder();
    if (match.exact() != null) {
      out.setExact(match.exact());
    } else if (match.prefix() != null) {
      out.setPrefix(match.prefix());
    } else if (match.suffix() != null) {
      out.setSuffix(match.suffix());
    } else if (match.safeRegex() != null) {
      out.setSafeRegex(regex(match.safeRegex()));
    }
    return out.build();
  }

  static RegexMatcher regex(String regex) {
    return RegexMatcher.newBuilder().setRegex(regex).build();
  }

  /** One option per value; a header without values is added empty. */
  static List<HeaderValueOption> headersToAdd(List<AddHeader> headers) {
    List<HeaderValueOption> out = new ArrayList<>();
    for (AddHeader header : headers) {
      HeaderValueOption.HeaderAppendAction action = header.addIfAbsent()
          ? HeaderValueOption.HeaderAppendAction.ADD_IF_ABSENT
          : header.append()
              ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
              : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD;
      if (header.value().isEmpty()) {
        out.add(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(header.name()))
            .setAppendAction(action).setKeepEmptyValue(true).build());
      } else {
        for (String value : header.value()) {
          out.add(HeaderValueOption.newBuilder()
              .setHeader(HeaderValue.newBuilder().setKey(header.name()).setValue(value))
              .setAppendAction(action).setKeepEmptyValue(value.isEmpty()).build());
        }
      }
    }
    return out;
  }
}
