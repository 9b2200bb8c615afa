package dev.attache.authz.testing;

import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.List;

/** A CheckResponse read the way Envoy acts on it. */
public record Answer(CheckResponse response) {
  /** The HTTP status the client sees (200 when the request goes upstream). */
  public int status() {
    if (response.getStatus().getCode() == 0) {
      return 200;
    }
    return response.getDeniedResponse().getStatus().getCodeValue();
  }

  public boolean allowed() {
    return response.getStatus().getCode() == 0;
  }

  /** A header of the denied response, or null. */
  public String responseHeader(String name) {
    return find(response.getDeniedResponse().getHeadersList(), name);
  }

  /** A header Envoy adds to the request going upstream, or null. */
  public String upstreamHeader(String name) {
    return find(response.getOkResponse().getHeadersList(), name);
  }

  public List<String> headersToRemove() {
    return response.getOkResponse().getHeadersToRemoveList();
  }

  public List<String> paramsToRemove() {
    return response.getOkResponse().getQueryParametersToRemoveList();
  }

  public String body() {
    return response.getDeniedResponse().getBody();
  }

  public String reason() {
    return responseHeader("x-attache-authz-reason");
  }

  public Struct metadata() {
    return response.getDynamicMetadata();
  }

  private static String find(List<HeaderValueOption> headers, String name) {
    for (HeaderValueOption h : headers) {
      if (h.getHeader().getKey().equals(name)) {
        return h.getHeader().getValue();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return allowed() ? "allowed " + response.getOkResponse() : "denied " + status() + " " + reason() + " " + body();
  }
}
