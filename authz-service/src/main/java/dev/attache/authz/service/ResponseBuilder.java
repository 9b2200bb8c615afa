package dev.attache.authz.service;

import com.google.rpc.Code;
import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Decision.Header;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;

/** Turns decisions into the {@code CheckResponse} Envoy's ext_authz filter expects. */
final class ResponseBuilder {
  private static final com.google.rpc.Status OK = com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE).build();
  private static final CheckResponse ALLOW_AS_IS = CheckResponse.newBuilder().setStatus(OK)
      .setOkResponse(OkHttpResponse.getDefaultInstance()).build();

  private final String reasonHeader;

  ResponseBuilder(String reasonHeader) {
    this.reasonHeader = reasonHeader;
  }

  CheckResponse allow(Decision.Allow a) {
    if (a.headersToSet().isEmpty() && a.headersToRemove().isEmpty() && a.paramsToRemove().isEmpty()
        && a.metadata().getFieldsCount() == 0) {
      return ALLOW_AS_IS;
    }
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    for (Header h : a.headersToSet()) {
      ok.addHeaders(option(h));
    }
    ok.addAllHeadersToRemove(a.headersToRemove());
    ok.addAllQueryParametersToRemove(a.paramsToRemove());
    CheckResponse.Builder b = CheckResponse.newBuilder().setStatus(OK).setOkResponse(ok);
    if (a.metadata().getFieldsCount() > 0) {
      b.setDynamicMetadata(a.metadata());
    }
    return b.build();
  }

  CheckResponse deny(Decision.Deny d) {
    int http = d.httpStatus();
    DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
        .setStatus(HttpStatus.newBuilder().setCode(StatusCode.forNumber(http)))
        .setBody(d.message());
    for (Header h : d.responseHeaders()) {
      denied.addHeaders(option(h));
    }
    if (!reasonHeader.isEmpty()) {
      denied.addHeaders(option(new Header(reasonHeader, d.reason().code())));
    }
    int grpc = http == 401 ? Code.UNAUTHENTICATED_VALUE : Code.PERMISSION_DENIED_VALUE;
    return CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(grpc).setMessage(d.reason().code()))
        .setDeniedResponse(denied)
        .build();
  }

  private static HeaderValueOption option(Header h) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(h.name()).setValue(h.value()))
        .setAppendAction(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }
}
