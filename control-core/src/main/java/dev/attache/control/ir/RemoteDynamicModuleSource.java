package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A dynamic module fetched over HTTP, with its checksum. */
public record RemoteDynamicModuleSource(
    @JsonProperty("url") String url,
    @JsonProperty("sha256") String sha256) {
  public RemoteDynamicModuleSource {
    url = url == null ? "" : url;
    sha256 = sha256 == null ? "" : sha256;
  }
}
