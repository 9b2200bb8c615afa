package dev.attache.authz.decision;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import java.util.List;

/** The answer to one Check: the request goes on, is denied with an HTTP response, or cannot be judged. */
public sealed interface Decision {

  Reason reason();

  /**
   * The request goes upstream with these changes.
   *
   * @param headersToSet request headers added or overwritten (claimToHeaders, forwarded ids)
   * @param headersToRemove request headers removed (a sanitized API key)
   * @param paramsToRemove query parameters removed (a sanitized API key)
   * @param metadata verified claims by provider name, for dynamic metadata
   */
  record Allow(List<Header> headersToSet, List<String> headersToRemove, List<String> paramsToRemove,
      Struct metadata) implements Decision {
    public Allow {
      headersToSet = List.copyOf(headersToSet);
      headersToRemove = List.copyOf(headersToRemove);
      paramsToRemove = List.copyOf(paramsToRemove);
      requireNonNull(metadata, "metadata");
    }

    @Override
    public Reason reason() {
      return Reason.ALLOWED;
    }
  }

  /**
   * Envoy answers the client itself.
   *
   * @param message what went wrong, in words a client can act on (the response body)
   * @param responseHeaders such as {@code www-authenticate}
   */
  record Deny(Reason reason, String message, List<Header> responseHeaders) implements Decision {
    public Deny {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
      responseHeaders = List.copyOf(responseHeaders);
    }

    public static Deny of(Reason reason, String message) {
      return new Deny(reason, message, List.of());
    }

    public int httpStatus() {
      return reason.httpStatus();
    }
  }

  /** The service could not judge the request; Envoy's failure mode decides. */
  record Error(Reason reason, String message) implements Decision {}

  /** A header name (lower-case) and value. */
  record Header(String name, String value) {}
}
