package dev.attache.control.xds.translate;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envoy API fields newer than the v1.34 protos this build compiles against (from
 * {@code io.envoyproxy.controlplane:api}), which Envoy Gateway's output uses. Each is declared
 * here with its name and field number as in Envoy's API; the translator writes them as
 * protobuf fields by number (so Envoy ≥ the release that added them reads them), and printing
 * uses descriptors extended with them, so they show by name in JSON like any other field.
 */
final class NewerEnvoyFields {
  private enum Kind { MESSAGE, BOOL, ENUM, STRING, UINT32 }

  private record Field(String message, String name, int number, Kind kind, String type,
      boolean repeated, String oneof) {}

  /** A message type only newer APIs have; {@code anchor} is a known top-level type of its file. */
  private record NestedMessage(String parent, String name, String anchor, List<Field> fields) {}

  private record NestedEnum(String parent, String name, List<String> values) {}

  /** A message of a proto file (package) only newer APIs have. */
  private record NewMessage(String name, List<Field> fields, List<NewMessage> nested) {}

  /** A proto file only newer APIs have; {@code imports} are types whose files it imports. */
  private record NewFile(String path, String pkg, List<String> imports,
      List<NewMessage> messages) {}

  static final String OAUTH2 = "envoy.extensions.filters.http.oauth2.v3";
  private static final String DYNAMIC_MODULES = "envoy.extensions.dynamic_modules.v3.";
  static final String OVERRIDE_HOST = "envoy.extensions.load_balancing_policies.override_host.v3";
  private static final String LB_COMMON = "envoy.extensions.load_balancing_policies.common.v3";
  private static final String CSWRR = "envoy.extensions.load_balancing_policies"
      + ".client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin";

  private static final List<NewFile> FILES = List.of(
      new NewFile("envoy/extensions/load_balancing_policies/override_host/v3/override_host.proto",
          OVERRIDE_HOST, List.of("envoy.config.cluster.v3.LoadBalancingPolicy",
              "envoy.type.metadata.v3.MetadataKey"),
          List.of(new NewMessage("OverrideHost", List.of(
              new Field("", "override_host_sources", 1, Kind.MESSAGE,
                  "." + OVERRIDE_HOST + ".OverrideHost.OverrideHostSource", true, null),
              field("", "fallback_policy", 3, Kind.MESSAGE,
                  ".envoy.config.cluster.v3.LoadBalancingPolicy")),
              List.of(new NewMessage("OverrideHostSource", List.of(
                  field("", "header", 1, Kind.STRING, null),
                  field("", "metadata", 2, Kind.MESSAGE, ".envoy.type.metadata.v3.MetadataKey")),
                  List.of()))))));

  private static final Map<String, FileDescriptor> NEW_FILES = new ConcurrentHashMap<>();

  static final String ROUTE_PKG = "envoy.config.route.v3.";
  static final String MUTATION_RULES = "envoy.config.common.mutation_rules.v3.";
  private static final String EXT_AUTHZ = "envoy.extensions.filters.http.ext_authz.v3.";
  private static final String HCM_TRACING = "envoy.extensions.filters.network"
      + ".http_connection_manager.v3.HttpConnectionManager.Tracing";
  private static final String ZONE_AWARE =
      "envoy.extensions.load_balancing_policies.common.v3.LocalityLbConfig.ZoneAwareLbConfig";

  private static final List<Field> FIELDS = List.of(
      field(ROUTE_PKG + "DirectResponseAction", "body_format", 3, Kind.MESSAGE,
          ".envoy.config.core.v3.SubstitutionFormatString"),
      field(ROUTE_PKG + "WeightedCluster", "use_hash_policy", 5, Kind.MESSAGE,
          ".google.protobuf.BoolValue"),
      new Field(ROUTE_PKG + "RouteMatch", "cookies", 17, Kind.MESSAGE,
          "." + ROUTE_PKG + "CookieMatcher", true, null),
      field(ROUTE_PKG + "RateLimit", "x_ratelimit_option", 7, Kind.ENUM,
          "." + ROUTE_PKG + "RateLimit.XRateLimitOption"),
      new Field(ROUTE_PKG + "RateLimit.Action", "remote_address_match", 13, Kind.MESSAGE,
          "." + ROUTE_PKG + "RateLimit.Action.RemoteAddressMatch", false, "action_specifier"),
      field("envoy.type.matcher.v3.AddressMatcher", "invert_match", 2, Kind.BOOL, null),
      field(HCM_TRACING, "operation", 11, Kind.STRING, null),
      field("envoy.extensions.filters.http.lua.v3.LuaPerRoute", "filter_context", 4, Kind.MESSAGE,
          ".google.protobuf.Struct"),
      field("envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor", "status_on_error", 24,
          Kind.MESSAGE, ".envoy.type.v3.HttpStatus"),
      field(EXT_AUTHZ + "HttpService", "path_override", 10, Kind.STRING, null),
      field(EXT_AUTHZ + "HttpService", "retry_policy", 9, Kind.MESSAGE,
          ".envoy.config.core.v3.RetryPolicy"),
      field(HCM_TRACING, "upstream_operation", 12, Kind.STRING, null),
      field(ROUTE_PKG + "Tracing", "operation", 5, Kind.STRING, null),
      field(ROUTE_PKG + "Tracing", "upstream_operation", 6, Kind.STRING, null),
      new Field("envoy.type.tracing.v3.CustomTag", "value", 6, Kind.STRING, null, false, "type"),
      new Field("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "hash_policy", 10,
          Kind.MESSAGE, "." + ROUTE_PKG + "RouteAction.HashPolicy", true, null),
      new Field(MUTATION_RULES + "HeaderMutation", "remove_on_match", 3, Kind.MESSAGE,
          "." + MUTATION_RULES + "HeaderMutation.RemoveOnMatch", false, "action"),
      field("envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor", "shadow_mode", 3,
          Kind.BOOL, null),
      field("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector",
          "enable_ja4_fingerprinting", 3, Kind.MESSAGE, ".google.protobuf.BoolValue"),
      field(ZONE_AWARE, "force_local_zone", 5, Kind.MESSAGE, "." + ZONE_AWARE + ".ForceLocalZone"),
      field(DYNAMIC_MODULES + "DynamicModuleConfig", "load_globally", 4, Kind.BOOL, null),
      field(DYNAMIC_MODULES + "DynamicModuleConfig", "module", 6, Kind.MESSAGE,
          ".envoy.config.core.v3.AsyncDataSource"),
      field("envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter",
          "terminal_filter", 4, Kind.BOOL, null),
      field(OAUTH2 + ".OAuth2Config", "end_session_endpoint", 23, Kind.STRING, null),
      field(OAUTH2 + ".OAuth2Config", "csrf_token_expires_in", 24, Kind.MESSAGE,
          ".google.protobuf.Duration"),
      field(OAUTH2 + ".OAuth2Config", "disable_token_encryption", 26, Kind.BOOL, null),
      field(OAUTH2 + ".OAuth2Config", "forward_id_token", 31, Kind.MESSAGE,
          "." + OAUTH2 + ".OAuth2TokenForwarding"),
      field(CSWRR, "slow_start_config", 8, Kind.MESSAGE, "." + LB_COMMON + ".SlowStartConfig"),
      field(CSWRR, "oob_reporting_config", 9, Kind.MESSAGE,
          "." + LB_COMMON + ".OrcaOobReportingConfig"));

  static final String SAMPLERS = "envoy.extensions.tracers.opentelemetry.samplers.v3";

  private static final List<NestedMessage> MESSAGES = List.of(
      new NestedMessage(OAUTH2, "OAuth2PerRoute", OAUTH2 + ".OAuth2", List.of(
          field("", "config", 1, Kind.MESSAGE, "." + OAUTH2 + ".OAuth2Config"))),
      new NestedMessage(OAUTH2, "OAuth2TokenForwarding", OAUTH2 + ".OAuth2", List.of(
          field("", "header", 1, Kind.STRING, null))),
      new NestedMessage(LB_COMMON, "OrcaOobReportingConfig", LB_COMMON + ".LocalityLbConfig",
          List.of(field("", "port_value", 1, Kind.UINT32, null),
              field("", "authority", 2, Kind.STRING, null))),
      new NestedMessage("envoy.type.matcher.v3", "HttpResponseLocalReplyMatchInput",
          "envoy.type.matcher.v3.HttpResponseStatusCodeMatchInput", List.of()),
      new NestedMessage(SAMPLERS, "TraceIdRatioBasedSamplerConfig",
          SAMPLERS + ".AlwaysOnSamplerConfig", List.of(
          field("", "sampling_percentage", 1, Kind.MESSAGE, ".envoy.type.v3.FractionalPercent"))),
      new NestedMessage(SAMPLERS, "ParentBasedSamplerConfig", SAMPLERS + ".AlwaysOnSamplerConfig",
          List.of(field("", "wrapped_sampler", 1, Kind.MESSAGE,
              ".envoy.config.core.v3.TypedExtensionConfig"))),
      new NestedMessage(ROUTE_PKG + "RateLimit.Action", "RemoteAddressMatch",
          ROUTE_PKG + "RateLimit", List.of(
          field("", "descriptor_value", 1, Kind.STRING, null),
          field("", "descriptor_key", 2, Kind.STRING, null),
          field("", "default_value", 3, Kind.STRING, null),
          field("", "address_matcher", 4, Kind.MESSAGE, ".envoy.type.matcher.v3.AddressMatcher"))),
      new NestedMessage(MUTATION_RULES + "HeaderMutation", "RemoveOnMatch",
          MUTATION_RULES + "HeaderMutation", List.of(
          field("", "key_matcher", 1, Kind.MESSAGE, ".envoy.type.matcher.v3.StringMatcher"))),
      new NestedMessage(ZONE_AWARE, "ForceLocalZone",
          "envoy.extensions.load_balancing_policies.common.v3.LocalityLbConfig", List.of(
          field("", "min_size", 1, Kind.MESSAGE, ".google.protobuf.UInt32Value"))),
      new NestedMessage("envoy.config.route.v3", "CookieMatcher", ROUTE_PKG + "RouteMatch", List.of(
          field("", "name", 1, Kind.STRING, null),
          field("", "string_match", 2, Kind.MESSAGE, ".envoy.type.matcher.v3.StringMatcher"),
          field("", "invert_match", 3, Kind.BOOL, null))));

  private static final List<NestedEnum> ENUMS = List.of(
      new NestedEnum(ROUTE_PKG + "RateLimit", "XRateLimitOption",
          List.of("UNSPECIFIED", "OFF", "DRAFT_VERSION_03")));

  private static final Map<String, FileDescriptor> REBUILT = new ConcurrentHashMap<>();

  private NewerEnvoyFields() {}

  private static Field field(String message, String name, int number, Kind kind, String type) {
    return new Field(message, name, number, kind, type, false, null);
  }

  /** Sets a message-valued newer field (appends for a repeated one). */
  static void setMessage(Message.Builder builder, String field, Message value) {
    Field f = find(builder.getDescriptorForType().getFullName(), field);
    builder.mergeUnknownFields(UnknownFieldSet.newBuilder().addField(f.number(),
        UnknownFieldSet.Field.newBuilder().addLengthDelimited(value.toByteString()).build()).build());
  }

  /** Sets a bool or enum newer field. */
  static void setVarint(Message.Builder builder, String field, long value) {
    Field f = find(builder.getDescriptorForType().getFullName(), field);
    builder.mergeUnknownFields(UnknownFieldSet.newBuilder().addField(f.number(),
        UnknownFieldSet.Field.newBuilder().addVarint(value).build()).build());
  }

  /** Sets {@code field} of a message of a newer type, converting {@code value} to its type. */
  static void set(DynamicMessage.Builder message, String field, Object value) {
    var fd = message.getDescriptorForType().findFieldByName(field);
    if (value instanceof Message m) {
      try {
        value = DynamicMessage.parseFrom(fd.getMessageType(), m.toByteString());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    message.setField(fd, value);
  }

  /** Sets a string-valued newer field. */
  static void setString(Message.Builder builder, String field, String value) {
    Field f = find(builder.getDescriptorForType().getFullName(), field);
    builder.mergeUnknownFields(UnknownFieldSet.newBuilder().addField(f.number(),
        UnknownFieldSet.Field.newBuilder().addLengthDelimited(
            com.google.protobuf.ByteString.copyFromUtf8(value)).build()).build());
  }

  /** A builder for a message type that only newer Envoy APIs have. */
  static DynamicMessage.Builder newMessage(String fullName) {
    return DynamicMessage.newBuilder(descriptor(fullName));
  }

  private static Field find(String message, String name) {
    return FIELDS.stream().filter(f -> f.message().equals(message) && f.name().equals(name))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(message + "." + name));
  }

  /** The descriptor of {@code fullName} with the newer fields (and types) added. */
  static Descriptor descriptor(String fullName) {
    return find(extended(fileOf(fullName)), fullName);
  }

  /** Whether {@code fullName} is a message type only newer Envoy APIs have. */
  static boolean declares(String fullName) {
    return MESSAGES.stream().anyMatch(m -> (m.parent() + "." + m.name()).equals(fullName))
        || FILES.stream().anyMatch(f -> fullName.startsWith(f.pkg() + "."));
  }

  private static FileDescriptor newFile(NewFile f) {
    return NEW_FILES.computeIfAbsent(f.path(), path -> {
      FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder().setName(path)
          .setPackage(f.pkg()).setSyntax("proto3");
      List<FileDescriptor> deps = new ArrayList<>();
      for (String type : f.imports()) {
        FileDescriptor dep = extended(fileOf(type));
        if (!deps.contains(dep)) {
          deps.add(dep);
          proto.addDependency(dep.getFullName());
        }
      }
      f.messages().forEach(m -> proto.addMessageType(messageProto(m)));
      try {
        return FileDescriptor.buildFrom(proto.build(), deps.toArray(new FileDescriptor[0]));
      } catch (DescriptorValidationException e) {
        throw new IllegalStateException("cannot declare " + path, e);
      }
    });
  }

  private static DescriptorProto messageProto(NewMessage m) {
    DescriptorProto.Builder type = DescriptorProto.newBuilder().setName(m.name());
    m.fields().forEach(f -> type.addField(fieldProto(f, -1)));
    m.nested().forEach(n -> type.addNestedType(messageProto(n)));
    return type.build();
  }

  /** The extended version of {@code original}'s type (itself when nothing was added near it). */
  static Descriptor extend(Descriptor original) {
    FileDescriptor file = extended(original.getFile());
    return file == original.getFile() ? original : find(file, original.getFullName());
  }

  private static FileDescriptor fileOf(String fullName) {
    for (NewFile f : FILES) {
      if (fullName.startsWith(f.pkg() + ".")) {
        return newFile(f);
      }
    }
    for (NestedMessage m : MESSAGES) {
      if ((m.parent() + "." + m.name()).equals(fullName)) {
        return ResourceJson.originalDescriptor(m.anchor()).getFile();
      }
    }
    String[] parts = fullName.split("\\.");
    StringBuilder top = new StringBuilder();
    for (String part : parts) {
      top.append(top.isEmpty() ? "" : ".").append(part);
      if (Character.isUpperCase(part.charAt(0))) {
        break;
      }
    }
    return ResourceJson.originalDescriptor(top.toString()).getFile();
  }

  private static Descriptor find(FileDescriptor file, String fullName) {
    String relative = fullName.substring(file.getPackage().length() + 1);
    String[] parts = relative.split("\\.");
    Descriptor d = file.findMessageTypeByName(parts[0]);
    for (int i = 1; i < parts.length && d != null; i++) {
      d = d.findNestedTypeByName(parts[i]);
    }
    if (d == null) {
      throw new IllegalStateException("no type " + fullName + " in " + file.getFullName());
    }
    return d;
  }

  /** {@code file} rebuilt with the newer fields, or itself when nothing in or under it changes. */
  static FileDescriptor extended(FileDescriptor file) {
    FileDescriptor cached = REBUILT.get(file.getFullName());
    if (cached != null) {
      return cached;
    }
    List<FileDescriptor> deps = new ArrayList<>();
    boolean changed = false;
    for (FileDescriptor dep : file.getDependencies()) {
      FileDescriptor e = extended(dep);
      changed |= e != dep;
      deps.add(e);
    }
    FileDescriptorProto.Builder proto = file.toProto().toBuilder();
    List<String> usedTypes = new ArrayList<>();
    changed |= patch(proto, usedTypes);
    for (String type : usedTypes) {
      String name = type.substring(1);
      if (name.startsWith(proto.getPackage() + ".")) {
        continue;
      }
      FileDescriptor defining = extended(fileOf(name));
      if (!proto.getDependencyList().contains(defining.getFullName())) {
        proto.addDependency(defining.getFullName());
        deps.add(defining);
      }
    }
    FileDescriptor result = file;
    if (changed) {
      try {
        result = FileDescriptor.buildFrom(proto.build(), deps.toArray(new FileDescriptor[0]));
      } catch (DescriptorValidationException e) {
        throw new IllegalStateException("cannot extend " + file.getFullName(), e);
      }
    }
    REBUILT.putIfAbsent(file.getFullName(), result);
    return REBUILT.get(file.getFullName());
  }

  private static boolean patch(FileDescriptorProto.Builder file, List<String> usedTypes) {
    boolean changed = false;
    String pkg = file.getPackage();
    Map<String, DescriptorProto.Builder> messages = new HashMap<>();
    for (DescriptorProto.Builder m : file.getMessageTypeBuilderList()) {
      index(pkg + "." + m.getName(), m, messages);
    }
    for (NestedEnum e : ENUMS) {
      DescriptorProto.Builder parent = messages.get(e.parent());
      if (parent != null) {
        EnumDescriptorProto.Builder en = EnumDescriptorProto.newBuilder().setName(e.name());
        for (int i = 0; i < e.values().size(); i++) {
          en.addValue(EnumValueDescriptorProto.newBuilder().setName(e.values().get(i)).setNumber(i));
        }
        parent.addEnumType(en);
        changed = true;
      }
    }
    for (NestedMessage n : MESSAGES) {
      DescriptorProto.Builder type = DescriptorProto.newBuilder().setName(n.name());
      n.fields().forEach(f -> type.addField(fieldProto(f, -1)));
      boolean added = false;
      if (n.parent().equals(pkg) && n.anchor().startsWith(pkg + ".")) {
        String anchorTop = n.anchor().substring(pkg.length() + 1).split("\\.")[0];
        if (file.getMessageTypeList().stream().anyMatch(m -> m.getName().equals(anchorTop))) {
          file.addMessageType(type);
          added = true;
        }
      } else if (messages.containsKey(n.parent())) {
        messages.get(n.parent()).addNestedType(type);
        added = true;
      }
      if (added) {
        changed = true;
        n.fields().stream().filter(f -> f.type() != null).forEach(f -> usedTypes.add(f.type()));
      }
    }
    for (Field f : FIELDS) {
      DescriptorProto.Builder m = messages.get(f.message());
      if (m == null) {
        continue;
      }
      int oneof = -1;
      if (f.oneof() != null) {
        for (int i = 0; i < m.getOneofDeclCount(); i++) {
          if (m.getOneofDecl(i).getName().equals(f.oneof())) {
            oneof = i;
          }
        }
        if (oneof < 0) {
          m.addOneofDecl(OneofDescriptorProto.newBuilder().setName(f.oneof()));
          oneof = m.getOneofDeclCount() - 1;
        }
      }
      m.addField(fieldProto(f, oneof));
      if (f.type() != null) {
        usedTypes.add(f.type());
      }
      changed = true;
    }
    return changed;
  }

  private static void index(String name, DescriptorProto.Builder m,
      Map<String, DescriptorProto.Builder> out) {
    out.put(name, m);
    for (DescriptorProto.Builder nested : m.getNestedTypeBuilderList()) {
      index(name + "." + nested.getName(), nested, out);
    }
  }

  private static FieldDescriptorProto fieldProto(Field f, int oneof) {
    FieldDescriptorProto.Builder p = FieldDescriptorProto.newBuilder().setName(f.name())
        .setNumber(f.number()).setJsonName(jsonName(f.name()))
        .setLabel(f.repeated() ? FieldDescriptorProto.Label.LABEL_REPEATED
            : FieldDescriptorProto.Label.LABEL_OPTIONAL);
    switch (f.kind()) {
      case MESSAGE -> p.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(f.type());
      case ENUM -> p.setType(FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(f.type());
      case BOOL -> p.setType(FieldDescriptorProto.Type.TYPE_BOOL);
      case STRING -> p.setType(FieldDescriptorProto.Type.TYPE_STRING);
      case UINT32 -> p.setType(FieldDescriptorProto.Type.TYPE_UINT32);
    }
    if (oneof >= 0) {
      p.setOneofIndex(oneof);
    }
    return p.build();
  }

  private static String jsonName(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
