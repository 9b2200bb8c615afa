/** SecurityPolicy as authz-service reads it: the model and the YAML loader that resolves Secrets and ConfigMaps. */
package dev.attache.authz.policy;
