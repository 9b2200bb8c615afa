package dev.attache.control.gatewayapi.traffic;

import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ClientTimeout;
import dev.attache.control.ir.ConnectionLimit;
import dev.attache.control.ir.Http2Keepalive;
import dev.attache.control.ir.Http2Settings;
import dev.attache.control.ir.HttpClientTimeout;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TcpClientTimeout;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.resource.envoygateway.HTTP2Settings;
import dev.attache.control.resource.envoygateway.HTTPHeaderFilter;
import dev.attache.control.resource.envoygateway.TCPKeepalive;
import dev.attache.control.resource.gatewayapi.HTTPHeader;
import dev.attache.control.resource.meta.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings shared by client and backend traffic policies, translated to IR with Envoy Gateway's
 * validation and messages: TCP keepalive, timeouts, connection limits, HTTP/2 and header
 * modifiers.
 */
public final class ListenerSettings {
  static final Pattern HEADER_VALUE = Pattern.compile("^[!-~]+([\\t ]?[!-~]+)*$");
  private static final long MIN_WINDOW = 65535;
  private static final long MAX_WINDOW = 2147483647;

  private ListenerSettings() {}

  static GoDuration duration(String text, String error) throws PolicyException {
    GoDuration d = GoDuration.tryParse(text).orElse(null);
    if (d == null) {
      throw new PolicyException(error);
    }
    return d;
  }

  public static TcpKeepalive keepalive(TCPKeepalive k) throws PolicyException {
    if (k == null) {
      return null;
    }
    Integer idle = null;
    Integer interval = null;
    if (k.idleTime() != null) {
      GoDuration d = GoDuration.tryParse(k.idleTime()).orElse(null);
      if (d == null) {
        throw new PolicyException("invalid IdleTime value " + k.idleTime());
      }
      idle = (int) d.toJavaDuration().toSeconds();
    }
    if (k.interval() != null) {
      GoDuration d = GoDuration.tryParse(k.interval()).orElse(null);
      if (d == null) {
        throw new PolicyException("invalid Interval value " + k.interval());
      }
      interval = (int) d.toJavaDuration().toSeconds();
    }
    return new TcpKeepalive(k.probes() == null ? null : k.probes().intValue(), idle, interval);
  }

  public static ClientTimeout clientTimeout(dev.attache.control.resource.envoygateway.ClientTimeout t) throws PolicyException {
    if (t == null) {
      return null;
    }
    TcpClientTimeout tcp = null;
    HttpClientTimeout http = null;
    if (t.tcp() != null) {
      var c = t.tcp();
      tcp = new TcpClientTimeout(
          c.idleTimeout() == null ? null : duration(c.idleTimeout(), "invalid TCP IdleTimeout value " + c.idleTimeout()),
          c.tlsHandshakeTimeout() == null ? null
              : duration(c.tlsHandshakeTimeout(), "invalid TCP TLSHandshakeTimeout value " + c.tlsHandshakeTimeout()),
          c.connectionInspectionTimeout() == null ? null : duration(c.connectionInspectionTimeout(),
              "invalid TCP ConnectionInspectionTimeout value " + c.connectionInspectionTimeout()));
    }
    if (t.http() != null) {
      var c = t.http();
      GoDuration requestReceived = c.requestReceivedTimeout() == null ? null : duration(c.requestReceivedTimeout(),
          "invalid HTTP RequestReceivedTimeout value " + c.requestReceivedTimeout());
      GoDuration idle = c.idleTimeout() == null ? null
          : duration(c.idleTimeout(), "invalid HTTP IdleTimeout value " + c.idleTimeout());
      GoDuration streamIdle = c.streamIdleTimeout() == null ? null
          : duration(c.streamIdleTimeout(), "invalid HTTP StreamIdleTimeout value " + c.streamIdleTimeout());
      GoDuration headers = c.requestHeadersReceivedTimeout() == null ? null : duration(c.requestHeadersReceivedTimeout(),
          "invalid HTTP RequestHeadersReceivedTimeout value " + c.requestHeadersReceivedTimeout());
      http = new HttpClientTimeout(requestReceived, headers, idle, streamIdle);
    }
    return new ClientTimeout(tcp, http);
  }

  public static ClientConnection connection(dev.attache.control.resource.envoygateway.ClientConnection c) throws PolicyException {
    if (c == null) {
      return null;
    }
    ConnectionLimit limit = null;
    if (c.connectionLimit() != null) {
      var l = c.connectionLimit();
      limit = new ConnectionLimit(l.value(),
          l.closeDelay() == null ? null : duration(l.closeDelay(), "invalid CloseDelay value " + l.closeDelay()),
          l.maxConnectionDuration() == null ? null
              : duration(l.maxConnectionDuration(), "invalid MaxConnectionDuration value " + l.maxConnectionDuration()),
          l.maxRequestsPerConnection() == null ? null : l.maxRequestsPerConnection().intValue(),
          l.maxStreamDuration() == null ? null
              : duration(l.maxStreamDuration(), "invalid MaxStreamDuration value " + l.maxStreamDuration()));
    }
    Integer bufferLimit = null;
    if (c.bufferLimit() != null) {
      Long v = c.bufferLimit().asLong();
      if (v == null) {
        throw new PolicyException("invalid BufferLimit value " + c.bufferLimit());
      }
      if (v < 0 || v > 4294967295L) {
        throw new PolicyException("BufferLimit value " + c.bufferLimit()
            + " is out of range, must be between 0 and 4294967295");
      }
      bufferLimit = (int) (long) v;
    }
    return new ClientConnection(limit, bufferLimit,
        c.maxAcceptPerSocketEvent() == null ? null : c.maxAcceptPerSocketEvent().intValue());
  }

  public static Http2Settings http2(HTTP2Settings h) throws PolicyException {
    if (h == null) {
      return null;
    }
    Errors errs = new Errors();
    Integer stream = null;
    Integer connection = null;
    if (h.initialStreamWindowSize() != null) {
      Long v = h.initialStreamWindowSize().asLong();
      if (v == null) {
        errs.add("invalid InitialStreamWindowSize value " + h.initialStreamWindowSize());
      } else if (v < MIN_WINDOW || v > MAX_WINDOW) {
        errs.add("InitialStreamWindowSize value " + h.initialStreamWindowSize() + " is out of range, must be between "
            + MIN_WINDOW + " and " + MAX_WINDOW);
      } else {
        stream = (int) (long) v;
      }
    }
    if (h.initialConnectionWindowSize() != null) {
      Long v = h.initialConnectionWindowSize().asLong();
      if (v == null) {
        errs.add("invalid InitialConnectionWindowSize value " + h.initialConnectionWindowSize());
      } else if (v < MIN_WINDOW || v > MAX_WINDOW) {
        errs.add("InitialConnectionWindowSize value " + h.initialConnectionWindowSize()
            + " is out of range, must be between " + MIN_WINDOW + " and " + MAX_WINDOW);
      } else {
        connection = (int) (long) v;
      }
    }
    Boolean resetOnError = null;
    if (h.onInvalidMessage() != null) {
      resetOnError = switch (h.onInvalidMessage()) {
        case "TerminateStream" -> true;
        case "TerminateConnection" -> false;
        default -> null;
      };
    }
    Http2Keepalive keepalive = null;
    if (h.connectionKeepalive() != null) {
      var k = h.connectionKeepalive();
      GoDuration interval = null;
      GoDuration timeout = null;
      GoDuration idle = null;
      if (k.interval() != null) {
        interval = orError(k.interval(), "invalid ConnectionKeepalive.Interval: ", errs);
      }
      if (k.timeout() != null) {
        timeout = orError(k.timeout(), "invalid ConnectionKeepalive.Timeout: ", errs);
      }
      if (k.idleInterval() != null) {
        idle = orError(k.idleInterval(), "invalid ConnectionKeepalive.IdleInterval: ", errs);
      }
      keepalive = new Http2Keepalive(interval, timeout,
          k.intervalJitter() == null ? null : k.intervalJitter().intValue(), idle);
    }
    if (!errs.isEmpty()) {
      throw new PolicyException(errs.message());
    }
    return new Http2Settings(stream, connection, h.maxConcurrentStreams() == null ? null : h.maxConcurrentStreams().intValue(),
        resetOnError, keepalive);
  }

  private static GoDuration orError(String text, String prefix, Errors errs) {
    GoDuration d = GoDuration.tryParse(text).orElse(null);
    if (d == null) {
      errs.add(prefix + "time: invalid duration \"" + text + "\"");
    }
    return d;
  }

  /** Header adds, removes and remove-on-match of an early/late header modifier, and the errors found. */
  public record HeaderChanges(List<AddHeader> add, List<String> remove, List<StringMatch> removeOnMatch, String error) {
  }

  public static HeaderChanges headerModifier(HTTPHeaderFilter m, String modType) {
    if (m == null) {
      return new HeaderChanges(null, null, null, null);
    }
    Errors errs = new Errors();
    List<AddHeader> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<StringMatch> removeOnMatch = new ArrayList<>();
    addHeaders(m.add(), "add", modType, true, false, add, errs);
    addHeaders(m.set(), "set", modType, false, false, add, errs);
    addHeaders(m.addIfAbsent(), "addIfAbsent", modType, false, true, add, errs);
    if (m.remove() != null) {
      for (String h : m.remove()) {
        if (h == null || h.isEmpty()) {
          errs.add(modType + " cannot remove a header with an empty name");
          continue;
        }
        if (remove.stream().noneMatch(x -> x.equalsIgnoreCase(h))) {
          remove.add(h);
        }
      }
    }
    if (m.removeOnMatch() != null) {
      for (var match : m.removeOnMatch()) {
        if (match.value() == null || match.value().isEmpty()) {
          errs.add(modType + " cannot remove a header with an empty matcher value");
          continue;
        }
        removeOnMatch.add(stringMatch("", match));
      }
    }
    if (add.isEmpty() && remove.isEmpty() && removeOnMatch.isEmpty()) {
      errs.add(modType + " did not provide valid configuration to add/set/remove any headers");
    }
    return new HeaderChanges(add, remove, removeOnMatch, errs.isEmpty() ? null : errs.message());
  }

  private static void addHeaders(List<HTTPHeader> headers, String verb, String modType, boolean append,
      boolean ifAbsent, List<AddHeader> out, Errors errs) {
    if (headers == null) {
      return;
    }
    for (HTTPHeader h : headers) {
      String name = h.name() == null ? "" : h.name();
      if (name.isEmpty()) {
        errs.add(modType + " cannot " + verb + " a header with an empty name");
        continue;
      }
      if (name.contains("/") || name.contains(":")) {
        errs.add(modType + " cannot " + verb + " a header with a '/' or ':' character in them. Header: '\"" + name + "\"'");
        continue;
      }
      if (!HEADER_VALUE.matcher(h.value() == null ? "" : h.value()).matches()) {
        errs.add(modType + " cannot " + verb + " a header with an invalid value. Header: '\"" + name + "\"'");
        continue;
      }
      if (out.stream().noneMatch(a -> a.name().equalsIgnoreCase(name))) {
        out.add(new AddHeader(name, List.of(h.value()), append, ifAbsent));
      }
    }
  }

  /** An Envoy Gateway {@code StringMatch} as an IR string match named {@code name}. */
  public static StringMatch stringMatch(String name, dev.attache.control.resource.envoygateway.StringMatch m) {
    String type = m.type() == null ? "Exact" : m.type();
    return switch (type) {
      case "Prefix" -> new StringMatch(name, null, m.value(), null, null, false, null);
      case "Suffix" -> new StringMatch(name, null, null, m.value(), null, false, null);
      case "RegularExpression" -> new StringMatch(name, null, null, null, m.value(), false, null);
      default -> new StringMatch(name, m.value(), null, null, null, false, null);
    };
  }
}
