package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.ClientIpDetection;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.custom_header.v3.CustomHeaderConfig;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffTrustedCidrs;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;

/**
 * Where the client address comes from (ClientTrafficPolicy clientIPDetection): a custom header,
 * or X-Forwarded-For trusted by hop count or by ranges. Either replaces use_remote_address.
 */
final class ClientIpDetectionExtensions {
  private ClientIpDetectionExtensions() {}

  static void apply(HttpConnectionManager.Builder hcm, ClientIpDetection detection) {
    if (detection == null) {
      return;
    }
    TypedExtensionConfig extension;
    if (detection.customHeader() != null) {
      CustomHeaderConfig.Builder header = CustomHeaderConfig.newBuilder()
          .setHeaderName(detection.customHeader().name())
          .setAllowExtensionToSetAddressAsTrusted(true);
      if (Boolean.TRUE.equals(detection.customHeader().failClosed())) {
        header.setRejectWithStatus(HttpStatus.newBuilder().setCode(StatusCode.Forbidden));
      }
      extension = TypedExtensionConfig.newBuilder()
          .setName("envoy.extensions.http.original_ip_detection.custom_header")
          .setTypedConfig(Any.pack(header.build())).build();
    } else if (detection.xForwardedFor() != null) {
      var xff = detection.xForwardedFor();
      boolean skipAppend = Boolean.TRUE.equals(xff.disableXForwardedForAppend());
      XffConfig.Builder config = XffConfig.newBuilder().setSkipXffAppend(BoolValue.of(skipAppend));
      if (!xff.trustedCIDRs().isEmpty()) {
        XffTrustedCidrs.Builder cidrs = XffTrustedCidrs.newBuilder();
        for (String cidr : xff.trustedCIDRs()) {
          int slash = cidr.indexOf('/');
          cidrs.addCidrs(CidrRange.newBuilder()
              .setAddressPrefix(RouteRateLimits.maskedAddress(cidr))
              .setPrefixLen(UInt32Value.of(Integer.parseInt(cidr.substring(slash + 1)))));
        }
        config.setXffTrustedCidrs(cidrs);
      } else if (xff.numTrustedHops() != null) {
        // Envoy counts the hops it trusts beyond the one it appends itself.
        config.setXffNumTrustedHops(xff.numTrustedHops() > 0 ? xff.numTrustedHops() - 1 : 0);
      } else {
        return;
      }
      extension = TypedExtensionConfig.newBuilder()
          .setName("envoy.extensions.http.original_ip_detection.xff")
          .setTypedConfig(Any.pack(config.build())).build();
    } else {
      return;
    }
    hcm.addOriginalIpDetectionExtensions(extension).setUseRemoteAddress(BoolValue.of(false));
  }
}
