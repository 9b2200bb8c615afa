package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a listener does with the x-forwarded-client-cert header, and which certificate fields it adds. */
public record XForwardedClientCert(
    @JsonProperty("mode") String mode,
    @JsonProperty("certDetailsToAdd") List<String> certDetailsToAdd) {
  public XForwardedClientCert {
    certDetailsToAdd = certDetailsToAdd == null ? List.of() : List.copyOf(certDetailsToAdd);
  }
}
