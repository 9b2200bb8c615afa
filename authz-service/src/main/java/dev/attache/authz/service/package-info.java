/** The Check service, the compiled policies it applies, its metrics, decision log, config dump and server assembly. */
package dev.attache.authz.service;
