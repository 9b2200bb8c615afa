package dev.attache.authz.policy;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code spec.jwt}, with Envoy Gateway's defaults and checks. */
final class JwtReader {
  static final Duration DEFAULT_CACHE_DURATION = Duration.ofSeconds(300);
  static final Duration DEFAULT_FAILED_REFETCH = Duration.ofSeconds(1);

  private final PolicyId id;
  private final Function<String, PolicyLoader.Resolved> configMaps;

  JwtReader(PolicyId id, Function<String, PolicyLoader.Resolved> configMaps) {
    this.id = id;
    this.configMaps = configMaps;
  }

  JwtSpec jwt(Fields f) {
    boolean optional = f.has("optional");
    boolean failOpen = f.has("failOpen");
    if (optional && failOpen) {
      throw new FieldException(f.child("failOpen"),
          "optional and failOpen cannot both be set; failOpen already tolerates a missing JWT");
    }
    optional = f.bool("optional", false);
    failOpen = f.bool("failOpen", false);
    List<Fields> providerFields = f.objectList("providers");
    if (providerFields.isEmpty()) {
      throw new FieldException(f.child("providers"), "at least one provider is required");
    }
    if (providerFields.size() > 16) {
      throw new FieldException(f.child("providers"), providerFields.size() + " providers (expected: at most 16)");
    }
    List<JwtSpec.Provider> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Fields p : providerFields) {
      JwtSpec.Provider provider = provider(p);
      if (!names.add(provider.name())) {
        throw new FieldException(p.child("name"), "provider name " + provider.name() + " must be unique");
      }
      providers.add(provider);
    }
    f.done();
    return new JwtSpec(optional, failOpen, providers);
  }

  private JwtSpec.Provider provider(Fields p) {
    String name = p.nonEmptyString("name");
    String issuer = p.optString("issuer");
    List<String> audiences = p.stringList("audiences");
    p.accept("recomputeRoute");
    p.bool("recomputeRoute", false);
    Fields remoteF = p.optObject("remoteJWKS");
    Fields localF = p.optObject("localJWKS");
    if ((remoteF == null) == (localF == null)) {
      throw new FieldException(p.path(), "exactly one of remoteJWKS or localJWKS must be specified");
    }
    JwtSpec.RemoteJwks remote = remoteF == null ? null : remoteJwks(remoteF);
    String local = localF == null ? null : localJwks(localF);
    List<JwtSpec.ClaimToHeader> claimToHeaders = new ArrayList<>();
    for (Fields c : p.objectList("claimToHeaders")) {
      claimToHeaders.add(new JwtSpec.ClaimToHeader(c.nonEmptyString("header"), c.nonEmptyString("claim")));
      c.done();
    }
    Fields ex = p.optObject("extractFrom");
    JwtSpec.Extractor extractor = null;
    if (ex != null) {
      List<JwtSpec.HeaderSource> headers = new ArrayList<>();
      for (Fields h : ex.objectList("headers")) {
        String prefix = h.optString("valuePrefix");
        headers.add(new JwtSpec.HeaderSource(h.nonEmptyString("name").toLowerCase(Locale.ROOT),
            prefix == null ? "" : prefix));
        h.done();
      }
      extractor = new JwtSpec.Extractor(headers, ex.stringList("cookies"), ex.stringList("params"));
      ex.done();
    }
    p.done();
    return new JwtSpec.Provider(name, issuer == null ? "" : issuer, audiences, remote, local, claimToHeaders, extractor);
  }

  private JwtSpec.RemoteJwks remoteJwks(Fields f) {
    // The JWKS is fetched from uri directly; backend settings are the control plane's business.
    f.accept("backendRef", "backendRefs", "backendSettings");
    String uriText = f.nonEmptyString("uri");
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (URISyntaxException e) {
      throw new FieldException(f.child("uri"), "invalid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new FieldException(f.child("uri"), uriText + " (expected: an http or https URI with a host)");
    }
    String cache = f.optString("cacheDuration");
    String failed = f.optString("failedRefetchDuration");
    Duration cacheDuration = cache == null ? DEFAULT_CACHE_DURATION : positive(cache, f.child("cacheDuration"));
    Duration failedRefetch = failed == null ? DEFAULT_FAILED_REFETCH : positive(failed, f.child("failedRefetchDuration"));
    f.done();
    return new JwtSpec.RemoteJwks(uri, cacheDuration, failedRefetch);
  }

  private static Duration positive(String text, String path) {
    Duration d = GatewayDuration.parse(text, path);
    if (d.isZero()) {
      throw new FieldException(path, text + " (expected: > 0)");
    }
    return d;
  }

  private String localJwks(Fields f) {
    String type = f.optString("type");
    if (type == null) {
      type = "Inline";
    }
    String text;
    String at;
    switch (type) {
      case "Inline" -> {
        if (f.has("valueRef")) {
          throw new FieldException(f.child("valueRef"), "must not be set when type is Inline");
        }
        at = f.child("inline");
        text = f.optString("inline");
        if (text == null) {
          throw new FieldException(at, "inline JWKS must be set when type is Inline");
        }
      }
      case "ValueRef" -> {
        if (f.has("inline")) {
          throw new FieldException(f.child("inline"), "must not be set when type is ValueRef");
        }
        Fields ref = f.object("valueRef");
        at = ref.path();
        String name = ref.nonEmptyString("name");
        String kind = ref.optString("kind");
        String group = ref.optString("group");
        if (kind != null && !kind.equals("ConfigMap") || group != null && !group.isEmpty()) {
          throw new FieldException(ref.path(), "must reference a core ConfigMap (group \"\", kind ConfigMap)");
        }
        ref.done();
        PolicyLoader.Resolved cm = configMaps.apply(id.namespace() + "/" + name);
        if (cm == null) {
          throw new FieldException(ref.child("name"), "ConfigMap " + id.namespace() + "/" + name + " not found");
        }
        // As Envoy Gateway: the "jwks" key, else the first value.
        text = cm.data().containsKey("jwks") ? cm.data().get("jwks")
            : cm.data().values().stream().findFirst().orElse(null);
        if (text == null) {
          throw new FieldException(ref.child("name"), "ConfigMap " + id.namespace() + "/" + name + " has no data");
        }
      }
      default -> throw new FieldException(f.child("type"), type + " (expected: Inline or ValueRef)");
    }
    f.done();
    try {
      JWKSet set = JWKSet.parse(text);
      if (set.getKeys().isEmpty()) {
        throw new FieldException(at, "the JWKS has no keys");
      }
    } catch (java.text.ParseException e) {
      throw new FieldException(at, "not a valid JWKS: " + e.getMessage());
    }
    return text;
  }
}
