package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the proxy fetches a Wasm module from, and its checksum. */
public record HttpWasmCode(
    @JsonProperty("servingURL") String servingURL,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("originalDownloadingURL") String originalDownloadingURL) {
  public HttpWasmCode {
    servingURL = servingURL == null ? "" : servingURL;
    sha256 = sha256 == null ? "" : sha256;
    originalDownloadingURL = originalDownloadingURL == null ? "" : originalDownloadingURL;
  }
}
