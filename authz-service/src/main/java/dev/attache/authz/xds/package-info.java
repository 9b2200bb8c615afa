/** Policies from the control plane over xDS: the subscription and the resources' conversion. */
package dev.attache.authz.xds;
