package dev.attache.control.xds.translate;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.control.ir.MapEntry;
import dev.attache.control.ir.PolicyMetadata;
import dev.attache.control.ir.ResourceMetadata;
import io.envoyproxy.envoy.config.core.v3.Metadata;

/**
 * The {@code envoy-gateway} filter metadata naming the Kubernetes objects behind a resource, as
 * Envoy Gateway sets it (extension hooks and access logs read it).
 */
final class XdsMetadata {
  private XdsMetadata() {}

  /** Null when there is no metadata. */
  static Metadata of(ResourceMetadata metadata) {
    if (metadata == null) {
      return null;
    }
    Struct.Builder resource = Struct.newBuilder()
        .putFields("kind", text(metadata.kind()))
        .putFields("name", text(metadata.name()))
        .putFields("namespace", text(metadata.namespace()));
    if (!metadata.annotations().isEmpty()) {
      Struct.Builder annotations = Struct.newBuilder();
      for (MapEntry e : metadata.annotations()) {
        annotations.putFields(e.key(), text(e.value()));
      }
      resource.putFields("annotations", Value.newBuilder().setStructValue(annotations).build());
    }
    if (metadata.sectionName() != null && !metadata.sectionName().isEmpty()) {
      resource.putFields("sectionName", text(metadata.sectionName()));
    }
    Struct.Builder fields = Struct.newBuilder().putFields("resources", Value.newBuilder()
        .setListValue(ListValue.newBuilder().addValues(Value.newBuilder().setStructValue(resource)))
        .build());
    if (!metadata.policies().isEmpty()) {
      ListValue.Builder policies = ListValue.newBuilder();
      for (PolicyMetadata p : metadata.policies()) {
        policies.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", text(p.kind())).putFields("name", text(p.name()))
            .putFields("namespace", text(p.namespace()))));
      }
      fields.putFields("policies", Value.newBuilder().setListValue(policies).build());
    }
    return Metadata.newBuilder().putFilterMetadata("envoy-gateway", fields.build()).build();
  }

  private static Value text(String s) {
    return Value.newBuilder().setStringValue(s == null ? "" : s).build();
  }
}
