package dev.attache.control.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.BoolValue;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import org.junit.jupiter.api.Test;

/** Fields newer than the v1.34 API: on the wire by number, and in JSON by name. */
class NewerEnvoyFieldsTest {
  @Test
  void directResponseBodyFormatIsFieldThreeAndPrintsByName() throws Exception {
    DirectResponseAction.Builder action = DirectResponseAction.newBuilder().setStatus(503);
    NewerEnvoyFields.setMessage(action, "body_format", SubstitutionFormatString.newBuilder()
        .setTextFormatSource(DataSource.newBuilder().setInlineString("down")).build());

    CodedInputStream in = CodedInputStream.newInstance(action.build().toByteArray());
    boolean seen = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 3) {
        seen = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      }
      in.skipField(tag);
    }
    assertThat(seen).as("body_format on the wire as field 3").isTrue();

    Route route = Route.newBuilder().setName("r").setMatch(RouteMatch.newBuilder().setPrefix("/"))
        .setDirectResponse(action).build();
    JsonNode json = ResourceJson.toTree(route);
    assertThat(json.at("/directResponse/bodyFormat/textFormatSource/inlineString").asText())
        .isEqualTo("down");
    assertThat(json.at("/directResponse/status").asInt()).isEqualTo(503);
  }

  @Test
  void newerFieldsInsideAnyPrintToo() {
    WeightedCluster.Builder wc = WeightedCluster.newBuilder()
        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName("a"));
    NewerEnvoyFields.setMessage(wc, "use_hash_policy", BoolValue.of(true));

    JsonNode json = ResourceJson.toTree(com.google.protobuf.Any.pack(wc.build()));
    assertThat(json.get("useHashPolicy").asBoolean()).isTrue();
    assertThat(json.get("@type").asText()).endsWith("envoy.config.route.v3.WeightedCluster");
  }
}
