package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.Infra;
import dev.attache.control.ir.InfraMetadata;
import dev.attache.control.ir.ProxyInfra;
import dev.attache.control.ir.ProxyListener;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One gateway's infrastructure IR while the translator builds it. */
public final class InfraDraft {
  public String name = "";
  public String namespace = "";
  public Map<String, String> labels = new LinkedHashMap<>();
  public Map<String, String> annotations;
  public ResourceMetadata ownerReference;
  public EnvoyProxy config;
  public final List<ProxyListener> listeners = new ArrayList<>();
  public List<String> addresses = List.of();
  public List<dev.attache.control.ir.ResolvedMetricSink> resolvedMetricSinks;

  public Infra build() {
    return new Infra(new ProxyInfra(new InfraMetadata(annotations, labels, ownerReference), name, namespace,
        config == null ? null : dev.attache.control.ir.IrWriter.toTree(config), listeners, addresses, resolvedMetricSinks));
  }
}
