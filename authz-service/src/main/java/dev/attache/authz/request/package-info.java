/** The HTTP request of a CheckRequest, read the way Envoy's filters read it. */
package dev.attache.authz.request;
