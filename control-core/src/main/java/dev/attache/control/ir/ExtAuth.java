package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** An external authorization service of the user's (SecurityPolicy extAuth). */
public record ExtAuth(
    @JsonProperty("name") String name,
    @JsonProperty("grpc") GrpcExtAuthService grpc,
    @JsonProperty("http") HttpExtAuthService http,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("headersToExtAuth") List<String> headersToExtAuth,
    @JsonProperty("bodyToExtAuth") BodyToExtAuth bodyToExtAuth,
    @JsonProperty("timeout") GoDuration timeout,
    @JsonProperty("failOpen") Boolean failOpen,
    @JsonProperty("recomputeRoute") Boolean recomputeRoute,
    @JsonProperty("includeRouteMetadata") Boolean includeRouteMetadata,
    @JsonProperty("contextExtensions") List<ContextExtension> contextExtensions,
    @JsonProperty("statusOnError") Integer statusOnError) {
  public ExtAuth {
    name = name == null ? "" : name;
    headersToExtAuth = headersToExtAuth == null ? List.of() : List.copyOf(headersToExtAuth);
    contextExtensions = contextExtensions == null ? List.of() : List.copyOf(contextExtensions);
  }
}
