package dev.attache.control.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import org.junit.jupiter.api.Test;

class ProtoJsonErrorsTest {
  @Test
  void unknownFieldIsReportedWithItsColumnAsGoProtojsonDoes() {
    String json = "{\"name\":\"l\",\"address\":{\"socket_address\":{\"port_value\":1}},\"this\":{}}";
    assertThat(ProtoJsonErrors.unknownField(json, Listener.getDescriptor()))
        .contains("proto: (line 1:59): unknown field \"this\"");
  }

  @Test
  void fieldsAreOrderedAsTheProtoFileDeclaresThem() throws Exception {
    var json = new ObjectMapper().readTree(
        "{\"name\":\"l\",\"per_connection_buffer_limit_bytes\":1,\"default_filter_chain\":{}}");
    assertThat(ProtoJsonErrors.inDeclarationOrder(json, Listener.getDescriptor()).toString())
        .isEqualTo("{\"name\":\"l\",\"default_filter_chain\":{},"
            + "\"per_connection_buffer_limit_bytes\":1}");
  }
}
