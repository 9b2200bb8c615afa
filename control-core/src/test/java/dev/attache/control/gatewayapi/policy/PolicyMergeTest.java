package dev.attache.control.gatewayapi.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyMergeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return MAPPER.readTree(s.replace('\'', '"'));
  }

  @Test
  void strategicMergeOfAKeyedListPutsPatchElementsFirstAndKeepsBaseOnlyOnes() throws Exception {
    JsonNode base = json("{'compressor':[{'type':'Gzip','gzip':{}},{'type':'Zstd'}]}");
    JsonNode patch = json("{'compressor':[{'type':'Brotli','brotli':{}}]}");
    JsonNode merged = PolicyMerge.strategic(base, patch, Map.of("compressor", "type"));
    assertEquals(json("{'compressor':[{'type':'Brotli','brotli':{}},{'type':'Gzip','gzip':{}},{'type':'Zstd'}]}"),
        merged);
  }

  @Test
  void strategicMergeMergesElementsWithTheSameKeyInPlace() throws Exception {
    JsonNode base = json("{'rules':[{'name':'a','limit':1},{'name':'b','limit':2}]}");
    JsonNode patch = json("{'rules':[{'name':'b','limit':3}]}");
    JsonNode merged = PolicyMerge.strategic(base, patch, Map.of("rules", "name"));
    assertEquals(json("{'rules':[{'name':'a','limit':1},{'name':'b','limit':3}]}"), merged);
  }

  @Test
  void listsWithoutAMergeKeyAreReplacedAndNullDeletes() throws Exception {
    JsonNode base = json("{'retry':{'numRetries':3,'retryOn':{'triggers':['a','b']}},'timeout':{'tcp':{}}}");
    JsonNode patch = json("{'retry':{'retryOn':{'triggers':['c']}},'timeout':null}");
    assertEquals(json("{'retry':{'numRetries':3,'retryOn':{'triggers':['c']}}}"),
        PolicyMerge.strategic(base, patch, Map.of()));
    assertEquals(json("{'retry':{'numRetries':3,'retryOn':{'triggers':['c']}}}"), PolicyMerge.jsonMerge(base, patch));
  }

  @Test
  void unknownMergeTypesAreRejected() {
    assertThrows(PolicyMerge.MergeException.class,
        () -> PolicyMerge.merge(Map.of(), Map.of(), Map.class, "Replace", Map.of()));
  }

  @Test
  void sourceCidrsAreNormalisedToTheirNetworkAsGoDoes() throws Exception {
    var v4 = RateLimits.cidr("192.168.1.7/16", true, false);
    assertEquals("192.168.0.0/16", v4.cidr());
    assertEquals(16, v4.maskLen());
    var v6 = RateLimits.cidr("2001:db8::1/32", false, true);
    assertEquals("2001:db8::/32", v6.cidr());
    assertEquals(true, v6.isIPv6());
    assertThrows(PolicyException.class, () -> RateLimits.cidr("10.0.0.0", false, false));
  }
}
