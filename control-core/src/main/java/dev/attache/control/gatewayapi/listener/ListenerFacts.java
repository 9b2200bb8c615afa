package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.resource.core.Secret;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the listener stage learns about one listener while it validates and translates it, kept
 * by the stage rather than on the listener's context (which later stages read): whether its spec
 * is valid, whether it lost a protocol conflict, its serving certificates and their DNS names,
 * the client certificate validation it uses, and the IR listener built for it.
 */
final class ListenerFacts {
  boolean specValid;
  boolean protocolConflicted;
  List<Secret> tlsSecrets = List.of();
  List<String> certDnsNames = List.of();
  FrontendTlsValidation frontendTlsValidation;
  HttpListenerDraft httpIr;

  /** Whether the frontend TLS validation the listener uses failed to resolve. */
  boolean frontendTlsValidationInvalid() {
    return frontendTlsValidation != null && frontendTlsValidation.error() != null;
  }

  /** The facts of each listener of one translation, by listener identity. */
  static final class Table {
    private final Map<ListenerContext, ListenerFacts> byListener = new IdentityHashMap<>();

    ListenerFacts of(ListenerContext listener) {
      return byListener.computeIfAbsent(listener, l -> new ListenerFacts());
    }
  }
}
