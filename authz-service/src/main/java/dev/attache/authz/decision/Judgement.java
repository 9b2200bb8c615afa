package dev.attache.authz.decision;

import static java.util.Objects.requireNonNull;

/**
 * A decision with what the decision log records beside it.
 *
 * @param principal who the request was authenticated as ({@code apikey:client}, {@code basic:user},
 *     {@code jwt:provider:sub}), or empty
 * @param rule the authorization rule that decided, or empty
 */
public record Judgement(Decision decision, String principal, String rule) {
  public Judgement {
    requireNonNull(decision, "decision");
    requireNonNull(principal, "principal");
    requireNonNull(rule, "rule");
  }

  public static Judgement of(Decision decision) {
    return new Judgement(decision, "", "");
  }
}
