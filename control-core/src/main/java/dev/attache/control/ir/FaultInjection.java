package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Faults a route injects: delays and aborts. */
public record FaultInjection(
    @JsonProperty("delay") FaultDelay delay,
    @JsonProperty("abort") FaultAbort abort) {
}
