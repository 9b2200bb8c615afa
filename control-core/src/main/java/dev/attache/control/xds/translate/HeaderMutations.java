package dev.attache.control.xds.translate;

import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.StringMatch;
import io.envoyproxy.envoy.config.common.mutation_rules.v3.HeaderMutation;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import java.util.ArrayList;
import java.util.List;

/** Listener-wide header additions and removals, as Envoy header-mutation rules. */
final class HeaderMutations {
  private HeaderMutations() {}

  static List<HeaderMutation> rules(List<AddHeader> add, List<String> remove,
      List<StringMatch> removeOnMatch) {
    List<HeaderMutation> out = new ArrayList<>();
    for (HeaderValueOption option : Matchers.headersToAdd(add)) {
      out.add(HeaderMutation.newBuilder().setAppend(option).build());
    }
    for (String header : remove) {
      out.add(HeaderMutation.newBuilder().setRemove(header).build());
    }
    for (StringMatch match : removeOnMatch) {
      var onMatch = NewerEnvoyFields.newMessage(
          NewerEnvoyFields.MUTATION_RULES + "HeaderMutation.RemoveOnMatch");
      NewerEnvoyFields.set(onMatch, "key_matcher", Matchers.string(match));
      HeaderMutation.Builder mutation = HeaderMutation.newBuilder();
      NewerEnvoyFields.setMessage(mutation, "remove_on_match", onMatch.build());
      out.add(mutation.build());
    }
    return out;
  }
}
