package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** How the client certificate is forwarded in x-forwarded-client-cert. */
public record XForwardedClientCert(
    @JsonProperty("mode") String mode,
    @JsonProperty("certDetailsToAdd") List<String> certDetailsToAdd) {
  public XForwardedClientCert {
    mode = mode == null ? "" : mode;
    certDetailsToAdd = certDetailsToAdd == null ? List.of() : List.copyOf(certDetailsToAdd);
  }
}
