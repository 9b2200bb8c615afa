package dev.attache.control.gatewayapi.listener;

import dev.attache.control.gatewayapi.context.LabelSelectors;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.ListenerConditions;
import dev.attache.control.gatewayapi.tls.SdsSecrets;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.gatewayapi.ListenerTLSConfig;
import dev.attache.control.resource.gatewayapi.RouteGroupKind;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import dev.attache.control.resource.meta.Condition;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates each listener on its own (allowed namespaces and route kinds, TLS, hostname), then
 * finalises its conditions, as Envoy Gateway's {@code validateListenerSpec} and
 * {@code validateListenerConditions}. Messages and reasons are upstream's.
 */
final class ListenerValidation {
  private static final String GROUP = ListenerContext.ROUTE_GROUP;

  private final TranslationContext ctx;
  private final ListenerFacts.Table facts;

  ListenerValidation(TranslationContext ctx, ListenerFacts.Table facts) {
    this.ctx = ctx;
    this.facts = facts;
  }

  boolean validateSpec(ListenerContext listener) {
    boolean valid = validateAllowedNamespaces(listener);
    String protocol = listener.protocol();
    if (isSupportedProtocol(protocol)) {
      String tlsMode = listener.spec().tls() == null ? null : listener.spec().tls().mode();
      if (!validateAllowedRoutes(listener, allowedRouteKinds(protocol, tlsMode))) {
        valid = false;
      }
    } else {
      valid = false;
      listener.setSupportedKinds(List.of());
      listener.setCondition(ListenerConditions.ACCEPTED, false, ListenerConditions.REASON_UNSUPPORTED_PROTOCOL,
          "Protocol " + protocol + " is unsupported, must be HTTP, HTTPS, TCP or UDP.");
    }
    if (!validateTlsConfiguration(listener)) {
      valid = false;
    }
    if (!validateHostname(listener)) {
      valid = false;
    }
    return valid;
  }

  static boolean isSupportedProtocol(String protocol) {
    return switch (protocol) {
      case "HTTP", "HTTPS", "TLS", "TCP", "UDP" -> true;
      default -> false;
    };
  }

  static List<String> allowedRouteKinds(String protocol, String tlsMode) {
    return switch (protocol) {
      case "HTTP", "HTTPS" -> List.of("HTTPRoute", "GRPCRoute");
      case "TLS" -> "Passthrough".equals(tlsMode) ? List.of("TLSRoute") : List.of("TCPRoute", "TLSRoute");
      case "TCP" -> List.of("TCPRoute");
      case "UDP" -> List.of("UDPRoute");
      default -> List.of();
    };
  }

  private boolean validateAllowedNamespaces(ListenerContext listener) {
    var allowed = listener.spec().allowedRoutes();
    if (allowed == null || allowed.namespaces() == null || !"Selector".equals(allowed.namespaces().from())) {
      return true;
    }
    if (allowed.namespaces().selector() == null) {
      listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
          "The allowedRoutes.namespaces.selector field must be specified when allowedRoutes.namespaces.from "
              + "is set to \"Selector\".");
      return false;
    }
    try {
      listener.namespaceSelector = LabelSelectors.compile(allowed.namespaces().selector());
    } catch (LabelSelectors.InvalidSelectorException e) {
      listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
          "The allowedRoutes.namespaces.selector could not be parsed: " + e.getMessage() + ".");
      return false;
    }
    return true;
  }

  private boolean validateAllowedRoutes(ListenerContext listener, List<String> routeKinds) {
    var allowed = listener.spec().allowedRoutes();
    if (allowed == null || allowed.kinds() == null || allowed.kinds().isEmpty()) {
      List<RouteGroupKind> kinds = new ArrayList<>();
      for (String k : routeKinds) {
        kinds.add(new RouteGroupKind(GROUP, k));
      }
      listener.setSupportedKinds(kinds);
      return true;
    }
    boolean valid = true;
    List<String> supportedRouteKinds = new ArrayList<>();
    List<RouteGroupKind> supported = new ArrayList<>();
    List<RouteGroupKind> unsupported = new ArrayList<>();
    for (RouteGroupKind kind : allowed.kinds()) {
      if (kind.group() != null && !kind.group().equals(GROUP)) {
        listener.setCondition(ListenerConditions.RESOLVED_REFS, false, ListenerConditions.REASON_INVALID_ROUTE_KINDS,
            "Group is not supported, group must be " + GROUP);
        valid = false;
        continue;
      }
      if (routeKinds.contains(kind.kind())) {
        supported.add(kind);
        supportedRouteKinds.add(kind.kind());
      } else {
        unsupported.add(kind);
      }
    }
    for (RouteGroupKind kind : unsupported) {
      List<String> print = supported.isEmpty() ? routeKinds : supportedRouteKinds;
      listener.setCondition(ListenerConditions.RESOLVED_REFS, false, ListenerConditions.REASON_INVALID_ROUTE_KINDS,
          kind.kind() + " is not supported, kind must be one of [" + String.join(" ", print) + "]");
      valid = false;
    }
    listener.setSupportedKinds(supported);
    return valid;
  }

  private boolean validateHostname(ListenerContext listener) {
    String p = listener.protocol();
    if ((p.equals("UDP") || p.equals("TCP")) && listener.hostname() != null) {
      listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
          "Listener must not have hostname set when protocol is " + p + ".");
      return false;
    }
    return true;
  }

  private boolean validateTlsConfiguration(ListenerContext listener) {
    boolean valid = true;
    ListenerTLSConfig tls = listener.spec().tls();
    String protocol = listener.protocol();
    switch (protocol) {
      case "HTTP", "UDP", "TCP" -> {
        if (tls != null) {
          listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
              "Listener must not have TLS set when protocol is " + protocol + ".");
          valid = false;
        }
      }
      case "HTTPS" -> {
        if (tls == null) {
          listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
              "Listener must have TLS set when protocol is " + protocol + ".");
          valid = false;
        } else if (tls.mode() != null && !tls.mode().equals("Terminate")) {
          listener.setCondition(ListenerConditions.PROGRAMMED, false, "UnsupportedTLSMode",
              "TLS " + tls.mode() + " mode is not supported, TLS mode must be Terminate.");
          valid = false;
        } else {
          TerminateSecrets secrets = terminateSecrets(listener);
          facts.of(listener).tlsSecrets = secrets.secrets;
          if (!secrets.ok) {
            valid = false;
          }
          List<String> dns = new ArrayList<>();
          for (X509Certificate cert : secrets.certificates) {
            dns.addAll(ServingCertificates.dnsNames(cert));
          }
          facts.of(listener).certDnsNames = dns;
        }
      }
      case "TLS" -> {
        if (tls == null) {
          listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
              "Listener must have TLS set when protocol is " + protocol + ".");
          valid = false;
        } else {
          boolean hasRefs = tls.certificateRefs() != null && !tls.certificateRefs().isEmpty();
          if ("Passthrough".equals(tls.mode()) && hasRefs) {
            listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
                "Listener must not have TLS certificate refs set for TLS mode Passthrough.");
            valid = false;
          }
          if ("Terminate".equals(tls.mode())) {
            if (!hasRefs) {
              listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
                  "Listener must have TLS certificate refs set for TLS mode Terminate.");
              valid = false;
            } else {
              TerminateSecrets secrets = terminateSecrets(listener);
              facts.of(listener).tlsSecrets = secrets.secrets;
              if (!secrets.ok) {
                valid = false;
              }
            }
          }
        }
      }
      default -> { }
    }
    if (facts.of(listener).frontendTlsValidationInvalid()) {
      var v = facts.of(listener).frontendTlsValidation;
      String message = "Listener has invalid caCertificateRef for frontend TLS validation: " + v.error();
      String reason = v.errorKind() == null ? ListenerConditions.REASON_INVALID_CA_CERTIFICATE_REF : v.errorKind();
      listener.setCondition(ListenerConditions.RESOLVED_REFS, false, reason, message);
      listener.setCondition(ListenerConditions.PROGRAMMED, false, reason, message);
      listener.setCondition(ListenerConditions.ACCEPTED, false, ListenerConditions.REASON_NO_VALID_CA_CERTIFICATE, message);
      valid = false;
    }
    return valid;
  }

  private record TerminateSecrets(List<Secret> secrets, List<X509Certificate> certificates, boolean ok) {
  }

  /** Resolves a terminating listener's certificate refs (Envoy Gateway's validateTerminateModeAndGetTLSSecrets). */
  private TerminateSecrets terminateSecrets(ListenerContext listener) {
    List<SecretObjectReference> refs = listener.spec().tls().certificateRefs();
    if (refs == null || refs.isEmpty()) {
      listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
          "Listener must have at least 1 TLS certificate ref");
      return new TerminateSecrets(List.of(), List.of(), false);
    }
    record RefError(String message, String reason) {}
    List<RefError> errs = new ArrayList<>();
    List<Secret> tlsSecrets = new ArrayList<>();
    List<Secret> sdsSecrets = new ArrayList<>();
    List<Secret> ordered = new ArrayList<>();
    Set<String> sdsNames = new HashSet<>();
    for (int idx = 0; idx < refs.size(); idx++) {
      SecretObjectReference ref = refs.get(idx);
      String prefix = "certificate refs " + idx + ": ";
      if (ref.group() != null && !ref.group().isEmpty()) {
        errs.add(new RefError(prefix + "Listener's TLS certificate ref group must be unspecified/empty.",
            ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
        continue;
      }
      if (ref.kind() != null && !ref.kind().equals("Secret")) {
        errs.add(new RefError(prefix + "Listener's TLS certificate ref kind must be Secret.",
            ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
        continue;
      }
      String listenerNamespace = listener.namespace();
      String secretNamespace = listenerNamespace;
      if (ref.namespace() != null && !ref.namespace().isEmpty() && !ref.namespace().equals(listenerNamespace)) {
        String fromKind = listener.isFromListenerSet() ? "ListenerSet" : "Gateway";
        if (!ctx.referenceGrants.permitted(GROUP, fromKind, listenerNamespace, "", "Secret", ref.namespace(), ref.name())) {
          errs.add(new RefError(prefix + "Certificate ref to secret " + ref.namespace() + "/" + ref.name()
              + " not permitted by any ReferenceGrant.", ListenerConditions.REASON_REF_NOT_PERMITTED));
          continue;
        }
        secretNamespace = ref.namespace();
      }
      Secret secret = ctx.index.secret(secretNamespace, ref.name());
      if (secret == null) {
        errs.add(new RefError(prefix + "Secret " + secretNamespace + "/" + ref.name() + " does not exist.",
            ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
        continue;
      }
      if (SdsSecrets.TYPE.equals(secret.type())) {
        if (!ctx.settings.sdsSecretRefEnabled()) {
          errs.add(new RefError(prefix + "SDS Secret " + secretNamespace + "/" + ref.name()
              + " cannot be used because SDS Secret references are not enabled in EnvoyGateway configuration.",
              ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
          continue;
        }
        String sdsError = SdsSecrets.error(secret);
        if (sdsError != null) {
          errs.add(new RefError(prefix + "Secret " + secretNamespace + "/" + ref.name()
              + " is not a valid SDS reference secret: " + sdsError + ".", ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
          continue;
        }
        if (sdsNames.add(secret.namespace() + "/" + secret.name())) {
          sdsSecrets.add(secret);
          ordered.add(secret);
        }
        continue;
      }
      if (!"kubernetes.io/tls".equals(secret.type())) {
        errs.add(new RefError(prefix + "Secret " + secretNamespace + "/" + ref.name() + " must be of type kubernetes.io/tls.",
            ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
        continue;
      }
      if (ServingCertificates.data(secret, ServingCertificates.CERT_KEY).length == 0
          || ServingCertificates.data(secret, ServingCertificates.PRIVATE_KEY_KEY).length == 0) {
        errs.add(new RefError(prefix + "Secret " + secretNamespace + "/" + ref.name() + " must contain tls.crt and tls.key.",
            ListenerConditions.REASON_INVALID_CERTIFICATE_REF));
        continue;
      }
      tlsSecrets.add(secret);
      ordered.add(secret);
    }
    if (tlsSecrets.size() + sdsSecrets.size() == 0) {
      String reason = ListenerConditions.REASON_REF_NOT_PERMITTED;
      for (RefError e : errs) {
        if (!e.reason().equals(ListenerConditions.REASON_REF_NOT_PERMITTED)) {
          reason = ListenerConditions.REASON_INVALID_CERTIFICATE_REF;
          break;
        }
      }
      listener.setCondition(ListenerConditions.RESOLVED_REFS, false, reason,
          "No valid secrets exist: " + String.join("\n", errs.stream().map(RefError::message).toList()));
      return new TerminateSecrets(List.of(), List.of(), false);
    }
    ServingCertificates.Result parsed = ServingCertificates.check(tlsSecrets);
    List<String> messages = new ArrayList<>(errs.stream().map(RefError::message).toList());
    if (parsed.error() != null) {
      if (!parsed.reason().equals(ListenerConditions.REASON_PARTIALLY_INVALID_CERTIFICATE_REF)) {
        if (parsed.validSecrets().isEmpty() && !sdsSecrets.isEmpty()) {
          messages.add(parsed.error());
        } else {
          listener.setCondition(ListenerConditions.RESOLVED_REFS, false, parsed.reason(),
              "No valid secrets exist: " + parsed.error() + ".");
          return new TerminateSecrets(List.of(), List.of(), false);
        }
      } else {
        messages.add(parsed.error());
      }
    }
    if (!messages.isEmpty()) {
      listener.setCondition(ListenerConditions.RESOLVED_REFS, false,
          ListenerConditions.REASON_PARTIALLY_INVALID_CERTIFICATE_REF,
          "Some secrets are invalid: " + String.join("\n", messages));
    }
    Map<String, List<Secret>> validByName = new LinkedHashMap<>();
    for (Secret s : parsed.validSecrets()) {
      validByName.computeIfAbsent(s.namespace() + "/" + s.name(), k -> new ArrayList<>()).add(s);
    }
    List<Secret> resolved = new ArrayList<>();
    for (Secret s : ordered) {
      if (SdsSecrets.TYPE.equals(s.type())) {
        resolved.add(s);
        continue;
      }
      List<Secret> matching = validByName.get(s.namespace() + "/" + s.name());
      if (matching == null || matching.isEmpty()) {
        continue;
      }
      resolved.add(matching.removeFirst());
    }
    return new TerminateSecrets(resolved, parsed.certificates(), true);
  }

  /** Finalises a listener's conditions once validation and conflict checks are done. */
  void finalizeConditions(ListenerContext listener) {
    var conditions = listener.state().conditions;
    if (conditions.isEmpty()) {
      listener.setCondition(ListenerConditions.PROGRAMMED, true, ListenerConditions.REASON_PROGRAMMED,
          ListenerConditions.MSG_PROGRAMMED);
      listener.setCondition(ListenerConditions.ACCEPTED, true, ListenerConditions.REASON_ACCEPTED,
          ListenerConditions.MSG_ACCEPTED);
      listener.setCondition(ListenerConditions.RESOLVED_REFS, true, ListenerConditions.REASON_RESOLVED_REFS,
          ListenerConditions.MSG_RESOLVED_REFS);
      if (listener.isFromListenerSet()) {
        listener.setCondition(ListenerConditions.CONFLICTED, false, ListenerConditions.REASON_NO_CONFLICTS,
            "No conflicts detected");
      }
      return;
    }
    if (conditions.size() == 1 && conditions.get(0).type().equals(ListenerConditions.RESOLVED_REFS)) {
      String reason = conditions.get(0).reason();
      if (ListenerConditions.REASON_PARTIALLY_INVALID_CERTIFICATE_REF.equals(reason)) {
        listener.setCondition(ListenerConditions.ACCEPTED, true, ListenerConditions.REASON_ACCEPTED,
            ListenerConditions.MSG_ACCEPTED);
        listener.setCondition(ListenerConditions.PROGRAMMED, true, ListenerConditions.REASON_PROGRAMMED,
            ListenerConditions.MSG_PROGRAMMED);
        return;
      }
      if (ListenerConditions.REASON_INVALID_CERTIFICATE_REF.equals(reason)) {
        listener.setCondition(ListenerConditions.ACCEPTED, true, ListenerConditions.REASON_ACCEPTED,
            ListenerConditions.MSG_ACCEPTED);
        listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
            ListenerConditions.MSG_INVALID);
        return;
      }
    }
    Condition first = conditions.get(0);
    if (!first.type().equals(ListenerConditions.PROGRAMMED) || !"True".equals(first.status())) {
      boolean hasProgrammed = false;
      boolean hasRefs = false;
      for (Condition c : conditions.view()) {
        hasProgrammed |= c.type().equals(ListenerConditions.PROGRAMMED);
        hasRefs |= c.type().equals(ListenerConditions.RESOLVED_REFS);
      }
      if (!hasProgrammed) {
        listener.setCondition(ListenerConditions.PROGRAMMED, false, ListenerConditions.REASON_INVALID,
            ListenerConditions.MSG_INVALID);
      }
      if (!hasRefs) {
        listener.setCondition(ListenerConditions.RESOLVED_REFS, true, ListenerConditions.REASON_RESOLVED_REFS,
            ListenerConditions.MSG_RESOLVED_REFS);
      }
    }
  }

  /** Whether per-listener validation marked the listener invalid. */
  static boolean hasInvalidCondition(ListenerContext listener) {
    for (Condition c : listener.state().conditions.view()) {
      if ((c.type().equals(ListenerConditions.PROGRAMMED) || c.type().equals(ListenerConditions.ACCEPTED))
          && "False".equals(c.status())) {
        return true;
      }
      if (c.type().equals(ListenerConditions.RESOLVED_REFS) && "False".equals(c.status())
          && !ListenerConditions.REASON_PARTIALLY_INVALID_CERTIFICATE_REF.equals(c.reason())) {
        return true;
      }
    }
    return false;
  }

  static boolean validForConflictChecks(ListenerContext listener, ListenerFacts facts) {
    return facts.specValid || !hasInvalidCondition(listener);
  }
}
