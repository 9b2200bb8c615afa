package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An HTTP probe. */
public record HttpHealthChecker(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("host") String host,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("path") String path,
    @JsonProperty("method") String method,
    @JsonProperty("expectedStatuses") List<Integer> expectedStatuses,
    @JsonProperty("retriableStatuses") List<Integer> retriableStatuses,
    @JsonProperty("expectedResponse") HealthCheckPayload expectedResponse,
    @JsonProperty("requestBody") HealthCheckPayload requestBody) {
  public HttpHealthChecker {
    host = host == null ? "" : host;
    path = path == null ? "" : path;
    expectedStatuses = expectedStatuses == null ? List.of() : List.copyOf(expectedStatuses);
    retriableStatuses = retriableStatuses == null ? List.of() : List.copyOf(retriableStatuses);
  }
}
