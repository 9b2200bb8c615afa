package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The responses an override applies to. */
public record CustomResponseMatch(
    @JsonProperty("statusCodes") List<StatusCodeMatch> statusCodes,
    @JsonProperty("responseHeaders") List<StringMatch> responseHeaders) {
}
