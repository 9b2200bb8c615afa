/** HTTP basic authentication from htpasswd ({SHA} and bcrypt). */
package dev.attache.authz.basic;
