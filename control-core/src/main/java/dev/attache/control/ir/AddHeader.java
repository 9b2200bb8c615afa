package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A header to add or set. */
public record AddHeader(
    @JsonProperty("name") String name,
    @JsonProperty("value") List<String> value,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("append") boolean append,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("addIfAbsent") boolean addIfAbsent) {
  public AddHeader {
    name = name == null ? "" : name;
    value = value == null ? List.of() : List.copyOf(value);
  }
}
