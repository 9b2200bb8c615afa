/** What a Check decides: Allow, Deny or Error, with the reason codes used in headers, metrics and logs. */
package dev.attache.authz.decision;
