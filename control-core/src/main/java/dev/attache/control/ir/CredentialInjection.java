package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A credential added to upstream requests (in {@code header}, Authorization by default). */
public record CredentialInjection(
    @JsonProperty("name") String name,
    @JsonProperty("header") String header,
    @JsonProperty("overwrite") Boolean overwrite,
    @JsonSerialize(using = IrWriter.Redacted.class) @JsonProperty("credential") Bytes credential) {
}
