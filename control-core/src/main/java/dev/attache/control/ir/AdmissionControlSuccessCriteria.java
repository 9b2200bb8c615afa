package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What counts as a success for admission control. */
public record AdmissionControlSuccessCriteria(
    @JsonProperty("http") HttpSuccessCriteria http,
    @JsonProperty("grpc") GrpcSuccessCriteria grpc) {
}
