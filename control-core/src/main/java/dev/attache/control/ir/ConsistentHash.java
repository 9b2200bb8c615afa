package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Consistent hashing: on the client address, headers, a cookie or query parameters. */
public record ConsistentHash(
    @JsonProperty("sourceIP") Boolean sourceIP,
    @JsonProperty("headers") List<NameRef> headers,
    @JsonProperty("cookie") HashCookie cookie,
    @JsonProperty("queryParams") List<NameRef> queryParams,
    @JsonProperty("tableSize") Long tableSize) {
  public ConsistentHash {
    headers = headers == null ? List.of() : List.copyOf(headers);
    queryParams = queryParams == null ? List.of() : List.copyOf(queryParams);
  }
}
