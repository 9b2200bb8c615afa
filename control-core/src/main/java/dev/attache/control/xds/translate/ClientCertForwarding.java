package dev.attache.control.xds.translate;

import com.google.protobuf.BoolValue;
import dev.attache.control.ir.XForwardedClientCert;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.ForwardClientCertDetails;

/** How the client certificate travels upstream in {@code x-forwarded-client-cert}. */
final class ClientCertForwarding {
  private ClientCertForwarding() {}

  static void apply(HttpConnectionManager.Builder hcm, XForwardedClientCert xfcc) {
    if (xfcc == null) {
      return;
    }
    ForwardClientCertDetails mode = switch (xfcc.mode()) {
      case "ForwardOnly" -> ForwardClientCertDetails.FORWARD_ONLY;
      case "AppendForward" -> ForwardClientCertDetails.APPEND_FORWARD;
      case "SanitizeSet" -> ForwardClientCertDetails.SANITIZE_SET;
      case "AlwaysForwardOnly" -> ForwardClientCertDetails.ALWAYS_FORWARD_ONLY;
      default -> ForwardClientCertDetails.SANITIZE;
    };
    hcm.setForwardClientCertDetails(mode);
    boolean sets = mode == ForwardClientCertDetails.APPEND_FORWARD
        || mode == ForwardClientCertDetails.SANITIZE_SET;
    if (!sets || xfcc.certDetailsToAdd().isEmpty()) {
      return;
    }
    HttpConnectionManager.SetCurrentClientCertDetails.Builder details =
        HttpConnectionManager.SetCurrentClientCertDetails.newBuilder();
    for (String data : xfcc.certDetailsToAdd()) {
      switch (data) {
        case "Cert" -> details.setCert(true);
        case "Chain" -> details.setChain(true);
        case "DNS" -> details.setDns(true);
        case "Subject" -> details.setSubject(BoolValue.of(true));
        case "URI" -> details.setUri(true);
        default -> { }
      }
    }
    hcm.setSetCurrentClientCertDetails(details);
  }
}
