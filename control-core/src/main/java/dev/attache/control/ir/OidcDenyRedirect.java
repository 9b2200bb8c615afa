package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Requests (by header) answered 401 instead of being redirected to log in. */
public record OidcDenyRedirect(
    @JsonProperty("headers") List<OidcDenyRedirectHeader> headers) {
  public OidcDenyRedirect {
    headers = headers == null ? List.of() : List.copyOf(headers);
  }
}
