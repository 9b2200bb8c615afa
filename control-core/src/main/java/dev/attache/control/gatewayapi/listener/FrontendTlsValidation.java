package dev.attache.control.gatewayapi.listener;

import dev.attache.control.ir.TlsCaCertificate;

/**
 * Frontend (client certificate) validation of an HTTPS listener from the Gateway's
 * {@code tls.frontend}: the CA to trust and the mode, or the error that made it unusable.
 */
record FrontendTlsValidation(TlsCaCertificate caCertificate, String mode, String error, String errorKind) {
}
